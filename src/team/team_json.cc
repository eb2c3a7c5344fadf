#include "team/team_json.h"

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
}  // namespace

json TeamToJson(const TeamRecord& r, const CodeSets* codes) {
  const Team& t = r.team;
  json members = json::array();
  for (const auto& m : t.members) {
    json jm = {{"practitioner_id", m.practitioner_id}, {"team_role", m.team_role}};
    if (codes) jm["team_role_name"] = CodeName(codes, "team_role", m.team_role);
    if (auto it = r.practitioners.find(m.practitioner_id); it != r.practitioners.end()) {
      jm["name"] = it->second.name;
      jm["role"] = it->second.role;
      if (codes) jm["role_name"] = CodeName(codes, "practitioner_role", it->second.role);
      jm["status"] = it->second.status;
    }
    members.push_back(std::move(jm));
  }
  const TeamComposition& c = r.composition;
  return {{"id", t.id},
          {"name", t.name},
          {"facility_id", t.facility_id},
          {"members", members},
          {"village_codes", t.village_codes},
          {"status", t.status},
          {"composition",
           {{"doctor", c.doctor},
            {"nurse_or_public_health", c.nurse_or_public_health},
            {"village_doctor", c.village_doctor},
            {"complete_1_1_1", c.complete()}}},
          {"version", t.version}};
}

void TeamFromJson(const json& j, Team* t, FieldErrors* errs) {
  if (!j.is_object()) {
    errs->Add("body", "must be a JSON object");
    return;
  }
  JsonFields f(j, errs);
  for (const char* ro : {"id", "version", "composition"}) f.Ignore(ro);
  f.Str("name", &t->name, false, 60);
  f.Int("facility_id", &t->facility_id, false, 1);
  f.Str("status", &t->status, false, 10);
  f.StrList("village_codes", &t->village_codes, 200, 12);
  if (const json* ms = f.Raw("members")) {
    if (!ms->is_array() || ms->size() > 50) {
      errs->Add("members", "must be an array of at most 50 {practitioner_id, team_role} objects");
    } else {
      std::vector<TeamMember> out;
      for (size_t i = 0; i < ms->size(); ++i) {
        const json& m = (*ms)[i];
        std::string path = "members[" + std::to_string(i) + "]";
        if (!m.is_object()) {
          errs->Add(path, "must be an object");
          continue;
        }
        JsonFields mf(m, errs, path + ".");
        TeamMember member;
        mf.Int("practitioner_id", &member.practitioner_id, true, 1);
        mf.Str("team_role", &member.team_role, true, 20);
        for (const char* ro : {"team_role_name", "name", "role", "role_name", "status"}) {
          mf.Ignore(ro);
        }
        mf.Finish();
        out.push_back(std::move(member));
      }
      t->members = std::move(out);
    }
  }
  f.Finish();
}

std::vector<std::string> TeamToCsv(const Team& t) {
  std::string members, villages;
  for (const auto& m : t.members) {
    if (!members.empty()) members += ';';
    members += std::to_string(m.practitioner_id) + ":" + m.team_role;
  }
  for (const auto& v : t.village_codes) {
    if (!villages.empty()) villages += ';';
    villages += v;
  }
  return {std::to_string(t.id), t.name, std::to_string(t.facility_id), members, villages, t.status};
}

}  // namespace yilian
