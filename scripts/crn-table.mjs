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
const corr = (a, b) => {
  const ma = a.reduce((x, y) => x + y, 0) / a.length;
  const mb = b.reduce((x, y) => x + y, 0) / b.length;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += (a[i] - ma) * (b[i] - mb);
    aa += (a[i] - ma) ** 2;
    bb += (b[i] - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
};
/** The ratio perfectly correlated replications would give, for standard deviations in ratio r. */
const bestRatio = (r) => Math.sqrt(1 + r * r) / Math.abs(1 - r);
/**
 * Upper 95 % limit of the best possible ratio. The 95 % interval for the ratio r of the two
 * standard deviations is the set of r not rejected by the Pitman-Morgan test (for paired normal
 * samples: var(v) = r² var(b) exactly when b + v/r and b - v/r are uncorrelated; t-test of that
 * correlation with n - 2 degrees of freedom), found on a fine grid; the limit is the largest
 * bestRatio over it (unbounded when it contains 1).
 */
const bestRatioUpper = (b, v) => {
  const n = b.length;
  if (n < 3) return Infinity;
  const tc = tQuantile(0.975, n - 2);
  let hi = 0;
  for (let e = -4; e <= 4; e += 0.0005) {
    const r = Math.exp(e);
    const c = corr(b.map((x, i) => x + v[i] / r), b.map((x, i) => x - v[i] / r));
    if (Math.abs((c * Math.sqrt(n - 2)) / Math.sqrt(1 - c * c)) < tc) hi = Math.max(hi, bestRatio(r));
  }
  return hi;
};
const fmt = (x) => (x > 100 ? '> 100' : x.toFixed(1));
const base = read(paired, names[0]);
const ubase = unpaired && existsSync(`${unpaired}/${names[0]}`) ? read(unpaired, names[0]) : null;
console.log(`${metric} ${tier || 'region'} ${group}: baseline sd over replications ${Math.sqrt(variance(base)).toPrecision(2)}`);
console.log('| variant | sd over replications | paired half-width | Welch, same replications | ratio | Welch, independent seeds | ratio | best possible ratio | its upper 95 % limit |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
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
  const best = bestRatio(sv / sb);
  console.log(`| ${n} | ${sv.toPrecision(2)} | ${p.toPrecision(2)} | ${w.toPrecision(2)} | ${(w / p).toFixed(1)} | ${ind} | ${r2} | ${fmt(best)} | ${fmt(bestRatioUpper(base, v))} |`);
}
