#include "auth/role.h"

#include <set>

#include <gtest/gtest.h>

#include "auth/permission.h"

namespace yilian::auth {
namespace {

const Role& MustFind(const RoleCatalog& cat, const char* code) {
  const Role* r = cat.Find(code);
  EXPECT_NE(r, nullptr) << code;
  static const Role kNone;
  return r ? *r : kNone;
}

TEST(RoleCatalogTest, DefaultCatalogueParses) {
  const RoleCatalog& cat = RoleCatalog::Default();
  EXPECT_FALSE(cat.version().empty());
  for (const char* code : {"village_doctor", "team_member", "township_staff", "referral_office",
                           "commission_staff", "cdc", "auditor", "integrator", "admin"}) {
    const Role& r = MustFind(cat, code);
    EXPECT_FALSE(r.name_zh.empty()) << code;
    EXPECT_FALSE(r.name_en.empty()) << code;
    EXPECT_FALSE(r.permissions.empty()) << code;
  }
  EXPECT_EQ(cat.roles().size(), 9u);
  EXPECT_EQ(cat.Find("root"), nullptr);
  EXPECT_EQ(cat.Find(""), nullptr);
  // Load("") is the embedded catalogue.
  auto loaded = RoleCatalog::Load("");
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->roles().size(), cat.roles().size());
}

TEST(RoleCatalogTest, DefaultCatalogueKeyFacts) {
  const RoleCatalog& cat = RoleCatalog::Default();
  const Role& admin = MustFind(cat, "admin");
  EXPECT_TRUE(admin.permissions.Has(Permission::kUserManage));
  EXPECT_FALSE(admin.permissions.Has(Permission::kResidentRead));
  EXPECT_FALSE(admin.permissions.Has(Permission::kAuditRead));
  const Role& auditor = MustFind(cat, "auditor");
  EXPECT_TRUE(auditor.permissions.Has(Permission::kAuditRead));
  EXPECT_FALSE(auditor.permissions.Has(Permission::kResidentRead));
  const Role& commission = MustFind(cat, "commission_staff");
  EXPECT_TRUE(commission.permissions.Has(Permission::kResidentRead));
  EXPECT_FALSE(commission.permissions.Has(Permission::kResidentWrite));
  const Role& doctor = MustFind(cat, "village_doctor");
  EXPECT_TRUE(doctor.permissions.Has(Permission::kResidentWrite));
  EXPECT_TRUE(doctor.permissions.Has(Permission::kResidentBreakGlass));
  EXPECT_FALSE(doctor.permissions.Has(Permission::kResidentExport));
  EXPECT_FALSE(doctor.permissions.Has(Permission::kUserManage));
  // Only the integrator exports in bulk; nobody but admin manages users.
  for (const Role& r : cat.roles()) {
    EXPECT_EQ(r.permissions.Has(Permission::kResidentExport), r.code == "integrator") << r.code;
    EXPECT_EQ(r.permissions.Has(Permission::kUserManage), r.code == "admin") << r.code;
  }
}

TEST(RoleCatalogTest, ParseMinimal) {
  auto cat = RoleCatalog::Parse(
      R"({"version":"t1","roles":[{"code":"admin","name_zh":"管理员","permissions":["user.manage"]},
          {"code":"reader","permissions":["resident.read","registry.read"]}]})");
  ASSERT_TRUE(cat.ok()) << cat.status().ToString();
  EXPECT_EQ(cat->version(), "t1");
  ASSERT_EQ(cat->roles().size(), 2u);
  EXPECT_EQ(cat->Find("admin")->name_zh, "管理员");
  EXPECT_EQ(cat->Find("reader")->name_en, "reader");  // defaults to the code
  EXPECT_EQ(cat->Find("reader")->permissions,
            (PermissionSet{Permission::kResidentRead, Permission::kRegistryRead}));
}

void ExpectRefused(std::string_view json, const std::string& field, const std::string& words) {
  auto cat = RoleCatalog::Parse(json);
  ASSERT_FALSE(cat.ok()) << json;
  EXPECT_EQ(cat.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(cat.status().ToString().find(words), std::string::npos)
      << cat.status().ToString() << " should mention " << words;
  if (!field.empty()) {
    bool named = false;
    for (const auto& f : cat.status().fields()) named |= f.field == field;
    EXPECT_TRUE(named) << cat.status().ToString() << " should name " << field;
  }
}

TEST(RoleCatalogTest, ParseRefusesBadFiles) {
  ExpectRefused(R"({"roles":[{"code":"admin","permissions":["user.manage","resident.raed"]}]})",
                "roles[0].permissions", "resident.raed");
  ExpectRefused(R"({"roles":[{"code":"admin","permissions":[7]}]})", "roles[0].permissions",
                "unknown permission 7");
  ExpectRefused(R"({"roles":[{"code":"admin","permissions":["user.manage"]},
                             {"code":"cdc","permissions":[]},
                             {"code":"cdc","permissions":["resident.read"]}]})",
                "roles[2].code", "cdc appears twice");
  ExpectRefused(R"({"roles":[{"code":"cdc","permissions":["resident.read"]}]})", "roles",
                "admin role is missing");
  ExpectRefused(R"({"roles":[]})", "roles", "admin role is missing");
  ExpectRefused(R"({"roles":[{"code":"admin"}]})", "roles[0]", "permissions");
  ExpectRefused(R"({"roles":[{"permissions":[]}, {"code":"admin","permissions":[]}]})", "roles[0]",
                "code");
  for (const char* bad : {"[]", "\"roles\"", "42", "null", "{}", R"({"roles":{}})", "{", ""}) {
    ExpectRefused(bad, "", "expected an object with a \"roles\" array");
  }
}

