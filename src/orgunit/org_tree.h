// An immutable in-memory snapshot of the org-unit tree.
//
// Built from all stored org units (active and merged); a new snapshot is
// published after every change (see OrgUnitRegistry), so readers never lock.
// A merged unit stays a child of its old parent: its history is reachable
// under the same path it always had.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "orgunit/org_unit.h"

namespace yilian {

class OrgTree {
 public:
  explicit OrgTree(std::vector<OrgUnit> units);
  // A copy starts with no memoised ranges of its own.
  OrgTree(const OrgTree& o) : units_(o.units_), index_(o.index_), children_(o.children_) {}
  OrgTree& operator=(const OrgTree& o) {
    if (this != &o) *this = OrgTree(o);
    return *this;
  }
  OrgTree(OrgTree&&) = default;
  OrgTree& operator=(OrgTree&&) = default;

  const OrgUnit* Find(std::string_view code) const;
  // Direct children (including merged ones), ordered by code.
  std::vector<const OrgUnit*> Children(std::string_view code) const;
  // All units at `level` below (or equal to) `code`, ordered by code.
  std::vector<const OrgUnit*> DescendantsAtLevel(std::string_view code, int level) const;
  // Root-first path of ancestors, ending with the unit itself.
  std::vector<const OrgUnit*> Path(std::string_view code) const;
  // True when `code` is `ancestor` or lies below it in the current tree.
  bool IsWithin(std::string_view code, std::string_view ancestor) const;
  // The follow-the-merges successor that is active (itself when active).
  const OrgUnit* Current(std::string_view code) const;
  // Sorted, disjoint, half-open ranges [lo, hi) of 12-digit codes covering
  // every unit under `code`. One range when no unit was moved in from
  // elsewhere; more after re-parenting, so a query stays an index range scan.
  // Computed once per unit and snapshot (every scoped query asks for them).
  std::vector<std::pair<std::string, std::string>> CodeRanges(std::string_view code) const;
  // Roots (units whose parent is not stored), ordered by code.
  std::vector<const OrgUnit*> Roots() const;
  size_t size() const { return units_.size(); }
  const std::vector<OrgUnit>& units() const { return units_; }

 private:
  using Ranges = std::vector<std::pair<std::string, std::string>>;
  Ranges ComputeCodeRanges(const OrgUnit* start) const;

  // The snapshot is immutable, so a unit's ranges never change once computed.
  struct RangeMemo {
    std::mutex mu;
    std::unordered_map<std::string, Ranges> by_code;  // guarded by mu
  };

  std::vector<OrgUnit> units_;  // sorted by code
  std::unordered_map<std::string, size_t> index_;
  std::unordered_map<std::string, std::vector<size_t>> children_;
  std::unique_ptr<RangeMemo> range_memo_ = std::make_unique<RangeMemo>();
};

}  // namespace yilian
