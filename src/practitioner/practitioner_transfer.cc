#include "practitioner/practitioner_json.h"
#include "practitioner/practitioner_registry.h"
#include "practitioner/practitioner_store.h"
#include "transfer/transfer_kind.h"

namespace yilian {

TransferKind PractitionerTransferKind() {
  using CT = ColumnType;
  TransferKind k;
  k.name = "practitioners";
  // Must match the order of PractitionerToCsv. sex and birth_date are
  // exported for people reading the file; on import they are derived from
  // the ID number again.
  k.columns = {{"id", CT::kInt},
               {"name"},
               {"id_number"},
               {"sex"},
               {"birth_date", CT::kDate},
               {"role"},
               {"facility_id", CT::kInt},
               {"licence_no"},
               {"phone"},
               {"status"}};
  k.import_one = [](storage::Connection& c, const nlohmann::json& j,
                    ImportContext& ctx) -> Result<std::string> {
    Practitioner p;
    FieldErrors errs;
    PractitionerFromJson(j, &p, &errs);
    // The id is kept so teams in a later file still name the right people.
    if (auto it = j.find("id"); it != j.end() && !it->is_null()) {
      if (!it->is_number_integer() || it->get<int64_t>() < 1) {
        errs.Add("id", "must be a positive integer");
      } else {
        p.id = it->get<int64_t>();
      }
    }
    YILIAN_RETURN_IF_ERROR(errs.ToStatus("practitioner"));
    auto created = PractitionerRegistry::CreateIn(c, std::move(p), ctx.codes, ctx.today);
    if (!created.ok()) return created.status();
    return std::to_string(created->id);
  };
  k.export_all = [](storage::Connection& c, const auto& emit) -> Status {
    for (int64_t after = 0;;) {
      auto batch = practitioner_store::Scan(c, after, 2000);
      if (!batch.ok()) return batch.status();
      if (batch->empty()) break;
      for (const auto& p : *batch) {
        YILIAN_RETURN_IF_ERROR(
            emit(PractitionerToJson(p, nullptr, /*masked=*/false), PractitionerToCsv(p)));
      }
      after = batch->back().id;
    }
    return Status::Ok();
  };
  return k;
}

}  // namespace yilian
