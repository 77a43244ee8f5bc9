/**
 * Critical values for the model tests, derived from the sampling distribution of the statistic
 * rather than picked: a permutation test of two samples of categories (the null that both come
 * from one distribution) and the binomial standard error of a share.
 */
import seedrandom from 'seedrandom';
import { normalQuantile } from '../../src/engine/distributions.js';

/** Total variation distance between the category shares of two count vectors over the same categories. */
export function tvDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let na = 0;
  let nb = 0;
  for (let k = 0; k < a.length; k++) { na += a[k]; nb += b[k]; }
  let d = 0;
  for (let k = 0; k < a.length; k++) d += Math.abs(a[k] / na - b[k] / nb);
  return d / 2;
}

/** Counts per category (0 .. categories-1) of a sample of category indices. */
export function counts(sample: ArrayLike<number>, categories: number): number[] {
  const out = new Array<number>(categories).fill(0);
  for (let i = 0; i < sample.length; i++) out[sample[i]]++;
  return out;
}

export interface PermutationTest {
  /** The statistic on the samples as they are. */
  observed: number;
  /** The `level` quantile of the statistic over the permutations: the critical value. */
  critical: number;
  /** Share of permutations whose statistic reaches the observed one (the p-value, with the observed counted in). */
  p: number;
}

/**
 * Permutation test of homogeneity for two samples of category indices, on the total variation
 * distance of their category shares: under the null that both samples come from one
 * distribution every split of the pooled sample into sizes |a| and |b| is as likely, so the
 * distances over `permutations` random splits (Fisher-Yates with a fixed-seed generator) are
 * draws from the statistic's null distribution, and their `level` quantile is the critical value.
 */
export function permutationTV(a: ArrayLike<number>, b: ArrayLike<number>, categories: number, level = 0.99, permutations = 1000, seed = 'permutation'): PermutationTest {
  const pooled = Int32Array.from([...Array.from(a), ...Array.from(b)]);
  const rng = seedrandom.alea(seed);
  const observed = tvDistance(counts(a, categories), counts(b, categories));
  const stats = new Float64Array(permutations);
  const ca = new Array<number>(categories);
  const total = counts(pooled, categories);
  for (let r = 0; r < permutations; r++) {
    // Only the first |a| places need shuffling: a partial Fisher-Yates draws a uniform subset of size |a|.
    ca.fill(0);
    for (let i = 0; i < a.length; i++) {
      const j = i + Math.floor(rng() * (pooled.length - i));
      const x = pooled[j];
      pooled[j] = pooled[i];
      pooled[i] = x;
      ca[x]++;
    }
    stats[r] = tvDistance(ca, total.map((n, k) => n - ca[k]));
  }
  stats.sort();
  const critical = stats[Math.min(permutations - 1, Math.ceil(level * permutations) - 1)];
  const p = (1 + stats.filter((s) => s >= observed).length) / (1 + permutations);
  return { observed, critical, p };
}

/**
 * Half-width of the two-sided normal-approximation interval at `level` of a share estimated
 * from n independent trials, at share p: z sqrt(p (1 - p) / n).
 */
export function binomialHalfWidth(p: number, n: number, level: number): number {
  return normalQuantile(0.5 + level / 2) * Math.sqrt((p * (1 - p)) / n);
}
