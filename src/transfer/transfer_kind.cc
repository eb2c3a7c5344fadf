#include "transfer/transfer_kind.h"

#include <charconv>

#include "core/json_fields.h"

namespace yilian {

std::vector<std::string> SplitCsvList(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    // ';' or the full-width '；' that Chinese input methods type.
    size_t semi = s.find(';', start), wide = s.find("\xEF\xBC\x9B", start);
    size_t end = std::min(semi, wide);
    std::string item =
        TrimText(s.substr(start, end == std::string_view::npos ? s.size() - start : end - start));
    if (!item.empty()) out.push_back(item);
    if (end == std::string_view::npos) break;
    start = end + (end == wide ? 3 : 1);
  }
  return out;
}

nlohmann::json CsvRowToJson(const TransferKind& kind, const std::vector<std::string>& header,
                            const std::vector<std::string>& row, FieldErrors* errs) {
  nlohmann::json j = nlohmann::json::object();
  for (size_t i = 0; i < header.size() && i < row.size(); ++i) {
    const std::string& col = header[i];
    const Column* spec = nullptr;
    for (const auto& c : kind.columns)
      if (c.name == col) spec = &c;
    if (!spec) {
      errs->Add(col, "is not a column of " + kind.name);
      continue;
    }
    std::string v = TrimText(row[i]);
    if (v.empty()) continue;
    switch (spec->type) {
      case ColumnType::kText:
      case ColumnType::kDate:
        j[col] = v;
        break;
      case ColumnType::kInt: {
        int64_t n = 0;
        auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
        if (ec != std::errc() || p != v.data() + v.size())
          errs->Add(col, "must be an integer");
        else
          j[col] = n;
        break;
      }
      case ColumnType::kBool:
        if (v == "1" || v == "true" || v == "是" || v == "Y" || v == "y")
          j[col] = true;
        else if (v == "0" || v == "false" || v == "否" || v == "N" || v == "n")
          j[col] = false;
        else
          errs->Add(col, "must be 1/0, true/false or 是/否");
        break;
      case ColumnType::kList:
        j[col] = SplitCsvList(v);
        break;
      case ColumnType::kSpecial:
        if (kind.special_column) kind.special_column(col, v, &j, errs);
        break;
    }
  }
  return j;
}

const std::vector<TransferKind>& TransferKinds() {
  static const std::vector<TransferKind> kKinds = {
      OrgUnitTransferKind(),      AllianceTransferKind(),  FacilityTransferKind(),
      PractitionerTransferKind(), TeamTransferKind(),      HouseholdTransferKind(),
      ResidentTransferKind(),     EnrolmentTransferKind(), ContractTransferKind(),
      ServiceTransferKind(),      PopulationTransferKind(), TargetTransferKind()};
  return kKinds;
}

const TransferKind* FindTransferKind(std::string_view name) {
  for (const auto& k : TransferKinds())
    if (k.name == name) return &k;
  return nullptr;
}

}  // namespace yilian
