#include "resident/household_json.h"

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

json HouseholdToJson(const Household& h, const OrgTree* tree) {
  json j = {{"id", h.id},
            {"village_code", h.village_code},
            {"address", h.address},
            {"head_resident_id", h.head_resident_id ? json(*h.head_resident_id) : json(nullptr)},
            {"version", h.version}};
  if (tree) {
    const OrgUnit* v = tree->Find(h.village_code);
    j["village_name"] = v ? json(v->name) : json(nullptr);
  }
  return j;
}

json HouseholdMembersToJson(const std::vector<household_store::Member>& members,
                            const CodeSets* codes) {
  json out = json::array();
  for (const auto& m : members) {
    json jm = {{"id", m.id},
               {"record_no", m.record_no},
               {"name", m.name},
               {"id_type", m.id_type},
               {"id_number", MaskIdNumber(m.id_number)},
               {"sex", m.sex},
               {"birth_date", m.birth_date.ToIso()},
               {"household_relation", m.household_relation},
               {"status", m.status},
               {"href", "/api/v1/residents/" + std::to_string(m.id)}};
    if (codes) {
      jm["sex_name"] = CodeName(codes, "sex", m.sex);
      jm["household_relation_name"] = CodeName(codes, "household_relation", m.household_relation);
    }
    out.push_back(std::move(jm));
  }
  return out;
}

void HouseholdFromJson(const json& j, Household* h, FieldErrors* errs) {
  if (!j.is_object()) {
    errs->Add("body", "must be a JSON object");
    return;
  }
  JsonFields f(j, errs);
  for (const char* ro : {"id", "version", "village_name", "members"}) f.Ignore(ro);
  f.Str("village_code", &h->village_code, false, 12);
  f.Str("address", &h->address, false, 200);
  f.OptInt("head_resident_id", &h->head_resident_id, 1);
  f.Finish();
}

std::vector<std::string> HouseholdToCsv(const Household& h) {
  return {std::to_string(h.id), h.village_code, h.address};
}

}  // namespace yilian
