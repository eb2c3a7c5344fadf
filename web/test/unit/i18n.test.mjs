// The Chinese and English catalogues have the same keys, and the API's
// reasons get Chinese text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import zh from '../../src/i18n/zh-CN.js';
import en from '../../src/i18n/en.js';
import { translateReason } from '../../src/i18n/reasons.js';

function keys(obj, prefix = '') {
  return Object.entries(obj).flatMap(([k, v]) => (typeof v === 'object' ? keys(v, prefix + k + '.') : [prefix + k]));
}

test('zh-CN and en have the same keys', () => {
  const z = new Set(keys(zh));
  const e = new Set(keys(en));
  assert.deepEqual([...z].filter((k) => !e.has(k)), [], 'missing in en');
  assert.deepEqual([...e].filter((k) => !z.has(k)), [], 'missing in zh-CN');
});

test("the API's field reasons read in Chinese", () => {
  assert.equal(translateReason("bad check character '4', expected '7'"), '校验码错误：第 18 位为“4”，按前 17 位应为“7”');
  assert.equal(translateReason('is required'), '必填');
  assert.equal(translateReason("a mobile number must be 11 digits without '-'"), '手机号应为 11 位数字，不含 -');
  assert.equal(translateReason('already has health record 14042310000100001'), '已有健康档案 14042310000100001');
  assert.match(translateReason('"7" is not a code of sex (性别代码); allowed: 0 未知的性别, 1 男性'), /不是性别代码中的代码/);
  // Unknown reasons pass through unchanged.
  assert.equal(translateReason('something new'), 'something new');
});
