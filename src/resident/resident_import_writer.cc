#include "resident/resident_import_writer.h"

namespace yilian {

Result<std::unique_ptr<RecordWriter>> ResidentImportWriter::Create(
    storage::Connection& c, ResidentRegistry& registry, resident_store::SequenceCache* sequences) {
  std::unique_ptr<ResidentImportWriter> w(new ResidentImportWriter(registry, sequences));
  w->bulk_possible_ = c.dialect() == storage::Dialect::kSqlite;
  if (w->bulk_possible_) {
    auto st = c.Prepare("SELECT count(*) FROM residents");
    if (!st.ok()) return st.status();
    auto row = (*st)->Step();
    if (!row.ok()) return row.status();
    w->stored_before_ = (*st)->Int(0);
    if (w->stored_before_ == 0) YILIAN_RETURN_IF_ERROR(w->StartBulk(c));
  }
  return std::unique_ptr<RecordWriter>(std::move(w));
}

Status ResidentImportWriter::StartBulk(storage::Connection& c) {
  // The index definitions come from the schema itself, so they are rebuilt
  // exactly as they were (sql is NULL for the UNIQUE constraint's own index,
  // which cannot be dropped and stays).
  std::vector<std::string> names;
  {
    auto st = c.Prepare(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'residents' "
        "AND sql IS NOT NULL ORDER BY name");
    if (!st.ok()) return st.status();
    while (true) {
      auto row = (*st)->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      names.emplace_back((*st)->Text(0));
      dropped_.emplace_back((*st)->Text(1));
    }
  }
  ResidentKeyIndex keys;
  YILIAN_RETURN_IF_ERROR(keys.Load(c));
  for (const auto& name : names) YILIAN_RETURN_IF_ERROR(c.Exec("DROP INDEX \"" + name + "\""));
  keys_.emplace(std::move(keys));
  return Status::Ok();
}

Result<std::string> ResidentImportWriter::Write(storage::Connection& c, std::any& prepared) {
  auto created = registry_.InsertChecked(c, std::any_cast<Resident&&>(std::move(prepared)),
                                         sequences_, keys_ ? &*keys_ : nullptr);
  if (!created.ok()) return created.status();
  // Switching only once the run has written as much as the table held keeps
  // the rebuild (which sorts the whole table) within a small multiple of the
  // work already done: a few lines into a big table stay row by row. The
  // switch follows a line that succeeded, never one whose savepoint (in
  // valid-only mode) may yet be rolled back, which would undo the drops.
  if (bulk_possible_ && !keys_ && ++written_ >= stored_before_) {
    YILIAN_RETURN_IF_ERROR(StartBulk(c));
  }
  return std::move(created->resident.record_no);
}

Status ResidentImportWriter::Finish(storage::Connection& c) {
  for (const auto& sql : dropped_) YILIAN_RETURN_IF_ERROR(c.Exec(sql));
  dropped_.clear();
  return Status::Ok();
}

}  // namespace yilian
