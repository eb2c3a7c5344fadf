// The DuckDB peer of the full indicator recompute (bench/run.sh, BENCHMARKS.md):
// loads the exported CSVs (../sql/load_duckdb.sql), computes the standard set
// for every org unit and month (../sql/indicators.sql, the same text
// PostgreSQL runs) and writes the figures as CSV for the comparison.
//   node indicators.mjs --dir bench/out/csv --today 2026-12-03 --months 24 --out figures-duckdb.csv
// Prints "key: value" lines: load and compute wall seconds and this process's CPU seconds.
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, v, i, a) => (i % 2 === 0 ? [...acc, [v.replace(/^--/, ''), a[i + 1]]] : acc), []));
for (const k of ['dir', 'today', 'months', 'out']) {
  if (!args[k]) {
    console.error('usage: node indicators.mjs --dir DIR --today YYYY-MM-DD --months N --out FILE [--threads N]');
    process.exit(2);
  }
}
const dir = resolve(args.dir);
const subst = (sql) => sql.replaceAll('@DIR@', dir).replaceAll('@TODAY@', args.today).replaceAll('@MONTHS@', String(Number(args.months)));
// Statements end with ";" at the end of a line; "--" comments are dropped.
const statements = (file) => subst(readFileSync(join(here, '..', 'sql', file), 'utf8'))
  .split('\n').filter((l) => !l.trim().startsWith('--')).join('\n')
  .split(/;\s*\n/).map((s) => s.trim()).filter(Boolean);

const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const instance = await DuckDBInstance.create(':memory:', args.threads ? { threads: String(args.threads) } : {});
const con = await instance.connect();
const version = (await con.runAndReadAll('SELECT version() AS v')).getRowObjects()[0].v;
const threads = (await con.runAndReadAll("SELECT current_setting('threads') AS t")).getRowObjects()[0].t;
console.log(`duckdb: version=${version} threads=${threads}`);

async function phase(name, file) {
  const t0 = performance.now(), c0 = cpu();
  for (const s of statements(file)) {
    const a = performance.now();
    await con.run(s);
    if (process.env.VERBOSE) console.error(`${((performance.now() - a) / 1000).toFixed(2)} s  ${s.slice(0, 70).replace(/\s+/g, ' ')}`);
  }
  const wall = (performance.now() - t0) / 1000, c = cpu() - c0;
  console.log(`duckdb_${name}: seconds=${wall.toFixed(2)} cpu_s=${c.toFixed(2)}`);
}
await phase('load', 'load_duckdb.sql');
await phase('compute', 'indicators.sql');
const counts = (await con.runAndReadAll(
  'SELECT (SELECT count(*) FROM res) AS residents, (SELECT count(*) FROM svc) AS services, (SELECT count(*) FROM figures) AS figures'))
  .getRowObjects()[0];
console.log(`duckdb_rows: residents=${counts.residents} services=${counts.services} figures=${counts.figures}`);
await con.run(`COPY (SELECT indicator, ou, CAST(pe AS VARCHAR) AS month, numerator, denominator FROM figures ORDER BY 1, 2, 3)
               TO '${resolve(args.out)}' (HEADER, DELIMITER ',')`);
