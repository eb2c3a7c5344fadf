#include "resident/resident_json.h"

#include "core/json_fields.h"
#include "identity/citizen_id.h"
#include "resident/resident_rules.h"

namespace yilian {
using nlohmann::json;

namespace {
json CodeName(const CodeSets* codes, const char* set, const std::string& code) {
  if (!codes || code.empty()) return nullptr;
  const CodeSet* cs = codes->Find(set);
  const CodeEntry* e = cs ? cs->Find(code) : nullptr;
  return e ? json(e->name) : json(nullptr);
}
std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += ';';
    out += s;
  }
  return out;
}
}  // namespace

json ResidentToJson(const Resident& r, const CodeSets* codes, bool masked, Date today) {
  json conditions = json::array();
  for (const auto& c : r.conditions) {
    conditions.push_back(
        {{"code", c.code},
         {"name", CodeName(codes, "disease_history", c.code)},
         {"diagnosed_on", c.diagnosed_on ? json(c.diagnosed_on->ToIso()) : json(nullptr)}});
  }
  int age = r.birth_date.AgeOn(today);
  json key = json::array();
  if (IsChild0to6(r, today)) key.push_back("child_0_6");
  if (age >= 65) key.push_back("elderly_65");
  if (r.has_disability()) key.push_back("disability");
  if (r.poverty) key.push_back("poverty");
  if (r.family_planning_special) key.push_back("family_planning_special");
  if (r.HasCondition("2")) key.push_back("hypertension");
  if (r.HasCondition("3")) key.push_back("diabetes");
  if (r.HasCondition("8")) key.push_back("severe_mental_disorder");
  if (r.HasCondition("9")) key.push_back("tuberculosis");
  json j = {
      {"id", r.id},
      {"record_no", r.record_no},
      {"name", r.name},
      {"id_type", r.id_type},
      {"id_number", masked ? MaskIdNumber(r.id_number) : r.id_number},
      {"sex", r.sex},
      {"sex_name", CodeName(codes, "sex", r.sex)},
      {"birth_date", r.birth_date.ToIso()},
      {"age", age},
      {"ethnicity", r.ethnicity},
      {"marital_status", r.marital_status},
      {"blood_abo", r.blood_abo},
      {"blood_rh", r.blood_rh},
      {"education", r.education},
      {"occupation", r.occupation},
      {"payment_types", r.payment_types},
      {"village_code", r.village_code},
      {"household_id", r.household_id ? json(*r.household_id) : json(nullptr)},
      {"household_relation", r.household_relation},
      {"residence_type", r.residence_type},
      {"address", r.address},
      {"phone", masked ? MaskPhone(r.phone) : r.phone},
      {"contact_name", r.contact_name},
      {"contact_phone", masked ? MaskPhone(r.contact_phone) : r.contact_phone},
      {"work_unit", r.work_unit},
      {"conditions", conditions},
      {"disabilities", r.disabilities},
      {"poverty", r.poverty},
      {"family_planning_special", r.family_planning_special},
      {"key_populations", key},
      {"status", r.status},
      {"status_date", r.status_date ? json(r.status_date->ToIso()) : json(nullptr)},
      {"merged_into", r.merged_into ? json(*r.merged_into) : json(nullptr)},
      {"created_by_facility", r.created_by_facility ? json(r.created_by_facility) : json(nullptr)},
      {"record_date", r.record_date ? json(r.record_date->ToIso()) : json(nullptr)},
      {"created_at", r.created_at},
      {"updated_at", r.updated_at},
      {"version", r.version},
  };
  return j;
}

void ResidentFromJson(const json& j, Resident* r, FieldErrors* errs) {
  if (!j.is_object()) {
    errs->Add("body", "must be a JSON object");
    return;
  }
  JsonFields f(j, errs);
  for (const char* ro : {"id", "record_no", "version", "created_at", "updated_at", "age",
                         "sex_name", "key_populations", "merged_into"}) {
    f.Ignore(ro);
  }
  f.Str("name", &r->name, false, 50);
  f.Str("id_type", &r->id_type, false, 4);
  f.Str("id_number", &r->id_number, false, 30);
  f.Str("sex", &r->sex, false, 2);
  f.DateField("birth_date", &r->birth_date);
  f.Str("ethnicity", &r->ethnicity, false, 4);
  f.Str("marital_status", &r->marital_status, false, 4);
  f.Str("blood_abo", &r->blood_abo, false, 4);
  f.Str("blood_rh", &r->blood_rh, false, 4);
  f.Str("education", &r->education, false, 4);
  f.Str("occupation", &r->occupation, false, 4);
  f.StrList("payment_types", &r->payment_types, 10, 4);
  f.Str("village_code", &r->village_code, false, 12);
  f.OptInt("household_id", &r->household_id, 1);
  f.Str("household_relation", &r->household_relation, false, 4);
  f.Str("residence_type", &r->residence_type, false, 4);
  f.Str("address", &r->address, false, 200);
  f.Str("phone", &r->phone, false, 20);
  f.Str("contact_name", &r->contact_name, false, 50);
  f.Str("contact_phone", &r->contact_phone, false, 20);
  f.Str("work_unit", &r->work_unit, false, 100);
  f.StrList("disabilities", &r->disabilities, 10, 4);
  f.Bool("poverty", &r->poverty);
  f.Bool("family_planning_special", &r->family_planning_special);
  f.Str("status", &r->status, false, 20);
  f.OptDate("status_date", &r->status_date);
  f.OptDate("record_date", &r->record_date);
  int64_t facility = 0;
  if (f.Int("created_by_facility", &facility, false, 1)) r->created_by_facility = facility;
  if (const json* cs = f.Raw("conditions")) {
    if (!cs->is_array() || cs->size() > 20) {
      errs->Add("conditions", "must be an array of at most 20 {code, diagnosed_on} objects");
    } else {
      std::vector<Condition> out;
      for (size_t i = 0; i < cs->size(); ++i) {
        std::string p = "conditions[" + std::to_string(i) + "].";
        const json& c = (*cs)[i];
        if (!c.is_object()) {
          errs->Add("conditions[" + std::to_string(i) + "]", "must be an object");
          continue;
        }
        JsonFields cf(c, errs, p);
        Condition cond;
        cf.Str("code", &cond.code, true, 4);
        cf.OptDate("diagnosed_on", &cond.diagnosed_on);
        cf.Ignore("name");
        cf.Finish();
        out.push_back(cond);
      }
      r->conditions = std::move(out);
    }
  }
  f.Finish();
}

std::vector<std::string> ResidentToCsv(const Resident& r) {
  std::string conditions;
  for (const auto& c : r.conditions) {
    if (!conditions.empty()) conditions += ';';
    conditions += c.code;
    if (c.diagnosed_on) conditions += "@" + c.diagnosed_on->ToIso();
  }
  return {r.record_no,
          r.name,
          r.id_type,
          r.id_number,
          r.sex,
          r.birth_date.ToIso(),
          r.ethnicity,
          r.marital_status,
          r.blood_abo,
          r.blood_rh,
          r.education,
          r.occupation,
          Join(r.payment_types),
          r.village_code,
          r.household_id ? std::to_string(*r.household_id) : "",
          r.household_relation,
          r.residence_type,
          r.address,
          r.phone,
          r.contact_name,
          r.contact_phone,
          r.work_unit,
          conditions,
          Join(r.disabilities),
          r.poverty ? "1" : "0",
          r.family_planning_special ? "1" : "0",
          r.status,
          r.status_date ? r.status_date->ToIso() : "",
          r.record_date ? r.record_date->ToIso() : ""};
}

}  // namespace yilian
