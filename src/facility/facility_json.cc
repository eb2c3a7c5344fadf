#include "facility/facility_json.h"

#include "core/json_fields.h"

namespace yilian {
using nlohmann::json;

namespace {

json CodeName(const CodeSets* codes, const char* set, const std::string& code) {
  if (!codes || code.empty()) return nullptr;
  const CodeSet* cs = codes->Find(set);
  const CodeEntry* e = cs ? cs->Find(code) : nullptr;
  return e ? json(e->name) : json(nullptr);
}

json OrgUnitName(const OrgTree* tree, const std::string& code) {
  const OrgUnit* u = tree ? tree->Find(code) : nullptr;
  return u ? json(u->name) : json(nullptr);
}

json OptId(const std::optional<int64_t>& id) { return id ? json(*id) : json(nullptr); }

}  // namespace

json FacilityToJson(const Facility& f, const CodeSets* codes, const OrgTree* tree) {
  json j = {{"id", f.id},
            {"code", f.code},
            {"name", f.name},
            {"type", f.type},
            {"org_unit_code", f.org_unit_code},
            {"alliance_id", OptId(f.alliance_id)},
            {"beds", f.beds},
            {"phone", f.phone},
            {"status", f.status},
            {"version", f.version}};
  if (codes) j["type_name"] = CodeName(codes, "facility_type", f.type);
  if (tree) j["org_unit_name"] = OrgUnitName(tree, f.org_unit_code);
  return j;
}

void FacilityFromJson(const json& j, Facility* f, FieldErrors* errs) {
  if (!j.is_object()) {
    errs->Add("body", "must be a JSON object");
    return;
  }
  JsonFields r(j, errs);
  for (const char* ro : {"id", "version", "type_name", "org_unit_name"}) r.Ignore(ro);
  r.Str("code", &f->code, false, 30);
  r.Str("name", &f->name, false, 100);
  r.Str("type", &f->type, false, 40);
  r.Str("org_unit_code", &f->org_unit_code, false, 12);
  r.OptInt("alliance_id", &f->alliance_id, 1);
  int64_t beds = 0;
  if (r.Int("beds", &beds, false, 0, 5000)) f->beds = static_cast<int>(beds);
  r.Str("phone", &f->phone, false, 20);
  r.Str("status", &f->status, false, 10);
  r.Finish();
}

std::vector<std::string> FacilityToCsv(const Facility& f, bool leads_alliance) {
  return {std::to_string(f.id),
          f.code,
          f.name,
          f.type,
          f.org_unit_code,
          f.alliance_id ? std::to_string(*f.alliance_id) : "",
          leads_alliance ? "1" : "0",
          std::to_string(f.beds),
          f.phone,
          f.status};
}

json AllianceToJson(const MedicalAlliance& a, const OrgTree* tree) {
  json j = {{"id", a.id},
            {"name", a.name},
            {"lead_facility_id", OptId(a.lead_facility_id)},
            {"org_unit_code", a.org_unit_code},
            {"version", a.version}};
  if (tree) j["org_unit_name"] = OrgUnitName(tree, a.org_unit_code);
  return j;
}

void AllianceFromJson(const json& j, MedicalAlliance* a, FieldErrors* errs) {
  if (!j.is_object()) {
    errs->Add("body", "must be a JSON object");
    return;
  }
  JsonFields r(j, errs);
  for (const char* ro : {"id", "version", "org_unit_name"}) r.Ignore(ro);
  r.Str("name", &a->name, false, 100);
  r.OptInt("lead_facility_id", &a->lead_facility_id, 1);
  r.Str("org_unit_code", &a->org_unit_code, false, 12);
  r.Finish();
}

std::vector<std::string> AllianceToCsv(const MedicalAlliance& a) {
  return {std::to_string(a.id), a.name, a.org_unit_code};
}

}  // namespace yilian