TEST(RoleCatalogTest, LoadNamesTheFile) {
  auto missing = RoleCatalog::Load("/nonexistent/roles.json");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().ToString().find("/nonexistent/roles.json"), std::string::npos);
}

TEST(PermissionTest, NameRoundTrip) {
  std::set<std::string_view> names;
  for (int i = 0; i < static_cast<int>(Permission::kCount); ++i) {
    auto p = static_cast<Permission>(i);
    std::string_view name = PermissionName(p);
    EXPECT_FALSE(name.empty());
    EXPECT_NE(name.find('.'), std::string_view::npos) << name;
    auto back = ParsePermission(name);
    ASSERT_TRUE(back.has_value()) << name;
    EXPECT_EQ(*back, p);
    names.insert(name);
  }
  EXPECT_EQ(names.size(), static_cast<size_t>(Permission::kCount));
  EXPECT_EQ(PermissionName(Permission::kResidentRead), "resident.read");
  EXPECT_EQ(PermissionName(Permission::kResidentBreakGlass), "resident.break_glass");
  EXPECT_EQ(PermissionName(Permission::kOrgUnitWrite), "org_unit.write");
  EXPECT_FALSE(ParsePermission("").has_value());
  EXPECT_FALSE(ParsePermission("Resident.Read").has_value());
  EXPECT_FALSE(ParsePermission("resident.read ").has_value());
  EXPECT_FALSE(ParsePermission("resident").has_value());
}

TEST(PermissionTest, SetJoinSplit) {
  PermissionSet all;
  for (int i = 0; i < static_cast<int>(Permission::kCount); ++i) {
    all.Add(static_cast<Permission>(i));
  }
  EXPECT_EQ(SplitPermissions(all.Join()), all);
  EXPECT_EQ(all.Names().size(), static_cast<size_t>(Permission::kCount));

  PermissionSet some{Permission::kAuditRead, Permission::kResidentRead};
  // Names and Join come in declaration order whatever the insertion order.
  EXPECT_EQ(some.Join(), "resident.read,audit.read");
  EXPECT_EQ(some.Names(), (std::vector<std::string>{"resident.read", "audit.read"}));
  EXPECT_EQ(SplitPermissions("audit.read,resident.read"), some);
  EXPECT_EQ(SplitPermissions("audit.read,,bogus,resident.read,"), some);
  EXPECT_TRUE(SplitPermissions("").empty());
  EXPECT_EQ(PermissionSet().Join(), "");
  EXPECT_TRUE(PermissionSet().Names().empty());

  std::vector<std::string> unknown;
  PermissionSet parsed =
      ParsePermissions({"resident.read", "nope", "audit.read", "resident.read", "x.y"}, &unknown);
  EXPECT_EQ(parsed, some);
  EXPECT_EQ(unknown, (std::vector<std::string>{"nope", "x.y"}));
  EXPECT_EQ(ParsePermissions({"nope"}, nullptr), PermissionSet());
}

TEST(PermissionTest, IntersectAndContainsAll) {
  PermissionSet a{Permission::kResidentRead, Permission::kResidentWrite, Permission::kRegistryRead};
  PermissionSet b{Permission::kResidentRead, Permission::kAuditRead};
  EXPECT_EQ(a.Intersect(b), PermissionSet{Permission::kResidentRead});
  EXPECT_EQ(a.Intersect(b), b.Intersect(a));
  EXPECT_TRUE(a.Intersect(PermissionSet()).empty());
  EXPECT_TRUE(a.ContainsAll(PermissionSet{Permission::kResidentRead}));
  EXPECT_TRUE(a.ContainsAll(a));
  EXPECT_TRUE(a.ContainsAll(PermissionSet()));
  EXPECT_FALSE(a.ContainsAll(b));
  EXPECT_FALSE(PermissionSet().ContainsAll(b));
  EXPECT_TRUE(a.Has(Permission::kResidentWrite));
  EXPECT_FALSE(a.Has(Permission::kAuditRead));
  EXPECT_FALSE(a.empty());
  EXPECT_TRUE(PermissionSet().empty());
}

}  // namespace
}  // namespace yilian::auth
