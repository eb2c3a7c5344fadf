#include "auth/user_registry.h"

#include <gtest/gtest.h>

#include "audit/audit_store.h"
#include "auth/authenticator.h"
#include "auth/password.h"
#include "facility/facility_registry.h"
#include "practitioner/practitioner_registry.h"
#include "team/team_registry.h"
#include "testing/test_county.h"

namespace yilian::auth {
namespace {

using nlohmann::json;
using testing::TestCounty;

constexpr const char* kPassword = "Qz#2026-check";

std::vector<std::string> Fields(const Status& s) {
  std::vector<std::string> out;
  for (const auto& f : s.fields()) out.push_back(f.field);
  return out;
}

struct Fixture {
  TestCounty t;
  CredentialCache cache;
  UserRegistry users{*t.db, RoleCatalog::Default(), *t.org_units, cache};
  audit::Actor admin{1, "root", "admin", "10.0.0.1", 9};

  static User Make(std::string name, std::string role, std::vector<std::string> view,
                   std::vector<std::string> capture = {}) {
    User u;
    u.username = std::move(name);
    u.role = std::move(role);
    u.view_scope = std::move(view);
    u.capture_scope = std::move(capture);
    return u;
  }

  std::vector<audit::AuditEvent> Audit(const std::string& action) {
    std::vector<audit::AuditEvent> out;
    EXPECT_TRUE(t.db->Read([&](storage::Connection& c) {
                      audit_store::Query q;
                      q.action = action;
                      auto p = audit_store::Search(c, q);
                      if (!p.ok()) return p.status();
                      out = p->items;
                      return Status::Ok();
                    })
                    .ok());
    return out;
  }
};

TEST(UserRegistryTest, CreateStoresAndNormalises) {
  Fixture x;
  auto c = x.users.Create(Fixture::Make("  ", "village_doctor", {}), kPassword, x.admin);
  EXPECT_EQ(Fields(c.status()), std::vector<std::string>{"username"});

  User u = Fixture::Make("WangJG", "village_doctor",
                         {TestCounty::kVillageA2, TestCounty::kVillageA1, TestCounty::kVillageA1});
  auto created = x.users.Create(u, kPassword, x.admin);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_TRUE(created->one_time_password.empty());
  const User& got = created->user;
  EXPECT_GT(got.id, 0);
  EXPECT_EQ(got.username, "wangjg");
  EXPECT_EQ(got.display_name, "wangjg");
  EXPECT_EQ(got.version, 1);
  EXPECT_FALSE(got.must_change_password);
  EXPECT_EQ(got.view_scope,
            (std::vector<std::string>{TestCounty::kVillageA1, TestCounty::kVillageA2}));
  // A role that writes captures where it sees unless told otherwise.
  EXPECT_EQ(got.capture_scope, got.view_scope);
  EXPECT_TRUE(VerifyPassword(got.password_hash, kPassword));

  auto stored = x.users.GetByUsername("wangjg");
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->id, got.id);
  EXPECT_EQ(stored->view_scope, got.view_scope);
  EXPECT_EQ(stored->status, "active");
  EXPECT_EQ(x.users.Get(9999).status().code(), Status::Code::kNotFound);

  // A reader's capture scope stays empty.
  auto cdc =
      x.users.Create(Fixture::Make("cdc1", "cdc", {TestCounty::kCounty}), kPassword, x.admin);
  ASSERT_TRUE(cdc.ok());
  EXPECT_TRUE(cdc->user.capture_scope.empty());
  auto n = x.users.Count();
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 2);
}

TEST(UserRegistryTest, UsernameFormat) {
  Fixture x;
  for (const char* bad : {"ab", "", "wang jg", "_wang", ".wang", "wang/jg", "王建国", "wang@jg",
                          "abcdefghijklmnopqrstuvwxyz0123456"}) {
    auto c = x.users.Create(Fixture::Make(bad, "cdc", {TestCounty::kCounty}), kPassword, x.admin);
    EXPECT_EQ(c.status().code(), Status::Code::kInvalidArgument) << bad;
    EXPECT_EQ(Fields(c.status()), std::vector<std::string>{"username"}) << bad;
  }
  for (const char* good :
       {"abc", "wang.jg", "wang_jg-2", "9lives", "abcdefghijklmnopqrstuvwxyz012345"}) {
    auto c = x.users.Create(Fixture::Make(good, "cdc", {TestCounty::kCounty}), kPassword, x.admin);
    EXPECT_TRUE(c.ok()) << good << ": " << c.status().ToString();
  }
}

