// One kind of registry record as seen by bulk import and export
// (`yilian import` / `yilian export`, CSV and NDJSON).
//
// Each registry (org units, facilities, practitioners, teams, households,
// residents) provides a TransferKind; import.cc and export.cc are generic.
// CSV rows are first turned into the record's JSON shape, so CSV and NDJSON
// go through exactly the same validation as the HTTP API.
#pragma once

#include <any>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/date.h"
#include "core/status.h"
#include "orgunit/org_tree.h"
#include "resident/resident_store.h"
#include "storage/database.h"

namespace yilian {

class ResidentRegistry;
class CodeSets;

// State shared by the lines of one import run.
struct ImportContext {
  const CodeSets& codes;
  ResidentRegistry& residents;
  // The committed org-unit tree, and the units created earlier in this run
  // (later lines of an org-unit import may name them as parents).
  std::shared_ptr<const OrgTree> tree;
  std::map<std::string, OrgUnit, std::less<>> new_units;
  Date today;
  // Record numbers handed out during the run, saved before it commits.
  resident_store::SequenceCache sequences;
};

// How a CSV column's text becomes a JSON value.
enum class ColumnType { kText, kInt, kBool, kDate, kList /* ';'-separated */, kSpecial };

struct Column {
  std::string name;
  ColumnType type = ColumnType::kText;
  int tag = 0;  // the kind's own number for the column (its prepare_csv switches on it)
};

// Writes the prepared records of one import run, in file order, inside the
// run's transaction. It may keep state across lines (a bulk loader does);
// Finish() runs once after the last line, before the commit.
class RecordWriter {
 public:
  virtual ~RecordWriter() = default;
  // Writes one prepared record; returns a short identifier of what was
  // created. A refusal (kConflict, kInvalidArgument, …) must leave the
  // database as it was before the call, apart from what the caller's
  // savepoint undoes; kIoError or kInternal aborts the run.
  virtual Result<std::string> Write(storage::Connection& c, std::any& prepared) = 0;
  virtual Status Finish(storage::Connection& c) = 0;
};

struct TransferKind {
  std::string name;             // "residents", "org_units", …, the CLI's --kind
  std::vector<Column> columns;  // CSV header, in export order
  // kSpecial columns are converted by this (may be empty when none).
  std::function<void(const std::string& column, const std::string& text, nlohmann::json* obj,
                     FieldErrors* errs)>
      special_column;
  // Validates `record` and writes it inside the caller's transaction.
  // Returns a short identifier of what was created (record number, id, code).
  std::function<Result<std::string>(storage::Connection&, const nlohmann::json& record,
                                    ImportContext&)>
      import_one;
  // Optional split of import_one into a pure half and a database half, so an
  // import can parse and validate on one thread while another writes:
  // `prepare` must not touch the database or ctx's mutable members, and
  // `make_writer` gives the run's writer of prepared records (required with
  // `prepare`).
  std::function<Result<std::any>(const nlohmann::json& record, const ImportContext&)> prepare;
  std::function<Result<std::unique_ptr<RecordWriter>>(storage::Connection&, ImportContext&)>
      make_writer;
  // Optional fast path of `prepare` for CSV rows, skipping the JSON
  // intermediate. `columns[i]` is the kind's column at header position i.
  // Returns nullopt when a cell is not plainly valid: the line then takes the
  // JSON path, whose error messages are the canonical ones. Otherwise the
  // result must equal prepare(CsvRowToJson(...)).
  std::function<std::optional<Result<std::any>>(const std::vector<const Column*>& columns,
                                                const std::vector<std::string>& row,
                                                const ImportContext&)>
      prepare_csv;
  // Streams every stored record, in a stable order, as JSON plus CSV row.
  std::function<Status(
      storage::Connection&,
      const std::function<Status(const nlohmann::json&, const std::vector<std::string>&)>& emit)>
      export_all;
};

// Converts a CSV row into JSON by `kind.columns` (unknown columns are
// reported; empty cells are omitted).
nlohmann::json CsvRowToJson(const TransferKind& kind, const std::vector<std::string>& header,
                            const std::vector<std::string>& row, FieldErrors* errs);

// Splits a kList cell at ';' or the full-width '；' that Chinese input
// methods type; items are trimmed and empty ones dropped.
std::vector<std::string> SplitCsvList(std::string_view s);

// Every kind, in the order a full load must go (parents before children).
const std::vector<TransferKind>& TransferKinds();
const TransferKind* FindTransferKind(std::string_view name);

// Per-registry definitions (each in its registry's folder).
TransferKind OrgUnitTransferKind();
TransferKind ResidentTransferKind();
TransferKind FacilityTransferKind();
TransferKind AllianceTransferKind();
TransferKind PractitionerTransferKind();
TransferKind TeamTransferKind();
TransferKind HouseholdTransferKind();
// The daily work (care/care_transfer.cc); residents named by record_no.
TransferKind EnrolmentTransferKind();
TransferKind ContractTransferKind();
TransferKind ServiceTransferKind();
// Figures from outside the records (indicator/figures_transfer.cc): targets as
// a spreadsheet (a column per indicator) and statistical populations.
TransferKind TargetTransferKind();
TransferKind PopulationTransferKind();

}  // namespace yilian
