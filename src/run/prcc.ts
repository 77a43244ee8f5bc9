/**
 * Which uncertain inputs drive a PSA result (docs/psa.md): partial rank correlation coefficients
 * (Marino et al. 2008, J Theor Biol 254:178) and the one-way effects behind a tornado chart, both
 * from the Latin hypercube samples. Plain linear algebra: the number of inputs is small.
 */
import tCdf from '@stdlib/stats-base-dists-t-cdf';

/** Ranks 1..n of `xs`, ties sharing the mean of their ranks. */
export function ranks(xs: readonly number[]): number[] {
  const order = xs.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(xs.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    const r = (i + j) / 2 + 1;
    for (let t = i; t <= j; t++) out[order[t][1]] = r;
    i = j + 1;
  }
  return out;
}

const dot = (a: readonly number[], b: readonly number[]) => a.reduce((s, x, i) => s + x * b[i], 0);

/** `v` minus its mean. */
function centre(v: readonly number[]): number[] {
  const m = v.reduce((a, x) => a + x, 0) / v.length;
  return v.map((x) => x - m);
}

/**
 * An orthonormal basis (modified Gram-Schmidt) of the span of the centred `columns`; columns that
 * add nothing (constant, or a combination of earlier ones) are left out.
 */
function basis(columns: readonly number[][]): number[][] {
  const out: number[][] = [];
  for (const c of columns) {
    let v = centre(c);
    const size = Math.sqrt(dot(v, v));
    for (const q of out) {
      const p = dot(v, q);
      v = v.map((x, i) => x - p * q[i]);
    }
    const norm = Math.sqrt(dot(v, v));
    if (norm > 1e-9 * Math.max(size, 1)) out.push(v.map((x) => x / norm));
  }
  return out;
}

/** Residual of the least-squares fit of `v` on an intercept and the span of `q` (orthonormal, centred). */
function residual(v: readonly number[], q: readonly number[][]): number[] {
  let r = centre(v);
  for (const b of q) {
    const p = dot(r, b);
    r = r.map((x, i) => x - p * b[i]);
  }
  return r;
}

/** Pearson correlation of two centred vectors (NaN when either is constant). */
function correlation(a: readonly number[], b: readonly number[]): number {
  const d = Math.sqrt(dot(a, a) * dot(b, b));
  return d > 1e-12 ? Math.max(-1, Math.min(1, dot(a, b) / d)) : NaN;
}

/** One input's partial rank correlation with an output. */
export interface Prcc {
  prcc: number;
  /** Two-sided p-value of t = r sqrt(df / (1 - r^2)) with df = n - 2 - k (k the other inputs controlled for). */
  p_value: number;
  n: number;
}

/**
 * PRCC of each input (`inputs[j][i]`: input j in sample i) with `output[i]`: both are
 * rank-transformed, the ranks of the other inputs are regressed out of each by least squares, and
 * the residuals are correlated. Samples with a non-finite output are dropped. An input that does not
 * vary gets NaN and is not controlled for; so does every input when the output does not vary.
 */
export function prcc(inputs: readonly (readonly number[])[], output: readonly number[]): Prcc[] {
  const keep = output.map((y, i) => (Number.isFinite(y) && inputs.every((x) => Number.isFinite(x[i])) ? i : -1)).filter((i) => i >= 0);
  const n = keep.length;
  const ry = ranks(keep.map((i) => output[i]));
  const rx = inputs.map((x) => ranks(keep.map((i) => x[i])));
  const varies = rx.map((r) => r.some((v) => v !== r[0]));
  const k = varies.filter(Boolean).length - 1;
  return rx.map((r, j) => {
    if (!varies[j] || n < 3) return { prcc: NaN, p_value: NaN, n };
    const q = basis(rx.filter((_, o) => o !== j && varies[o]));
    const rho = correlation(residual(r, q), residual(ry, q));
    return { prcc: rho, p_value: pValue(rho, n - 2 - k), n };
  });
}

/** Two-sided p-value of a (partial) correlation `r` with `df` degrees of freedom. */
export function pValue(r: number, df: number): number {
  if (!Number.isFinite(r) || df < 1) return NaN;
  if (Math.abs(r) >= 1) return 0;
  const t = Math.abs(r) * Math.sqrt(df / (1 - r * r));
  return 2 * (1 - tCdf(t, df));
}

/** One input's one-way effect on an output: its mean over the samples in the input's lowest and highest fifth. */
export interface OneWay {
  low: number;
  high: number;
  /** |high - low|, what a tornado chart sorts by. */
  span: number;
}

/**
 * For each input, the mean of `output` over the samples whose input lies in its lowest fifth
 * and over those in its highest fifth (by rank; at least one sample each). Inputs that do not
 * vary get NaN means.
 */
export function oneWayEffects(inputs: readonly (readonly number[])[], output: readonly number[]): OneWay[] {
  const keep = output.map((y, i) => (Number.isFinite(y) ? i : -1)).filter((i) => i >= 0);
  const n = keep.length;
  const m = Math.max(1, Math.floor(n / 5));
  return inputs.map((x) => {
    const sorted = [...keep].sort((a, b) => x[a] - x[b] || a - b);
    if (n === 0 || x[sorted[0]] === x[sorted[n - 1]]) return { low: NaN, high: NaN, span: NaN };
    const mean = (idx: number[]) => idx.reduce((a, i) => a + output[i], 0) / idx.length;
    const low = mean(sorted.slice(0, m));
    const high = mean(sorted.slice(n - m));
    return { low, high, span: Math.abs(high - low) };
  });
}
