// Form field labels: Chinese from the catalogue (GET /service-items), English
// here for the fields of data/catalogue/forms.json. A field not listed keeps
// its Chinese label in English too.
const EN = {
  summary: 'Notes',
  visit_mode: 'Visit mode',
  symptoms: 'Symptoms',
  sbp: 'Systolic BP',
  dbp: 'Diastolic BP',
  weight_kg: 'Weight',
  height_cm: 'Height',
  heart_rate: 'Heart rate',
  fbg: 'Fasting glucose',
  smoking_per_day: 'Cigarettes a day',
  drinking_ml_per_day: 'Alcohol a day',
  medication_adherence: 'Medication adherence',
  adverse_reaction: 'Adverse drug reaction',
  medications: 'Medications',
  classification: 'Classification of this visit',
  referral: 'Referral',
  referral_reason: 'Referral reason',
  next_visit_date: 'Next visit',
  waist_cm: 'Waist',
  self_care_score: 'Self-care score',
  cognition: 'Cognition',
  emotion: 'Mood',
  head_circumference_cm: 'Head circumference',
  feeding: 'Feeding',
  hemoglobin: 'Haemoglobin',
  development_ok: 'Development on track',
  gestational_week: 'Gestational week',
  fundal_height_cm: 'Fundal height',
  fetal_heart_rate: 'Fetal heart rate',
  high_risk: 'High risk',
  temperature: 'Temperature',
  recovered: 'Recovering well',
  risk_level: 'Risk level',
  condition: 'Condition',
  phase: 'Treatment phase',
  doses_missed: 'Doses missed',
  vaccine: 'Vaccine',
  dose: 'Dose',
  batch_no: 'Batch number',
};

export function fieldLabel(field, locale) {
  if (locale === 'en' && EN[field.name]) return EN[field.name];
  return field.label || field.name;
}
