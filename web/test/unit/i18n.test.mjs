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
  // The daily work: service forms, contracts, enrolments.
  assert.equal(translateReason('400 is impossible for 收缩压: must be from 60 to 300 mmHg'), '400 不可能：收缩压应在 60–300 mmHg 之间');
  assert.equal(translateReason('is 控制满意 (controlled) but the blood pressure 150/95 mmHg is not below 140/90'), '血压 150/95 mmHg 未低于 140/90，不能选“控制满意”');
  assert.equal(translateReason('is required (此次随访分类)'), '必填');
  assert.equal(translateReason('must be below the systolic pressure (120)'), '应低于收缩压（120）');
  assert.equal(
    translateReason('package 老年人服务包 is for elderly residents; this resident is not one on 2026-12-03'),
    '老年人服务包仅限 65 岁及以上老年人，该居民在 2026-12-03 不属于此人群',
  );
  assert.equal(translateReason('高血压患者随访 needs an enrolment in hypertension in force on 2026-12-03'), '高血压患者随访需要居民在 2026-12-03 已纳入高血压管理');
  assert.equal(translateReason('already has a contract in force on 2026-12-03'), '2026-12-03 已有有效签约');
  assert.equal(translateReason('hypertension management is for residents aged 35 or more (aged 20 on 2026-12-03)'), '高血压管理适用于 35 岁及以上居民（2026-12-03 时 20 岁）');
  // Unknown reasons pass through unchanged.
  assert.equal(translateReason('something new'), 'something new');
});
