#include "transfer/import.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <ostream>
#include <thread>

#include "io/csv.h"
#include "io/ndjson.h"
#include "transfer/transfer_kind.h"

namespace yilian {
namespace {

struct ParsedLine {
  int64_t line = 0;
  Status error;           // the line was refused before reaching the database
  nlohmann::json record;  // for kinds without a prepare step
  std::any prepared;      // the kind's prepared record
};

// Reads the next record of either format and prepares it (see TransferKind).
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
      const Column* known = nullptr;
      for (const auto& c : kind_.columns)
        if (c.name == h) known = &c;
      if (!known) errs.Add(h, "is not a column of " + kind_.name);
      columns_.push_back(known);
    }
    return errs.ToStatus("line 1 (header)");
  }

  // true: *out holds a prepared record, a JSON record (kinds without a
  // prepare step) or an error; false: end of input.
  bool Next(ParsedLine* out, const ImportContext& ctx) {
    Status st;
    if (ndjson_) {
      bool got = ndjson_->Next(&out->record, &st);
      out->line = ndjson_->line();
      if (got) Prepare(out, ctx);
      return Done(got, st, out);
    }
    bool got = csv_->Next(&row_, &st);
    out->line = csv_->line();
    if (!got) return Done(got, st, out);
    if (kind_.prepare_csv) {
      auto fast = kind_.prepare_csv(columns_, row_.fields(), ctx);
      if (fast) return Set(std::move(*fast), out);
    }
    FieldErrors errs;
    out->record = CsvRowToJson(kind_, csv_->header(), row_.fields(), &errs);
    if (!errs.empty())
      out->error = errs.ToStatus("line " + std::to_string(out->line));
    else
      Prepare(out, ctx);
    return true;
  }

  bool finished() const { return ndjson_ ? ndjson_->finished() : csv_->finished(); }

 private:
  void Prepare(ParsedLine* out, const ImportContext& ctx) {
    if (kind_.prepare) Set(kind_.prepare(out->record, ctx), out);
  }
  static bool Set(Result<std::any> prepared, ParsedLine* out) {
    if (prepared.ok())
      out->prepared = std::move(*prepared);
    else
      out->error = prepared.status();
    return true;
  }
  // The reader's verdict: a line (good or bad), or the end of the input.
  static bool Done(bool got, const Status& st, ParsedLine* out) {
    if (got) return true;
    if (st.ok()) return false;
    out->error = st;
    return true;
  }

  std::istream& in_;
  const ImportOptions& opt_;
  const TransferKind& kind_;
  std::optional<io::NdjsonReader> ndjson_;
  std::optional<io::CsvTable> csv_;
  std::vector<const Column*> columns_;  // the kind's column at each header position
  io::CsvRow row_;                      // reused: its strings keep their capacity
};

// Reads and prepares lines on a second thread, so parsing and validation
// overlap with the database writes (an import is otherwise CPU-bound on one
// core). Lines come out in file order.
class ParsedLines {
 public:
  ParsedLines(RecordSource& source, const ImportContext& ctx) : source_(source), ctx_(ctx) {}
  ~ParsedLines() { Stop(); }

  void Start() {
    thread_ = std::thread([this] { Produce(); });
  }
  // Stops the reader (also when the writer gave up early) and joins it.
  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }
  // The next line in order; false at the end of the input.
  bool Next(ParsedLine* out) {
    if (pos_ == current_.size()) {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [&] { return !queue_.empty() || done_; });
      if (queue_.empty()) return false;
      current_ = std::move(queue_.front());
      queue_.pop_front();
      pos_ = 0;
      cv_.notify_all();
    }
    *out = std::move(current_[pos_++]);
    return true;
  }

 private:
  static constexpr size_t kBatch = 256;
  static constexpr size_t kMaxBatches = 64;

  void Produce() {
    std::vector<ParsedLine> batch;
    ParsedLine item;
    while (source_.Next(&item, ctx_)) {
      batch.push_back(std::move(item));
      item = ParsedLine();
      if (batch.size() == kBatch && !Push(std::move(batch))) return;
      if (source_.finished()) break;
    }
    if (!batch.empty()) Push(std::move(batch));
    std::lock_guard<std::mutex> lock(mu_);
    done_ = true;
    cv_.notify_all();
  }
  bool Push(std::vector<ParsedLine>&& batch) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return queue_.size() < kMaxBatches || stop_; });
    if (stop_) return false;
    queue_.push_back(std::move(batch));
    batch = {};
    cv_.notify_all();
    return true;
  }

  RecordSource& source_;
  const ImportContext& ctx_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::vector<ParsedLine>> queue_;
  bool done_ = false;
  bool stop_ = false;
  std::vector<ParsedLine> current_;
  size_t pos_ = 0;
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
  ParsedLines lines(source, ctx);
  Status outcome = db.Write([&](storage::Connection& c) {
    std::unique_ptr<RecordWriter> writer;
    if (kind->make_writer) {
      auto w = kind->make_writer(c, ctx);
      if (!w.ok()) return w.status();
      writer = std::move(*w);
    }
    lines.Start();
    ParsedLine item;
    while (lines.Next(&item)) {
      ++report.lines;
      if (progress && report.lines % 10000 == 0) progress(report.lines, report.rejected);
      if (!item.error.ok()) {
        reject(item.line, item.error);
        continue;
      }
      if (savepoints) YILIAN_RETURN_IF_ERROR(c.Exec("SAVEPOINT import_line"));
      auto created =
          writer ? writer->Write(c, item.prepared) : kind->import_one(c, item.record, ctx);
      if (!created.ok()) {
        if (created.status().code() == Status::Code::kIoError ||
            created.status().code() == Status::Code::kInternal) {
          return created.status();  // storage failure: abort the run
        }
        if (savepoints) YILIAN_RETURN_IF_ERROR(c.Exec("ROLLBACK TO SAVEPOINT import_line"));
        reject(item.line, created.status());
      } else {
        ++report.accepted;
      }
      if (savepoints) YILIAN_RETURN_IF_ERROR(c.Exec("RELEASE SAVEPOINT import_line"));
    }
    if (progress) progress(report.lines, report.rejected);
    if (writer) YILIAN_RETURN_IF_ERROR(writer->Finish(c));
    YILIAN_RETURN_IF_ERROR(ctx.sequences.Save(c));
    if (opt.dry_run) return Status::Invalid("dry run");  // roll back
    if (opt.all_or_nothing && report.rejected > 0) return Status::Invalid("rejected lines");
    return Status::Ok();
  });
  lines.Stop();
  bool rolled_back_on_purpose = (opt.dry_run || (opt.all_or_nothing && report.rejected > 0)) &&
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
      if (opt.format == "csv")
        io::WriteCsvRow(buf, row);
      else
        io::WriteNdjson(buf, j);
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
