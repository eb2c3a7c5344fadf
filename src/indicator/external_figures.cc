#include "indicator/external_figures.h"

#include <functional>
#include <set>

#include "storage/rows.h"

namespace yilian::indicator {

std::optional<int64_t> ExternalFigures::Population(const std::string& code, int year) const {
  auto it = populations.find({code, year});
  if (it == populations.end()) return std::nullopt;
  return it->second;
}

std::optional<int64_t> ExternalFigures::RolledPopulation(const OrgTree& tree,
                                                         const std::string& code, int year) const {
  if (rolled_for.get() != &tree) return std::nullopt;
  auto it = rolled.find({code, year});
  if (it == rolled.end()) return std::nullopt;
  return it->second;
}

void ExternalFigures::Roll(std::shared_ptr<const OrgTree> tree) {
  rolled.clear();
  rolled_for = std::move(tree);
  if (!rolled_for) return;
  std::set<int> years;
  for (const auto& [key, n] : populations) years.insert(key.second);
  // The same rule as Analytics::Population, without the residents on file:
  // a stated figure, else the sum over the active children when there are
  // some and each has a figure this way.
  std::function<std::optional<int64_t>(const OrgUnit&, int)> full =
      [&](const OrgUnit& u, int year) -> std::optional<int64_t> {
    std::optional<int64_t> out = Population(u.code, year);
    if (!out && u.level < 5) {
      int64_t sum = 0;
      bool any = false, all = true;
      for (const OrgUnit* c : rolled_for->Children(u.code)) {
        if (c->status != "active") continue;
        any = true;
        auto p = full(*c, year);
        if (p)
          sum += *p;
        else
          all = false;  // keep walking: the children's own sums are kept too
      }
      if (any && all) out = sum;
    }
    if (out) rolled[{u.code, year}] = *out;
    return out;
  };
  for (int year : years)
    for (const OrgUnit* root : rolled_for->Roots()) full(*root, year);
}

std::optional<double> ExternalFigures::Target(const std::string& indicator, const std::string& code,
                                              int year) const {
  auto it = targets.find({indicator, code, year});
  if (it == targets.end()) return std::nullopt;
  return it->second;
}

namespace external_store {

Result<ExternalFigures> LoadAll(storage::Connection& c) {
  ExternalFigures f;
  auto st = c.Prepare("SELECT org_unit_code, year, population FROM org_unit_populations");
  if (!st.ok()) return st.status();
  while (true) {
    auto r = (*st)->Step();
    if (!r.ok()) return r.status();
    if (!*r) break;
    f.populations[{std::string((*st)->Text(0)), static_cast<int>((*st)->Int(1))}] = (*st)->Int(2);
  }
  auto tt = c.Prepare("SELECT indicator, org_unit_code, year, target FROM indicator_targets");
  if (!tt.ok()) return tt.status();
  while (true) {
    auto r = (*tt)->Step();
    if (!r.ok()) return r.status();
    if (!*r) break;
    f.targets[{std::string((*tt)->Text(0)), std::string((*tt)->Text(1)),
               static_cast<int>((*tt)->Int(2))}] = (*tt)->Double(3);
  }
  return f;
}

Status PutPopulation(storage::Connection& c, const std::string& code, int year, int64_t population,
                     const std::string& source) {
  return storage::Run(c,
                      "INSERT INTO org_unit_populations (org_unit_code, year, population, source, "
                      "updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (org_unit_code, year) DO "
                      "UPDATE SET population = excluded.population, source = excluded.source, "
                      "updated_at = excluded.updated_at",
                      code, static_cast<int64_t>(year), population, source, NowTimestamp());
}

Status PutTarget(storage::Connection& c, const TargetValue& t) {
  return storage::Run(c,
                      "INSERT INTO indicator_targets (indicator, org_unit_code, year, target, "
                      "updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (indicator, org_unit_code, "
                      "year) DO UPDATE SET target = excluded.target, updated_at = "
                      "excluded.updated_at",
                      t.indicator, t.org_unit_code, static_cast<int64_t>(t.year), t.target,
                      NowTimestamp());
}

}  // namespace external_store
}  // namespace yilian::indicator
