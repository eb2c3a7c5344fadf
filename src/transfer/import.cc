#include "transfer/import.h"

#include <chrono>
#include <ostream>

#include "io/csv.h"
#include "io/ndjson.h"
#include "transfer/transfer_kind.h"

namespace yilian {
namespace {

// Reads the next record of either format as JSON. Returns false at the end.
class RecordSource {
 public:
  RecordSource(std::istream& in, const ImportOptions& opt, const TransferKind& kind)
      : in_(in), opt_(opt), kind_(kind) {}

  Status Open() {
    if (opt_.format == "ndjson") {
      ndjson_.emplace(in_);
      return Status::Ok();
    }
    if (opt_.format != "csv") return Status::InvalidField("format", "must be csv or ndjson");
    auto t = io::CsvTable::Open(in_);
    if (!t.ok()) return t.status();
    csv_.emplace(std::move(*t));
    FieldErrors errs;
    for (const auto& h : csv_->header()) {
      bool known = false;
      for (const auto& c : kind_.columns) known |= c.name == h;
      if (!known) errs.Add(h, "is not a column of " + kind_.name);
    }
    return errs.ToStatus("line 1 (header)");
  }

  // true: *out holds a record (or *error a bad line); false: end of input.
  bool Next(nlohmann::json* out, Status* error, int64_t* line) {
    *error = Status::Ok();
    if (ndjson_) {
      Status st;
      bool got = ndjson_->Next(out, &st);
      *line = ndjson_->line();
      if (got) return true;
      if (st.ok()) return false;
      *error = st;
      return true;
    }
    io::CsvRow row;
    Status st;
    bool got = csv_->Next(&row, &st);
    *line = csv_->line();
    if (got) {
      FieldErrors errs;
      *out = CsvRowToJson(kind_, csv_->header(), row.fields(), &errs);
      if (!errs.empty()) *error = errs.ToStatus("line " + std::to_string(*line));
      return true;
    }
    if (st.ok()) return false;
    *error = st;
    return true;
  }

  bool finished() const { return ndjson_ ? ndjson_->finished() : csv_->finished(); }

 private:
  std::istream& in_;
  const ImportOptions& opt_;
  const TransferKind& kind_;
  std::optional<io::NdjsonReader> ndjson_;
  std::optional<io::CsvTable> csv_;
};

}  // namespace

Result<ImportReport> RunImport(storage::Database& db, OrgUnitRegistry& org_units,
                               ResidentRegistry& residents, std::istream& in,
                               const ImportOptions& opt, const ImportProgress& progress) {
  const TransferKind* kind = FindTransferKind(opt.kind);
  if (!kind) {
    std::string names;
    for (const auto& k : TransferKinds()) names += (names.empty() ? "" : ", ") + k.name;
    return Status::InvalidField("kind", "must be one of " + names);
  }
  auto started = std::chrono::steady_clock::now();
  ImportReport report;
  RecordSource source(in, opt, *kind);
  YILIAN_RETURN_IF_ERROR(source.Open());
  ImportContext ctx{residents.codes(), residents, org_units.tree(), {}, Today(), {}};
  auto reject = [&](int64_t line, const Status& s) {
    ++report.rejected;
    if (report.rejections.size() < opt.max_reported) {
      report.rejections.push_back({line, s.message(), s.fields()});
    }
  };
  // Savepoints keep a refused line's partial writes out of the batch; needed
  // when good lines are kept, and on PostgreSQL, where an error aborts the
  // whole transaction otherwise.
  bool savepoints = !opt.all_or_nothing || db.dialect() == storage::Dialect::kPostgres;
  Status outcome = db.Write([&](storage::Connection& c) {
    nlohmann::json record;
    Status bad;
    int64_t line = 0;
    while (source.Next(&record, &bad, &line)) {
      ++report.lines;
      if (progress && report.lines % 10000 == 0) progress(report.lines, report.rejected);
      if (!bad.ok()) {
        reject(line, bad);
        if (source.finished()) break;
        continue;
      }
      if (savepoints) YILIAN_RETURN_IF_ERROR(c.Exec("SAVEPOINT import_line"));
      auto created = kind->import_one(c, record, ctx);
      if (!created.ok()) {
        if (created.status().code() == Status::Code::kIoError ||
            created.status().code() == Status::Code::kInternal) {
          return created.status();  // storage failure: abort the run
        }
        if (savepoints) YILIAN_RETURN_IF_ERROR(c.Exec("ROLLBACK TO SAVEPOINT import_line"));
        reject(line, created.status());
      } else {
        ++report.accepted;
      }
      if (savepoints) YILIAN_RETURN_IF_ERROR(c.Exec("RELEASE SAVEPOINT import_line"));
    }
    if (progress) progress(report.lines, report.rejected);
    YILIAN_RETURN_IF_ERROR(ctx.sequences.Save(c));
    if (opt.dry_run) return Status::Invalid("dry run");  // roll back
    if (opt.all_or_nothing && report.rejected > 0) return Status::Invalid("rejected lines");
    return Status::Ok();
  });
  bool rolled_back_on_purpose =
      (opt.dry_run || (opt.all_or_nothing && report.rejected > 0)) &&
      outcome.code() == Status::Code::kInvalidArgument;
  if (!outcome.ok() && !rolled_back_on_purpose) return outcome;
  report.written = outcome.ok() ? report.accepted : 0;
  if (report.written > 0) YILIAN_RETURN_IF_ERROR(org_units.Load());
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

Result<int64_t> RunExport(storage::Database& db, std::ostream& out, const ExportOptions& opt) {
  const TransferKind* kind = FindTransferKind(opt.kind);
  if (!kind) return Status::InvalidField("kind", "unknown kind " + opt.kind);
  if (opt.format != "csv" && opt.format != "ndjson") {
    return Status::InvalidField("format", "must be csv or ndjson");
  }
  int64_t n = 0;
  std::string buf;
  if (opt.format == "csv") {
    if (opt.bom) buf += io::CsvUtf8Bom();
    std::vector<std::string> header;
    for (const auto& c : kind->columns) header.push_back(c.name);
    io::WriteCsvRow(buf, header);
  }
  Status s = db.Read([&](storage::Connection& c) {
    return kind->export_all(c, [&](const nlohmann::json& j, const std::vector<std::string>& row) {
      if (opt.format == "csv") io::WriteCsvRow(buf, row);
      else io::WriteNdjson(buf, j);
      ++n;
      if (buf.size() > (1 << 20)) {
        out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
        buf.clear();
        if (!out) return Status::IoError("write failed");
      }
      return Status::Ok();
    });
  });
  if (!s.ok()) return s;
  out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
  out.flush();
  if (!out) return Status::IoError("write failed");
  return n;
}

}  // namespace yilian
