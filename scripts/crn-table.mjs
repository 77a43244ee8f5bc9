#!/usr/bin/env node
// Prints the variance-reduction table of docs/levers.md: half-widths of the 95 % interval of the
// change in one metric (default: wait_consult at the regional centre), paired (common random
// numbers) against Welch's interval on the same replications and on independent seeds.
//   node scripts/crn-table.mjs <paired-folder> <unpaired-folder> baseline variant ...
// Environment: M (metric), T (tier), G (group) select another metric. Needs a build (dist/).
import { existsSync, readFileSync } from 'node:fs';
import { meanCI, tQuantile } from '../dist/metrics/ci.js';

const [paired, unpaired, ...names] = process.argv.slice(2);
const metric = process.env.M ?? 'wait_consult';
const tier = process.env.T ?? 'regional';
const group = process.env.G ?? '';
/** The metric per replication of one scenario of a compare folder. */
const read = (dir, name) => {
  const lines = readFileSync(`${dir}/${name}/replications.csv`, 'utf8').trim().split('\n');
  const h = lines[0].split(',');
  const out = [];
  for (const l of lines.slice(1)) {
    const r = Object.fromEntries(l.split(',').map((c, i) => [h[i], c]));
    if (r.metric === metric && r.tier === tier && r.facility === '' && r.group === group) out[Number(r.replication)] = Number(r.value);
  }
  return out;
};
const variance = (x) => {
  const m = x.reduce((a, b) => a + b, 0) / x.length;
  return x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1);
};
/** Half-width of Welch's 95 % interval for the difference of two means. */
const welch = (b, v) => {
  const vb = variance(b) / b.length;
  const vv = variance(v) / v.length;
  const df = (vb + vv) ** 2 / (vb ** 2 / (b.length - 1) + vv ** 2 / (v.length - 1));
  return tQuantile(0.975, df) * Math.sqrt(vb + vv);
};
const base = read(paired, names[0]);
const ubase = unpaired && existsSync(`${unpaired}/${names[0]}`) ? read(unpaired, names[0]) : null;
console.log(`${metric} ${tier || 'region'} ${group}: baseline sd over replications ${Math.sqrt(variance(base)).toPrecision(2)}`);
console.log('| variant | sd over replications | paired half-width | Welch, same replications | ratio | Welch, independent seeds | ratio | best possible ratio |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const n of names.slice(1)) {
  const v = read(paired, n);
  const p = meanCI(v.map((x, i) => x - base[i]), 0.95).halfWidth;
  const w = welch(base, v);
  let ind = '';
  let r2 = '';
  if (ubase) {
    const u = welch(ubase, read(unpaired, n));
    ind = u.toPrecision(2);
    r2 = (u / p).toFixed(1);
  }
  // Perfectly correlated replications give sd |s_b - s_v| for the difference: no pairing does better.
  const sb = Math.sqrt(variance(base));
  const sv = Math.sqrt(variance(v));
  const best = Math.sqrt(sb * sb + sv * sv) / Math.abs(sb - sv);
  console.log(`| ${n} | ${sv.toPrecision(2)} | ${p.toPrecision(2)} | ${w.toPrecision(2)} | ${(w / p).toFixed(1)} | ${ind} | ${r2} | ${best > 100 ? '> 100' : best.toFixed(1)} |`);
}
