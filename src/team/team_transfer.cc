#include <charconv>

#include "core/json_fields.h"
#include "team/team_json.h"
#include "team/team_registry.h"
#include "team/team_store.h"
#include "transfer/transfer_kind.h"

namespace yilian {

namespace {

// "12:doctor;13:nurse" → [{"practitioner_id":12,"team_role":"doctor"}, …].
// The full-width '；' and '：' that Chinese input methods type are accepted.
void ParseMembers(const std::string& column, const std::string& text, nlohmann::json* obj,
                  FieldErrors* errs) {
  std::string s = text;
  for (auto [wide, ascii] : {std::pair{"\xEF\xBC\x9B", ";"}, std::pair{"\xEF\xBC\x9A", ":"}}) {
    for (size_t p; (p = s.find(wide)) != std::string::npos;) s.replace(p, 3, ascii);
  }
  nlohmann::json members = nlohmann::json::array();
  std::string_view rest = s;
  while (!rest.empty()) {
    size_t semi = rest.find(';');
    std::string item = TrimText(rest.substr(0, semi));
    rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
    if (item.empty()) continue;
    size_t colon = item.find(':');
    int64_t id = 0;
    std::string id_text = colon == std::string::npos ? item : TrimText(item.substr(0, colon));
    auto [end, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
    if (colon == std::string::npos || ec != std::errc() || end != id_text.data() + id_text.size() ||
        id < 1) {
      errs->Add(column, "\"" + item + "\" is not practitioner_id:team_role");
      continue;
    }
    members.push_back({{"practitioner_id", id}, {"team_role", TrimText(item.substr(colon + 1))}});
  }
  (*obj)[column] = members;
}

}  // namespace

TransferKind TeamTransferKind() {
  using CT = ColumnType;
  TransferKind k;
  k.name = "teams";
  // Must match the order of TeamToCsv.
  k.columns = {{"id", CT::kInt},
               {"name"},
               {"facility_id", CT::kInt},
               {"members", CT::kSpecial},
               {"village_codes", CT::kList},
               {"status"}};
  k.special_column = ParseMembers;
  k.import_one = [](storage::Connection& c, const nlohmann::json& j,
                    ImportContext& ctx) -> Result<std::string> {
    Team t;
    FieldErrors errs;
    TeamFromJson(j, &t, &errs);
    if (auto it = j.find("id"); it != j.end() && !it->is_null()) {
      if (!it->is_number_integer() || it->get<int64_t>() < 1) {
        errs.Add("id", "must be a positive integer");
      } else {
        t.id = it->get<int64_t>();
      }
    }
    YILIAN_RETURN_IF_ERROR(errs.ToStatus("team"));
    auto created = TeamRegistry::CreateIn(c, std::move(t), ctx.codes, *ctx.tree);
    if (!created.ok()) return created.status();
    return std::to_string(created->team.id);
  };
  k.export_all = [](storage::Connection& c, const auto& emit) -> Status {
    for (int64_t after = 0;;) {
      auto batch = team_store::Scan(c, after, 1000);
      if (!batch.ok()) return batch.status();
      if (batch->empty()) break;
      for (const auto& t : *batch) {
        // The file carries what the team is, not what is derived from it.
        nlohmann::json j = TeamToJson(TeamRecord{t, {}, {}}, nullptr);
        j.erase("composition");
        YILIAN_RETURN_IF_ERROR(emit(j, TeamToCsv(t)));
      }
      after = batch->back().id;
    }
    return Status::Ok();
  };
  return k;
}

}  // namespace yilian
