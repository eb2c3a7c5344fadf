// AuditTrail: where the audit events of reads go.
//
// Writes record their event inside their own transaction (audit_store::Append),
// so a write and its trace commit together or not at all. Reads do not open a
// write transaction per request: their events are queued and appended in
// batches by a background thread, at most `flush_interval` after the read
// (and at once on Flush() or destruction). A crash can lose at most that
// interval of read events; docs/security.md states this bound.
//
// With a read journal (audit/read_journal.h, SQLite) the batches go there
// instead of the main database, and Search reads both.
//
// Thread-safe. Record() never blocks on the database.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "audit/audit_event.h"
#include "audit/audit_store.h"
#include "storage/database.h"

namespace yilian::audit {

class AuditTrail {
 public:
  // `journal`, when given, receives the read events and must outlive the trail.
  explicit AuditTrail(storage::Database& db,
                      std::chrono::milliseconds flush_interval = std::chrono::milliseconds(1000),
                      storage::Database* journal = nullptr);
  ~AuditTrail();  // flushes what is queued
  AuditTrail(const AuditTrail&) = delete;
  AuditTrail& operator=(const AuditTrail&) = delete;

  // Queues a read's event (its `at` is stamped now).
  void Record(AuditEvent e);
  // Appends everything queued so far; returns the first storage error.
  Status Flush();
  // The events matching q from the database and the journal, newest first:
  // what is queued is appended first, so every read made before the call is
  // there (a failed append is logged and its events stay queued).
  Result<audit_store::Page> Search(const audit_store::Query& q);
  // Events appended since start, and appends that failed (logged; retried
  // once with the next batch, then counted here).
  uint64_t appended() const { return appended_; }
  uint64_t failed() const { return failed_; }

 private:
  void Loop();

  storage::Database& db_;
  storage::Database& reads_;  // db_ or the journal
  std::chrono::milliseconds interval_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<AuditEvent> queue_;
  bool stop_ = false;
  std::mutex flush_mu_;  // one batch at a time
  std::atomic<uint64_t> appended_{0};
  std::atomic<uint64_t> failed_{0};
  std::thread thread_;
};

}  // namespace yilian::audit
