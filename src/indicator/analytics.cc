#include "indicator/analytics.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace yilian::indicator {

double Analytics::Population(const std::string& unit, int year, Date on) const {
  if (auto p = external_.Population(unit, year)) return static_cast<double>(*p);
  if (auto p = external_.RolledPopulation(tree_, unit, year)) return static_cast<double>(*p);
  const OrgUnit* u = tree_.Find(unit);
  if (u && u->level < 5) {
    double sum = 0;
    bool any = false;
    for (const OrgUnit* c : tree_.Children(unit)) {
      if (c->status != "active") continue;
      sum += Population(c->code, year, on);
      any = true;
    }
    if (any) return sum;
  }
  const auto& el = cube_.elements();
  return static_cast<double>(cube_.Through(unit, el.Slots(*el.Find("residents"), {}), on));
}

std::optional<double> Analytics::Element(const std::string& element, const std::string& unit,
                                         const Period& counted, Category c) const {
  if (counted.end < counted.start) return std::nullopt;  // nothing counted yet
  if (element == kPopulation) return Population(unit, counted.end.year(), counted.end);
  const auto& el = cube_.elements();
  auto e = el.Find(element);
  if (!e) return std::nullopt;
  auto slots = el.Slots(*e, c);
  if (slots.empty()) return std::nullopt;
  const DataElement& d = el.elements()[*e];
  if (d.flow) {
    return static_cast<double>(cube_.Between(unit, slots, counted.start, counted.end)) * d.scale;
  }
  return static_cast<double>(cube_.Through(unit, slots, counted.end)) * d.scale;
}

Figure Analytics::Compute(const Indicator& in, const std::string& unit, const Period& counted,
                          Category c) const {
  Figure f;
  auto num = Element(in.numerator, unit, counted, c);
  if (!num) return f;
  f.numerator = *num;
  if (!in.rate()) {
    f.value = *num * in.factor;
    return f;
  }
  auto den = Element(in.denominator, unit, counted, c);
  f.denominator = den.value_or(0);
  if (den && *den > 0) f.value = *num / *den * in.factor;
  return f;
}

std::vector<AnalyticsRow> Analytics::Evaluate(const AnalyticsQuery& q) const {
  std::vector<AnalyticsRow> rows;
  std::vector<std::pair<Category, std::string>> categories = {{Category{}, ""}};
  if (q.disaggregation == "sex") {
    categories = {{{Category::Kind::kSex, 0}, "1"}, {{Category::Kind::kSex, 1}, "2"}};
  } else if (q.disaggregation == "age_group") {
    categories.clear();
    for (size_t k = 0; k < kAgeGroupName.size(); ++k)
      categories.push_back({{Category::Kind::kAge, static_cast<int>(k)}, kAgeGroupName[k]});
  }
  for (const Indicator* in : q.dx) {
    // By key population, each part is an indicator of its own.
    std::vector<std::pair<Indicator, std::string>> parts;
    if (q.disaggregation == "key_population") {
      for (const auto& kp : in->key_populations) {
        Indicator part = *in;
        part.numerator = kp.numerator;
        part.denominator = kp.denominator;
        parts.push_back({std::move(part), kp.code});
      }
    }
    for (const OrgUnit* u : q.ou) {
      for (const Period& p : q.pe) {
        std::vector<std::tuple<Category, std::string, const Indicator*>> cells;
        if (parts.empty()) {
          for (const auto& [cat, code] : categories) cells.emplace_back(cat, code, in);
        } else {
          for (const auto& [part, code] : parts) cells.emplace_back(Category{}, code, &part);
        }
        for (const auto& [cat, code, def] : cells) {
          AnalyticsRow row;
          row.dx = in;
          row.ou = u;
          row.pe = p;
          row.counted = p.Through(q.today);
          if (q.today < p.start) row.counted.end = p.start.AddDays(-1);  // not begun
          row.category = cat;
          row.category_code = code;
          row.current = Compute(*def, u->code, row.counted, cat);
          Period last =
              row.counted.end < row.counted.start ? p.YearBefore() : row.counted.YearBefore();
          row.last_year = Compute(*def, u->code, last, cat);
          if (row.current.value && row.last_year.value) {
            if (in->rate()) {
              row.change = *row.current.value - *row.last_year.value;
              row.change_kind = "points";
            } else if (*row.last_year.value != 0) {
              row.change = (*row.current.value - *row.last_year.value) /
                           std::abs(*row.last_year.value) * 100.0;
              row.change_kind = "percent";
            }
          }
          if (cat.kind == Category::Kind::kTotal && code.empty()) {
            row.target = external_.Target(in->id, u->code, p.start.year());
            if (row.target && *row.target > 0 && row.current.value) {
              row.completion = *row.current.value / *row.target * 100.0;
              if (in->rate()) {
                row.progress = row.completion;
              } else if (row.counted.end >= row.counted.start) {
                Date jan1 = *Date::FromYmd(p.start.year(), 1, 1);
                Date dec31 = *Date::FromYmd(p.start.year(), 12, 31);
                double elapsed = static_cast<double>(row.counted.end.days() - jan1.days() + 1) /
                                 static_cast<double>(dec31.days() - jan1.days() + 1);
                if (elapsed > 0)
                  row.progress = *row.current.value / (*row.target * elapsed) * 100.0;
              }
            }
          }
          rows.push_back(std::move(row));
        }
      }
    }
  }
  // Ranks among siblings: same indicator, period, category and parent.
  std::map<std::tuple<std::string, std::string, std::string, std::string>, std::vector<size_t>>
      groups;
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    groups[{r.dx->id, r.pe.code, r.category_code, r.ou->parent_code}].push_back(i);
  }
  for (auto& [key, idx] : groups) {
    std::stable_sort(idx.begin(), idx.end(), [&](size_t a, size_t b) {
      const auto& va = rows[a].current.value;
      const auto& vb = rows[b].current.value;
      if (va.has_value() != vb.has_value()) return va.has_value();
      return va && vb && *va > *vb;
    });
    // Equal values share the better rank ("1, 1, 3"), so a rank never
    // depends on the order the units were asked in; rows without a value
    // come after every row with one.
    for (size_t k = 0; k < idx.size(); ++k) {
      bool tie = k > 0 && rows[idx[k]].current.value == rows[idx[k - 1]].current.value;
      rows[idx[k]].rank = tie ? rows[idx[k - 1]].rank : static_cast<int>(k) + 1;
      rows[idx[k]].siblings = static_cast<int>(idx.size());
    }
  }
  return rows;
}

}  // namespace yilian::indicator
