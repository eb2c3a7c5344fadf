#include "team/team_registry.h"

#include <algorithm>
#include <optional>
#include <set>
#include <string>

#include "core/json_fields.h"
#include "facility/facility_store.h"
#include "team/team_json.h"

namespace yilian {

namespace {

// Runs `fn` (returning Result<T>) in a transaction of `db` and hands back its value.
template <typename T, typename Fn>
Result<T> InTransaction(storage::Database& db, bool write, Fn&& fn) {
  std::optional<T> out;
  auto body = [&](storage::Connection& c) -> Status {
    Result<T> r = fn(c);
    if (!r.ok()) return r.status();
    out = std::move(*r);
    return Status::Ok();
  };
  Status s = write ? db.Write(body) : db.Read(body);
  if (!s.ok()) return s;
  return std::move(*out);
}

Result<TeamRecord> WithPractitioners(storage::Connection& c, Team t) {
  std::vector<int64_t> ids;
  for (const auto& m : t.members) ids.push_back(m.practitioner_id);
  auto practitioners = team_store::LoadPractitioners(c, ids);
  if (!practitioners.ok()) return practitioners.status();
  TeamRecord r;
  r.composition = ComposeTeam(t, *practitioners);
  r.team = std::move(t);
  r.practitioners = std::move(*practitioners);
  return r;
}

// Checks `t` and puts its members in practitioner-id order and its villages
// in code order (as the store returns them).
Result<TeamRecord> Validate(storage::Connection& c, Team t, const CodeSets& codes,
                            const OrgTree& tree) {
  FieldErrors errs;
  t.name = TrimText(t.name);
  if (t.name.empty())
    errs.Add("name", "is required");
  else if (!IsCleanUtf8Text(t.name))
    errs.Add("name", "contains control characters");
  else if (Utf8Length(t.name) > 60)
    errs.Add("name", "is longer than 60 characters");

  if (t.facility_id <= 0) {
    errs.Add("facility_id", "is required");
  } else {
    auto f = facility_store::Get(c, t.facility_id);
    if (!f.ok()) return f.status();
    if (!*f)
      errs.Add("facility_id", "facility " + std::to_string(t.facility_id) + " does not exist");
  }
  const bool active = t.status == "active";
  if (!active && t.status != "dissolved") errs.Add("status", "must be active or dissolved");

  std::vector<int64_t> ids;
  for (const auto& m : t.members) ids.push_back(m.practitioner_id);
  auto practitioners = team_store::LoadPractitioners(c, ids);
  if (!practitioners.ok()) return practitioners.status();
  if (t.members.empty()) errs.Add("members", "needs at least one member");
  std::set<int64_t> seen;
  for (size_t i = 0; i < t.members.size(); ++i) {
    const TeamMember& m = t.members[i];
    std::string path = "members[" + std::to_string(i) + "]";
    std::string who = "practitioner " + std::to_string(m.practitioner_id);
    if (!seen.insert(m.practitioner_id).second) {
      errs.Add(path + ".practitioner_id", who + " is on the team twice");
    }
    if (m.team_role.empty()) {
      errs.Add(path + ".team_role", "is required");
    } else if (Status s = codes.CheckCode("team_role", m.team_role, path + ".team_role"); !s.ok()) {
      for (const auto& fe : s.fields()) errs.Add(fe.field, fe.reason);
    }
    auto p = practitioners->find(m.practitioner_id);
    if (p == practitioners->end()) {
      errs.Add(path + ".practitioner_id", who + " does not exist");
    } else if (active && p->second.status != "active") {
      errs.Add(path + ".practitioner_id",
               who + " (" + p->second.name + ") is " + p->second.status + ", not active");
    }
  }

  std::set<std::string> served;
  for (size_t i = 0; i < t.village_codes.size(); ++i) {
    const std::string& code = t.village_codes[i];
    std::string path = "village_codes[" + std::to_string(i) + "]";
    if (!served.insert(code).second) {
      errs.Add(path, "village " + code + " is listed twice");
      continue;
    }
    // A village merge moves its teams to the successor (OrgUnitRegistry::Merge),
    // so no team keeps serving a merged village.
    const OrgUnit* u = tree.Find(code);
    if (!u) {
      errs.Add(path, "org unit " + code + " does not exist");
    } else if (u->level != 5) {
      errs.Add(path, code + " is not a village (level 5)");
    } else if (u->status != "active") {
      errs.Add(path, "village " + code + " is " + u->status);
    }
  }

  TeamComposition comp = ComposeTeam(t, *practitioners);
  if (active && !t.members.empty() && !comp.doctor) {
    errs.Add("members",
             "needs a doctor: a leader or doctor who is an active physician or assistant "
             "physician");
  }
  YILIAN_RETURN_IF_ERROR(errs.ToStatus("team"));

  std::sort(t.members.begin(), t.members.end(), [](const TeamMember& a, const TeamMember& b) {
    return a.practitioner_id < b.practitioner_id;
  });
  std::sort(t.village_codes.begin(), t.village_codes.end());
  TeamRecord r;
  r.team = std::move(t);
  r.practitioners = std::move(*practitioners);
  r.composition = comp;
  return r;
}

}  // namespace

TeamComposition ComposeTeam(
    const Team& t, const std::map<int64_t, team_store::MemberPractitioner>& practitioners) {
  TeamComposition c;
  for (const auto& m : t.members) {
    auto p = practitioners.find(m.practitioner_id);
    if (p == practitioners.end() || p->second.status != "active") continue;
    const std::string& role = p->second.role;
    if ((m.team_role == "leader" || m.team_role == "doctor") &&
        (role == "physician" || role == "assistant_physician")) {
      c.doctor = true;
    }
    if (m.team_role == "nurse" || m.team_role == "public_health") c.nurse_or_public_health = true;
    if (m.team_role == "village_doctor") c.village_doctor = true;
  }
  return c;
}

Result<TeamRecord> TeamRegistry::CreateIn(storage::Connection& c, Team t, const CodeSets& codes,
                                          const OrgTree& tree) {
  if (t.id > 0) {
    auto taken = team_store::Get(c, t.id);
    if (!taken.ok()) return taken.status();
    if (*taken) {
      return Status::Conflict("team id " + std::to_string(t.id) + " is already taken",
                              {{"id", "is already taken"}});
    }
  }
  auto r = Validate(c, std::move(t), codes, tree);
  if (!r.ok()) return r.status();
  YILIAN_RETURN_IF_ERROR(team_store::Insert(c, r->team));
  return r;
}

Result<TeamRecord> TeamRegistry::Create(const nlohmann::json& body) {
  Team t;
  FieldErrors errs;
  TeamFromJson(body, &t, &errs);
  YILIAN_RETURN_IF_ERROR(errs.ToStatus("team"));
  t.id = 0;
  auto tree = org_units_.tree();
  return InTransaction<TeamRecord>(
      db_, true, [&](storage::Connection& c) { return CreateIn(c, t, codes_, *tree); });
}

Result<TeamRecord> TeamRegistry::Update(int64_t id, const nlohmann::json& patch,
                                        int64_t expected_version) {
  auto tree = org_units_.tree();
  return InTransaction<TeamRecord>(db_, true, [&](storage::Connection& c) -> Result<TeamRecord> {
    auto cur = team_store::Get(c, id);
    if (!cur.ok()) return cur.status();
    if (!*cur) return Status::NotFound("team " + std::to_string(id) + " does not exist");
    const Team before = **cur;
    if (before.version != expected_version) {
      return Status::PreconditionFailed(
          "team " + std::to_string(id) + " is at version " + std::to_string(before.version) +
          ", not " + std::to_string(expected_version) + ": someone changed it; reload and retry");
    }
    Team t = before;
    FieldErrors errs;
    TeamFromJson(patch, &t, &errs);
    YILIAN_RETURN_IF_ERROR(errs.ToStatus("team"));
    auto r = Validate(c, std::move(t), codes_, *tree);
    if (!r.ok()) return r.status();
    YILIAN_RETURN_IF_ERROR(team_store::Update(c, r->team));
    return r;
  });
}

Result<TeamRecord> TeamRegistry::Get(int64_t id) {
  return InTransaction<TeamRecord>(db_, false, [&](storage::Connection& c) -> Result<TeamRecord> {
    auto t = team_store::Get(c, id);
    if (!t.ok()) return t.status();
    if (!*t) return Status::NotFound("team " + std::to_string(id) + " does not exist");
    return WithPractitioners(c, std::move(**t));
  });
}

Result<TeamPage> TeamRegistry::List(const team_store::Query& q) {
  if (q.page < 1) return Status::InvalidField("page", "must be 1 or more");
  if (q.page_size < 1 || q.page_size > 200) {
    return Status::InvalidField("page_size", "must be between 1 and 200");
  }
  return InTransaction<TeamPage>(db_, false, [&](storage::Connection& c) -> Result<TeamPage> {
    auto page = team_store::List(c, q);
    if (!page.ok()) return page.status();
    TeamPage out;
    out.has_more = page->has_more;
    for (auto& t : page->items) {
      auto r = WithPractitioners(c, std::move(t));
      if (!r.ok()) return r.status();
      out.items.push_back(std::move(*r));
    }
    return out;
  });
}

}  // namespace yilian
