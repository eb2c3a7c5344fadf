#include <map>

#include "facility/facility_json.h"
#include "facility/facility_registry.h"
#include "facility/facility_store.h"
#include "transfer/transfer_kind.h"

namespace yilian {

namespace {

// The "id" of an import record: kept, so the records that refer to it
// (practitioners, teams, residents) still do after a move between databases.
// 0 when absent: the database assigns one.
Result<int64_t> ImportedId(const nlohmann::json& j) {
  auto it = j.find("id");
  if (it == j.end() || it->is_null()) return int64_t{0};
  if (!it->is_number_integer() || it->get<int64_t>() < 1) {
    return Status::InvalidField("id", "must be a positive integer");
  }
  return it->get<int64_t>();
}

}  // namespace

// Alliances load before facilities (a facility names its alliance), so an
// alliance's lead cannot travel with it: it travels on the lead's facility
// row as "alliance_lead".
TransferKind AllianceTransferKind() {
  TransferKind k;
  k.name = "alliances";
  // Must match the order of AllianceToCsv.
  k.columns = {{"id", ColumnType::kInt}, {"name"}, {"org_unit_code"}};
  k.import_one = [](storage::Connection& c, const nlohmann::json& j,
                    ImportContext& ctx) -> Result<std::string> {
    auto id = ImportedId(j);
    if (!id.ok()) return id.status();
    MedicalAlliance a;
    FieldErrors errs;
    AllianceFromJson(j, &a, &errs);
    YILIAN_RETURN_IF_ERROR(errs.ToStatus("alliance"));
    a.id = *id;
    auto created = FacilityRegistry::CreateAllianceIn(c, std::move(a), *ctx.tree);
    if (!created.ok()) return created.status();
    return std::to_string(created->id);
  };
  k.export_all = [](storage::Connection& c, const auto& emit) -> Status {
    for (int64_t after = 0;;) {
      auto batch = facility_store::ScanAlliances(c, after, 1000);
      if (!batch.ok()) return batch.status();
      if (batch->empty()) break;
      for (const auto& a : *batch) {
        nlohmann::json j = AllianceToJson(a, nullptr);
        j.erase("lead_facility_id");
        YILIAN_RETURN_IF_ERROR(emit(j, AllianceToCsv(a)));
      }
      after = batch->back().id;
    }
    return Status::Ok();
  };
  return k;
}

TransferKind FacilityTransferKind() {
  using CT = ColumnType;
  TransferKind k;
  k.name = "facilities";
  // Must match the order of FacilityToCsv.
  k.columns = {{"id", CT::kInt},
               {"code"},
               {"name"},
               {"type"},
               {"org_unit_code"},
               {"alliance_id", CT::kInt},
               {"alliance_lead", CT::kBool},
               {"beds", CT::kInt},
               {"phone"},
               {"status"}};
  k.import_one = [](storage::Connection& c, const nlohmann::json& j,
                    ImportContext& ctx) -> Result<std::string> {
    auto id = ImportedId(j);
    if (!id.ok()) return id.status();
    nlohmann::json body = j;
    bool lead = false;
    if (auto it = body.find("alliance_lead"); it != body.end()) {
      if (!it->is_null() && !it->is_boolean()) {
        return Status::InvalidField("alliance_lead", "must be true or false");
      }
      lead = it->is_boolean() && it->get<bool>();
      body.erase(it);
    }
    Facility f;
    FieldErrors errs;
    FacilityFromJson(body, &f, &errs);
    if (lead && !f.alliance_id) errs.Add("alliance_lead", "needs the alliance_id it leads");
    YILIAN_RETURN_IF_ERROR(errs.ToStatus("facility"));
    f.id = *id;
    auto created = FacilityRegistry::CreateIn(c, std::move(f), ctx.codes, *ctx.tree);
    if (!created.ok()) return created.status();
    if (lead) {
      auto a = facility_store::GetAlliance(c, *created->alliance_id);
      if (!a.ok()) return a.status();
      if (!*a) return Status::Internal("alliance vanished during import");
      if ((*a)->lead_facility_id && *(*a)->lead_facility_id != created->id) {
        return Status::Conflict("alliance " + std::to_string((*a)->id) + " already has lead " +
                                    std::to_string(*(*a)->lead_facility_id),
                                {{"alliance_lead", "the alliance already has another lead"}});
      }
      YILIAN_RETURN_IF_ERROR(facility_store::SetAllianceLead(c, (*a)->id, created->id));
    }
    return std::to_string(created->id);
  };
  k.export_all = [](storage::Connection& c, const auto& emit) -> Status {
    std::map<int64_t, int64_t> lead_of;  // alliance id -> lead facility id
    for (int64_t after = 0;;) {
      auto batch = facility_store::ScanAlliances(c, after, 1000);
      if (!batch.ok()) return batch.status();
      if (batch->empty()) break;
      for (const auto& a : *batch)
        if (a.lead_facility_id) lead_of[a.id] = *a.lead_facility_id;
      after = batch->back().id;
    }
    for (int64_t after = 0;;) {
      auto batch = facility_store::Scan(c, after, 2000);
      if (!batch.ok()) return batch.status();
      if (batch->empty()) break;
      for (const auto& f : *batch) {
        auto it = f.alliance_id ? lead_of.find(*f.alliance_id) : lead_of.end();
        bool leads = it != lead_of.end() && it->second == f.id;
        nlohmann::json j = FacilityToJson(f, nullptr, nullptr);
        j["alliance_lead"] = leads;
        YILIAN_RETURN_IF_ERROR(emit(j, FacilityToCsv(f, leads)));
      }
      after = batch->back().id;
    }
    return Status::Ok();
  };
  return k;
}

}  // namespace yilian
