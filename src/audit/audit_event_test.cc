#include "audit/audit_event.h"

#include <gtest/gtest.h>

namespace yilian::audit {
namespace {

using nlohmann::json;

TEST(AuditEventTest, FieldChangesListsChangedAddedAndRemovedMembers) {
  json before = {
      {"phone", "13800000000"}, {"name", "王建国"}, {"village", "140423100201"}, {"gone", 1}};
  json after = {
      {"phone", "13900000000"}, {"name", "王建国"}, {"village", "140423100201"}, {"new", {1, 2}}};
  json changes = FieldChanges(before, after);
  EXPECT_EQ(changes, json({{"phone", {"13800000000", "13900000000"}},
                           {"gone", {1, nullptr}},
                           {"new", {nullptr, {1, 2}}}}));
}

TEST(AuditEventTest, FieldChangesIgnoresBookkeeping) {
  json before = {{"version", 1}, {"updated_at", "a"}, {"name", "x"}};
  json after = {{"version", 2}, {"updated_at", "b"}, {"name", "x"}};
  EXPECT_EQ(FieldChanges(before, after), json::object());
  // A caller's own list replaces the default one.
  EXPECT_EQ(FieldChanges(before, after, {"updated_at"}), json({{"version", {1, 2}}}));
  EXPECT_EQ(FieldChanges(before, after, {}),
            json({{"version", {1, 2}}, {"updated_at", {"a", "b"}}}));
  json more = after;
  more["name"] = "y";
  EXPECT_EQ(FieldChanges(before, more, {"version", "updated_at", "name"}), json::object());
}

TEST(AuditEventTest, FieldChangesComparesValuesDeeply) {
  json before = {{"scope", {"a", "b"}}, {"o", {{"k", 1}}}, {"n", 1}};
  EXPECT_EQ(FieldChanges(before, before), json::object());
  json after = {{"scope", {"b", "a"}}, {"o", {{"k", 1}}}, {"n", 1.0}};
  // Order matters in arrays; 1 and 1.0 are the same number.
  EXPECT_EQ(FieldChanges(before, after),
            json({{"scope", json::array({json::array({"a", "b"}), json::array({"b", "a"})})}}));
  // null members compare equal to absent ones.
  EXPECT_EQ(FieldChanges(json({{"x", nullptr}}), json::object()), json::object());
}

TEST(AuditEventTest, FieldChangesWithNonObjects) {
  EXPECT_EQ(FieldChanges(nullptr, json({{"a", 1}})), json({{"a", {nullptr, 1}}}));
  EXPECT_EQ(FieldChanges(json({{"a", 1}}), nullptr), json({{"a", {1, nullptr}}}));
  EXPECT_EQ(FieldChanges(nullptr, nullptr), json::object());
  EXPECT_EQ(FieldChanges(json::array({1}), json("x")), json::object());
}

TEST(AuditEventTest, ToJson) {
  AuditEvent e;
  e.id = 5;
  e.at = "2026-11-23T09:30:00.123+08:00";
  e.actor = Actor{12, "wangjg", "village_doctor", "10.0.0.1", 99};
  e.action = "read";
  e.resource = "resident";
  e.resource_id = "31";
  e.resident_id = 31;
  e.org_unit_code = "140423100201";
  e.reason = "急诊";
  e.changes = {{"phone", {"1", "2"}}};
  json j = AuditEventToJson(e);
  EXPECT_EQ(j["id"], 5);
  EXPECT_EQ(j["user_id"], 12);
  EXPECT_EQ(j["username"], "wangjg");
  EXPECT_EQ(j["role"], "village_doctor");
  EXPECT_EQ(j["ip"], "10.0.0.1");
  EXPECT_EQ(j["request_id"], 99);
  EXPECT_EQ(j["resident_id"], 31);
  EXPECT_EQ(j["org_unit_code"], "140423100201");
  EXPECT_EQ(j["changes"]["phone"], json({"1", "2"}));
  EXPECT_EQ(j["reason"], "急诊");
  EXPECT_TRUE(j["detail"].is_null());

  AuditEvent local;
  local.actor.username = "cli";
  json l = AuditEventToJson(local);
  EXPECT_TRUE(l["user_id"].is_null());
  EXPECT_TRUE(l["resident_id"].is_null());
}

}  // namespace
}  // namespace yilian::audit
