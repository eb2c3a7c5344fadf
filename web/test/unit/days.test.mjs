// The 续约 button follows the API's renewal window.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { daysBetween, renewalOpen } from '../../src/util/days.js';

test('renewal is offered only when fewer than 90 days remain', () => {
  assert.equal(daysBetween('2026-12-03', '2027-03-03'), 90);
  assert.equal(renewalOpen('2026-12-03', '2027-03-03'), false, 'exactly 90 days: the API refuses');
  assert.equal(renewalOpen('2026-12-04', '2027-03-03'), true, '89 days');
  assert.equal(renewalOpen('2026-12-03', '2026-12-31'), true);
  assert.equal(renewalOpen('2026-12-03', '2026-11-30'), true, 'lapsed');
  assert.equal(renewalOpen('2026-01-01', '2026-12-31'), false);
});
