#include "workpoint/fund_run.h"

#include <fmt/format.h>

#include "core/json_fields.h"
#include "storage/rows.h"

namespace yilian {
namespace {

using nlohmann::json;

int64_t Cents(double yuan) { return std::llround(yuan * 100.0); }

json RequestToJson(const FundRunRequest& r) {
  json q = json::object();
  for (const auto& [id, m] : r.quality_milli)
    q[std::to_string(id)] = static_cast<double>(m) / 1000.0;
  json j = {{"org_unit_code", r.org_unit_code},
            {"year", r.year},
            {"kind", r.kind},
            {"prepay_ratio_percent", r.prepay_ratio_percent},
            {"quality", q}};
  if (r.kind == "prepayment") j["quarter"] = r.quarter;
  if (r.per_capita_cents) j["per_capita_yuan"] = static_cast<double>(*r.per_capita_cents) / 100.0;
  if (r.budget_cents) j["budget_yuan"] = static_cast<double>(*r.budget_cents) / 100.0;
  if (r.population) j["population"] = *r.population;
  return j;
}

json AllocationToJson(const Allocation& a) {
  json lines = json::array();
  for (const auto& l : a.lines) {
    lines.push_back({{"facility_id", l.facility_id},
                     {"facility_name", l.name},
                     {"points", static_cast<double>(l.points_centi) / 100.0},
                     {"quality", static_cast<double>(l.quality_milli) / 1000.0},
                     {"share_yuan", static_cast<double>(l.share_cents) / 100.0},
                     {"prepaid_yuan", static_cast<double>(l.prepaid_cents) / 100.0},
                     {"payable_yuan", static_cast<double>(l.payable_cents) / 100.0},
                     {"working", l.working}});
  }
  return {{"pool_yuan", static_cast<double>(a.pool_cents) / 100.0},
          {"total_points", static_cast<double>(a.total_points_centi) / 100.0},
          {"facilities", lines}};
}

Allocation AllocationFromJson(const json& j) {
  Allocation a;
  a.pool_cents = Cents(j.value("pool_yuan", 0.0));
  a.total_points_centi = std::llround(j.value("total_points", 0.0) * 100);
  for (const auto& l : j.value("facilities", json::array())) {
    AllocationLine line;
    line.facility_id = l.value("facility_id", int64_t{0});
    line.name = l.value("facility_name", "");
    line.points_centi = std::llround(l.value("points", 0.0) * 100);
    line.quality_milli = std::llround(l.value("quality", 1.0) * 1000);
    line.share_cents = Cents(l.value("share_yuan", 0.0));
    line.prepaid_cents = Cents(l.value("prepaid_yuan", 0.0));
    line.payable_cents = Cents(l.value("payable_yuan", 0.0));
    line.working = l.value("working", "");
    a.lines.push_back(std::move(line));
  }
  return a;
}

FundRun FromRow(storage::Statement& s) {
  FundRun run;
  run.id = s.Int(0);
  json inputs = json::parse(s.Text(5), nullptr, false);
  json result = json::parse(s.Text(6), nullptr, false);
  FieldErrors ignored;
  if (inputs.is_object()) {
    inputs.erase("dry_run");
    FundRunRequestFromJson(inputs, &run.request, &ignored);
  }
  run.period = storage::TextOr(s, 3);
  if (result.is_object()) {
    run.population = result.value("population", int64_t{0});
    run.budget_cents = Cents(result.value("budget_yuan", 0.0));
    run.allocation = AllocationFromJson(result.value("allocation", json::object()));
    for (const auto& line : result.value("explanation", json::array()))
      run.explanation.push_back(line.get<std::string>());
  }
  run.created_by = storage::TextOr(s, 7);
  run.created_at = storage::TextOr(s, 8);
  return run;
}

constexpr const char* kColumns =
    "id, org_unit_code, year, period, kind, inputs, result, created_by, created_at";

}  // namespace

void FundRunRequestFromJson(const json& j, FundRunRequest* r, FieldErrors* errs) {
  JsonFields f(j, errs);
  f.Str("org_unit_code", &r->org_unit_code, true, 12);
  int64_t year = 0, quarter = 0, ratio = r->prepay_ratio_percent;
  f.Int("year", &year, true, 2000, 2100);
  r->year = static_cast<int>(year);
  f.Str("kind", &r->kind, true, 20);
  if (r->kind != "prepayment" && r->kind != "settlement" && !r->kind.empty())
    errs->Add("kind", "must be prepayment or settlement");
  if (f.Int("quarter", &quarter, r->kind == "prepayment", 1, 4))
    r->quarter = static_cast<int>(quarter);
  if (r->kind == "settlement" && f.Has("quarter"))
    errs->Add("quarter", "applies to a prepayment only");
  auto money = [&](const char* name, std::optional<int64_t>* out) {
    if (!f.Has(name)) return;
    const json* v = f.Raw(name);
    if (!v->is_number() || v->get<double>() < 0 || v->get<double>() > 1e12) {
      errs->Add(name, "must be an amount of yuan, 0 or more");
      return;
    }
    *out = Cents(v->get<double>());
  };
  money("per_capita_yuan", &r->per_capita_cents);
  money("budget_yuan", &r->budget_cents);
  if (r->per_capita_cents.has_value() == r->budget_cents.has_value())
    errs->Add("per_capita_yuan", "give either per_capita_yuan or budget_yuan");
  f.OptInt("population", &r->population, 1, 1000000000);
  if (f.Int("prepay_ratio_percent", &ratio, false, 0, 100)) r->prepay_ratio_percent = ratio;
  if (const json* q = f.Raw("quality")) {
    if (!q->is_object()) {
      errs->Add("quality", "must map facility ids to coefficients, e.g. {\"12\": 0.95}");
    } else {
      for (const auto& [k, v] : q->items()) {
        int64_t id = std::atoll(k.c_str());
        if (id <= 0 || std::to_string(id) != k) {
          errs->Add("quality." + k, "is not a facility id");
        } else if (!v.is_number() || v.get<double>() < 0 || v.get<double>() > 2) {
          errs->Add("quality." + k, "must be a coefficient from 0 to 2");
        } else {
          r->quality_milli[id] = std::llround(v.get<double>() * 1000);
        }
      }
    }
  }
  f.Bool("dry_run", &r->dry_run);
  f.Finish();
}

json FundRunToJson(const FundRun& run) {
  return {{"id", run.id == 0 ? json(nullptr) : json(run.id)},
          {"request", RequestToJson(run.request)},
          {"period", run.period},
          {"population", run.population},
          {"budget_yuan", static_cast<double>(run.budget_cents) / 100.0},
          {"allocation", AllocationToJson(run.allocation)},
          {"explanation", run.explanation},
          {"created_by", run.created_by},
          {"created_at", run.created_at}};
}

std::string FundRunToCsv(const FundRun& run) {
  auto cell = [](std::string s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string q = "\"";
    for (char ch : s) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    return q + "\"";
  };
  std::string out = "机构编号,机构名称,工分,质量系数,分配金额(元),已预拨(元),应拨付(元),计算过程\n";
  for (const auto& l : run.allocation.lines) {
    out += fmt::format("{},{},{},{},{:.2f},{:.2f},{:.2f},{}\n", l.facility_id, cell(l.name),
                       FormatPoints(l.points_centi), FormatQuality(l.quality_milli),
                       static_cast<double>(l.share_cents) / 100.0,
                       static_cast<double>(l.prepaid_cents) / 100.0,
                       static_cast<double>(l.payable_cents) / 100.0, cell(l.working));
  }
  return out;
}

Result<FundRun> FundRunRegistry::Run(const FundRunRequest& req, const std::string& by) {
  auto tree = org_units_.tree();
  const OrgUnit* unit = tree->Find(req.org_unit_code);
  if (!unit) {
    return Status::InvalidField("org_unit_code",
                                "org unit " + req.org_unit_code + " does not exist");
  }
  FundRun run;
  run.request = req;
  run.period = req.kind == "prepayment" ? fmt::format("{}Q{}", req.year, req.quarter)
                                        : std::to_string(req.year);
  Date from = *Date::FromYmd(req.year, req.kind == "prepayment" ? 3 * req.quarter - 2 : 1, 1);
  Date to =
      req.kind == "prepayment" ? from.AddMonths(3).AddDays(-1) : *Date::FromYmd(req.year, 12, 31);
  auto ranges = tree->CodeRanges(req.org_unit_code);
  struct Fac {
    int64_t id;
    std::string name;
  };
  std::vector<Fac> facilities;
  std::map<int64_t, int64_t> prepaid;
  Status s = db_.Read([&](storage::Connection& c) {
    std::string sql = "SELECT id, name FROM facilities WHERE " +
                      storage::RangeClause("org_unit_code", ranges.size()) + " ORDER BY id";
    auto st = c.Prepare(sql);
    if (!st.ok()) return st.status();
    int i = 0;
    for (const auto& [lo, hi] : ranges) {
      (*st)->BindText(++i, lo);
      (*st)->BindText(++i, hi);
    }
    while (true) {
      auto row = (*st)->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      facilities.push_back({(*st)->Int(0), std::string((*st)->Text(1))});
    }
    if (!req.population) {
      std::string count = "SELECT count(*) FROM residents WHERE status = 'active' AND " +
                          storage::RangeClause("village_code", ranges.size());
      auto cs = c.Prepare(count);
      if (!cs.ok()) return cs.status();
      int k = 0;
      for (const auto& [lo, hi] : ranges) {
        (*cs)->BindText(++k, lo);
        (*cs)->BindText(++k, hi);
      }
      auto row = (*cs)->Step();
      if (!row.ok()) return row.status();
      run.population = (*cs)->Int(0);
      storage::Drain(**cs);
    }
    if (req.kind == "settlement") {
      // The latest saved pre-payment of each quarter.
      auto ps = c.Prepare(std::string("SELECT ") + kColumns +
                          " FROM fund_runs WHERE org_unit_code = ? AND year = ? AND kind = "
                          "'prepayment' ORDER BY id");
      if (!ps.ok()) return ps.status();
      storage::Bind(**ps, req.org_unit_code, static_cast<int64_t>(req.year));
      std::map<std::string, FundRun> latest;
      while (true) {
        auto row = (*ps)->Step();
        if (!row.ok()) return row.status();
        if (!*row) break;
        FundRun p = FromRow(**ps);
        latest[p.period] = std::move(p);
      }
      for (const auto& [period, p] : latest) {
        for (const auto& l : p.allocation.lines) prepaid[l.facility_id] += l.share_cents;
        run.explanation.push_back("已预拨 " + period + "：" + FormatYuan(p.allocation.pool_cents) +
                                  " 元（拨付记录 " + std::to_string(p.id) + "）");
      }
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  if (req.population) run.population = *req.population;
  for (const auto& [id, q] : req.quality_milli) {
    bool known = false;
    for (const auto& f : facilities) known = known || f.id == id;
    if (!known) {
      return Status::InvalidField("quality." + std::to_string(id),
                                  "facility " + std::to_string(id) + " is not under " + unit->name);
    }
  }
  std::vector<std::string> head;
  if (req.budget_cents) {
    run.budget_cents = *req.budget_cents;
    head.push_back("年度资金 = " + FormatYuan(run.budget_cents) + " 元（给定）");
  } else {
    run.budget_cents = *req.per_capita_cents * run.population;
    head.push_back(fmt::format("年度资金 = 人均 {} 元 × 服务人口 {} 人 = {} 元",
                               FormatYuan(*req.per_capita_cents), run.population,
                               FormatYuan(run.budget_cents)));
  }
  int64_t pool = run.budget_cents;
  if (req.kind == "prepayment") {
    pool = static_cast<int64_t>(static_cast<__int128>(run.budget_cents) * req.prepay_ratio_percent /
                                400);
    head.push_back(fmt::format("第{}季度预拨资金池 = {} × {}% ÷ 4 = {} 元（取整到分）", req.quarter,
                               FormatYuan(run.budget_cents), req.prepay_ratio_percent,
                               FormatYuan(pool)));
  } else {
    head.push_back("年终结算资金池 = 年度资金 " + FormatYuan(pool) +
                   " 元，按全年工分 × 质量系数分配，减去已预拨");
  }
  head.push_back("工分：" + from.ToIso() + " 至 " + to.ToIso() + " 经双卡或人脸核验的服务工分（" +
                 unit->name + "辖区机构）");
  run.explanation.insert(run.explanation.begin(), head.begin(), head.end());

  std::vector<FacilityWeight> weights;
  live_.Read([&](const live::Aggregates& a) {
    for (const auto& f : facilities) {
      FacilityWeight w;
      w.facility_id = f.id;
      w.name = f.name;
      w.points_centi = a.points.Of(PointLedger::By::kFacility, f.id, from, to).points_centi;
      if (req.kind == "settlement") {
        auto q = req.quality_milli.find(f.id);
        w.quality_milli = q == req.quality_milli.end() ? 1000 : q->second;
        auto p = prepaid.find(f.id);
        w.prepaid_cents = p == prepaid.end() ? 0 : p->second;
      }
      if (w.points_centi > 0 || w.prepaid_cents != 0) weights.push_back(std::move(w));
    }
    return 0;
  });
  run.allocation = Allocate(pool, std::move(weights));
  run.created_by = by;
  run.created_at = NowTimestamp();
  if (req.dry_run) return run;
  json result = {{"population", run.population},
                 {"budget_yuan", static_cast<double>(run.budget_cents) / 100.0},
                 {"allocation", AllocationToJson(run.allocation)},
                 {"explanation", run.explanation}};
  s = db_.Write([&](storage::Connection& c) {
    auto st = c.Prepare(
        "INSERT INTO fund_runs (org_unit_code, year, period, kind, inputs, result, created_by, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    if (!st.ok()) return st.status();
    storage::Bind(**st, req.org_unit_code, static_cast<int64_t>(req.year), run.period, req.kind,
                  RequestToJson(req).dump(), result.dump(), by, run.created_at);
    auto row = (*st)->Step();
    if (!row.ok()) return row.status();
    run.id = (*st)->Int(0);
    storage::Drain(**st);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return run;
}

Result<FundRun> FundRunRegistry::Get(int64_t id) {
  std::optional<FundRun> out;
  Status s = db_.Read([&](storage::Connection& c) {
    auto st = c.Prepare(std::string("SELECT ") + kColumns + " FROM fund_runs WHERE id = ?");
    if (!st.ok()) return st.status();
    storage::Bind(**st, id);
    auto rows = storage::ReadRows<FundRun>(**st, FromRow, 1);
    if (!rows.ok()) return rows.status();
    if (rows->empty())
      return Status::NotFound("fund run " + std::to_string(id) + " does not exist");
    out = std::move(rows->front());
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return std::move(*out);
}

Result<std::vector<FundRun>> FundRunRegistry::List(const std::string& org_unit_code,
                                                   std::optional<int> year) {
  std::vector<FundRun> out;
  Status s = db_.Read([&](storage::Connection& c) {
    std::string sql = std::string("SELECT ") + kColumns + " FROM fund_runs WHERE org_unit_code = ?";
    if (year) sql += " AND year = ?";
    sql += " ORDER BY id DESC LIMIT 200";
    auto st = c.Prepare(sql);
    if (!st.ok()) return st.status();
    (*st)->BindText(1, org_unit_code);
    if (year) (*st)->BindInt(2, *year);
    auto rows = storage::ReadRows<FundRun>(**st, FromRow);
    if (!rows.ok()) return rows.status();
    out = std::move(*rows);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace yilian
