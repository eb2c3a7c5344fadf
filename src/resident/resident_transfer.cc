#include <charconv>

#include "core/json_fields.h"
#include "resident/resident_import_writer.h"
#include "resident/resident_json.h"
#include "resident/resident_registry.h"
#include "resident/resident_store.h"
#include "transfer/transfer_kind.h"

namespace yilian {
namespace {

// Column tags, for the CSV fast path's switch.
enum ResidentColumn {
  kRecordNo,
  kName,
  kIdType,
  kIdNumber,
  kSex,
  kBirthDate,
  kEthnicity,
  kMaritalStatus,
  kBloodAbo,
  kBloodRh,
  kEducation,
  kOccupation,
  kPaymentTypes,
  kVillageCode,
  kHouseholdId,
  kHouseholdRelation,
  kResidenceType,
  kAddress,
  kPhone,
  kContactName,
  kContactPhone,
  kWorkUnit,
  kConditions,
  kDisabilities,
  kPoverty,
  kFamilyPlanningSpecial,
  kStatus,
  kStatusDate,
  kRecordDate,
};

// The checks ResidentFromJson makes of a string field, for a trimmed CSV cell.
bool PlainText(std::string_view v, size_t max_len) {
  return IsCleanUtf8Text(v) && Utf8Length(v) <= max_len;
}

// Fills `r` from one CSV row the way CsvRowToJson + ResidentFromJson would,
// without the JSON intermediate (an import's parsing thread spends most of
// its time there otherwise). Only the plainly valid case is handled: on any
// cell that the JSON path would refuse (or that takes thought), returns false
// and the caller takes the JSON path, which owns the error messages.
bool ResidentFromCsvRow(const std::vector<const Column*>& columns,
                        const std::vector<std::string>& row, Resident* r) {
  for (size_t i = 0; i < columns.size() && i < row.size(); ++i) {
    std::string v = TrimText(row[i]);
    if (v.empty()) continue;  // an empty cell is an absent field
    auto text = [&](std::string* out, size_t max_len) {
      if (!PlainText(v, max_len)) return false;
      *out = std::move(v);
      return true;
    };
    auto date = [&](std::string_view s, auto* out) {
      auto d = Date::ParseIso(s);
      if (d) *out = *d;
      return d.has_value();
    };
    auto flag = [&](bool* out) {
      if (v == "1" || v == "true" || v == "是" || v == "Y" || v == "y") return *out = true, true;
      if (v == "0" || v == "false" || v == "否" || v == "N" || v == "n") return *out = false, true;
      return false;
    };
    auto list = [&](std::vector<std::string>* out) {
      auto items = SplitCsvList(v);
      if (items.size() > 10) return false;
      for (const auto& s : items)
        if (!PlainText(s, 4)) return false;
      *out = std::move(items);
      return true;
    };
    bool ok = true;
    switch (static_cast<ResidentColumn>(columns[i]->tag)) {
      case kRecordNo:
        break;  // the source system's number; ours is assigned
      case kName:
        ok = text(&r->name, 50);
        break;
      case kIdType:
        ok = text(&r->id_type, 4);
        break;
      case kIdNumber:
        ok = text(&r->id_number, 30);
        break;
      case kSex:
        ok = text(&r->sex, 2);
        break;
      case kBirthDate:
        ok = date(v, &r->birth_date);
        break;
      case kEthnicity:
        ok = text(&r->ethnicity, 4);
        break;
      case kMaritalStatus:
        ok = text(&r->marital_status, 4);
        break;
      case kBloodAbo:
        ok = text(&r->blood_abo, 4);
        break;
      case kBloodRh:
        ok = text(&r->blood_rh, 4);
        break;
      case kEducation:
        ok = text(&r->education, 4);
        break;
      case kOccupation:
        ok = text(&r->occupation, 4);
        break;
      case kPaymentTypes:
        ok = list(&r->payment_types);
        break;
      case kVillageCode:
        ok = text(&r->village_code, 12);
        break;
      case kHouseholdId: {
        int64_t n = 0;
        auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
        ok = ec == std::errc() && p == v.data() + v.size() && n >= 1;
        if (ok) r->household_id = n;
        break;
      }
      case kHouseholdRelation:
        ok = text(&r->household_relation, 4);
        break;
      case kResidenceType:
        ok = text(&r->residence_type, 4);
        break;
      case kAddress:
        ok = text(&r->address, 200);
        break;
      case kPhone:
        ok = text(&r->phone, 20);
        break;
      case kContactName:
        ok = text(&r->contact_name, 50);
        break;
      case kContactPhone:
        ok = text(&r->contact_phone, 20);
        break;
      case kWorkUnit:
        ok = text(&r->work_unit, 100);
        break;
      case kConditions: {
        // As the kSpecial conversion below: "2@2015-03-01;3", ';' only.
        std::vector<Condition> out;
        std::string_view s = v;
        while (ok && !s.empty()) {
          size_t p = s.find(';');
          std::string item = TrimText(s.substr(0, p));
          if (!item.empty()) {
            size_t at = item.find('@');
            std::string_view code = std::string_view(item).substr(0, at);
            Condition c;
            c.code = TrimText(code);
            ok = IsCleanUtf8Text(code) && !c.code.empty() && Utf8Length(c.code) <= 4 &&
                 (at == std::string::npos || date(item.substr(at + 1), &c.diagnosed_on));
            out.push_back(std::move(c));
          }
          if (p == std::string_view::npos) break;
          s.remove_prefix(p + 1);
        }
        ok = ok && out.size() <= 20;
        if (ok) r->conditions = std::move(out);
        break;
      }
      case kDisabilities:
        ok = list(&r->disabilities);
        break;
      case kPoverty:
        ok = flag(&r->poverty);
        break;
      case kFamilyPlanningSpecial:
        ok = flag(&r->family_planning_special);
        break;
      case kStatus:
        ok = text(&r->status, 20);
        break;
      case kStatusDate:
        ok = date(v, &r->status_date);
        break;
      case kRecordDate:
        ok = date(v, &r->record_date);
        break;
    }
    if (!ok) return false;
  }
  return true;
}

Result<std::any> Prepare(Resident r, const ImportContext& ctx) {
  YILIAN_RETURN_IF_ERROR(ctx.residents.Check(r, *ctx.tree, ctx.today));
  return std::any(std::move(r));
}

}  // namespace

TransferKind ResidentTransferKind() {
  using CT = ColumnType;
  TransferKind k;
  k.name = "residents";
  // Must match the order of ResidentToCsv.
  k.columns = {{"record_no", CT::kText, kRecordNo},
               {"name", CT::kText, kName},
               {"id_type", CT::kText, kIdType},
               {"id_number", CT::kText, kIdNumber},
               {"sex", CT::kText, kSex},
               {"birth_date", CT::kDate, kBirthDate},
               {"ethnicity", CT::kText, kEthnicity},
               {"marital_status", CT::kText, kMaritalStatus},
               {"blood_abo", CT::kText, kBloodAbo},
               {"blood_rh", CT::kText, kBloodRh},
               {"education", CT::kText, kEducation},
               {"occupation", CT::kText, kOccupation},
               {"payment_types", CT::kList, kPaymentTypes},
               {"village_code", CT::kText, kVillageCode},
               {"household_id", CT::kInt, kHouseholdId},
               {"household_relation", CT::kText, kHouseholdRelation},
               {"residence_type", CT::kText, kResidenceType},
               {"address", CT::kText, kAddress},
               {"phone", CT::kText, kPhone},
               {"contact_name", CT::kText, kContactName},
               {"contact_phone", CT::kText, kContactPhone},
               {"work_unit", CT::kText, kWorkUnit},
               {"conditions", CT::kSpecial, kConditions},
               {"disabilities", CT::kList, kDisabilities},
               {"poverty", CT::kBool, kPoverty},
               {"family_planning_special", CT::kBool, kFamilyPlanningSpecial},
               {"status", CT::kText, kStatus},
               {"status_date", CT::kDate, kStatusDate},
               {"record_date", CT::kDate, kRecordDate}};
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
    return Prepare(std::move(r), ctx);
  };
  k.prepare_csv = [](const std::vector<const Column*>& columns, const std::vector<std::string>& row,
                     const ImportContext& ctx) -> std::optional<Result<std::any>> {
    Resident r;
    if (!ResidentFromCsvRow(columns, row, &r)) return std::nullopt;
    return Prepare(std::move(r), ctx);
  };
  k.make_writer = [](storage::Connection& c,
                     ImportContext& ctx) -> Result<std::unique_ptr<RecordWriter>> {
    return ResidentImportWriter::Create(c, ctx.residents, &ctx.sequences);
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
