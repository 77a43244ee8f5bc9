/**
 * Output analysis for the warm-up: MSER-5 truncation (White 1997) of a series and Welch's
 * moving average (see src/run/warmup.ts and docs/model.md for the rule as applied).
 */

/** Days per batch of MSER-5. */
export const MSER_BATCH = 5;

export interface MserResult {
  /** Batches truncated (d*). */
  truncatedBatches: number;
  /** The suggested warm-up in observations: batch x d*. */
  truncation: number;
  /** MSER(d*). */
  mserMin: number;
  /** Batches of the series (b), empty ones included. */
  batches: number;
  /** d* is the last candidate (floor(b / 2)): the series may not have settled within the run. */
  atLimit: boolean;
}

/**
 * MSER-`batch` (MSER-5 by default) of a series: the truncation minimising the marginal
 * standard error of the batch means that are kept, searched over the first half of the
 * batches. Missing values (NaN) are left out of their batch; a batch with none is left out of
 * the statistic but still counts as a batch truncated. A trailing partial batch is ignored.
 */
export function mser(series: ArrayLike<number>, batch = MSER_BATCH): MserResult {
  const b = Math.floor(series.length / batch);
  const z = new Float64Array(b);
  for (let j = 0; j < b; j++) {
    let s = 0;
    let n = 0;
    for (let i = j * batch; i < (j + 1) * batch; i++) if (Number.isFinite(series[i])) { s += series[i]; n++; }
    z[j] = n > 0 ? s / n : NaN;
  }
  let best = 0;
  let bestValue = Infinity;
  const last = Math.floor(b / 2);
  for (let d = 0; d <= last; d++) {
    let s = 0;
    let n = 0;
    for (let j = d; j < b; j++) if (Number.isFinite(z[j])) { s += z[j]; n++; }
    if (n < 2) break;
    const mean = s / n;
    let ss = 0;
    for (let j = d; j < b; j++) if (Number.isFinite(z[j])) ss += (z[j] - mean) ** 2;
    const value = ss / (n * n);
    if (value < bestValue) { bestValue = value; best = d; }
  }
  return {
    truncatedBatches: best,
    truncation: best * batch,
    mserMin: Number.isFinite(bestValue) ? bestValue : NaN,
    batches: b,
    atLimit: b > 0 && best === last && last > 0,
  };
}

/**
 * Welch's moving average of a series with window `w`: at i (0-based) the mean of the 2w + 1
 * values around it, or of the 2i + 1 values i - i..i + i near the start; values within w of the
 * end are not averaged (NaN). Missing values are left out of the means.
 */
export function welchAverage(series: ArrayLike<number>, w: number): Float64Array {
  const n = series.length;
  const out = new Float64Array(n).fill(NaN);
  for (let i = 0; i + w < n; i++) {
    const half = Math.min(i, w);
    let s = 0;
    let k = 0;
    for (let j = i - half; j <= i + half; j++) if (Number.isFinite(series[j])) { s += series[j]; k++; }
    if (k > 0) out[i] = s / k;
  }
  return out;
}

/** One headline series of the pilot: its mean over replications, Welch's average and MSER-5. */
export interface WarmupSeries extends MserResult {
  metric: string;
  tier: string;
  mean: Float64Array;
  welch: Float64Array;
}

export interface WarmupAnalysis {
  series: WarmupSeries[];
  /** The suggested warm-up in whole days: the largest of the series'. */
  suggestedDays: number;
  /** Welch's window (days each side). */
  window: number;
  days: number;
}
