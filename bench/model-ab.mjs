#!/usr/bin/env node
/**
 * Side-by-side timing of the model in two builds of tiersim (two checkouts, each built with
 * `npm run build`): runs replication 0 of scenarios/baseline.yaml for D days (warm-up D/4,
 * at most 30), alternating the builds, each run in a process of its own, and prints per build
 * the CPU seconds of the runs (min and median) and a hash of the replication's result rows
 * (events excluded), equal when the two builds give the same results bit for bit.
 *
 *   node bench/model-ab.mjs <checkout-A> <checkout-B> [--days 80] [--runs 7]
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);

if (process.argv[2] === '--child') {
  // One run in this process: <root> <days>.
  const [root, days] = [process.argv[3], Number(process.argv[4])];
  const { createHash } = await import('node:crypto');
  const { loadScenario } = await import(`${root}/dist/scenario/load.js`);
  const { buildRegion } = await import(`${root}/dist/model/region.js`);
  const { runReplication } = await import(`${root}/dist/model/replicate.js`);
  const { scenario } = loadScenario(`${root}/scenarios/baseline.yaml`);
  const region = buildRegion(scenario);
  const c0 = process.cpuUsage();
  const r = runReplication({ scenario, seed: scenario.simulation.seed, replication: 0, days, warmupDays: Math.min(30, days / 4) }, region);
  const c = process.cpuUsage(c0);
  const hash = createHash('sha256').update(JSON.stringify({ ...r, events: 0 })).digest('hex').slice(0, 16);
  process.stdout.write(JSON.stringify({ cpu: (c.user + c.system) / 1e6, events: r.events, hash }));
  process.exit(0);
}

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  if (i < 0) return dflt;
  const v = Number(args.splice(i, 2)[1]);
  if (!(v > 0)) throw new Error(`${name} must be a positive number`);
  return v;
};
const days = opt('--days', 80);
const runs = opt('--runs', 7);
if (args.length !== 2) {
  console.error('usage: node bench/model-ab.mjs <checkout-A> <checkout-B> [--days 80] [--runs 7]');
  process.exit(2);
}
const roots = args.map((a) => resolve(a));
const results = roots.map(() => []);
for (let k = 0; k < runs; k++) {
  roots.forEach((root, i) => {
    const out = execFileSync(process.execPath, [self, '--child', root, String(days)], { encoding: 'utf8' });
    results[i].push(JSON.parse(out));
  });
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
roots.forEach((root, i) => {
  const cpu = results[i].map((r) => r.cpu);
  const hashes = [...new Set(results[i].map((r) => r.hash))];
  console.log(`${root}: ${days} days, ${runs} runs, CPU s min ${Math.min(...cpu).toFixed(2)} median ${median(cpu).toFixed(2)} [${cpu.map((x) => x.toFixed(2)).join(', ')}], events ${results[i][0].events}, rows hash ${hashes.join(' ')}`);
});
