/**
 * The benchmark driver behind `npm run bench`. Every (benchmark, engine) pair runs in
 * its own child process (so the peak RSS is that benchmark's own), one after another
 * in rounds whose engine order rotates so that no engine always runs first. Each pair
 * keeps its fastest run (noise from other load only ever adds time) with the median of
 * its peak RSS over the rounds.
 * Prints a side-by-side table and writes results/bench/latest.json for a full run,
 * results/bench/quick.json with --quick, results/bench/partial.json for a subset
 * (--only or --engines), or the file given with --out; a subset never overwrites latest.json.
 *
 * The model benchmarks (family `model`) run on tiersim only, in the first round only.
 *
 *   node bench/run.js [--quick] [--rounds N] [--only bench-or-family,...] [--engines engine,engine] [--out FILE]
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCHMARKS, ENGINES, benchmark } from './benchmarks.js';
import { stationRates } from './models.js';
import { describeMachine, loadNow, optionReader, runChild, writeJson } from './harness.js';
import { mmc } from '../dist/metrics/queueing.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const option = optionReader(args);
const rounds = Number(option('--rounds') ?? (quick ? 1 : 5));
const only = option('--only')?.split(',');
const engines = option('--engines')?.split(',') ?? ENGINES;
const selected = BENCHMARKS.filter((b) => !only || only.includes(b.name) || only.includes(b.family)).map((b) => benchmark(b.name, quick));
/** The engines a benchmark runs on in this run. */
const enginesOf = (b) => engines.filter((e) => !b.engines || b.engines.includes(e));

const runs = new Map(); // "bench/engine" -> records
const started = Date.now();
const loadBefore = loadNow();
for (let r = 0; r < rounds; r++) {
  for (const b of selected) {
    if (r >= (b.rounds ?? rounds)) continue;
    const list = enginesOf(b);
    for (let e = 0; e < list.length; e++) {
      const engine = list[(e + r) % list.length];
      const rec = runChild(b.name, engine, { quick, timeout: b.kind === 'scenario' ? 3_600_000 : 600_000 });
      const key = `${b.name}/${engine}`;
      if (!runs.has(key)) runs.set(key, []);
      runs.get(key).push(rec);
      process.stderr.write(
        `[round ${r + 1}/${rounds}] ${key.padEnd(17)} ${rec.seconds.toFixed(3).padStart(8)} s  ` +
          `${fmtRate(rec.events_per_s).padStart(8)} ev/s  rss ${rec.rss_mb.toFixed(0).padStart(5)} MB\n`,
      );
    }
  }
}

/** Fastest run of a pair, with the median peak RSS over its runs and the wall seconds of every run. */
function summarise(list) {
  const fastest = list.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  const rss = list.map((x) => x.rss_mb).sort((a, b) => a - b);
  return { ...fastest, rss_mb: rss[(rss.length - 1) >> 1], runs: list.length, seconds_all: list.map((x) => x.seconds) };
}

const records = [];
for (const b of selected) for (const engine of enginesOf(b)) records.push(summarise(runs.get(`${b.name}/${engine}`)));
/** The summarised record of a pair, or a record of NaNs if that engine was not run. */
const find = (name, engine) =>
  records.find((x) => x.benchmark === name && x.engine === engine) ?? {
    events_per_s: NaN,
    customers_per_s: NaN,
    rss_mb: NaN,
    mean_wait: null,
  };

