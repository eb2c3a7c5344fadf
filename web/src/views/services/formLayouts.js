// Hand-tuned layouts of the main service forms, for a phone: which of the
// form's fields (GET /service-items → fields) go together in which section,
// which stand side by side, and which get a special control. A field the API
// sends that a layout does not name is still shown, in a last section, so a
// new field in data/catalogue/forms.json never disappears from the screen.
//
// A section: {key, fields}; a field entry is a name or an array of names
// (shown on one row). `widgets` picks a control other than the type's default.

const chronic = (first) => [
  { key: 'visit', fields: ['visit_mode', 'symptoms'] },
  { key: 'signs', fields: first === 'fbg' ? ['fbg', ['sbp', 'dbp'], 'heart_rate', ['weight_kg', 'height_cm']] : [['sbp', 'dbp'], 'heart_rate', ['weight_kg', 'height_cm'], 'fbg'] },
  { key: 'lifestyle', fields: [['smoking_per_day', 'drinking_ml_per_day']] },
  { key: 'medication', fields: ['medication_adherence', 'adverse_reaction', 'medications'] },
  { key: 'assessment', fields: ['classification', 'referral', 'referral_reason', 'next_visit_date'] },
];

export const LAYOUTS = {
  htn_followup: chronic('bp'),
  dm_followup: chronic('fbg'),
  chronic_followup: chronic('bp'),
  elderly_check: [
    { key: 'signs', fields: [['sbp', 'dbp'], ['weight_kg', 'height_cm'], 'waist_cm', 'fbg'] },
    { key: 'function', fields: ['self_care_score', ['cognition', 'emotion'], 'summary'] },
  ],
  child_visit: [
    { key: 'growth', fields: [['weight_kg', 'height_cm'], 'head_circumference_cm', 'hemoglobin'] },
    { key: 'care', fields: ['feeding', 'development_ok'] },
    { key: 'guidance', fields: ['summary', 'next_visit_date'] },
  ],
  prenatal_visit: [
    { key: 'pregnancy', fields: ['gestational_week', 'high_risk'] },
    { key: 'signs', fields: [['sbp', 'dbp'], 'weight_kg', ['fundal_height_cm', 'fetal_heart_rate'], 'hemoglobin'] },
    { key: 'guidance', fields: ['summary', 'next_visit_date'] },
  ],
  postpartum_visit: [
    { key: 'signs', fields: [['sbp', 'dbp'], 'temperature'] },
    { key: 'care', fields: ['feeding', 'recovered'] },
    { key: 'guidance', fields: ['summary'] },
  ],
  mental_followup: [
    { key: 'visit', fields: ['visit_mode'] },
    { key: 'risk', fields: ['risk_level', 'condition'] },
    { key: 'medication', fields: ['medication_adherence', 'adverse_reaction'] },
    { key: 'assessment', fields: ['referral', 'summary', 'next_visit_date'] },
  ],
  tb_visit: [
    { key: 'visit', fields: ['visit_mode', 'phase'] },
    { key: 'medication', fields: ['doses_missed', 'adverse_reaction'] },
    { key: 'assessment', fields: ['summary', 'next_visit_date'] },
  ],
};

export const WIDGETS = {
  risk_level: 'scale', // 0–5 as six buttons
};

// Suggestions offered as one-tap chips for list fields (the specification's
// symptom list; anything else can still be typed).
export const LIST_SUGGESTIONS = {
  symptoms: {
    hypertension: ['无症状', '头痛头晕', '恶心呕吐', '眼花耳鸣', '呼吸困难', '心悸胸闷', '鼻衄出血不止', '四肢发麻', '下肢水肿'],
    diabetes: ['无症状', '多饮', '多食', '多尿', '视力模糊', '感染', '手脚麻木', '下肢浮肿', '体重明显下降'],
  },
};

// The sections of `item` (a service item with `fields`): the layout's
// sections with the fields the form really has, then the rest.
export function sectionsOf(item) {
  const fields = new Map((item?.fields || []).map((f) => [f.name, f]));
  const layout = LAYOUTS[item?.code] || LAYOUTS[item?.form] || [];
  const used = new Set();
  const out = [];
  for (const s of layout) {
    const rows = [];
    for (const entry of s.fields) {
      const names = (Array.isArray(entry) ? entry : [entry]).filter((n) => fields.has(n));
      if (!names.length) continue;
      names.forEach((n) => used.add(n));
      rows.push(names.map((n) => fields.get(n)));
    }
    if (rows.length) out.push({ key: s.key, rows });
  }
  const rest = [...fields.values()].filter((f) => !used.has(f.name));
  if (rest.length) out.push({ key: layout.length ? 'other' : 'form', rows: rest.map((f) => [f]) });
  return out;
}
