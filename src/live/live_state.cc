#include "live/live_state.h"

#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include <spdlog/spdlog.h>

#include "core/free_memory.h"
#include "storage/schema.h"

namespace yilian::live {

LiveState::LiveState(storage::Database& db, const OrgUnitRegistry& org_units,
                     const FollowUpRules& rules)
    : db_(db), org_units_(org_units), rules_(rules), state_(std::make_unique<Aggregates>(rules)) {
  state_->today = Today();
}

LiveState::~LiveState() {
  {
    std::lock_guard lock(watch_mu_);
    stop_ = true;
  }
  watch_cv_.notify_all();
  if (watcher_.joinable()) watcher_.join();
}

Status LiveState::MarkExternalChange(storage::Connection& c) {
  // A counter, not just the time: two writes within a second must both be seen.
  auto old = storage::GetMeta(c, "external_change");
  if (!old.ok()) return old.status();
  int64_t n = 0;
  if (*old) {
    size_t hash = (*old)->find('#');
    if (hash != std::string::npos) n = std::atoll((*old)->c_str() + hash + 1);
  }
  return storage::SetMeta(c, "external_change", NowTimestamp() + " #" + std::to_string(n + 1));
}

Result<std::string> LiveState::ExternalChangeMark() {
  std::string mark;
  Status s = db_.Read([&](storage::Connection& c) {
    auto v = storage::GetMeta(c, "external_change");
    if (!v.ok()) return v.status();
    mark = v->value_or("");
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return mark;
}

Status LiveState::Rebuild(const std::function<void(int64_t done)>& progress) {
  std::lock_guard one(rebuild_mu_);
  auto started = std::chrono::steady_clock::now();
  {
    std::lock_guard l(stats_mu_);
    stats_.rebuilding = true;
  }
  auto fresh = std::make_unique<Aggregates>(rules_);
  fresh->today = Today();
  auto tree = org_units_.tree();
  std::string mark;
  // SQLite: a second connection reads half the batches, as reading is the
  // larger half of a rebuild's work. Its snapshot is pinned beside the
  // first's, under the commit lock, so both see the same facts.
  // (PostgreSQL would need an exported snapshot; it reads on one.)
  std::optional<storage::HeldRead> second;
  if (db_.dialect() == storage::Dialect::kSqlite && std::thread::hardware_concurrency() > 1) {
    second.emplace(db_);
    if (!second->status().ok()) second.reset();
  }
  Status s = db_.Read([&](storage::Connection& c) {
    std::vector<storage::Connection*> readers{&c};
    {
      // The snapshot starts with this first read, taken while no write sits
      // between its commit and its publication; from here on, published
      // changes are kept for replay.
      std::lock_guard commit(commit_mu_);
      auto m = storage::GetMeta(c, "external_change");
      if (!m.ok()) return m.status();
      mark = m->value_or("");
      if (second) {
        // Another process's write (which bumps the mark) may land between
        // the two first reads: then the second reader is not used.
        auto m2 = storage::GetMeta(**second, "external_change");
        if (m2.ok() && m2->value_or("") == mark) readers.push_back(&**second);
      }
      replay_.clear();
      replay_external_.clear();
      recording_ = true;
    }
    auto ext = indicator::external_store::LoadAll(c);
    if (!ext.ok()) return ext.status();
    fresh->external = std::move(*ext);
    return ScanFacts(
        readers,
        [&](ResidentFacts& f) {
          fresh->points.Accumulate(f);
          fresh->indicators.Accumulate(f);
          fresh->worklist.Apply(nullptr, &f, fresh->today);
          if (f.resident && f.resident->status == "active") ++fresh->residents;
          return Status::Ok();
        },
        progress);
  });
  second.reset();  // done reading: its transaction ends here
  if (s.ok()) {
    // Independent: the ledger's finish runs beside the cube's.
    std::thread points([&] { fresh->points.Finish(*tree); });
    fresh->indicators.Finish(*tree);
    points.join();
  }
  std::lock_guard commit(commit_mu_);
  recording_ = false;
  if (!s.ok()) {
    replay_.clear();
    std::lock_guard l(stats_mu_);
    stats_.rebuilding = false;
    return s;
  }
  for (const auto& ch : replay_) {
    const ResidentFacts* b = ch.before ? &*ch.before : nullptr;
    const ResidentFacts* a = ch.after ? &*ch.after : nullptr;
    fresh->points.Apply(b, a, *tree);
    fresh->indicators.Apply(b, a, *tree);
    fresh->worklist.Apply(b, a, fresh->today);
    auto active = [](const ResidentFacts* f) {
      return f && f->resident && f->resident->status == "active" ? 1 : 0;
    };
    fresh->residents += active(a) - active(b);
  }
  replay_.clear();
  for (const auto& fn : replay_external_) fn(fresh->external);
  replay_external_.clear();
  fresh->external.Roll(tree);
  size_t bytes = fresh->points.bytes() + fresh->worklist.bytes() + fresh->indicators.bytes();
  int64_t residents = fresh->residents;
  std::unique_ptr<Aggregates> old;
  {
    std::unique_lock lock(mu_);
    old = std::exchange(state_, std::move(fresh));
  }
  // Freed outside the lock, so readers are not held up by it; then the
  // rebuild's transient memory (the batches read, the series builders) goes
  // back to the system instead of staying in the allocator's free lists.
  old.reset();
  ReturnFreeMemory();
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::lock_guard l(stats_mu_);
  seen_mark_ = mark;
  stats_.residents = residents;
  stats_.built_at = NowTimestamp();
  stats_.build_seconds = secs;
  stats_.bytes = bytes;
  stats_.rebuilding = false;
  ++stats_.rebuilds;
  return Status::Ok();
}

void LiveState::Apply(const ResidentFacts* before, const ResidentFacts* after) {
  auto tree = org_units_.tree();
  if (recording_) {
    Change ch;
    if (before) ch.before = *before;
    if (after) ch.after = *after;
    replay_.push_back(std::move(ch));
  }
  {
    std::unique_lock lock(mu_);
    state_->points.Apply(before, after, *tree);
    state_->indicators.Apply(before, after, *tree);
    state_->worklist.Apply(before, after, state_->today);
    auto active = [](const ResidentFacts* f) {
      return f && f->resident && f->resident->status == "active" ? 1 : 0;
    };
    state_->residents += active(after) - active(before);
  }
  std::lock_guard l(stats_mu_);
  ++stats_.applied;
}

Status LiveState::PutPopulation(const std::string& code, int year, int64_t population,
                                const std::string& source) {
  std::unique_lock<std::mutex> commit(commit_mu_, std::defer_lock);
  Status s = db_.Write([&](storage::Connection& c) {
    YILIAN_RETURN_IF_ERROR(
        indicator::external_store::PutPopulation(c, code, year, population, source));
    commit.lock();  // held from before the commit until the figure is in memory
    return Status::Ok();
  });
  if (!s.ok()) return s;
  auto apply = [=](indicator::ExternalFigures& f) { f.populations[{code, year}] = population; };
  if (recording_) replay_external_.push_back(apply);
  auto tree = org_units_.tree();
  std::unique_lock lock(mu_);
  apply(state_->external);
  state_->external.Roll(tree);
  return Status::Ok();
}

Status LiveState::PutTargets(const std::vector<indicator::TargetValue>& targets) {
  std::unique_lock<std::mutex> commit(commit_mu_, std::defer_lock);
  Status s = db_.Write([&](storage::Connection& c) {
    for (const auto& t : targets)
      YILIAN_RETURN_IF_ERROR(indicator::external_store::PutTarget(c, t));
    commit.lock();
    return Status::Ok();
  });
  if (!s.ok()) return s;
  auto apply = [targets](indicator::ExternalFigures& f) {
    for (const auto& t : targets) f.targets[{t.indicator, t.org_unit_code, t.year}] = t.target;
  };
  if (recording_) replay_external_.push_back(apply);
  std::unique_lock lock(mu_);
  apply(state_->external);
  return Status::Ok();
}

LiveStats LiveState::stats() const {
  std::lock_guard l(stats_mu_);
  return stats_;
}

void LiveState::RequestRebuild() {
  {
    std::lock_guard lock(watch_mu_);
    rebuild_requested_ = true;
  }
  watch_cv_.notify_all();
}

void LiveState::StartWatching(std::chrono::milliseconds interval) {
  if (watcher_.joinable()) return;
  watcher_ = std::thread([this, interval] { Watch(interval); });
}

void LiveState::Watch(std::chrono::milliseconds interval) {
  while (true) {
    bool requested = false;
    {
      std::unique_lock lock(watch_mu_);
      watch_cv_.wait_for(lock, interval, [&] { return stop_ || rebuild_requested_; });
      if (stop_) return;
      requested = rebuild_requested_;
      rebuild_requested_ = false;
    }
    std::string why;
    if (requested) why = "requested";
    if (why.empty()) {
      auto mark = ExternalChangeMark();
      std::lock_guard l(stats_mu_);
      if (mark.ok() && *mark != seen_mark_) why = "the database was changed by another process";
    }
    if (why.empty()) {
      std::shared_lock lock(mu_);
      if (state_->today != Today()) why = "a new day";
    }
    if (why.empty()) continue;
    spdlog::info("rebuilding the live state: {}", why);
    Status s = Rebuild();
    if (!s.ok()) spdlog::error("live state rebuild failed: {}", s.ToString());
  }
}

}  // namespace yilian::live
