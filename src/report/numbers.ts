/**
 * Numbers as charts and tables show them: intervals clipped to what a metric can take, values to a
 * few significant figures, and axes with explicit tick values whose labels are chosen from the
 * data's span so that no two labels read the same and none is in exponent notation.
 */
import { type MetricRange, metricInfo } from '../metrics/catalog.js';

/** The smallest and largest value a metric (or, with `difference`, a difference of two of its values) can take. */
export function rangeBounds(range: MetricRange, difference = false): [number, number] {
  const top = range === 'share' ? 1 : range === 'percent' ? 100 : Infinity;
  if (difference) return [-top, top];
  return range === 'real' ? [-Infinity, Infinity] : [0, top];
}

/** `x` clipped to the bounds of `metric` (differences: see {@link rangeBounds}); null stays null. */
export function clipToMetric(metric: string, x: number | null | undefined, difference = false): number | null {
  if (typeof x !== 'number' || !Number.isFinite(x)) return null;
  const [lo, hi] = rangeBounds(metricInfo(metric).range, difference);
  return Math.min(hi, Math.max(lo, x));
}

/** Decimals that show `x` to `sig` significant figures (none at or above 10^sig, at most 6). */
export function sigDecimals(x: number, sig = 3): number {
  if (!Number.isFinite(x) || x === 0) return 0;
  return Math.min(6, Math.max(0, sig - 1 - Math.floor(Math.log10(Math.abs(x)))));
}

/** `x` with thousands separators and exactly `decimals` decimals; `signed` puts + before positives; − (minus sign) before negatives. */
export function fixed(x: number, decimals: number, signed = false): string {
  const text = Math.abs(x).toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  const zero = Number(text.replace(/,/g, '')) === 0;
  if (zero) return text;
  return (x < 0 ? '−' : signed ? '+' : '') + text;
}

/** Ticks of a linear axis: the values, the step between them and the domain they span. */
export interface LinearTicks {
  values: number[];
  step: number;
  domain: [number, number];
}

/** A 1-2-5 step giving about `count` intervals over `span`. */
export function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
}

/**
 * Evenly spaced ticks at a 1-2-5 step covering [lo, hi] (about `count` intervals); the domain runs
 * from the first tick to the last, so the data always lies inside it.
 */
export function linearTicks(lo: number, hi: number, count = 5): LinearTicks {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) { lo = 0; hi = 1; }
  if (hi < lo) [lo, hi] = [hi, lo];
  if (hi - lo < 1e-12 * Math.max(1, Math.abs(hi))) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= pad; hi += pad;
  }
  const step = niceStep(hi - lo, count);
  const start = Math.floor(lo / step + 1e-9);
  const end = Math.ceil(hi / step - 1e-9);
  // Spans beyond what doubles hold (e.g. ±1e308) get their two ends as ticks.
  if (!Number.isFinite(step) || !(step > 0) || !(end - start <= 1000)) return { values: [lo, hi], step: hi - lo, domain: [lo, hi] };
  const values: number[] = [];
  for (let k = start; k <= end; k++) values.push(Number((k * step).toPrecision(12)));
  return { values, step, domain: [values[0], values[values.length - 1]] };
}

/** Decimals a label needs to tell ticks `step` apart. */
function stepDecimals(step: number): number {
  return Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
}

/** How a quantity's tick labels read: shares as percentages (`pp` for differences), percent and other numbers plain. */
export type LabelStyle = 'share' | 'number';

/** Labels for linear ticks of `style`, with as many decimals as their step needs. */
export function linearLabels(ticks: LinearTicks, style: LabelStyle, signed = false): string[] {
  const scale = style === 'share' ? 100 : 1;
  const decimals = stepDecimals(ticks.step * scale);
  const suffix = style === 'share' ? (signed ? ' pp' : ' %') : '';
  return ticks.values.map((v) => fixed(v * scale, decimals, signed) + suffix);
}

