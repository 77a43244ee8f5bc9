#!/usr/bin/env node
/**
 * Hashes of the model's result rows, to check that a change of the code leaves the results
 * bit for bit as they were: replications 0 and 1 of scenarios/baseline.yaml and of every file
 * in scenarios/levers/, 40 days with 10 of warm-up, run on the built code (`npm run build`).
 * Prints per file and replication the number of events and a hash of the result (events
 * excluded, as in bench/model-ab.mjs), then one hash over all of them and the event total.
 *
 * With --trace every replication also records its full event log (sample 1), which must
 * leave the hash as it is (the log itself is left out of the hash).
 *
 *   node bench/results-hash.mjs [checkout] [--trace]   (default: this checkout)
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const traced = args.includes('--trace');
const root = resolve(args.find((a) => !a.startsWith('--')) ?? join(fileURLToPath(import.meta.url), '../..'));
const { loadScenario } = await import(`${root}/dist/scenario/load.js`);
// Builds with levers as plug-ins run a replication through the lever registry.
const withLevers = `${root}/dist/levers/index.js`;
const { runReplication } = await import(existsSync(withLevers) ? withLevers : `${root}/dist/model/replicate.js`);

const files = ['scenarios/baseline.yaml', ...readdirSync(join(root, 'scenarios/levers')).filter((f) => /\.(ya?ml|json)$/.test(f)).sort().map((f) => `scenarios/levers/${f}`)];
const hash = (text) => createHash('sha256').update(text).digest('hex').slice(0, 16);
const all = [];
let events = 0;
for (const file of files) {
  const { scenario } = loadScenario(join(root, file));
  for (const replication of [0, 1]) {
    const job = { scenario, seed: scenario.simulation.seed, replication, days: 40, warmupDays: 10 };
    const r = runReplication(traced ? { ...job, trace: { sample: 1 } } : job);
    const h = hash(JSON.stringify({ ...r, events: 0, trace: undefined }));
    all.push(h);
    events += r.events;
    console.log(`${file} #${replication}: events ${r.events}, rows ${h}`);
  }
}
console.log(`results hash ${hash(all.join(' '))} over ${files.length} files x 2 replications; events ${events}${traced ? ' (traced)' : ''}`);
