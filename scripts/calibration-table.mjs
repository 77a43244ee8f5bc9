#!/usr/bin/env node
// Prints the calibration table of scenarios/README.md from a baseline results folder:
//   node scripts/calibration-table.mjs results/baseline
// Each target of docs/calibration-targets.json with what the run reproduced (mean and 95 % CI).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'results/baseline';
const { targets } = JSON.parse(readFileSync(new URL('../docs/calibration-targets.json', import.meta.url), 'utf8'));
const lines = readFileSync(join(dir, 'summary.csv'), 'utf8').trim().split('\n');
const header = lines[0].split(',');
const rows = lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((c, i) => [header[i], c])));
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
const fmt = (x, unit) => (unit === 'share' ? `${(100 * x).toFixed(1)} %` : Number(x).toFixed(2));
console.log(`| metric | tier | target | source | baseline mean (95 % CI) | tolerance | within |`);
console.log(`|---|---|---|---|---|---|---|`);
for (const t of targets) {
  const r = rows.find((x) => x.metric === t.metric && x.tier === t.tier && x.facility === '' && x.group === '');
  const mean = Number(r.mean), lo = Number(r.ci_low), hi = Number(r.ci_high);
  const ok = lo >= t.target - t.tolerance && hi <= t.target + t.tolerance;
  console.log(`| \`${t.metric}\` | ${t.tier || 'region'} | ${fmt(t.target, t.unit)} | ${t.source} (${t.status}) | ${fmt(mean, t.unit)} (${fmt(lo, t.unit)} to ${fmt(hi, t.unit)}) | ± ${t.unit === 'share' ? `${(100 * t.tolerance).toFixed(1)} points` : fmt(t.tolerance, t.unit)} | ${ok ? 'yes' : '**no**'} |`);
}
console.log(`\nFrom \`${manifest.scenario.file}\`: ${manifest.replications} replications of ${manifest.days} days (${manifest.warmupDays} warm-up), seed ${manifest.seed}, tiersim ${manifest.tiersimVersion}, ${manifest.createdAt.slice(0, 10)}.`);
