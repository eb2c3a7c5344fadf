#include "orgunit/org_tree.h"

#include <algorithm>

#include "orgunit/division_code.h"

namespace yilian {

OrgTree::OrgTree(std::vector<OrgUnit> units) : units_(std::move(units)) {
  std::sort(units_.begin(), units_.end(),
            [](const OrgUnit& a, const OrgUnit& b) { return a.code < b.code; });
  index_.reserve(units_.size());
  for (size_t i = 0; i < units_.size(); ++i) index_[units_[i].code] = i;
  for (size_t i = 0; i < units_.size(); ++i) {
    if (!units_[i].parent_code.empty()) children_[units_[i].parent_code].push_back(i);
  }
}

const OrgUnit* OrgTree::Find(std::string_view code) const {
  auto it = index_.find(std::string(code));
  return it == index_.end() ? nullptr : &units_[it->second];
}

std::vector<const OrgUnit*> OrgTree::Children(std::string_view code) const {
  std::vector<const OrgUnit*> out;
  auto it = children_.find(std::string(code));
  if (it == children_.end()) return out;
  for (size_t i : it->second) out.push_back(&units_[i]);
  return out;
}

std::vector<const OrgUnit*> OrgTree::DescendantsAtLevel(std::string_view code, int level) const {
  std::vector<const OrgUnit*> out;
  const OrgUnit* start = Find(code);
  if (!start) return out;
  std::vector<const OrgUnit*> stack{start};
  while (!stack.empty()) {
    const OrgUnit* u = stack.back();
    stack.pop_back();
    if (u->level == level) {
      out.push_back(u);
      continue;
    }
    if (u->level > level) continue;
    for (const OrgUnit* c : Children(u->code)) stack.push_back(c);
  }
  std::sort(out.begin(), out.end(), [](auto* a, auto* b) { return a->code < b->code; });
  return out;
}

std::vector<const OrgUnit*> OrgTree::Path(std::string_view code) const {
  std::vector<const OrgUnit*> out;
  for (const OrgUnit* u = Find(code); u && out.size() < 8; u = Find(u->parent_code)) {
    out.push_back(u);
    if (u->parent_code.empty()) break;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

bool OrgTree::IsWithin(std::string_view code, std::string_view ancestor) const {
  for (const OrgUnit* u = Find(code); u; u = Find(u->parent_code)) {
    if (u->code == ancestor) return true;
    if (u->parent_code.empty()) break;
  }
  return false;
}

const OrgUnit* OrgTree::Current(std::string_view code) const {
  const OrgUnit* u = Find(code);
  for (int hops = 0; u && u->status == "merged" && !u->merged_into.empty() && hops < 16; ++hops) {
    u = Find(u->merged_into);
  }
  return u;
}

OrgTree::Ranges OrgTree::CodeRanges(std::string_view code) const {
  const OrgUnit* start = Find(code);
  if (!start) return {};
  {
    std::lock_guard lock(range_memo_->mu);
    auto it = range_memo_->by_code.find(start->code);
    if (it != range_memo_->by_code.end()) return it->second;
  }
  Ranges computed = ComputeCodeRanges(start);
  std::lock_guard lock(range_memo_->mu);
  range_memo_->by_code.emplace(start->code, computed);
  return computed;
}

OrgTree::Ranges OrgTree::ComputeCodeRanges(const OrgUnit* start) const {
  Ranges ranges;
  auto range_of = [](const OrgUnit& u) {
    int n = DivisionPrefixLength(u.level);
    std::string lo = u.code.substr(0, n), hi = lo;
    // Increment the prefix as a decimal number to get the exclusive upper bound.
    int i = n - 1;
    while (i >= 0 && hi[i] == '9') hi[i--] = '0';
    if (i >= 0)
      ++hi[i];
    else
      hi = std::string(n, '9') + ":";  // past every 12-digit code
    lo.resize(12, '0');
    if (hi.size() < 12) hi.resize(12, '0');
    return std::make_pair(lo, hi);
  };
  // Walk the subtree; a child whose code does not share its parent's prefix
  // was moved in from elsewhere and contributes its own range.
  std::vector<const OrgUnit*> stack{start};
  while (!stack.empty()) {
    const OrgUnit* u = stack.back();
    stack.pop_back();
    ranges.push_back(range_of(*u));
    for (const OrgUnit* c : Children(u->code)) {
      int n = DivisionPrefixLength(u->level);
      if (c->code.compare(0, n, u->code, 0, n) != 0)
        stack.push_back(c);
      else {
        // Same prefix: covered by the parent's range, but its own moved-in
        // descendants still need ranges.
        std::vector<const OrgUnit*> inner{c};
        while (!inner.empty()) {
          const OrgUnit* x = inner.back();
          inner.pop_back();
          for (const OrgUnit* g : Children(x->code)) {
            int m = DivisionPrefixLength(x->level);
            if (g->code.compare(0, m, x->code, 0, m) != 0)
              stack.push_back(g);
            else
              inner.push_back(g);
          }
        }
      }
    }
  }
  std::sort(ranges.begin(), ranges.end());
  Ranges merged;
  for (auto& r : ranges) {
    if (!merged.empty() && r.first <= merged.back().second) {
      merged.back().second = std::max(merged.back().second, r.second);
    } else {
      merged.push_back(r);
    }
  }
  return merged;
}

std::vector<const OrgUnit*> OrgTree::Roots() const {
  std::vector<const OrgUnit*> out;
  for (const auto& u : units_)
    if (u.parent_code.empty() || !Find(u.parent_code)) out.push_back(&u);
  return out;
}

}  // namespace yilian
