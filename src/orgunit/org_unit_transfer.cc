#include "core/json_fields.h"
#include "orgunit/division_code.h"
#include "orgunit/org_unit_registry.h"
#include "orgunit/org_unit_store.h"
#include "transfer/transfer_kind.h"

namespace yilian {

TransferKind OrgUnitTransferKind() {
  TransferKind k;
  k.name = "org_units";
  k.columns = {{"code"},
               {"name"},
               {"level", ColumnType::kInt},
               {"parent_code"},
               {"status"},
               {"merged_into"},
               {"valid_from", ColumnType::kDate},
               {"valid_to", ColumnType::kDate}};
  k.import_one = [](storage::Connection& c, const nlohmann::json& j,
                    ImportContext& ctx) -> Result<std::string> {
    FieldErrors errs;
    JsonFields f(j, &errs);
    OrgUnit u;
    int64_t level = 0;
    f.Str("code", &u.code, true, 12);
    f.Str("name", &u.name, true, 60);
    f.Int("level", &level, false, 1, 5);
    f.Str("parent_code", &u.parent_code, false, 12);
    f.OptDate("valid_from", &u.valid_from);
    // Exports carry history; an import recreates units as they are now.
    std::string status, merged_into;
    f.Str("status", &status, false, 10);
    f.Str("merged_into", &merged_into, false, 12);
    f.OptDate("valid_to", &u.valid_to);
    f.Finish();
    YILIAN_RETURN_IF_ERROR(errs.ToStatus("org unit"));
    if (auto lv = LevelOfDivisionCode(u.code); lv && level == 0) level = *lv;
    u.level = static_cast<int>(level);
    if (u.level == 1) u.parent_code.clear();
    u.status = "active";
    // A merged unit's successor may come later in the file: validate the unit
    // as active; its merged status is restored below.
    YILIAN_RETURN_IF_ERROR(ValidateNewOrgUnit(u, [&](std::string_view code) -> const OrgUnit* {
      if (const OrgUnit* known = ctx.tree->Find(code)) return known;
      auto it = ctx.new_units.find(std::string(code));
      return it == ctx.new_units.end() ? nullptr : &it->second;
    }));
    if (status == "merged" && !merged_into.empty()) {
      u.status = "merged";
      u.merged_into = merged_into;
    }
    YILIAN_RETURN_IF_ERROR(orgunit_store::Insert(c, u));
    YILIAN_RETURN_IF_ERROR(orgunit_store::InsertEvent(
        c, {0, u.code, "created", u.valid_from.value_or(ctx.today), "", u.name, ""}));
    // Later lines may name this unit as their parent.
    ctx.new_units.emplace(u.code, u);
    return u.code;
  };
  k.export_all = [](storage::Connection& c, const auto& emit) -> Status {
    auto all = orgunit_store::LoadAll(c);
    if (!all.ok()) return all.status();
    // Parents before children, so the file imports in order.
    std::stable_sort(all->begin(), all->end(),
                     [](const OrgUnit& a, const OrgUnit& b) { return a.level < b.level; });
    for (const auto& u : *all) {
      nlohmann::json j = {{"code", u.code},     {"name", u.name},
                          {"level", u.level},   {"parent_code", u.parent_code},
                          {"status", u.status}, {"merged_into", u.merged_into}};
      if (u.valid_from) j["valid_from"] = u.valid_from->ToIso();
      if (u.valid_to) j["valid_to"] = u.valid_to->ToIso();
      std::vector<std::string> row = {u.code,
                                      u.name,
                                      std::to_string(u.level),
                                      u.parent_code,
                                      u.status,
                                      u.merged_into,
                                      u.valid_from ? u.valid_from->ToIso() : "",
                                      u.valid_to ? u.valid_to->ToIso() : ""};
      YILIAN_RETURN_IF_ERROR(emit(j, row));
    }
    return Status::Ok();
  };
  return k;
}

}  // namespace yilian
