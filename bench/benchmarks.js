/**
 * The benchmark table, in three families: hold at four queue sizes (`hold`), the two
 * queueing models (`queueing`), and the baseline scenario at three sizes and three lengths
 * (`model`). `n` is what is counted: hold operations (one pop and one push each),
 * customers, or (model) simulated days.
 * A benchmark with `engines` runs on those engines only; one with `rounds` runs in at most
 * that many rounds of a full run.
 */
import { MODELS } from './models.js';

export const ENGINES = ['tiersim', 'simjs', 'limit'];

export const BENCHMARKS = [
  // warmups: iterations at a tenth of n before the timed one. Queueing models take eight: the
  // limit reaches its steady speed only after four to eight (each call builds new closures).
  { name: 'hold-10', family: 'hold', kind: 'hold', pending: 10, n: 10_000_000, warmups: 2 },
  { name: 'hold-1e3', family: 'hold', kind: 'hold', pending: 1_000, n: 5_000_000, warmups: 2 },
  { name: 'hold-1e5', family: 'hold', kind: 'hold', pending: 100_000, n: 3_000_000, warmups: 2 },
  { name: 'hold-1e6', family: 'hold', kind: 'hold', pending: 1_000_000, n: 3_000_000, warmups: 2 },
  { name: 'mmc', family: 'queueing', kind: 'model', model: MODELS.mmc, n: 1_000_000, warmups: 8 },
  { name: 'network3', family: 'queueing', kind: 'model', model: MODELS.network3, n: 1_000_000, warmups: 8 },
  // scenarios/baseline.yaml: 20 townships per county; villages of 1,000 residents on average.
  scenario('model-0.3M', 1, 15, 365),
  // The year of the baseline itself, judged against its target: fastest of three rounds, as every
  // other benchmark is judged on its fastest round.
  scenario('model-1.2M', 3, 20, 365, 3),
  scenario('model-5M', 12, 21, 365),
  scenario('model-1.2M-90d', 3, 20, 90),
  scenario('model-1.2M-180d', 3, 20, 180),
];

/** A model benchmark: one replication of the baseline resized, `days` simulated days, no warm-up, in `rounds` rounds (default 1). */
function scenario(name, counties, villagesPerTownship, days, rounds = 1) {
  return { name, family: 'model', kind: 'scenario', counties, villagesPerTownship, days, warmup: 0, n: days, engines: ['tiersim'], rounds };
}

/** The benchmark named `name`, with n (model: days) divided by 10 when `quick`. */
export function benchmark(name, quick) {
  const b = BENCHMARKS.find((x) => x.name === name);
  if (!b) throw new Error(`unknown benchmark ${name}`);
  if (!quick) return b;
  return b.kind === 'scenario' ? { ...b, n: Math.ceil(b.days / 10), days: Math.ceil(b.days / 10) } : { ...b, n: b.n / 10 };
}
