// A service record's data in a line: "血压 150/95 mmHg · 空腹血糖 6.1 mmol/L ·
// 控制不满意 · 下次随访日期 2026-12-17", from its form's field definitions.
import { serviceItem } from '../../care.js';
import { codeName } from '../../codes.js';
import { t, locale } from '../../i18n/index.js';
import { fieldLabel } from './fieldLabels.js';

const SKIP = new Set(['sbp', 'dbp', 'summary', 'referral_reason']);

export function summarize(record, { max = 8 } = {}) {
  const d = record.data || {};
  const it = serviceItem(record.service_code);
  const parts = [];
  if (d.sbp != null && d.dbp != null) parts.push(`${t('care.timeline.bp')} ${d.sbp}/${d.dbp} mmHg`);
  const fields = it?.fields || Object.keys(d).map((name) => ({ name, type: typeof d[name] === 'boolean' ? 'bool' : 'text', label: name }));
  for (const f of fields) {
    if (SKIP.has(f.name) || d[f.name] == null) continue;
    const v = d[f.name];
    const label = fieldLabel(f, locale.value);
    if (f.type === 'bool') {
      if (v) parts.push(label);
      continue;
    }
    if (f.type === 'code') {
      parts.push(f.name === 'classification' || f.name === 'condition' ? codeName(f.code_set, v) : `${label} ${codeName(f.code_set, v)}`);
      continue;
    }
    if (f.type === 'list') {
      if (v.length) parts.push(`${label} ${v.join('、')}`);
      continue;
    }
    parts.push(`${label} ${v}${f.unit ? ' ' + f.unit : ''}`);
  }
  if (d.referral_reason) parts.push(`${t('care.timeline.referralReason')} ${d.referral_reason}`);
  return { line: parts.slice(0, max).join(' · '), note: d.summary || '' };
}
