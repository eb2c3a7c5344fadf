#include "core/json_fields.h"
#include "resident/resident_json.h"
#include "resident/resident_registry.h"
#include "resident/resident_store.h"
#include "transfer/transfer_kind.h"

namespace yilian {

TransferKind ResidentTransferKind() {
  using CT = ColumnType;
  TransferKind k;
  k.name = "residents";
  // Must match the order of ResidentToCsv.
  k.columns = {{"record_no"},
               {"name"},
               {"id_type"},
               {"id_number"},
               {"sex"},
               {"birth_date", CT::kDate},
               {"ethnicity"},
               {"marital_status"},
               {"blood_abo"},
               {"blood_rh"},
               {"education"},
               {"occupation"},
               {"payment_types", CT::kList},
               {"village_code"},
               {"household_id", CT::kInt},
               {"household_relation"},
               {"residence_type"},
               {"address"},
               {"phone"},
               {"contact_name"},
               {"contact_phone"},
               {"work_unit"},
               {"conditions", CT::kSpecial},
               {"disabilities", CT::kList},
               {"poverty", CT::kBool},
               {"family_planning_special", CT::kBool},
               {"status"},
               {"status_date", CT::kDate}};
  // "2@2015-03-01;3": disease code, optionally with the diagnosis date.
  k.special_column = [](const std::string& col, const std::string& text, nlohmann::json* obj,
                        FieldErrors*) {
    nlohmann::json arr = nlohmann::json::array();
    std::string_view s = text;
    while (!s.empty()) {
      size_t p = s.find(';');
      std::string item = TrimText(s.substr(0, p));
      if (!item.empty()) {
        auto at = item.find('@');
        nlohmann::json c = {{"code", item.substr(0, at)}};
        if (at != std::string::npos) c["diagnosed_on"] = item.substr(at + 1);
        arr.push_back(c);
      }
      if (p == std::string_view::npos) break;
      s.remove_prefix(p + 1);
    }
    (*obj)[col] = arr;
  };
  k.import_one = [](storage::Connection& c, const nlohmann::json& j,
                    ImportContext& ctx) -> Result<std::string> {
    Resident r;
    FieldErrors errs;
    ResidentFromJson(j, &r, &errs);
    YILIAN_RETURN_IF_ERROR(errs.ToStatus("resident"));
    // A record number in the file is the source system's; we assign our own.
    auto created = ctx.residents.CreateIn(c, std::move(r), *ctx.tree, ctx.today, &ctx.sequences);
    if (!created.ok()) return created.status();
    return created->resident.record_no;
  };
  k.prepare = [](const nlohmann::json& j, const ImportContext& ctx) -> Result<std::any> {
    Resident r;
    FieldErrors errs;
    ResidentFromJson(j, &r, &errs);
    YILIAN_RETURN_IF_ERROR(errs.ToStatus("resident"));
    YILIAN_RETURN_IF_ERROR(ctx.residents.Check(r, *ctx.tree, ctx.today));
    return std::any(std::move(r));
  };
  k.write = [](storage::Connection& c, std::any& prepared,
               ImportContext& ctx) -> Result<std::string> {
    auto created = ctx.residents.InsertChecked(c, std::any_cast<Resident&&>(std::move(prepared)),
                                               &ctx.sequences);
    if (!created.ok()) return created.status();
    return created->resident.record_no;
  };
  k.export_all = [](storage::Connection& c, const auto& emit) -> Status {
    Date today = Today();
    for (int64_t after = 0;;) {
      auto batch = resident_store::Scan(c, after, 2000);
      if (!batch.ok()) return batch.status();
      if (batch->empty()) break;
      for (const auto& r : *batch) {
        YILIAN_RETURN_IF_ERROR(emit(ResidentToJson(r, nullptr, false, today), ResidentToCsv(r)));
      }
      after = batch->back().id;
    }
    return Status::Ok();
  };
  return k;
}

}  // namespace yilian
