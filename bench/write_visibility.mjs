// How long a write takes to show in the indicators (bench/run.sh, BENCHMARKS.md).
// For each case, one after another on loopback: read the village's services
// and work points for today (GET /api/v1/analytics), record a verified
// hypertension follow-up (POST /api/v1/services), read the figures again and
// check that both moved by exactly the new record (1 service, its points).
//   node bench/write_visibility.mjs --url http://127.0.0.1:18080 --token ylt_… \
//        --cases cases.csv --today 2026-12-03 --count 200
// cases.csv: resident_id,village_code,practitioner_id,facility_id,team_id
// (active hypertension patients and who last followed them up). Prints
// "key: value" lines.
import { readFileSync } from 'node:fs';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, v, i, a) => (i % 2 === 0 ? [...acc, [v.replace(/^--/, ''), a[i + 1]]] : acc), []));
const url = args.url, token = args.token, today = args.today, count = Number(args.count || 200);
const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
const cases = readFileSync(args.cases, 'utf8').split('\n').filter(Boolean).map((l) => l.split(','));
const pe = today.replaceAll('-', '');

async function figures(village) {
  const r = await fetch(`${url}/api/v1/analytics?dx=services;work_points&ou=${village}&pe=${pe}`, { headers });
  if (r.status !== 200) throw new Error(`analytics ${r.status}: ${await r.text()}`);
  const rows = (await r.json()).rows;
  return Object.fromEntries(rows.map((x) => [x.dx, x.numerator]));
}
const ms = (a) => Number(a) / 1e6;
const post = [], seen = [], read = [];
let visible = 0, failed = 0;
for (let i = 0; i < Math.min(count, cases.length); ++i) {
  const [resident, village, practitioner, facility, team] = cases[i];
  const before = await figures(village);
  const body = {
    resident_id: Number(resident), service_code: 'htn_followup', service_date: today,
    practitioner_id: Number(practitioner), facility_id: Number(facility), verification: 'dual_card',
    data: { visit_mode: '1', sbp: 128, dbp: 82, classification: '1' },
  };
  if (team) body.team_id = Number(team);
  const t0 = process.hrtime.bigint();
  const r = await fetch(`${url}/api/v1/services`, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await r.text();
  const t1 = process.hrtime.bigint();
  if (r.status !== 201) {
    ++failed;
    if (failed <= 3) console.error(`POST ${r.status}: ${text.slice(0, 300)}`);
    continue;
  }
  const points = JSON.parse(text).points;
  const after = await figures(village);
  const t2 = process.hrtime.bigint();
  post.push(ms(t1 - t0));
  read.push(ms(t2 - t1));
  seen.push(ms(t2 - t0));
  if (after.services === before.services + 1 && Math.abs(after.work_points - before.work_points - points) < 1e-6) ++visible;
}
const pct = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.round(q * (s.length - 1)))] : NaN; };
const line = (k, xs) => console.log(`${k}: n=${xs.length} p50_ms=${pct(xs, 0.5).toFixed(2)} p99_ms=${pct(xs, 0.99).toFixed(2)} max_ms=${Math.max(...xs).toFixed(2)}`);
line('write POST /services', post);
line('write then analytics read', seen);
console.log(`write_visible: ${visible} of ${post.length} writes showed in the next analytics read (services +1 and the record's work points); ${failed} writes refused`);
