/**
 * Runs the feature ladder (engines/ladder.js) side by side with the limit and tiersim on the
 * queueing benchmarks: every engine in its own child process (bench/child.js, the same warm-ups
 * as `npm run bench`), in rounds whose engine order rotates, keeping each engine's fastest run.
 * Prints customers/s for each rung with its ratio to the limit and to the rung below it (what
 * that feature costs), and writes results/bench/ladder.json (through a temporary file).
 * With --instructions it also counts each engine's machine instructions a customer
 * (bench/instructions.sh: about a minute and a half per engine and benchmark).
 *
 *   node bench/ladder.js [--rounds N] [--only mmc,network3] [--quick] [--instructions] [--out FILE]
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchmark } from './benchmarks.js';
import { FEATURES } from './engines/ladder.js';
import { describeMachine, loadNow, optionReader, runChild, writeJson } from './harness.js';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = optionReader(args);
const quick = args.includes('--quick');
const rounds = Number(option('--rounds') ?? (quick ? 1 : 5));
const benches = (option('--only') ?? 'mmc,network3').split(',');
for (const b of benches) if (!['mmc', 'network3'].includes(b)) throw new Error(`ladder: --only takes mmc and network3, got ${b}`);
const rungs = FEATURES.map((_, i) => `rung${i + 1}`);
const engines = ['limit', 'rung0', ...rungs, 'tiersim'];
/** What each engine adds to the one before it in the table. */
const adds = { limit: 'the reference limit', rung0: 'the limit, from the ladder template', tiersim: 'the kernel and its API' };
FEATURES.forEach((f, i) => (adds[`rung${i + 1}`] = `+ ${f}`));

const started = Date.now();
const loadBefore = loadNow();
const best = new Map();
for (let r = 0; r < rounds; r++) {
  for (const name of benches) {
    for (let e = 0; e < engines.length; e++) {
      const engine = engines[(e + r) % engines.length];
      const rec = runChild(name, engine, { quick });
      const key = `${name}/${engine}`;
      process.stderr.write(`[round ${r + 1}/${rounds}] ${key.padEnd(17)} ${rec.seconds.toFixed(4)} s\n`);
      if (!best.has(key) || rec.seconds < best.get(key).seconds) best.set(key, rec);
    }
  }
}

/** Instructions a customer (bench/instructions.sh), or null without --instructions. */
function instructions(engine, name) {
  if (!args.includes('--instructions')) return null;
  const n = benchmark(name, quick).n;
  const out = execFileSync('bash', [join(here, 'instructions.sh'), engine, name, String(n)], { encoding: 'utf8' });
  const m = /: (\d+) instructions per customer/.exec(out);
  if (!m) throw new Error(`ladder: no count in ${out}`);
  return Number(m[1]);
}

const records = [];
const lines = [];
const pad = (s, w) => String(s).padStart(w);
for (const name of benches) {
  const limit = best.get(`${name}/limit`);
  lines.push('', `${name}: customers/s (fastest of ${rounds}), ratio to the limit and to the row above; instructions a customer`);
  lines.push(`${'engine'.padEnd(9)}${'adds'.padEnd(38)}${pad('customers/s', 13)}${pad('/limit', 8)}${pad('/above', 8)}${pad('instr', 7)}`);
  let above = null;
  for (const engine of engines) {
    const rec = best.get(`${name}/${engine}`);
    const instr = instructions(engine, name);
    const row = {
      benchmark: name,
      engine,
      adds: adds[engine],
      n: rec.n,
      seconds: rec.seconds,
      customers_per_s: rec.customers_per_s,
      vs_limit: rec.customers_per_s / limit.customers_per_s,
      vs_above: above ? rec.customers_per_s / above.customers_per_s : null,
      instructions_per_customer: instr,
      mean_wait: rec.mean_wait,
    };
    records.push(row);
    lines.push(
      `${engine.padEnd(9)}${adds[engine].padEnd(38)}${pad((rec.customers_per_s / 1e6).toFixed(2) + ' M', 13)}${pad(row.vs_limit.toFixed(2), 8)}` +
        `${pad(row.vs_above === null ? '' : row.vs_above.toFixed(2), 8)}${pad(instr ?? '', 7)}`,
    );
    above = rec;
  }
}

const machine = describeMachine();
const date = new Date().toISOString();
const command = `node bench/ladder.js${args.length ? ` ${args.join(' ')}` : ''}`;
const load = { before: loadBefore, after: loadNow() };
lines.unshift(
  `tiersim feature ladder: ${machine.cpu}, ${machine.cores} cores; node ${process.version}`,
  `${date}; ${command}; ${((Date.now() - started) / 1000).toFixed(0)} s; 1-min load average ${load.before} before, ${load.after} after`,
);
console.log(lines.join('\n'));

const out = option('--out') ?? join(here, '..', 'results', 'bench', quick ? 'ladder-quick.json' : 'ladder.json');
writeJson(out, { machine, node: process.version, date, command, rounds, load, features: FEATURES, records });
console.log(`\nwrote ${out}`);