TEST(UserRegistryTest, CreateRefusesBadRolesScopesAndPasswords) {
  Fixture x;
  auto role =
      x.users.Create(Fixture::Make("usr1", "superuser", {TestCounty::kCounty}), kPassword, x.admin);
  EXPECT_EQ(Fields(role.status()), std::vector<std::string>{"role"});
  auto view = x.users.Create(Fixture::Make("usr1", "cdc", {"140423999999"}), kPassword, x.admin);
  EXPECT_EQ(Fields(view.status()), std::vector<std::string>{"view_scope"});
  EXPECT_NE(view.status().ToString().find("140423999999"), std::string::npos);
  auto capture = x.users.Create(
      Fixture::Make("usr1", "township_staff", {TestCounty::kTownA}, {"140423999999"}), kPassword,
      x.admin);
  EXPECT_EQ(Fields(capture.status()), std::vector<std::string>{"capture_scope"});
  auto outside = x.users.Create(
      Fixture::Make("usr1", "township_staff", {TestCounty::kTownA}, {TestCounty::kVillageB1}),
      kPassword, x.admin);
  EXPECT_EQ(Fields(outside.status()), std::vector<std::string>{"capture_scope"});
  EXPECT_NE(outside.status().ToString().find("outside the view scope"), std::string::npos);
  auto wider = x.users.Create(
      Fixture::Make("usr1", "township_staff", {TestCounty::kVillageA1}, {TestCounty::kTownA}),
      kPassword, x.admin);
  EXPECT_EQ(Fields(wider.status()), std::vector<std::string>{"capture_scope"});
  auto weak =
      x.users.Create(Fixture::Make("usr1", "cdc", {TestCounty::kCounty}), "password1", x.admin);
  EXPECT_EQ(Fields(weak.status()), std::vector<std::string>{"password"});
  auto own_name = x.users.Create(Fixture::Make("wangjg", "cdc", {TestCounty::kCounty}),
                                 "Xx1-WANGJG-22", x.admin);
  EXPECT_EQ(Fields(own_name.status()), std::vector<std::string>{"password"});
  auto status = Fixture::Make("usr1", "cdc", {TestCounty::kCounty});
  status.status = "asleep";
  EXPECT_EQ(Fields(x.users.Create(status, kPassword, x.admin).status()),
            std::vector<std::string>{"status"});
  // Every fault at once.
  auto many = x.users.Create(Fixture::Make("x", "nope", {"1"}), "short", x.admin);
  EXPECT_EQ(Fields(many.status()),
            (std::vector<std::string>{"password", "username", "role", "view_scope"}));
  EXPECT_EQ(*x.users.Count(), 0);
  EXPECT_TRUE(x.Audit("user_create").empty());
}

TEST(UserRegistryTest, DuplicateUsernameConflicts) {
  Fixture x;
  ASSERT_TRUE(
      x.users.Create(Fixture::Make("wangjg", "cdc", {TestCounty::kCounty}), kPassword, x.admin)
          .ok());
  auto again =
      x.users.Create(Fixture::Make("WANGJG", "cdc", {TestCounty::kCounty}), kPassword, x.admin);
  EXPECT_EQ(again.status().code(), Status::Code::kConflict);
  EXPECT_EQ(Fields(again.status()), std::vector<std::string>{"username"});
}

TEST(UserRegistryTest, GeneratedOneTimePassword) {
  Fixture x;
  auto c = x.users.Create(Fixture::Make("wangjg", "village_doctor", {TestCounty::kVillageA1}), "",
                          x.admin);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_FALSE(c->one_time_password.empty());
  EXPECT_TRUE(CheckPasswordPolicy(c->one_time_password, "wangjg").ok());
  EXPECT_TRUE(c->user.must_change_password);
  auto stored = x.users.Get(c->user.id);
  ASSERT_TRUE(stored.ok());
  EXPECT_TRUE(stored->must_change_password);
  EXPECT_TRUE(VerifyPassword(stored->password_hash, c->one_time_password));

  // A reset gives another one-time password, also to be changed.
  auto reset = x.users.ResetPassword(c->user.id, x.admin);
  ASSERT_TRUE(reset.ok());
  EXPECT_NE(*reset, c->one_time_password);
  stored = x.users.Get(c->user.id);
  EXPECT_TRUE(VerifyPassword(stored->password_hash, *reset));
  EXPECT_FALSE(VerifyPassword(stored->password_hash, c->one_time_password));
  EXPECT_TRUE(stored->must_change_password);
  EXPECT_EQ(x.users.ResetPassword(9999, x.admin).status().code(), Status::Code::kNotFound);
  EXPECT_EQ(x.Audit("password_reset").size(), 1u);

  // SetPassword applies the policy.
  EXPECT_EQ(Fields(x.users.SetPassword(c->user.id, "short", false, x.admin)),
            std::vector<std::string>{"password"});
  ASSERT_TRUE(x.users.SetPassword(c->user.id, kPassword, false, x.admin).ok());
  stored = x.users.Get(c->user.id);
  EXPECT_TRUE(VerifyPassword(stored->password_hash, kPassword));
  EXPECT_FALSE(stored->must_change_password);
}

