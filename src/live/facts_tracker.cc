#include "live/facts_tracker.h"

namespace yilian::live {

Status FactsTracker::Touch(storage::Connection& c, int64_t resident_id) {
  if (!live_ || before_.count(resident_id)) return Status::Ok();
  auto f = LoadFacts(c, resident_id);
  if (!f.ok()) return f.status();
  before_.emplace(resident_id, std::move(*f));
  return Status::Ok();
}

void FactsTracker::Created(int64_t resident_id) {
  if (!live_ || before_.count(resident_id)) return;
  ResidentFacts none;
  none.resident_id = resident_id;
  before_.emplace(resident_id, std::move(none));
}

Status FactsTracker::Capture(storage::Connection& c) {
  if (!live_) return Status::Ok();
  after_.clear();
  for (const auto& [id, f] : before_) {
    auto now = LoadFacts(c, id);
    if (!now.ok()) return now.status();
    after_.emplace(id, std::move(*now));
  }
  commit_lock_ = std::unique_lock<std::mutex>(live_->commit_mutex());
  return Status::Ok();
}

void FactsTracker::Publish() {
  if (!live_ || !commit_lock_.owns_lock()) return;
  for (const auto& [id, before] : before_) {
    auto it = after_.find(id);
    live_->Apply(&before, it == after_.end() ? nullptr : &it->second);
  }
  commit_lock_.unlock();
}

}  // namespace yilian::live
