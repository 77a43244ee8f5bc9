/**
 * Runs one benchmark on one engine in this process, after its warm-up iterations at a
 * tenth of the size (different seeds), and prints one JSON line: timings, counts, the
 * simulated mean waits and the process's peak RSS. A model benchmark (the baseline
 * scenario) runs once, without warm-up iteration: its peak RSS is that of the run alone.
 *
 *   node --expose-gc bench/child.js <benchmark> <engine> [--quick]
 */
import { benchmark } from './benchmarks.js';
import { loadEngine } from './engine.js';

const [name, engine] = process.argv.slice(2);
const quick = process.argv.includes('--quick');
const b = benchmark(name, quick);
if (b.engines && !b.engines.includes(engine)) throw new Error(`${name} runs on ${b.engines.join(', ')} only`);

if (b.kind === 'scenario') {
  const { runScenario } = await import('./scenario.js');
  const r = runScenario(b);
  const out = {
    benchmark: b.name,
    engine,
    n: b.days,
    seconds: r.seconds,
    cpu_seconds: r.cpuSeconds,
    events: r.events,
    events_per_s: r.events / r.seconds,
    // Episodes (of illness) begun, per second of wall clock.
    customers_per_s: r.episodes / r.seconds,
    rss_mb: process.resourceUsage().maxRSS / 1024,
    mean_wait: null,
    days: b.days,
    warmup_days: b.warmup,
    counties: b.counties,
    villages_per_township: b.villagesPerTownship,
    population: r.population,
    episodes: r.episodes,
    episodes_finished: r.finished,
    in_system: r.inSystem,
  };
  process.stdout.write(JSON.stringify(out) + '\n');
} else {
  await queueingOrHold();
}

/**
 * A hold or queueing benchmark: `b.warmups` warm-up iterations at a tenth of the size, a full
 * garbage collection after the first, then the timed one. The collection levels the heap
 * between engines, but it also throws away optimised code that embedded objects of the first
 * iteration (V8's "weak objects" deoptimisation); the warm-ups after it let every engine's
 * code be optimised again, so that the timed iteration measures each engine at its steady
 * speed rather than the compiler catching up (see bench/README.md, How it measures).
 */
async function queueingOrHold() {
  const impl = await loadEngine(engine);
  if (b.kind === 'hold' && !impl.hold) throw new Error(`${engine} runs the queueing benchmarks only (mmc, network3)`);

  function once(n, seed) {
    return b.kind === 'hold' ? impl.hold(b.pending, n, seed) : impl.tandem(b.model, n, seed);
  }

  for (let w = 0; w < b.warmups; w++) {
    once(Math.max(1, Math.round(b.n / 10)), 12345 + w);
    if (w === 0) globalThis.gc?.();
  }
  const r = once(b.n, 2024);
  const events = b.kind === 'hold' ? r.ops : r.events;
  const out = {
    benchmark: b.name,
    engine,
    n: b.n,
    seconds: r.seconds,
    cpu_seconds: r.cpuSeconds,
    events,
    events_per_s: events / r.seconds,
    customers_per_s: b.kind === 'hold' ? null : r.customers / r.seconds,
    rss_mb: process.resourceUsage().maxRSS / 1024,
    mean_wait: b.kind === 'hold' ? null : r.meanWait,
  };
  if (b.kind === 'hold') out.pending = b.pending;
  else if (r.customers !== b.n) throw new Error(`${engine} ${b.name}: ${r.customers} customers left, expected ${b.n}`);
  process.stdout.write(JSON.stringify(out) + '\n');
}