TEST(UserRegistryTest, VillageDoctorGetsTheTeamsVillages) {
  Fixture x;
  FacilityRegistry facilities{*x.t.db, DefaultCodeSets(), *x.t.org_units};
  PractitionerRegistry practitioners{*x.t.db, DefaultCodeSets(), *x.t.org_units};
  TeamRegistry teams{*x.t.db, DefaultCodeSets(), *x.t.org_units};
  auto center = facilities.Create({{"code", "T1"},
                                   {"name", "古韩镇卫生院"},
                                   {"type", "township_health_center"},
                                   {"org_unit_code", TestCounty::kTownA}});
  ASSERT_TRUE(center.ok()) << center.status().ToString();
  auto physician = practitioners.Create({{"name", "医务1"},
                                         {"id_number", TestCounty::Id("1975-03-04", 3)},
                                         {"role", "physician"},
                                         {"facility_id", center->id}});
  ASSERT_TRUE(physician.ok()) << physician.status().ToString();
  auto doctor = practitioners.Create({{"name", "医务2"},
                                      {"id_number", TestCounty::Id("1975-03-04", 5)},
                                      {"role", "village_doctor"},
                                      {"facility_id", center->id}});
  ASSERT_TRUE(doctor.ok()) << doctor.status().ToString();
  auto team = teams.Create(
      {{"name", "古韩镇第一团队"},
       {"facility_id", center->id},
       {"members",
        json::array({{{"practitioner_id", physician->id}, {"team_role", "leader"}},
                     {{"practitioner_id", doctor->id}, {"team_role", "village_doctor"}}})},
       {"village_codes", {TestCounty::kVillageA2, TestCounty::kVillageA1}}});
  ASSERT_TRUE(team.ok()) << team.status().ToString();

  User u = Fixture::Make("wangjg", "village_doctor", {});
  u.practitioner_id = doctor->id;
  auto c = x.users.Create(u, kPassword, x.admin);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->user.practitioner_id, doctor->id);
  std::vector<std::string> villages{TestCounty::kVillageA1, TestCounty::kVillageA2};
  EXPECT_EQ(c->user.view_scope, villages);
  EXPECT_EQ(c->user.capture_scope, villages);
  // A scope given explicitly wins.
  User narrow = Fixture::Make("lisi", "village_doctor", {TestCounty::kVillageA1});
  narrow.practitioner_id = doctor->id;
  auto n = x.users.Create(narrow, kPassword, x.admin);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->user.view_scope, std::vector<std::string>{TestCounty::kVillageA1});
  // An unknown practitioner is refused.
  User ghost = Fixture::Make("ghost", "village_doctor", {});
  ghost.practitioner_id = 4242;
  EXPECT_EQ(Fields(x.users.Create(ghost, kPassword, x.admin).status()),
            std::vector<std::string>{"practitioner_id"});
}

