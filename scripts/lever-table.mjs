#!/usr/bin/env node
// Prints one table of docs/levers.md ("Measured effects") from a compare results folder:
//   node scripts/lever-table.mjs <compare-folder> <variant> metric:tier:group ...
// (tier empty for the region, group empty for all patients), e.g.
//   node scripts/lever-table.mjs /tmp/lv/paired primary-first primary_visit_share wait_consult:regional
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, variant, ...keys] = process.argv.slice(2);
const lines = readFileSync(join(dir, 'comparison.csv'), 'utf8').trim().split('\n');
const head = lines[0].split(',');
const rows = lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((c, i) => [head[i], c])));
/** Three significant figures, whole numbers from 100 up. */
const fmt = (x) => {
  const v = Number(x);
  const a = Math.abs(v);
  return a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : a >= 1 ? v.toFixed(2) : a >= 0.01 ? v.toFixed(3) : v.toPrecision(2);
};
console.log('| metric | tier | group | baseline mean | change (95 % paired CI) |');
console.log('|---|---|---|---:|---|');
for (const k of keys) {
  const [metric, tier = '', group = ''] = k.split(':');
  const r = rows.find((x) => x.variant === variant && x.metric === metric && x.tier === tier && x.group === group && x.facility === '');
  if (!r) throw new Error(`no row ${k} for ${variant} in ${dir}/comparison.csv`);
  const sig = r.significant === 'true' ? '' : ' (n.s.)';
  console.log(`| \`${metric}\` | ${tier || 'region'} | ${group} | ${fmt(r.baseline_mean)} | ${Number(r.diff) >= 0 ? '+' : ''}${fmt(r.diff)} [${fmt(r.diff_ci_low)}, ${fmt(r.diff_ci_high)}]${sig} |`);
}
