// Compares figure files (indicator,ou,month,numerator,denominator) from
// yilian, DuckDB and PostgreSQL: every cell of the first against each other.
//   node bench/compare_figures.mjs figures-yilian.csv figures-duckdb.csv figures-pg.csv
// Prints one line per peer (cells compared, equal, different) and the first
// differences; exits 1 when any differ.
import { readFileSync } from 'node:fs';

const load = (file) => {
  const m = new Map();
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  for (const line of lines.slice(1)) {
    const [indicator, ou, month, num, den] = line.split(',');
    m.set(`${indicator},${ou},${month}`, [num === '' ? null : Number(num), den === '' || den === undefined ? null : Number(den)]);
  }
  return m;
};
const same = (a, b) => (a === null && b === null) || (a !== null && b !== null && Math.abs(a - b) < 0.005);
const [base, ...peers] = process.argv.slice(2);
const ours = load(base);
let bad = false;
for (const file of peers) {
  const theirs = load(file);
  let equal = 0, differ = 0, missing = 0;
  const examples = [];
  for (const [key, [num, den]] of ours) {
    const t = theirs.get(key);
    if (!t) { ++missing; if (examples.length < 8) examples.push(`${key}: missing`); continue; }
    if (same(num, t[0]) && same(den, t[1])) { ++equal; continue; }
    ++differ;
    if (examples.length < 8) examples.push(`${key}: yilian ${num}/${den} vs ${t[0]}/${t[1]}`);
  }
  const extra = [...theirs.keys()].filter((k) => !ours.has(k)).length;
  console.log(`compare ${file}: cells=${ours.size} equal=${equal} different=${differ} missing=${missing} extra=${extra}`);
  for (const e of examples) console.log(`  ${e}`);
  if (differ || missing || extra) bad = true;
}
process.exit(bad ? 1 : 0);
