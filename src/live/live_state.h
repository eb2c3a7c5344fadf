// LiveState: everything yilian keeps current in memory — work-point tallies
// and worklists (and, later, the indicators) — derived from residents' facts.
//
// Rules that hold:
//  * Queries read only the in-memory structures (under a shared lock); they
//    never scan raw records.
//  * Every committed write that changes a resident's facts is applied before
//    the write's response returns (see FactsTracker): the facts before and
//    after the change, loaded inside the write's own transaction, are
//    subtracted and added.
//  * At start-up, and whenever something outside this process wrote to the
//    database (`yilian import`, `generate`; they bump meta "external_change"),
//    or the org tree changed, or the date changed, the state is rebuilt from
//    a consistent snapshot in the background and swapped in. Writes published
//    while a rebuild reads are replayed onto the new state, and the snapshot
//    is taken while no write is between its commit and its publication, so
//    nothing is counted twice or lost (single process; see docs).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

#include "followup/worklist.h"
#include "indicator/external_figures.h"
#include "indicator/indicator_cube.h"
#include "live/resident_facts.h"
#include "orgunit/org_unit_registry.h"
#include "storage/database.h"
#include "workpoint/point_ledger.h"

namespace yilian::live {

// The derived structures, rebuilt together.
struct Aggregates {
  explicit Aggregates(const FollowUpRules& rules)
      : worklist(rules),
        indicators(indicator::ElementCatalogue::Default(), ServiceCatalogue::Default(), rules) {}
  PointLedger points;
  Worklist worklist;
  indicator::IndicatorCube indicators;
  indicator::ExternalFigures external;  // populations and targets
  Date today;                           // the day the worklist was computed for
  int64_t residents = 0;
};

struct LiveStats {
  int64_t residents = 0;
  std::string built_at;  // when the current state was built
  double build_seconds = 0;
  int64_t rebuilds = 0;
  int64_t applied = 0;  // residents' changes applied since start
  size_t bytes = 0;
  bool rebuilding = false;
};

class LiveState {
 public:
  LiveState(storage::Database& db, const OrgUnitRegistry& org_units, const FollowUpRules& rules);
  ~LiveState();
  LiveState(const LiveState&) = delete;
  LiveState& operator=(const LiveState&) = delete;

  // Builds the state from the store now (blocking); `progress(done)` every batch.
  Status Rebuild(const std::function<void(int64_t done)>& progress = nullptr);

  // Starts the watcher thread: every `interval` it checks for external
  // writes and a new day, and serves RequestRebuild.
  void StartWatching(std::chrono::milliseconds interval = std::chrono::milliseconds(1000));
  // Asks the watcher for a rebuild (e.g. after an org-unit merge).
  void RequestRebuild();

  // Runs fn(const Aggregates&) under the shared lock and returns its result.
  template <typename Fn>
  auto Read(Fn&& fn) const {
    std::shared_lock lock(mu_);
    return fn(static_cast<const Aggregates&>(*state_));
  }

  LiveStats stats() const;

  // For FactsTracker: publication of one resident's change. Call with
  // commit_mutex() held.
  void Apply(const ResidentFacts* before, const ResidentFacts* after);
  std::mutex& commit_mutex() { return commit_mu_; }

  // Writes a population or targets through to the store and into the live
  // figures (all targets or none).
  Status PutPopulation(const std::string& code, int year, int64_t population,
                       const std::string& source);
  Status PutTargets(const std::vector<indicator::TargetValue>& targets);

  // Marks the database as written by another process (CLI writers call
  // this in their write transaction so a running server rebuilds).
  static Status MarkExternalChange(storage::Connection& c);

 private:
  void Watch(std::chrono::milliseconds interval);
  Result<std::string> ExternalChangeMark();

  storage::Database& db_;
  const OrgUnitRegistry& org_units_;
  const FollowUpRules& rules_;

  mutable std::shared_mutex mu_;  // guards state_
  std::unique_ptr<Aggregates> state_;

  std::mutex commit_mu_;    // commit-to-publish of writes vs the rebuild's snapshot
  bool recording_ = false;  // a rebuild is reading: keep published changes for replay
  struct Change {
    std::optional<ResidentFacts> before, after;
  };
  std::vector<Change> replay_;
  std::vector<std::function<void(indicator::ExternalFigures&)>> replay_external_;

  mutable std::mutex stats_mu_;
  LiveStats stats_;
  std::string seen_mark_;  // meta external_change at the last rebuild

  std::mutex watch_mu_;
  std::condition_variable watch_cv_;
  bool stop_ = false;
  bool rebuild_requested_ = false;
  std::thread watcher_;
  std::mutex rebuild_mu_;  // one rebuild at a time
};

}  // namespace yilian::live
