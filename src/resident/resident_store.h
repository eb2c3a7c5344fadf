// Persistence of residents' health records (SQL over storage::Connection).
// Callers own the transaction (storage::Database::Write/Read).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/status.h"
#include "resident/resident.h"
#include "storage/database.h"

namespace yilian::resident_store {

// Next record sequence for the village (1, 2, …); call inside the write
// transaction that inserts the record so numbers are gap-free per village.
Result<int> NextSequence(storage::Connection& c, const std::string& village_code);
// Bulk loads allocate record numbers in memory and write them back once:
// Allocate() reads a village's last value on first use; Save() stores them
// all (inside the same transaction, before it commits).
class SequenceCache {
 public:
  Result<int> Allocate(storage::Connection& c, const std::string& village_code);
  Status Save(storage::Connection& c);

 private:
  std::unordered_map<std::string, int> last_;
};

// Inserts `r` (record_no already set); sets id, created_at, updated_at, version.
// A second active record with the same ID number comes back as kConflict.
Status Insert(storage::Connection& c, Resident& r);
// Writes `r` if the stored version equals r.version (PreconditionFailed
// otherwise) and increments r.version.
Status Update(storage::Connection& c, Resident& r);

Result<std::optional<Resident>> Get(storage::Connection& c, int64_t id);
Result<std::optional<Resident>> FindByIdNumber(storage::Connection& c, const std::string& id_type,
                                               const std::string& id_number);
Result<std::optional<Resident>> FindByRecordNo(storage::Connection& c, const std::string& no);

// Up to `limit` records with id > after_id, in id order (export, rebuilds).
Result<std::vector<Resident>> Scan(storage::Connection& c, int64_t after_id, int64_t limit);

struct Query {
  std::string id_number;    // exact (normalised)
  std::string record_no;    // exact
  std::string name_prefix;  // prefix of the name
  std::string phone;        // exact
  // Village-code ranges [lo, hi) the result must fall in (org-unit scope);
  // empty means no restriction.
  std::vector<std::pair<std::string, std::string>> ranges;
  std::string status;  // "" = all but merged
  int64_t page = 1;
  int64_t page_size = 20;
};
struct Page {
  std::vector<Resident> items;
  bool has_more = false;
};
// Stable order: by name then birth date then id for name searches, by
// village then id for org-unit listings, by id otherwise.
Result<Page> Search(storage::Connection& c, const Query& q);

// Likely duplicates of `r` (same name, birth date and village, or same phone
// and name), excluding `r` itself and merged records; at most 20.
Result<std::vector<std::pair<Resident, std::string>>> LikelyDuplicates(storage::Connection& c,
                                                                       const Resident& r);

struct DuplicateCandidate {
  int64_t id = 0;
  int64_t resident_id = 0;
  int64_t other_id = 0;
  std::string reason;
  std::string village_code;
  std::string status;  // "open" | "merged" | "dismissed"
  std::string detected_at;
};
Status AddDuplicateCandidate(storage::Connection& c, int64_t resident_id, int64_t other_id,
                             const std::string& reason, const std::string& village_code);
Result<std::vector<DuplicateCandidate>> ListDuplicateCandidates(
    storage::Connection& c, const std::vector<std::pair<std::string, std::string>>& ranges,
    const std::string& status, int64_t page, int64_t page_size);
Result<std::optional<DuplicateCandidate>> GetDuplicateCandidate(storage::Connection& c, int64_t id);
Status SetDuplicateCandidateStatus(storage::Connection& c, int64_t id, const std::string& status);
// Marks every open candidate naming either record as resolved by a merge.
Status CloseCandidatesOf(storage::Connection& c, int64_t a, int64_t b);

// Re-points everything attached to resident `from` to resident `to` (the
// merge of two records keeps everything attached to both). Later tables that
// reference residents register their column in kResidentReferences.
Status RepointAttachments(storage::Connection& c, int64_t from, int64_t to);

}  // namespace yilian::resident_store