TEST(UserRegistryTest, UpdateChecksVersionAndRevokesSessions) {
  Fixture x;
  Authenticator auth(*x.t.db, RoleCatalog::Default(), x.cache);
  auto c = x.users.Create(Fixture::Make("wangjg", "township_staff", {TestCounty::kTownA}),
                          kPassword, x.admin);
  ASSERT_TRUE(c.ok());
  int64_t id = c->user.id;
  auto s = auth.Login("wangjg", kPassword, "10.0.0.1", 0);
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE(auth.Authenticate(Credentials{s->token, "", "", 0}).ok());

  // A display-name change is no change of access: the session lives on.
  auto renamed = x.users.Update(id, {{"display_name", "王建国"}}, 1, x.admin);
  ASSERT_TRUE(renamed.ok()) << renamed.status().ToString();
  EXPECT_EQ(renamed->version, 2);
  EXPECT_EQ(renamed->display_name, "王建国");
  EXPECT_TRUE(auth.Authenticate(Credentials{s->token, "", "", 0}).ok());

  auto stale = x.users.Update(id, {{"role", "cdc"}}, 1, x.admin);
  EXPECT_EQ(stale.status().code(), Status::Code::kPreconditionFailed);
  EXPECT_EQ(x.users.Get(id)->role, "township_staff");
  EXPECT_EQ(x.users.Update(9999, {{"role", "cdc"}}, 1, x.admin).status().code(),
            Status::Code::kNotFound);
  // Unknown members and bad values are refused, naming the field.
  EXPECT_EQ(Fields(x.users.Update(id, {{"password_hash", "x"}}, 2, x.admin).status()),
            std::vector<std::string>{"password_hash"});
  EXPECT_EQ(Fields(x.users.Update(id, {{"role", "king"}}, 2, x.admin).status()),
            std::vector<std::string>{"role"});
  EXPECT_EQ(
      Fields(x.users.Update(id, {{"capture_scope", {TestCounty::kCounty}}}, 2, x.admin).status()),
      std::vector<std::string>{"capture_scope"});

  auto changed = x.users.Update(id, {{"role", "cdc"}, {"version", 2}}, 2, x.admin);
  ASSERT_TRUE(changed.ok()) << changed.status().ToString();
  EXPECT_EQ(changed->role, "cdc");
  EXPECT_EQ(changed->version, 3);
  EXPECT_EQ(auth.Authenticate(Credentials{s->token, "", "", 0}).status().code(),
            Status::Code::kUnauthenticated);
  auto again = auth.Login("wangjg", kPassword, "10.0.0.1", 0);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->principal.role, "cdc");
  EXPECT_FALSE(again->principal.Can(Permission::kResidentWrite));

  // A scope change ends sessions too.
  auto scoped = x.users.Update(
      id, {{"view_scope", {TestCounty::kCounty}}, {"capture_scope", json::array()}}, 3, x.admin);
  ASSERT_TRUE(scoped.ok()) << scoped.status().ToString();
  EXPECT_EQ(auth.Authenticate(Credentials{again->token, "", "", 0}).status().code(),
            Status::Code::kUnauthenticated);

  auto updates = x.Audit("user_update");
  ASSERT_EQ(updates.size(), 3u);  // newest first
  EXPECT_EQ(updates[1].resource, "user");
  EXPECT_EQ(updates[1].resource_id, std::to_string(id));
  EXPECT_EQ(updates[1].actor.username, "root");
  EXPECT_EQ(updates[1].actor.user_id, 1);
  EXPECT_EQ(updates[1].changes, json({{"role", {"township_staff", "cdc"}}}));
  EXPECT_EQ(updates[2].changes, json({{"display_name", {"wangjg", "王建国"}}}));
  EXPECT_EQ(updates[0].changes["view_scope"],
            json::array({json::array({TestCounty::kTownA}), json::array({TestCounty::kCounty})}));
  auto creates = x.Audit("user_create");
  ASSERT_EQ(creates.size(), 1u);
  EXPECT_EQ(creates[0].changes["role"], json({nullptr, "township_staff"}));
  EXPECT_EQ(creates[0].changes["username"], json({nullptr, "wangjg"}));
  EXPECT_FALSE(creates[0].changes.contains("password_hash"));
}

TEST(UserRegistryTest, ListPages) {
  Fixture x;
  for (const char* name : {"carol", "alice", "bob"}) {
    ASSERT_TRUE(
        x.users.Create(Fixture::Make(name, "cdc", {TestCounty::kCounty}), kPassword, x.admin).ok());
  }
  bool more = false;
  auto p1 = x.users.List(1, 2, &more);
  ASSERT_TRUE(p1.ok());
  ASSERT_EQ(p1->size(), 2u);
  EXPECT_EQ((*p1)[0].username, "alice");
  EXPECT_EQ((*p1)[1].username, "bob");
  EXPECT_TRUE(more);
  auto p2 = x.users.List(2, 2, &more);
  ASSERT_TRUE(p2.ok());
  ASSERT_EQ(p2->size(), 1u);
  EXPECT_EQ((*p2)[0].username, "carol");
  EXPECT_FALSE(more);
}

TEST(UserRegistryTest, JsonNeverShowsTheHash) {
  Fixture x;
  auto c = x.users.Create(Fixture::Make("wangjg", "village_doctor", {TestCounty::kVillageA1}),
                          kPassword, x.admin);
  ASSERT_TRUE(c.ok());
  json j = UserToJson(c->user, RoleCatalog::Default());
  EXPECT_FALSE(j.contains("password_hash"));
  EXPECT_EQ(j.dump().find("argon2"), std::string::npos);
  EXPECT_EQ(j["role_name"], "村医");
  EXPECT_EQ(j["username"], "wangjg");

  User u;
  std::string password;
  FieldErrors errs;
  UserFromJson({{"username", "lisi"}, {"role", "cdc"}, {"password", kPassword}, {"admin", true}},
               &u, &password, &errs);
  ASSERT_EQ(errs.list().size(), 1u);
  EXPECT_EQ(errs.list()[0].field, "admin");
  EXPECT_EQ(u.username, "lisi");
  EXPECT_EQ(password, kPassword);
}

}  // namespace
}  // namespace yilian::auth
