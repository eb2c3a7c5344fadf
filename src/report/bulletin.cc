#include "report/bulletin.h"

#include <cmath>
#include <map>

#include <fmt/format.h>

namespace yilian::report {
namespace {

using indicator::AnalyticsQuery;
using indicator::AnalyticsRow;

std::string DateText(Date d) { return fmt::format("{}年{}月{}日", d.year(), d.month(), d.day()); }

std::string PeriodText(const Period& p) {
  if (p.kind == "year") return fmt::format("{}年", p.start.year());
  if (p.kind == "half")
    return fmt::format("{}年{}半年", p.start.year(), p.start.month() == 1 ? "上" : "下");
  if (p.kind == "quarter")
    return fmt::format("{}年第{}季度", p.start.year(), (p.start.month() + 2) / 3);
  if (p.kind == "month") return fmt::format("{}年{}月", p.start.year(), p.start.month());
  if (p.kind == "day") return DateText(p.start);
  return DateText(p.start) + "至" + DateText(p.end);
}

std::string ScopeWord(const OrgUnit& u) {
  switch (u.level) {
    case 1:
      return "全省";
    case 2:
      return "全市";
    case 3:
      return u.name.size() >= 3 && u.name.substr(u.name.size() - 3) == "区" ? "全区" : "全县";
    case 4:
      return "全乡镇";
    default:
      return "全村";
  }
}

std::string ChildWord(int level) {
  switch (level) {
    case 1:
      return "市";
    case 2:
      return "县（区）";
    case 3:
      return "乡镇";
    default:
      return "村";
  }
}

// The figures of one report, fetched in one evaluation.
class Figures {
 public:
  Figures(const indicator::Analytics& an, const indicator::IndicatorSet& set,
          std::vector<const OrgUnit*> units, std::vector<Period> periods,
          const std::vector<std::string>& ids, Date today) {
    AnalyticsQuery q;
    for (const auto& id : ids)
      if (const auto* in = set.Find(id)) q.dx.push_back(in);
    q.ou = std::move(units);
    q.pe = std::move(periods);
    q.today = today;
    for (auto& row : an.Evaluate(q)) {
      std::string key = row.dx->id + "|" + row.ou->code + "|" + row.pe.code;
      rows_.emplace(std::move(key), std::move(row));
    }
  }
  const AnalyticsRow* Get(const std::string& dx, const std::string& ou,
                          const std::string& pe) const {
    auto it = rows_.find(dx + "|" + ou + "|" + pe);
    return it == rows_.end() ? nullptr : &it->second;
  }

