#include "resident/resident_key_index.h"

#include <algorithm>

#include "resident/resident_store.h"

namespace yilian {
namespace {

// Ids under `fp`, ascending (the SQL answers are ordered by id).
std::vector<int64_t> Candidates(const FingerprintMultimap& m, uint64_t fp) {
  std::vector<int64_t> ids;
  m.ForEach(fp, [&](int64_t id) { ids.push_back(id); });
  std::sort(ids.begin(), ids.end());
  return ids;
}

// The stored records among `ids` (excluding `self`) that `match`, at most
// `limit`, in id order.
template <typename Match>
Result<std::vector<Resident>> Confirm(storage::Connection& c, const std::vector<int64_t>& ids,
                                      int64_t self, size_t limit, Match match) {
  std::vector<Resident> out;
  for (int64_t id : ids) {
    if (out.size() == limit) break;
    if (id == self) continue;
    auto r = resident_store::Get(c, id);
    if (!r.ok()) return r.status();
    if (*r && (*r)->status != "merged" && match(**r)) out.push_back(std::move(**r));
  }
  return out;
}

}  // namespace

Status ResidentKeyIndex::Load(storage::Connection& c) {
  auto st = c.Prepare(
      "SELECT id, id_type, id_number, name, birth_date, village_code, phone FROM residents "
      "WHERE status <> 'merged' ORDER BY id");
  if (!st.ok()) return st.status();
  while (true) {
    auto row = (*st)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    storage::Statement& s = **st;
    AddKeys(s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Text(6));
  }
  return Status::Ok();
}

void ResidentKeyIndex::Add(const Resident& r) {
  if (r.status == "merged") return;
  AddKeys(r.id, r.id_type, r.id_number, r.name, r.birth_date.ToIso(), r.village_code, r.phone);
}

void ResidentKeyIndex::AddKeys(int64_t id, std::string_view id_type, std::string_view id_number,
                               std::string_view name, std::string_view birth_date,
                               std::string_view village, std::string_view phone) {
  if (!id_number.empty())
    by_id_number_.Insert(FingerprintMultimap::Fingerprint(id_type, id_number), id);
  by_name_birth_.Insert(FingerprintMultimap::Fingerprint(name, birth_date, village), id);
  if (!phone.empty()) by_phone_name_.Insert(FingerprintMultimap::Fingerprint(phone, name), id);
}

Result<std::optional<Resident>> ResidentKeyIndex::FindByIdNumber(
    storage::Connection& c, const std::string& id_type, const std::string& id_number) const {
  if (id_number.empty()) return std::optional<Resident>();
  auto ids = Candidates(by_id_number_, FingerprintMultimap::Fingerprint(id_type, id_number));
  auto found = Confirm(c, ids, 0, 1, [&](const Resident& o) {
    return o.id_type == id_type && o.id_number == id_number;
  });
  if (!found.ok()) return found.status();
  if (found->empty()) return std::optional<Resident>();
  return std::optional<Resident>(std::move(found->front()));
}

Result<std::vector<std::pair<Resident, std::string>>> ResidentKeyIndex::LikelyDuplicates(
    storage::Connection& c, const Resident& r) const {
  std::vector<std::pair<Resident, std::string>> out;
  std::string birth = r.birth_date.ToIso();
  auto same = Confirm(
      c,
      Candidates(by_name_birth_, FingerprintMultimap::Fingerprint(r.name, birth, r.village_code)),
      r.id, 20, [&](const Resident& o) {
        return o.name == r.name && o.birth_date == r.birth_date && o.village_code == r.village_code;
      });
  if (!same.ok()) return same.status();
  for (auto& x : *same) out.emplace_back(std::move(x), "same_name_birth_date_village");
  if (!r.phone.empty() && out.size() < 20) {
    auto phone = Confirm(
        c, Candidates(by_phone_name_, FingerprintMultimap::Fingerprint(r.phone, r.name)), r.id, 20,
        [&](const Resident& o) { return o.phone == r.phone && o.name == r.name; });
    if (!phone.ok()) return phone.status();
    for (auto& x : *phone) {
      bool seen = false;
      for (auto& o : out) seen |= o.first.id == x.id;
      if (!seen) out.emplace_back(std::move(x), "same_phone_name");
    }
  }
  return out;
}

}  // namespace yilian
