// The hand-tuned service form layouts show every field of every form in
// data/catalogue (the files the server embeds), each exactly once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sectionsOf, LAYOUTS } from '../../src/views/services/formLayouts.js';

const read = (p) => JSON.parse(readFileSync(new URL(`../../../data/catalogue/${p}`, import.meta.url), 'utf8'));
const forms = new Map(read('forms.json').forms.map((f) => [f.code, f]));
const items = read('services.json').items.map((it) => ({ ...it, fields: forms.get(it.form).fields }));

test('every field of every service item appears once in its layout', () => {
  for (const it of items) {
    const shown = sectionsOf(it).flatMap((s) => s.rows.flat().map((f) => f.name));
    assert.deepEqual([...shown].sort(), it.fields.map((f) => f.name).sort(), it.code);
  }
});

test('the main forms have hand-tuned layouts that name only real fields', () => {
  for (const form of ['chronic_followup', 'elderly_check', 'child_visit', 'prenatal_visit', 'postpartum_visit', 'mental_followup']) {
    assert.ok(LAYOUTS[form], form);
    const names = new Set(forms.get(form).fields.map((f) => f.name));
    const named = LAYOUTS[form].flatMap((s) => s.fields.flat());
    assert.deepEqual(named.filter((n) => !names.has(n)), [], `unknown fields in the ${form} layout`);
    // Nothing left over for an "other" section.
    const it = items.find((x) => x.form === form);
    assert.ok(!sectionsOf(it).some((s) => s.key === 'other'), `${form} has fields outside its layout`);
  }
});

test('blood pressure stands side by side on the follow-up form', () => {
  const htn = items.find((x) => x.code === 'htn_followup');
  const signs = sectionsOf(htn).find((s) => s.key === 'signs');
  assert.deepEqual(signs.rows[0].map((f) => f.name), ['sbp', 'dbp']);
  const dm = items.find((x) => x.code === 'dm_followup');
  assert.equal(sectionsOf(dm).find((s) => s.key === 'signs').rows[0][0].name, 'fbg', 'glucose first for diabetes');
});
