// Bulk import and export of the figures that come from outside the records:
// annual targets as a spreadsheet (one row per org unit and year, one column
// per indicator: org_unit_code,year,contract_rate,htn_standard_rate,…) and
// statistical populations (org_unit_code,year,population). A running server
// picks them up (the import marks the database changed).
#include <charconv>

#include "core/json_fields.h"
#include "indicator/external_figures.h"
#include "indicator/indicator_def.h"
#include "orgunit/org_tree.h"
#include "transfer/transfer_kind.h"

namespace yilian {
namespace {

using nlohmann::json;

Status CheckUnitAndYear(const json& j, const ImportContext& ctx, std::string* code, int* year,
                        FieldErrors* errs) {
  JsonFields f(j, errs);
  int64_t y = 0;
  f.Str("org_unit_code", code, true, 12);
  f.Int("year", &y, true, 2000, 2100);
  *year = static_cast<int>(y);
  if (!code->empty() && !ctx.tree->Find(*code)) errs->Add("org_unit_code", "no org unit " + *code);
  return Status::Ok();
}

}  // namespace

TransferKind TargetTransferKind() {
  TransferKind k;
  k.name = "targets";
  k.columns = {{"org_unit_code"}, {"year", ColumnType::kInt}};
  for (const auto& in : indicator::IndicatorSet::Default().all()) {
    k.columns.push_back({in.id, ColumnType::kSpecial});
  }
  // A target cell is a number (a rate in %, e.g. 70 or 70.5).
  k.special_column = [](const std::string& col, const std::string& text, json* obj,
                        FieldErrors* errs) {
    double v = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || p != text.data() + text.size()) {
      errs->Add(col, "must be a number");
      return;
    }
    (*obj)[col] = v;
  };
  k.import_one = [](storage::Connection& c, const json& record,
                    ImportContext& ctx) -> Result<std::string> {
    FieldErrors errs;
    std::string code;
    int year = 0;
    json unit = json::object();
    std::vector<indicator::TargetValue> targets;
    for (const auto& [key, value] : record.items()) {
      if (key == "org_unit_code" || key == "year") {
        unit[key] = value;
        continue;
      }
      const indicator::Indicator* in = indicator::IndicatorSet::Default().Find(key);
      if (!in) {
        errs.Add(key, "no indicator " + key);
        continue;
      }
      if (!value.is_number() || value.get<double>() < 0) {
        errs.Add(key, "must be a number, 0 or more");
        continue;
      }
      if (in->rate() && in->factor == 100 && value.get<double>() > 100) {
        errs.Add(key, "a rate in % is at most 100");
        continue;
      }
      targets.push_back({key, "", 0, value.get<double>()});
    }
    CheckUnitAndYear(unit, ctx, &code, &year, &errs);
    if (errs.empty() && targets.empty()) errs.Add("org_unit_code", "the row names no target");
    YILIAN_RETURN_IF_ERROR(errs.ToStatus("targets"));
    for (auto& t : targets) {
      t.org_unit_code = code;
      t.year = year;
      YILIAN_RETURN_IF_ERROR(indicator::external_store::PutTarget(c, t));
    }
    return code + "/" + std::to_string(year);
  };
  k.export_all = [](storage::Connection& c, const auto& emit) -> Status {
    auto all = indicator::external_store::LoadAll(c);
    if (!all.ok()) return all.status();
    std::map<std::pair<std::string, int>, std::map<std::string, double>> rows;
    for (const auto& [key, target] : all->targets) {
      const auto& [indicator_id, code, year] = key;
      rows[{code, year}][indicator_id] = target;
    }
    for (const auto& [unit, targets] : rows) {
      json j = {{"org_unit_code", unit.first}, {"year", unit.second}};
      std::vector<std::string> cells = {unit.first, std::to_string(unit.second)};
      for (const auto& in : indicator::IndicatorSet::Default().all()) {
        auto it = targets.find(in.id);
        if (it == targets.end()) {
          cells.emplace_back();
          continue;
        }
        j[in.id] = it->second;
        std::string v = std::to_string(it->second);
        v.erase(v.find_last_not_of('0') + 1);
        if (!v.empty() && v.back() == '.') v.pop_back();
        cells.push_back(v);
      }
      YILIAN_RETURN_IF_ERROR(emit(j, cells));
    }
    return Status::Ok();
  };
  return k;
}

TransferKind PopulationTransferKind() {
  TransferKind k;
  k.name = "populations";
  k.columns = {
      {"org_unit_code"}, {"year", ColumnType::kInt}, {"population", ColumnType::kInt}, {"source"}};
  k.import_one = [](storage::Connection& c, const json& record,
                    ImportContext& ctx) -> Result<std::string> {
    FieldErrors errs;
    JsonFields f(record, &errs);
    std::string code, source = "import";
    int64_t year = 0, population = 0;
    f.Str("org_unit_code", &code, true, 12);
    f.Int("year", &year, true, 2000, 2100);
    f.Int("population", &population, true, 0, 2000000000);
    f.Str("source", &source, false, 100);
    f.Finish();
    if (!code.empty() && !ctx.tree->Find(code)) errs.Add("org_unit_code", "no org unit " + code);
    YILIAN_RETURN_IF_ERROR(errs.ToStatus("population"));
    YILIAN_RETURN_IF_ERROR(indicator::external_store::PutPopulation(c, code, static_cast<int>(year),
                                                                    population, source));
    return code + "/" + std::to_string(year);
  };
  k.export_all = [](storage::Connection& c, const auto& emit) -> Status {
    auto all = indicator::external_store::LoadAll(c);
    if (!all.ok()) return all.status();
    for (const auto& [key, population] : all->populations) {
      json j = {{"org_unit_code", key.first}, {"year", key.second}, {"population", population}};
      YILIAN_RETURN_IF_ERROR(
          emit(j, {key.first, std::to_string(key.second), std::to_string(population), ""}));
    }
    return Status::Ok();
  };
  return k;
}

}  // namespace yilian
