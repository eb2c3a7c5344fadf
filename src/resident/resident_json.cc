#include "resident/resident_json.h"

#include "core/json_fields.h"
#include "identity/citizen_id.h"
#include "resident/resident_rules.h"

namespace yilian {
using nlohmann::json;

namespace {
const std::string* CodeName(const CodeSets* codes, const char* set, const std::string& code) {
  if (!codes || code.empty()) return nullptr;
  const CodeSet* cs = codes->Find(set);
  const CodeEntry* e = cs ? cs->Find(code) : nullptr;
  return e ? &e->name : nullptr;
}
std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += ';';
    out += s;
  }
  return out;
}

// Builds the record as an nlohmann::json tree.
class TreeSink {
 public:
  json Take() { return std::move(root_); }
  void Str(const char* k, std::string_view v) { At(k) = v; }
  void Int(const char* k, int64_t v) { At(k) = v; }
  void Bool(const char* k, bool v) { At(k) = v; }
  void Null(const char* k) { At(k) = nullptr; }
  void BeginList(const char* k) {
    At(k) = json::array();
    stack_.push_back(&At(k));
  }
  void ListStr(std::string_view v) { stack_.back()->push_back(v); }
  void BeginItem() {
    stack_.back()->push_back(json::object());
    stack_.push_back(&stack_.back()->back());
  }
  void EndItem() { stack_.pop_back(); }
  void EndList() { stack_.pop_back(); }

 private:
  json& At(const char* k) { return stack_.empty() ? root_[k] : (*stack_.back())[k]; }
  json root_ = json::object();
  std::vector<json*> stack_;
};

// Writes the record as JSON text.
class TextSink {
 public:
  explicit TextSink(JsonWriter& w) : w_(w) {}
  void Str(const char* k, std::string_view v) { w_.Key(k).String(v); }
  void Int(const char* k, int64_t v) { w_.Key(k).Int(v); }
  void Bool(const char* k, bool v) { w_.Key(k).Bool(v); }
  void Null(const char* k) { w_.Key(k).Null(); }
  void BeginList(const char* k) { w_.Key(k).BeginArray(); }
  void ListStr(std::string_view v) { w_.String(v); }
  void BeginItem() { w_.BeginObject(); }
  void EndItem() { w_.EndObject(); }
  void EndList() { w_.EndArray(); }

 private:
  JsonWriter& w_;
};

template <class Sink>
void OptStr(Sink& s, const char* k, const std::string* v) {
  if (v) {
    s.Str(k, *v);
  } else {
    s.Null(k);
  }
}
template <class Sink>
void OptDate(Sink& s, const char* k, const std::optional<Date>& d) {
  if (d) {
    s.Str(k, d->ToIso());
  } else {
    s.Null(k);
  }
}
template <class Sink>
void OptInt(Sink& s, const char* k, const std::optional<int64_t>& v) {
  if (v) {
    s.Int(k, *v);
  } else {
    s.Null(k);
  }
}
template <class Sink>
void StrList(Sink& s, const char* k, const std::vector<std::string>& v) {
  s.BeginList(k);
  for (const auto& x : v) s.ListStr(x);
  s.EndList();
}

// The record's fields, once, for both shapes (tree and text).
template <class Sink>
void EmitResident(const Resident& r, const CodeSets* codes, bool masked, Date today, Sink& s) {
  int age = r.birth_date.AgeOn(today);
  s.Int("id", r.id);
  s.Str("record_no", r.record_no);
  s.Str("name", r.name);
  s.Str("id_type", r.id_type);
  s.Str("id_number", masked ? MaskIdNumber(r.id_number) : r.id_number);
  s.Str("sex", r.sex);
  OptStr(s, "sex_name", CodeName(codes, "sex", r.sex));
  s.Str("birth_date", r.birth_date.ToIso());
  s.Int("age", age);
  s.Str("ethnicity", r.ethnicity);
  s.Str("marital_status", r.marital_status);
  s.Str("blood_abo", r.blood_abo);
  s.Str("blood_rh", r.blood_rh);
  s.Str("education", r.education);
  s.Str("occupation", r.occupation);
  StrList(s, "payment_types", r.payment_types);
  s.Str("village_code", r.village_code);
  OptInt(s, "household_id", r.household_id);
  s.Str("household_relation", r.household_relation);
  s.Str("residence_type", r.residence_type);
  s.Str("address", r.address);
  s.Str("phone", masked ? MaskPhone(r.phone) : r.phone);
  s.Str("contact_name", r.contact_name);
  s.Str("contact_phone", masked ? MaskPhone(r.contact_phone) : r.contact_phone);
  s.Str("work_unit", r.work_unit);
  s.BeginList("conditions");
  for (const auto& c : r.conditions) {
    s.BeginItem();
    s.Str("code", c.code);
    OptStr(s, "name", CodeName(codes, "disease_history", c.code));
    OptDate(s, "diagnosed_on", c.diagnosed_on);
    s.EndItem();
  }
  s.EndList();
  StrList(s, "disabilities", r.disabilities);
  s.Bool("poverty", r.poverty);
  s.Bool("family_planning_special", r.family_planning_special);
  s.BeginList("key_populations");
  if (IsChild0to6(r, today)) s.ListStr("child_0_6");
  if (age >= 65) s.ListStr("elderly_65");
  if (r.has_disability()) s.ListStr("disability");
  if (r.poverty) s.ListStr("poverty");
  if (r.family_planning_special) s.ListStr("family_planning_special");
  if (r.HasCondition("2")) s.ListStr("hypertension");
  if (r.HasCondition("3")) s.ListStr("diabetes");
  if (r.HasCondition("8")) s.ListStr("severe_mental_disorder");
  if (r.HasCondition("9")) s.ListStr("tuberculosis");
  s.EndList();
  s.Str("status", r.status);
  OptDate(s, "status_date", r.status_date);
  OptInt(s, "merged_into", r.merged_into);
  OptInt(s, "created_by_facility",
         r.created_by_facility ? std::optional<int64_t>(r.created_by_facility) : std::nullopt);
  OptDate(s, "record_date", r.record_date);
  s.Str("created_at", r.created_at);
  s.Str("updated_at", r.updated_at);
  s.Int("version", r.version);
}
}  // namespace

json ResidentToJson(const Resident& r, const CodeSets* codes, bool masked, Date today) {
  TreeSink sink;
  EmitResident(r, codes, masked, today, sink);
  return sink.Take();
}

void WriteResidentJson(const Resident& r, const CodeSets* codes, bool masked, Date today,
                       JsonWriter& w) {
  TextSink sink(w);
  w.BeginObject();
  EmitResident(r, codes, masked, today, sink);
  w.EndObject();
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
