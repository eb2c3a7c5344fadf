#include "cli/first_users.h"

#include <iomanip>

#include "auth/role.h"

namespace yilian::cli {
namespace {

const audit::Actor kSetUp{std::nullopt, "yilian serve", "local", "local", 0};

std::vector<std::string> RootCodes(const OrgTree& tree) {
  std::vector<std::string> out;
  for (const OrgUnit* u : tree.Roots()) out.push_back(u->code);
  return out;
}

// The first unit at `level` in code order, or "".
std::string FirstAtLevel(const OrgTree& tree, int level) {
  for (const OrgUnit* root : tree.Roots()) {
    if (root->level == level) return root->code;
    auto below = tree.DescendantsAtLevel(root->code, level);
    if (!below.empty()) return below.front()->code;
  }
  return "";
}

struct DemoSeat {
  int64_t practitioner_id = 0;  // a village doctor in a team
  int64_t colleague_id = 0;     // another member of the same team
  std::string township;         // where the team's facility is
  std::string county_hospital_town;
};

Result<DemoSeat> FindDemoSeat(storage::Database& db, const OrgTree& tree) {
  DemoSeat seat;
  Status s = db.Read([&](storage::Connection& c) {
    auto st = c.Prepare(
        "SELECT tm.practitioner_id, tm.team_id, f.org_unit_code FROM team_members tm "
        "JOIN practitioners p ON p.id = tm.practitioner_id JOIN teams t ON t.id = tm.team_id "
        "JOIN facilities f ON f.id = t.facility_id "
        "WHERE p.role = 'village_doctor' AND t.status = 'active' ORDER BY tm.team_id LIMIT 1");
    if (!st.ok()) return st.status();
    auto row = (*st)->Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Ok();
    seat.practitioner_id = (*st)->Int(0);
    int64_t team = (*st)->Int(1);
    std::string facility_ou(storage::TextOr(**st, 2));
    (*st)->Reset();
    for (const OrgUnit* u : tree.Path(facility_ou)) {
      if (u->level == 4) seat.township = u->code;
    }
    auto other = c.Prepare(
        "SELECT practitioner_id FROM team_members WHERE team_id = ? AND practitioner_id <> ? "
        "ORDER BY practitioner_id LIMIT 1");
    if (!other.ok()) return other.status();
    storage::Bind(**other, team, seat.practitioner_id);
    auto r2 = (*other)->Step();
    if (!r2.ok()) return r2.status();
    if (*r2) seat.colleague_id = (*other)->Int(0);
    (*other)->Reset();
    auto hosp =
        c.Prepare("SELECT org_unit_code FROM facilities WHERE type = ? ORDER BY id LIMIT 1");
    if (!hosp.ok()) return hosp.status();
    storage::Bind(**hosp, "county_hospital");
    auto r3 = (*hosp)->Step();
    if (!r3.ok()) return r3.status();
    if (*r3) {
      std::string ou(storage::TextOr(**hosp, 0));
      for (const OrgUnit* u : tree.Path(ou)) {
        if (u->level == 4) seat.county_hospital_town = u->code;
      }
    }
    (*hosp)->Reset();
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return seat;
}

}  // namespace

Status EnsureAdministrator(OpenedDatabase& opened, auth::UserRegistry& users, std::ostream& out) {
  auto n = users.Count();
  if (!n.ok()) return n.status();
  if (*n > 0) return Status::Ok();
  auth::User admin;
  admin.username = "admin";
  admin.display_name = "系统管理员";
  admin.role = "admin";
  admin.view_scope = RootCodes(*opened.org_units->tree());
  admin.capture_scope = admin.view_scope;
  auto created = users.Create(admin, "", kSetUp);
  if (!created.ok()) return created.status();
  out << "administrator created: username admin, one-time password " << created->one_time_password
      << " (change it at first login)\n";
  if (admin.view_scope.empty()) {
    out << "  the database has no org units yet: after importing them, give admin a scope with\n"
           "  yilian user update admin --view-scope CODE --capture-scope CODE\n";
  }
  return Status::Ok();
}

Status EnsureDemoUsers(OpenedDatabase& opened, auth::UserRegistry& users, std::ostream& out) {
  auto tree = opened.org_units->tree();
  std::string county = FirstAtLevel(*tree, 3);
  if (county.empty()) return Status::Ok();
  auto seat = FindDemoSeat(*opened.db, *tree);
  if (!seat.ok()) return seat.status();
  struct Spec {
    const char* username;
    const char* display;
    const char* role;
    int64_t practitioner;
    std::vector<std::string> scope;
  };
  std::vector<std::string> township{seat->township};
  std::vector<Spec> specs = {
      {"demo.village", "村医（演示）", "village_doctor", seat->practitioner_id, {}},
      {"demo.team", "家庭医生团队成员（演示）", "team_member", seat->colleague_id, {}},
      {"demo.township", "乡镇卫生院（演示）", "township_staff", 0, township},
      {"demo.referral",
       "县医院转诊办（演示）",
       "referral_office",
       0,
       {seat->county_hospital_town.empty() ? FirstAtLevel(*tree, 4) : seat->county_hospital_town}},
      {"demo.commission", "县卫健委（演示）", "commission_staff", 0, {county}},
      {"demo.cdc", "县疾控中心（演示）", "cdc", 0, {county}},
      {"demo.auditor", "审计员（演示）", "auditor", 0, {county}},
      {"demo.integrator", "接口对接（演示）", "integrator", 0, {county}},
  };
  out << "demo logins (password " << kDemoPassword << "):\n";
  for (const Spec& spec : specs) {
    auto existing = users.GetByUsername(spec.username);
    if (!existing.ok()) {
      if (existing.status().code() != Status::Code::kNotFound) return existing.status();
      auth::User u;
      u.username = spec.username;
      u.display_name = spec.display;
      u.role = spec.role;
      if (spec.practitioner) u.practitioner_id = spec.practitioner;
      u.view_scope = spec.scope;
      if (u.view_scope.size() == 1 && u.view_scope[0].empty()) u.view_scope.clear();
      auto created = users.Create(u, kDemoPassword, kSetUp);
      if (!created.ok()) return created.status();
      existing = created->user;
    }
    const auth::Role* role = users.roles().Find(existing->role);
    std::string scope;
    for (const auto& code : existing->view_scope) {
      const OrgUnit* ou = tree->Find(code);
      if (!scope.empty()) scope += "、";
      scope += ou ? ou->name : code;
      if (scope.size() > 60) {
        scope += "…";
        break;
      }
    }
    out << "  " << std::left << std::setw(18) << existing->username << " "
        << (role ? role->name_zh : existing->role) << "  " << scope << "\n";
  }
  return Status::Ok();
}

}  // namespace yilian::cli
