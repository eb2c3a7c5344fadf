// An in-memory stand-in for the residents table's lookup indexes while a
// bulk import has them dropped (see resident_import_writer.h).
//
// It answers the two questions ResidentRegistry::InsertChecked asks of the
// table, with the same answers the SQL would give: the record holding an ID
// number, and a record's likely duplicates. It keeps only fingerprints of
// the keys and record ids, and reads a candidate record by id (a primary-key
// lookup) to confirm a match, so its answers are exact and its memory small
// (about 100 bytes per record).
//
// Contract: Load() once, inside the write transaction that will insert the
// records, then Add() every record inserted after it, in id order. Not
// thread-safe.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/fingerprint_multimap.h"
#include "core/status.h"
#include "resident/resident.h"
#include "storage/database.h"

namespace yilian {

class ResidentKeyIndex {
 public:
  // Indexes every stored record that is not merged.
  Status Load(storage::Connection& c);
  // Indexes a record just inserted (r.id set). Merged records are skipped.
  void Add(const Resident& r);

  // As resident_store::FindByIdNumber.
  Result<std::optional<Resident>> FindByIdNumber(storage::Connection& c, const std::string& id_type,
                                                 const std::string& id_number) const;
  // As resident_store::LikelyDuplicates.
  Result<std::vector<std::pair<Resident, std::string>>> LikelyDuplicates(storage::Connection& c,
                                                                         const Resident& r) const;

  size_t size() const { return by_id_number_.size(); }

 private:
  void AddKeys(int64_t id, std::string_view id_type, std::string_view id_number,
               std::string_view name, std::string_view birth_date, std::string_view village,
               std::string_view phone);

  FingerprintMultimap by_id_number_;   // (id_type, id_number), non-empty numbers
  FingerprintMultimap by_name_birth_;  // (name, birth_date, village_code)
  FingerprintMultimap by_phone_name_;  // (phone, name), non-empty phones
};

}  // namespace yilian
