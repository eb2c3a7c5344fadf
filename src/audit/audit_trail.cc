#include "audit/audit_trail.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <iterator>
#include <optional>

#include "audit/audit_store.h"

namespace yilian::audit {

AuditTrail::AuditTrail(storage::Database& db, std::chrono::milliseconds flush_interval,
                       storage::Database* journal)
    : db_(db),
      reads_(journal ? *journal : db),
      interval_(flush_interval),
      thread_([this] { Loop(); }) {}

AuditTrail::~AuditTrail() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
  Flush();
}

void AuditTrail::Record(AuditEvent e) {
  if (e.at.empty()) e.at = audit_store::NowMillis();
  std::lock_guard lock(mu_);
  queue_.push_back(std::move(e));
}

Status AuditTrail::Flush() {
  std::lock_guard flush(flush_mu_);
  std::deque<AuditEvent> batch;
  {
    std::lock_guard lock(mu_);
    batch.swap(queue_);
  }
  if (batch.empty()) return Status::Ok();
  Status s = reads_.Write([&](storage::Connection& c) {
    for (const auto& e : batch) YILIAN_RETURN_IF_ERROR(audit_store::Append(c, e));
    return Status::Ok();
  });
  if (s.ok()) {
    appended_ += batch.size();
    return s;
  }
  spdlog::error("audit: appending {} read events failed: {}", batch.size(), s.ToString());
  // Keep them for one more try with the next batch rather than dropping at once.
  std::lock_guard lock(mu_);
  for (auto it = batch.rbegin(); it != batch.rend(); ++it) {
    AuditEvent& e = *it;
    if (e.detail.is_object() && e.detail.contains("_retry")) {
      ++failed_;
      continue;
    }
    if (!e.detail.is_object()) e.detail = nlohmann::json::object();
    e.detail["_retry"] = true;
    queue_.push_front(std::move(e));
  }
  return s;
}

Result<audit_store::Page> AuditTrail::Search(const audit_store::Query& q) {
  (void)Flush();
  auto search = [](storage::Database& db, const audit_store::Query& q) {
    std::optional<audit_store::Page> page;
    Status s = db.Read([&](storage::Connection& c) {
      auto p = audit_store::Search(c, q);
      if (!p.ok()) return p.status();
      page = std::move(*p);
      return Status::Ok();
    });
    return s.ok() ? Result<audit_store::Page>(std::move(*page)) : Result<audit_store::Page>(s);
  };
  if (&reads_ == &db_) return search(db_, q);
  // The first page*page_size events of each, merged in the log's order
  // (at, then id, newest first), hold the requested page.
  audit_store::Query head = q;
  head.page = 1;
  head.page_size = q.page * q.page_size;
  auto a = search(db_, head);
  if (!a.ok()) return a.status();
  auto b = search(reads_, head);
  if (!b.ok()) return b.status();
  std::vector<AuditEvent> all;
  all.reserve(a->items.size() + b->items.size());
  std::merge(std::make_move_iterator(a->items.begin()), std::make_move_iterator(a->items.end()),
             std::make_move_iterator(b->items.begin()), std::make_move_iterator(b->items.end()),
             std::back_inserter(all), [](const AuditEvent& x, const AuditEvent& y) {
               return x.at != y.at ? x.at > y.at : x.id > y.id;
             });
  audit_store::Page out;
  const size_t from = static_cast<size_t>((q.page - 1) * q.page_size);
  const size_t to = static_cast<size_t>(q.page * q.page_size);
  for (size_t i = from; i < to && i < all.size(); ++i) out.items.push_back(std::move(all[i]));
  out.has_more = all.size() > to || a->has_more || b->has_more;
  return out;
}

void AuditTrail::Loop() {
  std::unique_lock lock(mu_);
  while (!stop_) {
    cv_.wait_for(lock, interval_, [this] { return stop_; });
    if (stop_) break;
    lock.unlock();
    Flush();
    lock.lock();
  }
}

}  // namespace yilian::audit