function fmtRate(x) {
  if (Number.isNaN(x)) return '-';
  if (x >= 1e6) return `${(x / 1e6).toFixed(2)} M`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(1)} k`;
  return x.toFixed(0);
}
const pad = (s, w) => String(s).padStart(w);

// ---- throughput table ----
const lines = [];
const engineBenches = selected.filter((x) => x.kind !== 'scenario');
if (engineBenches.length) {
  lines.push('Throughput: hold = hold operations/s (one pop + one push each); mmc, network3 = customers/s.');
  lines.push(
    `${'benchmark'.padEnd(10)}${pad('tiersim', 11)}${pad('simjs', 11)}${pad('limit', 11)}` +
      `${pad('tiersim/limit', 15)}${pad('tiersim/simjs', 15)}${pad('rss MB t/s/l', 18)}`,
  );
  for (const b of engineBenches) {
    const metric = b.kind === 'hold' ? 'events_per_s' : 'customers_per_s';
    const [t, s, l] = ENGINES.map((e) => find(b.name, e));
    lines.push(
      `${b.name.padEnd(10)}${pad(fmtRate(t[metric]), 11)}${pad(fmtRate(s[metric]), 11)}${pad(fmtRate(l[metric]), 11)}` +
        `${pad((t[metric] / l[metric]).toFixed(2), 15)}${pad((t[metric] / s[metric]).toFixed(2), 15)}` +
        `${pad(`${t.rss_mb.toFixed(0)}/${s.rss_mb.toFixed(0)}/${l.rss_mb.toFixed(0)}`, 18)}`,
    );
  }
}

// ---- model events/s and simulated statistics against theory ----
const models = selected.filter((b) => b.kind === 'model');
if (models.length) {
  lines.push('');
  lines.push('Models: events/s, and mean wait in queue per station (hours) against M/M/c theory (Erlang C).');
  lines.push(`${'benchmark'.padEnd(10)}${pad('engine', 8)}${pad('events/s', 11)}   mean wait per station`);
  for (const b of models) {
    const rates = stationRates(b.model);
    const theory = b.model.stations.map((s, i) => mmc(rates[i], s.mu, s.c).meanWait);
    for (const e of ENGINES) {
      const rec = find(b.name, e);
      if (!rec.mean_wait) continue;
      lines.push(`${b.name.padEnd(10)}${pad(e, 8)}${pad(fmtRate(rec.events_per_s), 11)}   ${rec.mean_wait.map((w) => w.toFixed(3)).join('  ')}`);
    }
    lines.push(`${b.name.padEnd(10)}${pad('theory', 8)}${pad('', 11)}   ${theory.map((w) => w.toFixed(3)).join('  ')}`);
  }
}

// ---- model benchmarks (the baseline scenario) ----
const scenarios = selected.filter((b) => b.kind === 'scenario');
if (scenarios.length) {
  lines.push('');
  lines.push('Model: one replication of scenarios/baseline.yaml resized, no warm-up (tiersim; wall and CPU seconds of region build + run).');
  lines.push(
    `${'benchmark'.padEnd(17)}${pad('residents', 11)}${pad('days', 6)}${pad('wall s', 9)}${pad('CPU s', 9)}` +
      `${pad('events', 12)}${pad('events/s', 11)}${pad('episodes/s', 12)}${pad('peak RSS MB', 13)}`,
  );
  for (const b of scenarios) {
    const t = find(b.name, 'tiersim');
    lines.push(
      `${b.name.padEnd(17)}${pad(t.population, 11)}${pad(t.days, 6)}${pad(t.seconds.toFixed(1), 9)}${pad(t.cpu_seconds.toFixed(1), 9)}` +
        `${pad(t.events, 12)}${pad(fmtRate(t.events_per_s), 11)}${pad(fmtRate(t.customers_per_s), 12)}${pad(t.rss_mb.toFixed(0), 13)}`,
    );
  }
}

// ---- targets ----
const targets = [];
for (const name of ['mmc', 'network3']) {
  const t = find(name, 'tiersim');
  if (!t.mean_wait) continue;
  const [l, s] = [find(name, 'limit'), find(name, 'simjs')];
  const vsLimit = t.customers_per_s / l.customers_per_s;
  const vsSimjs = t.customers_per_s / s.customers_per_s;
  targets.push(
    `${name}: tiersim/limit = ${vsLimit.toFixed(2)} (target >= 0.67) ${vsLimit >= 0.67 ? 'MET' : 'NOT MET'}; ` +
      `on CPU time ${(l.cpu_seconds / t.cpu_seconds).toFixed(2)}`,
  );
  if (vsLimit < 0.67) targets.push(`${name}: what the kernel's required features cost the limit itself: node bench/ladder.js (bench/README.md, The feature ladder)`);
  targets.push(
    `${name}: tiersim/simjs = ${vsSimjs.toFixed(2)} (target >= 6) ${vsSimjs >= 6 ? 'MET' : 'NOT MET'}; ` +
      `on CPU time ${(s.cpu_seconds / t.cpu_seconds).toFixed(2)}`,
  );
}
if (records.some((x) => x.engine === 'tiersim' && x.benchmark === 'hold-1e6') && records.some((x) => x.engine === 'tiersim' && x.benchmark === 'hold-1e3')) {
  const [big, small] = [find('hold-1e6', 'tiersim'), find('hold-1e3', 'tiersim')];
  const keep = big.events_per_s / small.events_per_s;
  const keepCpu = big.n / big.cpu_seconds / (small.n / small.cpu_seconds);
  targets.push(
    `hold: tiersim hold-1e6/hold-1e3 = ${keep.toFixed(2)} (target >= 0.20) ${keep >= 0.2 ? 'MET' : 'NOT MET'}; ` +
      `on CPU time ${keepCpu.toFixed(2)}`,
  );
}
const has = (name) => records.some((x) => x.engine === 'tiersim' && x.benchmark === name);
if (has('model-1.2M')) {
  const t = find('model-1.2M', 'tiersim');
  targets.push(
    `model: ${t.days} simulated days of the 1.2 M baseline take ${t.seconds.toFixed(1)} s wall, ${t.cpu_seconds.toFixed(1)} s CPU ` +
      `(fastest of ${t.runs}: ${t.seconds_all.map((x) => x.toFixed(1)).join(', ')} s wall) ` +
      `(target for 365 days: < 20 s on one core) ${t.cpu_seconds < 20 && t.seconds < 20 ? 'MET' : t.cpu_seconds < 20 ? 'MET on CPU time only' : 'NOT MET'}`,
  );
}
if (has('model-1.2M-90d') && has('model-1.2M-180d') && has('model-1.2M')) {
  const runs3 = ['model-1.2M-90d', 'model-1.2M-180d', 'model-1.2M'].map((n) => find(n, 'tiersim'));
  const growth = runs3[2].rss_mb / runs3[0].rss_mb;
  targets.push(
    `model: peak RSS of the 1.2 M baseline after ${runs3.map((x) => x.days).join(', ')} days = ${runs3.map((x) => x.rss_mb.toFixed(0)).join(', ')} MB ` +
      `(target: flat in simulated time, taken as longest / shortest <= 1.10: ${growth.toFixed(2)}) ${growth <= 1.1 ? 'MET' : 'NOT MET'}`,
  );
}
if (has('model-5M')) {
  const t = find('model-5M', 'tiersim');
  targets.push(
    `model: peak RSS at ${(t.population / 1e6).toFixed(2)} M residents = ${t.rss_mb.toFixed(0)} MB (target < 500 MB) ${t.rss_mb < 500 ? 'MET' : 'NOT MET'}`,
  );
}
if (targets.length) {
  lines.push('', quick ? 'Targets (a --quick run is too short to judge them):' : 'Targets:', ...targets.map((x) => `  ${x}`));
}

const machine = describeMachine();
const load = { before: loadBefore, after: loadNow() };
const command = `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`;
const date = new Date().toISOString();
lines.unshift(
  `tiersim benchmarks: ${machine.cpu}, ${machine.cores} cores, ${machine.memGiB} GiB, ${machine.os}; node ${process.version}`,
  `${date}; ${command}; ${rounds} round(s), fastest run per pair, median peak RSS; ${((Date.now() - started) / 1000).toFixed(0)} s; ` +
    `1-min load average ${load.before} before, ${load.after} after`,
  '',
);
console.log(lines.join('\n'));

const out = option('--out') ?? join(root, 'results', 'bench', quick ? 'quick.json' : only || option('--engines') ? 'partial.json' : 'latest.json');
writeJson(out, { machine, node: process.version, date, command, rounds, load, records });
console.log(`\nwrote ${out}`);
