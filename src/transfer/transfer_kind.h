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
  // `prepare` must not touch the database or ctx's mutable members.
  std::function<Result<std::any>(const nlohmann::json& record, const ImportContext&)> prepare;
  std::function<Result<std::string>(storage::Connection&, std::any& prepared, ImportContext&)>
      write;
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

}  // namespace yilian