/**
 * A Vega expression giving each of `values` its label (`labels[i]`), for an axis's `labelExpr`;
 * any other value (none is drawn) gets Vega's default text.
 */
export function labelExpr(values: readonly number[], labels: readonly string[]): string {
  return values.reduceRight((rest, v, i) => `datum.value === ${v} ? ${JSON.stringify(labels[i])} : ${rest}`, 'datum.label');
}

/**
 * Scale and axis properties of a linear axis over [lo, hi] with explicit ticks and labels; `bounds`
 * (e.g. a metric's range) keeps ticks and domain where values can be, so that a metric that is 0
 * everywhere gets [0, 1], not [−1, 1].
 */
export function linearAxis(lo: number, hi: number, style: LabelStyle, opts: { signed?: boolean; count?: number; bounds?: [number, number] } = {}) {
  const ticks = linearTicks(lo, hi, opts.count ?? 5);
  const [min, max] = opts.bounds ?? [-Infinity, Infinity];
  const inside = ticks.values.filter((v) => v >= min - 1e-12 && v <= max + 1e-12);
  if (inside.length >= 2 && inside.length < ticks.values.length) {
    ticks.values = inside;
    ticks.domain = [Math.max(ticks.domain[0], min), Math.min(ticks.domain[1], max)];
  }
  const labels = linearLabels(ticks, style, opts.signed);
  return {
    scale: { domain: ticks.domain, zero: false, nice: false },
    axis: { values: ticks.values, labelExpr: labelExpr(ticks.values, labels) },
  };
}

/** The label style of a metric's values. */
export function metricStyle(metric: string): LabelStyle {
  return metricInfo(metric).kind === 'share' ? 'share' : 'number';
}

/** Durations (minutes) a log time axis may put ticks at, with their labels and rank (0 first chosen). */
const TIME_TICKS: Array<[number, string, number]> = [
  [0.25, '15 s', 2], [0.5, '30 s', 1], [1, '1 min', 0], [2, '2 min', 2], [5, '5 min', 1], [10, '10 min', 0], [15, '15 min', 2],
  [30, '30 min', 1], [60, '1 h', 0], [120, '2 h', 2], [240, '4 h', 1], [480, '8 h', 2], [720, '12 h', 1], [1440, '1 d', 0],
  [2880, '2 d', 2], [4320, '3 d', 1], [10080, '7 d', 0], [20160, '14 d', 2], [43200, '30 d', 0], [129600, '90 d', 1],
  [525600, '365 d', 0],
];

/**
 * Scale and axis of a log (or, from 0, symmetric log) time axis in minutes over [lo, hi]: ticks at
 * round durations ("5 min", "1 h", "1 d"), the roundest first (minutes, hours, days, weeks), each
 * at least `minGapPx` from the others on an axis `widthPx` long, with a grid line at each and none between.
 */
export function logTimeAxis(lo: number, hi: number, widthPx: number, minGapPx = 48) {
  const symlog = lo <= 0;
  const start = symlog ? 0 : lo;
  const pos = (v: number) => (symlog ? Math.log1p(v) : Math.log(v));
  const span = pos(hi) - pos(start) || 1;
  const chosen: Array<[number, string]> = symlog ? [[0, '0']] : [];
  const candidates = TIME_TICKS.filter(([v]) => v >= start && v <= hi).sort((a, b) => a[2] - b[2] || a[0] - b[0]);
  for (const [v, label] of candidates) {
    if (chosen.every(([w]) => (Math.abs(pos(v) - pos(w)) / span) * widthPx >= minGapPx)) chosen.push([v, label]);
  }
  chosen.sort((a, b) => a[0] - b[0]);
  const values = chosen.map(([v]) => v);
  return {
    scale: { type: symlog ? ('symlog' as const) : ('log' as const), domain: [start, hi], nice: false },
    axis: { values, labelExpr: labelExpr(values, chosen.map(([, l]) => l)), gridColor: '#e6e6e6' },
  };
}
