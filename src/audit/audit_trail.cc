#include "audit/audit_trail.h"

#include <spdlog/spdlog.h>

#include "audit/audit_store.h"

namespace yilian::audit {

AuditTrail::AuditTrail(storage::Database& db, std::chrono::milliseconds flush_interval)
    : db_(db), interval_(flush_interval), thread_([this] { Loop(); }) {}

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
  Status s = db_.Write([&](storage::Connection& c) {
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
