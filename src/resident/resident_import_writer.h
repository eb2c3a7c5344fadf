// The database half of a residents import (TransferKind::make_writer).
//
// Line by line it does what ResidentRegistry::InsertChecked does for a
// record created over the API. On SQLite, once the run has written as many
// records as the table held when the run began (so at once into an empty
// table), it switches to bulk loading:
//
//  * the residents table's secondary indexes are dropped inside the run's
//    transaction and rebuilt by Finish(): CREATE INDEX sorts once, which is
//    far cheaper than millions of random B-tree inserts into five indexes;
//  * the lookups those indexes served (one record per ID number, likely
//    duplicates) go to a ResidentKeyIndex of every record instead, which
//    gives the same answers.
//
// Every line's outcome is the same in both modes: the same refusals with the
// same messages and the same duplicate candidates. DDL is transactional in
// SQLite, so a run that rolls back (a refused line in all-or-nothing mode, a
// dry run, a crash) gets its indexes back with everything else, and other
// connections never see the table without them. The rebuilt unique index
// re-checks what the key index enforced.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "resident/resident_key_index.h"
#include "resident/resident_registry.h"
#include "resident/resident_store.h"
#include "transfer/transfer_kind.h"

namespace yilian {

class ResidentImportWriter final : public RecordWriter {
 public:
  // `registry` and `sequences` must outlive the writer.
  static Result<std::unique_ptr<RecordWriter>> Create(storage::Connection& c,
                                                      ResidentRegistry& registry,
                                                      resident_store::SequenceCache* sequences);

  // Takes a Resident that passed ResidentRegistry::Check.
  Result<std::string> Write(storage::Connection& c, std::any& prepared) override;
  Status Finish(storage::Connection& c) override;

 private:
  ResidentImportWriter(ResidentRegistry& registry, resident_store::SequenceCache* sequences)
      : registry_(registry), sequences_(sequences) {}
  // Drops the secondary indexes and loads the key index.
  Status StartBulk(storage::Connection& c);

  ResidentRegistry& registry_;
  resident_store::SequenceCache* sequences_;
  bool bulk_possible_ = false;            // SQLite
  int64_t stored_before_ = 0;             // records in the table when the run began
  int64_t written_ = 0;                   // records this run wrote before bulk mode
  std::optional<ResidentKeyIndex> keys_;  // set in bulk mode
  std::vector<std::string> dropped_;      // CREATE INDEX statements to run again
};

}  // namespace yilian
