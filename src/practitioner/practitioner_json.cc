#include "practitioner/practitioner_json.h"

#include "core/json_fields.h"
#include "identity/citizen_id.h"

namespace yilian {
using nlohmann::json;

namespace {
json CodeName(const CodeSets* codes, const char* set, const std::string& code) {
  if (!codes || code.empty()) return nullptr;
  const CodeSet* cs = codes->Find(set);
  const CodeEntry* e = cs ? cs->Find(code) : nullptr;
  return e ? json(e->name) : json(nullptr);
}
}  // namespace

json PractitionerToJson(const Practitioner& p, const CodeSets* codes, bool masked) {
  json j = {{"id", p.id},
            {"name", p.name},
            {"id_number", masked ? MaskIdNumber(p.id_number) : p.id_number},
            {"sex", p.sex},
            {"birth_date", p.birth_date ? json(p.birth_date->ToIso()) : json(nullptr)},
            {"role", p.role},
            {"facility_id", p.facility_id},
            {"licence_no", p.licence_no},
            {"phone", p.phone},
            {"status", p.status},
            {"version", p.version}};
  if (codes) {
    j["sex_name"] = CodeName(codes, "sex", p.sex);
    j["role_name"] = CodeName(codes, "practitioner_role", p.role);
  }
  return j;
}

void PractitionerFromJson(const json& j, Practitioner* p, FieldErrors* errs) {
  if (!j.is_object()) {
    errs->Add("body", "must be a JSON object");
    return;
  }
  JsonFields f(j, errs);
  for (const char* ro : {"id", "version", "sex", "birth_date", "sex_name", "role_name"}) {
    f.Ignore(ro);
  }
  f.Str("name", &p->name, false, 50);
  f.Str("id_number", &p->id_number, false, 30);
  f.Str("role", &p->role, false, 40);
  f.Int("facility_id", &p->facility_id, false, 1);
  f.Str("licence_no", &p->licence_no, false, 40);
  f.Str("phone", &p->phone, false, 20);
  f.Str("status", &p->status, false, 10);
  f.Finish();
}

std::vector<std::string> PractitionerToCsv(const Practitioner& p) {
  return {std::to_string(p.id),
          p.name,
          p.id_number,
          p.sex,
          p.birth_date ? p.birth_date->ToIso() : "",
          p.role,
          std::to_string(p.facility_id),
          p.licence_no,
          p.phone,
          p.status};
}

}  // namespace yilian
