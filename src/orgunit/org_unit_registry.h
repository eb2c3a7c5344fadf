// The org-unit registry: validated changes to the division tree, each with a
// history event, and the live in-memory tree snapshot everyone reads.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "orgunit/org_tree.h"
#include "storage/database.h"

namespace yilian {

// Checks a new unit against the tree it joins (`find` resolves codes,
// including units created earlier in the same batch).
Status ValidateNewOrgUnit(const OrgUnit& u,
                          const std::function<const OrgUnit*(std::string_view)>& find);

struct OrgUnitChange {
  std::optional<std::string> name;
  std::optional<std::string> parent_code;  // re-parenting (e.g. 乡镇撤并)
  int64_t expected_version = 0;
  Date date;  // effective date recorded in the history
};

struct MergeOutcome {
  OrgUnit merged;
  OrgUnit into;
  int64_t residents_moved = 0;
  int64_t households_moved = 0;
  int64_t children_moved = 0;
};

class OrgUnitRegistry {
 public:
  explicit OrgUnitRegistry(storage::Database& db) : db_(db) {}

  // (Re)loads the tree from the store.
  Status Load();
  std::shared_ptr<const OrgTree> tree() const;

  Result<OrgUnit> Create(OrgUnit u, Date effective);
  Result<OrgUnit> Change(const std::string& code, const OrgUnitChange& change);
  // Merges `code` into `into` (same level). Villages: residents and households
  // move to the successor; their record numbers and the merged unit's history
  // stay. Townships: child villages are re-parented to the successor.
  Result<MergeOutcome> Merge(const std::string& code, const std::string& into, Date effective,
                             int64_t expected_version);
  Result<std::vector<OrgUnitEvent>> History(const std::string& code);

  // Called after every change to the tree is published (not by Load); the
  // live state rebuilds on it, since merges move residents wholesale.
  void SetOnChange(std::function<void()> fn) {
    std::lock_guard<std::mutex> lock(mu_);
    on_change_ = std::move(fn);
  }

 private:
  void Publish(std::vector<OrgUnit> units);

  storage::Database& db_;
  mutable std::mutex mu_;
  std::shared_ptr<const OrgTree> tree_ = std::make_shared<OrgTree>(std::vector<OrgUnit>{});
  std::function<void()> on_change_;
  bool loaded_ = false;
};

}  // namespace yilian