 private:
  std::map<std::string, AnalyticsRow> rows_;
};

Cell NumberCell(std::optional<double> v, const std::string& format, int decimals) {
  Cell c;
  c.number = v;
  c.format = format;
  c.decimals = decimals;
  if (!v) c.text = "—";
  return c;
}

Cell TextCell(std::string s) {
  Cell c;
  c.text = std::move(s);
  return c;
}

}  // namespace

std::string CountText(double v) {
  if (std::abs(v) >= 100000) return fmt::format("{:.2f}万", v / 10000);
  return fmt::format("{}", static_cast<int64_t>(std::llround(v)));
}

std::string RateText(double v) { return fmt::format("{:.1f}", v); }

std::string ChangeText(bool rate, double current, double last, const std::string& unit) {
  if (rate) {
    double d = current - last;
    if (std::abs(d) < 0.05) return "与去年同期持平";
    return fmt::format("比去年同期{}{:.1f}个百分点", d > 0 ? "提高" : "下降", std::abs(d));
  }
  double d = current - last;
  if (last == 0) return current == 0 ? "与去年同期持平" : "去年同期为0";
  if (d == 0) return "与去年同期持平";
  return fmt::format("比去年同期的{}{}{}{}{}，{}为{:.2f}%", CountText(last), unit,
                     d > 0 ? "增加" : "减少", CountText(std::abs(d)), unit, d > 0 ? "增幅" : "降幅",
                     std::abs(d) / last * 100.0);
}

Report BuildReport(const std::string& kind, const OrgUnit& unit, const Period& period,
                   const indicator::Analytics& analytics, const indicator::IndicatorSet& set,
                   const OrgTree& tree, Date today) {
  Report r;
  r.kind = kind;
  r.org_unit_code = unit.code;
  r.period = period.code;
  r.title = unit.name +
            (kind == "annual" ? "基本公共卫生服务年度工作总结" : "基本公共卫生服务工作月通报");
  r.subtitle = PeriodText(period);
  r.generated_at = NowTimestamp();

  std::vector<const OrgUnit*> children;
  for (const OrgUnit* c : tree.Children(unit.code))
    if (c->status == "active") children.push_back(c);
  std::vector<const OrgUnit*> units = {&unit};
  units.insert(units.end(), children.begin(), children.end());
  std::vector<Period> periods = {period};
  std::vector<Period> months;
  if (kind == "annual") {
    for (int m = 1; m <= 12; ++m) {
      auto p = ParsePeriod(fmt::format("{}{:02}", period.start.year(), m));
      if (p.ok() && p->start <= today) months.push_back(*p);
    }
    periods.insert(periods.end(), months.begin(), months.end());
  }
  // Every indicator: the sentences and tables name most, targets may name any.
  std::vector<std::string> ids;
  for (const auto& in : set.all()) ids.push_back(in.id);
  Figures f(analytics, set, units, periods, ids, today);
  const std::string pe = period.code;
  auto row = [&](const std::string& dx, const OrgUnit* u = nullptr) {
    return f.Get(dx, (u ? u : &unit)->code, pe);
  };
  auto num = [&](const std::string& dx) {
    const AnalyticsRow* x = row(dx);
    return x ? x->current.numerator : 0.0;
  };
  auto val = [&](const std::string& dx) -> std::optional<double> {
    const AnalyticsRow* x = row(dx);
    return x ? x->current.value : std::nullopt;
  };
  auto rate = [&](const std::string& dx) {
    auto v = val(dx);
    return v ? RateText(*v) + "%" : std::string("—");
  };
  auto change = [&](const std::string& dx, const std::string& unit_word) {
    const AnalyticsRow* x = row(dx);
    if (!x || !x->current.value || !x->last_year.value) return std::string();
    return "，" + ChangeText(x->dx->rate(), *x->current.value, *x->last_year.value, unit_word);
  };
  const AnalyticsRow* any = row("records");
  Date as_of = any ? any->counted.end : period.end;
  const std::string scope = ScopeWord(unit);
  const std::string when = PeriodText(period);

  Section overview;
  overview.title = "一、总体情况";
  overview.paragraphs.push_back(fmt::format("截至{}，{}常住人口{}人，建档{}人，建档率{}{}。",
                                            DateText(as_of), scope, CountText(num("population")),
                                            CountText(num("records")), rate("record_rate"),
                                            change("record_rate", "")));
  overview.paragraphs.push_back(fmt::format(
      "家庭医生签约服务：{}签约{}人，签约率{}{}；重点人群签约{}人，签约率{}"
      "；其中65岁及以上老年人签约率{}，"
      "高血压患者签约率{}，糖尿病患者签约率{}，残疾人签约率{}，脱贫及监测人口签约率{}。履约率{}。",
      scope, CountText(num("contracted")), rate("contract_rate"), change("contract_rate", ""),
      CountText(row("key_contract_rate") ? row("key_contract_rate")->current.numerator : 0),
      rate("key_contract_rate"), rate("elderly_contract_rate"), rate("htn_contract_rate"),
      rate("dm_contract_rate"), rate("disabled_contract_rate"), rate("poor_contract_rate"),
      rate("fulfilment_rate")));
  overview.paragraphs.push_back(fmt::format(
      "慢性病患者健康管理：高血压患者管理{}人，规范管理率{}{}，血压控制率{}；2型糖尿病患者管理{}"
      "人，规范管理率{}，"
      "血糖控制率{}；严重精神障碍患者管理{}人，规范管理率{}。",
      CountText(num("htn_managed")), rate("htn_standard_rate"), change("htn_standard_rate", ""),
      rate("htn_control_rate"), CountText(num("dm_managed")), rate("dm_standard_rate"),
      rate("dm_control_rate"), CountText(num("smi_managed")), rate("smi_standard_rate")));
  overview.paragraphs.push_back(fmt::format(
      "老年人和儿童健康管理：65岁及以上老年人{}人，老年人健康管理率{}{}；0-6岁儿童健康管理率{}。",
      CountText(num("elderly")), rate("elderly_management_rate"),
      change("elderly_management_rate", ""), rate("child_management_rate")));
  overview.paragraphs.push_back(
      fmt::format("孕产妇健康管理：{}活产{}人，早孕建册率{}，产后访视率{}。", when,
                  CountText(num("deliveries")), rate("early_registration_rate"),
                  rate("postpartum_visit_rate")));
  overview.paragraphs.push_back(fmt::format(
      "服务量：{}共提供基本公共卫生服务{}人次{}；其中高血压患者随访管理{}人次，糖尿病患者{}人次，"
      "老年人健康管理{}人次，0-6岁儿童健康管理{}人次，孕产妇健康管理{}"
      "人次；经双卡或人脸核验获取工分{}分{}。",
      when, CountText(num("services")), change("services", "人次"),
      CountText(num("services_hypertension")), CountText(num("services_diabetes")),
      CountText(num("services_elderly")), CountText(num("services_child")),
      CountText(num("services_maternal")), CountText(num("work_points")),
      change("work_points", "分")));
  r.sections.push_back(std::move(overview));

  if (!children.empty()) {
    Section by_child;
    by_child.title = "二、各" + ChildWord(unit.level) + "情况";
    Table t;
    t.title = "各" + ChildWord(unit.level) + "主要指标（" + when + "）";
    t.headers = {"单位",
                 "建档率(%)",
                 "签约率(%)",
                 "签约率排名",
                 "重点人群签约率(%)",
                 "高血压规范管理率(%)",
                 "糖尿病规范管理率(%)",
                 "老年人健康管理率(%)",
                 "服务人次",
                 "工分",
                 "签约率目标(%)",
                 "签约任务完成率(%)"};
    auto line = [&](const OrgUnit* u, bool total) {
      std::vector<Cell> cells;
      cells.push_back(TextCell(total ? "合计" : u->name));
      auto v = [&](const std::string& dx) {
        const AnalyticsRow* x = row(dx, u);
        return x ? x->current.value : std::nullopt;
      };
      cells.push_back(NumberCell(v("record_rate"), "rate", 1));
      cells.push_back(NumberCell(v("contract_rate"), "rate", 1));
      const AnalyticsRow* cr = row("contract_rate", u);
      cells.push_back(total || !cr ? TextCell("")
                                   : TextCell(fmt::format("{}/{}", cr->rank, cr->siblings)));
      cells.push_back(NumberCell(v("key_contract_rate"), "rate", 1));
      cells.push_back(NumberCell(v("htn_standard_rate"), "rate", 1));
      cells.push_back(NumberCell(v("dm_standard_rate"), "rate", 1));
      cells.push_back(NumberCell(v("elderly_management_rate"), "rate", 1));
      cells.push_back(NumberCell(v("services"), "count", 0));
      cells.push_back(NumberCell(v("work_points"), "points", 1));
      cells.push_back(NumberCell(cr ? cr->target : std::nullopt, "rate", 1));
      cells.push_back(NumberCell(cr ? cr->completion : std::nullopt, "rate", 1));
      t.rows.push_back(std::move(cells));
    };
    std::vector<const OrgUnit*> ranked = children;
    std::stable_sort(ranked.begin(), ranked.end(), [&](const OrgUnit* a, const OrgUnit* b) {
      const AnalyticsRow* ra = row("contract_rate", a);
      const AnalyticsRow* rb = row("contract_rate", b);
      return (ra ? ra->rank : 1 << 20) < (rb ? rb->rank : 1 << 20);
    });
    for (const OrgUnit* c : ranked) line(c, false);
    line(&unit, true);
    t.note = "排名按签约率由高到低；目标为年度目标。";
    Chart chart;
    chart.title = "各" + ChildWord(unit.level) + "家庭医生签约率";
    chart.kind = "bar";
    chart.unit = "%";
    for (const OrgUnit* c : ranked) {
      const AnalyticsRow* cr = row("contract_rate", c);
      chart.labels.push_back(c->name);
      chart.values.push_back(cr && cr->current.value ? *cr->current.value : 0);
    }
    if (const AnalyticsRow* cr = row("contract_rate"); cr && cr->target) chart.target = cr->target;
    if (ranked.size() >= 3) {
      auto name_rate = [&](const OrgUnit* c) {
        const AnalyticsRow* cr = row("contract_rate", c);
        return c->name + "（" +
               (cr && cr->current.value ? RateText(*cr->current.value) + "%" : "—") + "）";
      };
      by_child.paragraphs.push_back(
          "签约率前三位：" + name_rate(ranked[0]) + "、" + name_rate(ranked[1]) + "、" +
          name_rate(ranked[2]) + "；后三位：" + name_rate(ranked[ranked.size() - 3]) + "、" +
          name_rate(ranked[ranked.size() - 2]) + "、" + name_rate(ranked.back()) + "。");
    }
    by_child.tables.push_back(std::move(t));
    by_child.charts.push_back(std::move(chart));
    r.sections.push_back(std::move(by_child));
  }

  Section targets;
  targets.title = children.empty() ? "二、目标任务完成情况" : "三、目标任务完成情况";
  Table tt;
  tt.title = "年度目标任务完成情况";
  tt.headers = {"指标", "目标值", "完成值", "单位", "任务完成率(%)", "时序进度(%)"};
  for (const auto& in : set.all()) {
    const AnalyticsRow* x = row(in.id);
    if (!x || !x->target) continue;
    tt.rows.push_back({TextCell(in.name), NumberCell(x->target, in.rate() ? "rate" : "count", 1),
                       NumberCell(x->current.value, in.rate() ? "rate" : "count", in.decimals),
                       TextCell(in.unit), NumberCell(x->completion, "rate", 1),
                       NumberCell(in.rate() ? std::nullopt : x->progress, "rate", 1)});
  }
  if (tt.rows.empty()) {
    targets.paragraphs.push_back(
        "本单位本年度尚未设定目标任务（在“目标管理”中设定，或用 yilian import --kind targets "
        "导入）。");
  } else {
    int met = 0;
    for (const auto& rw : tt.rows)
      if (rw[4].number && *rw[4].number >= 100) ++met;
    targets.paragraphs.push_back(
        fmt::format("设定目标的{}项指标中，已完成{}项，其余{}项尚未达到目标。", tt.rows.size(), met,
                    tt.rows.size() - met));
    targets.tables.push_back(std::move(tt));
  }
  r.sections.push_back(std::move(targets));

  if (kind == "annual" && !months.empty()) {
    Section trend;
    trend.title = children.empty() ? "三、月度趋势" : "四、月度趋势";
    Table mt;
    mt.title = "逐月服务量与主要指标";
    mt.headers = {
        "月份", "服务人次", "工分", "签约率(%)", "高血压规范管理率(%)", "糖尿病规范管理率(%)"};
    Chart services;
    services.title = "逐月基本公共卫生服务人次";
    services.kind = "line";
    services.unit = "人次";
    for (const auto& m : months) {
      auto v = [&](const std::string& dx) {
        const AnalyticsRow* x = f.Get(dx, unit.code, m.code);
        return x ? x->current.value : std::nullopt;
      };
      bool partial = today < m.end;
      mt.rows.push_back(
          {TextCell(partial ? fmt::format("{}月（至{}日）", m.start.month(), today.day())
                            : fmt::format("{}月", m.start.month())),
           NumberCell(v("services"), "count", 0), NumberCell(v("work_points"), "points", 1),
           NumberCell(v("contract_rate"), "rate", 1), NumberCell(v("htn_standard_rate"), "rate", 1),
           NumberCell(v("dm_standard_rate"), "rate", 1)});
      services.labels.push_back(fmt::format("{}月", m.start.month()));
      services.values.push_back(v("services").value_or(0));
    }
    mt.note =
        "签约率、规范管理率为月末时点值；规范管理率按季度进度计（第q季度末应已随访q次），季度初月份"
        "偏低。";
    trend.tables.push_back(std::move(mt));
    trend.charts.push_back(std::move(services));
    r.sections.push_back(std::move(trend));
  }
  return r;
}

}  // namespace yilian::report
