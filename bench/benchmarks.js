/**
 * The benchmark table: hold at four queue sizes, and the two queueing models.
 * `n` is what is counted: hold operations (one pop and one push each) or customers.
 */
import { MODELS } from './models.js';

export const ENGINES = ['tiersim', 'simjs', 'limit'];

export const BENCHMARKS = [
  { name: 'hold-10', kind: 'hold', pending: 10, n: 10_000_000 },
  { name: 'hold-1e3', kind: 'hold', pending: 1_000, n: 5_000_000 },
  { name: 'hold-1e5', kind: 'hold', pending: 100_000, n: 3_000_000 },
  { name: 'hold-1e6', kind: 'hold', pending: 1_000_000, n: 3_000_000 },
  { name: 'mmc', kind: 'model', model: MODELS.mmc, n: 1_000_000 },
  { name: 'network3', kind: 'model', model: MODELS.network3, n: 1_000_000 },
];

/** The benchmark named `name`, with n divided by 10 when `quick`. */
export function benchmark(name, quick) {
  const b = BENCHMARKS.find((x) => x.name === name);
  if (!b) throw new Error(`unknown benchmark ${name}`);
  return quick ? { ...b, n: b.n / 10 } : b;
}
