#!/usr/bin/env node
/**
 * Side-by-side timing of the model in two builds of tiersim (two checkouts, each built with
 * `npm run build`): runs replication 0 of scenarios/baseline.yaml for D days (warm-up D/4,
 * at most 30), alternating the builds, each run in a process of its own, and prints per build
 * the CPU seconds of the runs (min and median) and a hash of the replication's result rows
 * (events excluded), equal when the two builds give the same results bit for bit.
 *
 *   node bench/model-ab.mjs <checkout-A> <checkout-B> [--days 80] [--runs 7] [--parallel]
 *
 * With --parallel the two builds run at the same time, one per core (`taskset`), swapping
 * cores from run to run, and the script also prints the ratio B/A of each pair and their
 * geometric mean: on a shared host whose speed drifts, the two runs of a pair see the same
 * conditions, so the ratios scatter less than separate runs do.
 */
import { execFileSync, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);

if (process.argv[2] === '--child') {
  // One run in this process: <root> <days>.
  const [root, days] = [process.argv[3], Number(process.argv[4])];
  const { createHash } = await import('node:crypto');
  const { existsSync } = await import('node:fs');
  const { loadScenario } = await import(`${root}/dist/scenario/load.js`);
  const { buildRegion } = await import(`${root}/dist/model/region.js`);
  // Builds with levers as plug-ins run a replication through the lever registry.
  const withLevers = `${root}/dist/levers/index.js`;
  const { runReplication } = await import(existsSync(withLevers) ? withLevers : `${root}/dist/model/replicate.js`);
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
const parallel = args.includes('--parallel');
if (parallel) args.splice(args.indexOf('--parallel'), 1);
if (args.length !== 2) {
  console.error('usage: node bench/model-ab.mjs <checkout-A> <checkout-B> [--days 80] [--runs 7] [--parallel]');
  process.exit(2);
}
const roots = args.map((a) => resolve(a));
const results = roots.map(() => []);

/** One run of a build in a process of its own, pinned to `cpu`. */
const pinned = (root, cpu) =>
  new Promise((done, fail) => {
    const c = spawn('taskset', ['-c', String(cpu), process.execPath, self, '--child', root, String(days)]);
    let out = '';
    c.stdout.on('data', (d) => (out += d));
    c.on('error', fail);
    c.on('exit', (code) => (code === 0 ? done(JSON.parse(out)) : fail(new Error(`${root}: exit ${code}`))));
  });

for (let k = 0; k < runs; k++) {
  if (parallel) {
    const pair = await Promise.all(roots.map((root, i) => pinned(root, (k + i) % 2)));
    pair.forEach((r, i) => results[i].push(r));
    continue;
  }
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
if (parallel) {
  const ratios = results[1].map((r, k) => r.cpu / results[0][k].cpu);
  const geo = Math.exp(ratios.reduce((a, x) => a + Math.log(x), 0) / ratios.length);
  console.log(`B/A per pair: ${ratios.map((x) => x.toFixed(3)).join(', ')}; median ${median(ratios).toFixed(3)}, geometric mean ${geo.toFixed(3)}`);
}
