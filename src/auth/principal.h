// Principal: the authenticated caller of one request, and what it may reach.
//
// Built by the Authenticator from a session or an API token; immutable for
// the request. Permission checks combine the role's permissions (narrowed by
// an API token's own list) with the org-unit scopes: a permission is only
// ever exercised inside the scope. Scope checks resolve codes through the
// org tree, so a merged village's successor and a moved village are covered
// where they now sit.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "auth/permission.h"
#include "core/status.h"
#include "orgunit/org_tree.h"

namespace yilian::auth {

struct Principal {
  int64_t user_id = 0;
  std::string username;
  std::string role;
  PermissionSet permissions;  // the role's, intersected with an API token's
  std::vector<std::string> view_scope;
  std::vector<std::string> capture_scope;
  bool must_change_password = false;
  // How the caller proved who they are.
  enum class Via { kSession, kApiToken, kLocal } via = Via::kSession;
  int64_t credential_id = 0;  // session or token id
  std::string csrf_token;     // sessions only
  std::string ip;
  uint64_t request_id = 0;

  bool Can(Permission p) const { return permissions.Has(p); }
  // Fails with kPermissionDenied naming the permission.
  Status Require(Permission p) const;

  // Whether `code` lies at or below a unit of the view / capture scope.
  bool Sees(const OrgTree& tree, std::string_view code) const;
  bool Captures(const OrgTree& tree, std::string_view code) const;

  // The village-code ranges a listing below `ou` may return: `ou` itself when
  // it lies inside the view scope, else the scope units that lie below `ou`.
  // With `ou` empty, the whole view scope. Fails with kPermissionDenied when
  // nothing of `ou` is in scope, kInvalidArgument (field "ou") when `ou` is
  // not an org unit.
  Result<std::vector<std::pair<std::string, std::string>>> ViewRanges(const OrgTree& tree,
                                                                      std::string_view ou) const;

  // A principal for trusted local operations (CLI on the server's own files).
  static Principal Local(std::string name);
};

}  // namespace yilian::auth
