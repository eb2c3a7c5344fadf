// Bulk import of registry records from CSV or NDJSON (`yilian import`).
//
// Every line goes through the same validation as the HTTP API. Rejected lines
// are reported with their line number and each bad field. In all-or-nothing
// mode (the default) one rejected line means nothing is written; in
// valid-only mode the good lines are written and the bad ones reported.
// The whole run is one transaction, so a crash midway writes nothing.
#pragma once

#include <functional>
#include <istream>
#include <string>
#include <vector>

#include "core/status.h"
#include "orgunit/org_unit_registry.h"
#include "resident/resident_registry.h"
#include "storage/database.h"

namespace yilian {

struct ImportOptions {
  std::string kind;            // a TransferKind name, e.g. "residents"
  std::string format = "csv";  // "csv" | "ndjson"
  bool all_or_nothing = true;
  bool dry_run = false;        // validate and report, write nothing
  size_t max_reported = 1000;  // rejected lines kept in the report (all are counted)
};

struct RejectedLine {
  int64_t line = 0;
  std::string message;
  std::vector<FieldError> fields;
};

struct ImportReport {
  int64_t lines = 0;     // data lines read
  int64_t accepted = 0;  // lines that passed validation
  int64_t rejected = 0;
  int64_t written = 0;                   // records committed
  std::vector<RejectedLine> rejections;  // the first max_reported
  double seconds = 0;
};

using ImportProgress = std::function<void(int64_t lines, int64_t rejected)>;

Result<ImportReport> RunImport(storage::Database& db, OrgUnitRegistry& org_units,
                               ResidentRegistry& residents, std::istream& in,
                               const ImportOptions& opt, const ImportProgress& progress);

struct ExportOptions {
  std::string kind;
  std::string format = "csv";
  bool bom = true;  // UTF-8 BOM so Excel opens Chinese text correctly
};

// Writes every record of the kind; returns the number written.
Result<int64_t> RunExport(storage::Database& db, std::ostream& out, const ExportOptions& opt);

}  // namespace yilian
