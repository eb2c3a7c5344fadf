#include "auth/login_throttle.h"

#include <string>

#include <gtest/gtest.h>

namespace yilian::auth {
namespace {

TEST(LoginThrottleTest, UnknownClientMayTry) {
  LoginThrottle t(10, 10);
  EXPECT_EQ(t.Check("10.0.0.1", 100), 0);
}

TEST(LoginThrottleTest, BurstThenRefusedWithPositiveWait) {
  LoginThrottle t(/*per_minute=*/10, /*burst=*/5);
  double now = 1000;
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(t.Check("a", now), 0) << "attempt " << i;
    t.Fail("a", now);
  }
  int64_t wait = t.Check("a", now);
  EXPECT_GT(wait, 0);
  // One token comes back every 6 s at 10 per minute.
  EXPECT_LE(wait, 6);
  EXPECT_GE(wait, 5);
  // Further failures do not drive the bucket below empty.
  t.Fail("a", now);
  t.Fail("a", now);
  EXPECT_EQ(t.Check("a", now), wait);
}

TEST(LoginThrottleTest, RefillsOverTime) {
  LoginThrottle t(/*per_minute=*/60, /*burst=*/3);  // one token per second
  double now = 50;
  for (int i = 0; i < 3; ++i) t.Fail("a", now);
  EXPECT_EQ(t.Check("a", now), 1);
  EXPECT_EQ(t.Check("a", now + 0.5), 1);  // half a token: still a whole second to wait, rounded up
  EXPECT_EQ(t.Check("a", now + 1), 0);
  t.Fail("a", now + 1);
  EXPECT_GT(t.Check("a", now + 1), 0);
  // After a long pause the bucket is full again, but never more than the burst.
  now += 3600;
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(t.Check("a", now), 0) << i;
    t.Fail("a", now);
  }
  EXPECT_GT(t.Check("a", now), 0);
}

TEST(LoginThrottleTest, ClientsAreIndependent) {
  LoginThrottle t(10, 2);
  t.Fail("a", 0);
  t.Fail("a", 0);
  EXPECT_GT(t.Check("a", 0), 0);
  EXPECT_EQ(t.Check("b", 0), 0);
  t.Fail("b", 0);
  EXPECT_EQ(t.Check("b", 0), 0);
  EXPECT_EQ(t.Check("", 0), 0);
}

TEST(LoginThrottleTest, TimeGoingBackwardsGrantsNothing) {
  LoginThrottle t(/*per_minute=*/60, /*burst=*/2);
  t.Fail("a", 100);
  t.Fail("a", 100);
  int64_t wait = t.Check("a", 100);
  EXPECT_GT(wait, 0);
  // A clock stepping back must not refill the bucket…
  EXPECT_GT(t.Check("a", 10), 0);
  EXPECT_GT(t.Check("a", -1e9), 0);
  t.Fail("a", 50);
  // …nor postpone the refill already earned.
  EXPECT_EQ(t.Check("a", 101), 0);
}

TEST(LoginThrottleTest, EvictionKeepsUsedBuckets) {
  // Room for three clients; a fourth triggers eviction of full buckets only.
  LoginThrottle t(/*per_minute=*/60, /*burst=*/2, /*max_clients=*/3);
  t.Fail("a", 0);
  t.Fail("a", 0);  // empty
  t.Fail("b", 0);
  t.Fail("c", 0);
  t.Fail("d", 0.5);  // nothing is full yet: nothing may be dropped
  EXPECT_GT(t.Check("a", 0.5), 0);
  // Much later every bucket has refilled and may be dropped; a dropped client
  // starts again with a full burst, exactly as if it had been kept.
  for (int i = 0; i < 1000; ++i) t.Fail("x" + std::to_string(i), 100 + i * 0.001);
  EXPECT_EQ(t.Check("a", 101), 0);
  t.Fail("a", 101);
  EXPECT_EQ(t.Check("a", 101), 0);
  t.Fail("a", 101);
  EXPECT_GT(t.Check("a", 101), 0);
  // A client emptied just now survives the churn of many others.
  for (int i = 0; i < 1000; ++i) t.Fail("y" + std::to_string(i), 101.5);
  EXPECT_GT(t.Check("a", 101.5), 0);
}

}  // namespace
}  // namespace yilian::auth
