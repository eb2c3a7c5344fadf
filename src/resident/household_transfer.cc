#include "resident/household_json.h"
#include "resident/household_registry.h"
#include "resident/household_store.h"
#include "transfer/transfer_kind.h"

namespace yilian {

// Households load before residents (a resident names their household), and
// the residents import gives residents new ids, so a head named by resident
// id cannot travel in this file: it is set once the residents are loaded
// (PATCH /households/{id}). An NDJSON line may still name an existing head.
TransferKind HouseholdTransferKind() {
  TransferKind k;
  k.name = "households";
  // Must match the order of HouseholdToCsv.
  k.columns = {{"id", ColumnType::kInt}, {"village_code"}, {"address"}};
  k.import_one = [](storage::Connection& c, const nlohmann::json& j,
                    ImportContext& ctx) -> Result<std::string> {
    Household h;
    FieldErrors errs;
    HouseholdFromJson(j, &h, &errs);
    // The id is kept so the residents file still names the right households.
    if (auto it = j.find("id"); it != j.end() && !it->is_null()) {
      if (!it->is_number_integer() || it->get<int64_t>() < 1) {
        errs.Add("id", "must be a positive integer");
      } else {
        h.id = it->get<int64_t>();
      }
    }
    YILIAN_RETURN_IF_ERROR(errs.ToStatus("household"));
    auto created = HouseholdRegistry::CreateIn(c, std::move(h), *ctx.tree);
    if (!created.ok()) return created.status();
    return std::to_string(created->id);
  };
  k.export_all = [](storage::Connection& c, const auto& emit) -> Status {
    for (int64_t after = 0;;) {
      auto batch = household_store::Scan(c, after, 2000);
      if (!batch.ok()) return batch.status();
      if (batch->empty()) break;
      for (const auto& h : *batch) {
        nlohmann::json j = HouseholdToJson(h, nullptr);
        j.erase("head_resident_id");
        YILIAN_RETURN_IF_ERROR(emit(j, HouseholdToCsv(h)));
      }
      after = batch->back().id;
    }
    return Status::Ok();
  };
  return k;
}

}  // namespace yilian
