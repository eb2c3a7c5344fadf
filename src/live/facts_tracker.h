// FactsTracker: carries one write transaction's changes to the LiveState.
//
// Inside the transaction, Touch(c, id) before changing a resident loads their
// facts as they were; Capture(c), last thing before the commit, loads them as
// they are now and takes the LiveState's commit lock; after a successful
// commit Publish() applies the differences and releases the lock. If the
// transaction rolls back, the tracker is simply destroyed: nothing is
// applied. With no LiveState every call is a no-op.
//
//   FactsTracker t(live);
//   Status s = db.Write([&](Connection& c) {
//     YILIAN_RETURN_IF_ERROR(t.Touch(c, resident_id));
//     ... change the resident's records ...
//     return t.Capture(c);
//   });
//   if (s.ok()) t.Publish();
#pragma once

#include <map>
#include <mutex>
#include <optional>

#include "live/live_state.h"
#include "live/resident_facts.h"

namespace yilian::live {

class FactsTracker {
 public:
  explicit FactsTracker(LiveState* live) : live_(live) {}
  ~FactsTracker() = default;  // an unpublished capture releases the lock

  Status Touch(storage::Connection& c, int64_t resident_id);
  // A resident created in this transaction: nothing before.
  void Created(int64_t resident_id);
  Status Capture(storage::Connection& c);
  void Publish();

 private:
  LiveState* live_;
  std::map<int64_t, ResidentFacts> before_;
  std::map<int64_t, ResidentFacts> after_;
  std::unique_lock<std::mutex> commit_lock_;
};

}  // namespace yilian::live
