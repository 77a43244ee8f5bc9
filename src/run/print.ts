/**
 * The tables printed to the terminal after a run, a comparison or a sweep: which metrics (the
 * catalog's labels and units), numbers to three significant figures, and a wide layout (a column
 * per tier or variant) or, when that would not fit the terminal, a long one (a line per metric,
 * tier and variant).
 */
import type { ColumnTable } from 'arquero';
import { TIERS } from '../params/fields.js';
import { HEADLINE_METRICS, METRICS, metricInfo } from '../metrics/catalog.js';
import { closestKey } from '../params/suggest.js';
import { cleanText } from '../params/caps.js';
import { UserError } from '../io/errors.js';

/** `wide`: a column per tier (run, sweep) or per variant (compare); `long`: one line per metric × tier × variant. */
export type Layout = 'wide' | 'long';

/** What to print and how. */
export interface PrintOptions {
  /** Metric names to print, in this order (default {@link DEFAULT_METRICS}). */
  metrics?: readonly string[];
  /** Force a layout; by default the wide one unless a line of it would exceed `width`. */
  layout?: Layout;
  /** Terminal width in characters (default {@link terminalWidth}). */
  width?: number;
}

/** The metrics printed when `--metrics` is not given: headline per-tier metrics, then region-wide ones. */
export const DEFAULT_METRICS: readonly string[] = HEADLINE_METRICS;

/** Significant figures of printed values. */
const DIGITS = 3;

/** The terminal's width, or 100 when standard output is not a terminal. */
export function terminalWidth(): number {
  const columns = process.stdout.isTTY ? process.stdout.columns : undefined;
  return columns && columns > 0 ? columns : 100;
}

/**
 * Splits a comma-separated list, dropping blanks.
 * @throws UserError when it names nothing.
 */
export function splitList(text: string, option: string): string[] {
  const items = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new UserError(`${option}: give one or more names separated by commas`);
  return items;
}

/**
 * Parses `--metrics a,b,c`: metric names of the catalog (docs/model.md).
 * @throws UserError (exit code 2) naming an unknown metric, with a did-you-mean and the valid names.
 */
export function parseMetrics(text: string): string[] {
  const names = splitList(text, '--metrics');
  const known = Object.keys(METRICS);
  for (const name of names) {
    if (METRICS[name]) continue;
    const near = closestKey(name, known);
    throw new UserError(`--metrics: unknown metric "${cleanText(name)}"${near ? ` (did you mean "${near}"?)` : ''}; valid names: ${known.join(', ')}`);
  }
  return [...new Set(names)];
}

/**
 * Parses `--layout wide|long`.
 * @throws UserError (exit code 2) for anything else.
 */
export function parseLayout(text: string): Layout {
  if (text === 'wide' || text === 'long') return text;
  throw new UserError(`--layout takes wide or long, got "${cleanText(text)}"`);
}

/** Decimals that show `x` to {@link DIGITS} significant figures (none for |x| >= 10^(DIGITS-1)). */
function decimalsFor(x: number): number {
  if (!(Math.abs(x) > 0) || !Number.isFinite(x)) return 0;
  return Math.max(0, DIGITS - 1 - Math.floor(Math.log10(Math.abs(x))));
}

/** `x` with `decimals` decimals, more where a non-zero value would otherwise print as zero. */
function fixed(x: number, decimals: number): string {
  let d = decimals;
  let text = x.toFixed(d);
  while (x !== 0 && Number(text) === 0 && d < 15) text = x.toFixed(++d);
  return text.replace(/^-(0(\.0*)?)$/, '$1');
}

/** `x` to three significant figures (whole numbers from 100 up), e.g. 0.0123, 4.56, 78.9, 1234. */
export function sig(x: number): string {
  if (!Number.isFinite(x)) return '-';
  const text = fixed(x, decimalsFor(x));
  // Rounding up to the next power of ten (99.96 -> 100.0) would show a fourth figure.
  const d = decimalsFor(Number(text));
  return d < decimalsFor(x) ? fixed(x, d) : text;
}

/** A signed change with `decimals` decimals: `+1.5`, `-0.25`, `0` for exactly zero. */
function signed(x: number, decimals: number): string {
  if (x === 0) return '0';
  const text = fixed(Math.abs(x), decimals);
  return `${x < 0 ? '-' : '+'}${text}`;
}

/** How a metric's values are printed: shares as percentages (changes in percentage points). */
export interface MetricDisplay {
  metric: string;
  /** Label with its unit, e.g. "Bed occupancy (% of beds)". */
  label: string;
  /** Factor from the value in the results to the value printed (100 for shares). */
  scale: number;
  /** Unit of a change: "pp" for shares, else the metric's unit. */
  changeUnit: string;
}

/** The catalog's label and unit of a metric, with shares shown as percentages. */
export function metricDisplay(metric: string): MetricDisplay {
  const info = metricInfo(metric);
  const share = info.kind === 'share';
  const unit = share ? info.unit.replace(/\bshare\b/, '%') : info.unit;
  return { metric, label: unit ? `${info.label} (${unit})` : info.label, scale: share ? 100 : 1, changeUnit: share ? 'pp' : info.unit };
}

/**
 * A mean with its interval, `12.3 (11.8–12.9)` (`to` between the ends when one is negative), each
 * number to three significant figures.
 */
export function meanWithInterval(mean: number, low: number | null, high: number | null, scale = 1): string {
  if (!Number.isFinite(mean)) return '-';
  const text = sig(mean * scale);
  if (low === null || high === null || !Number.isFinite(low) || !Number.isFinite(high)) return text;
  return `${text} (${sig(low * scale)}${low < 0 ? ' to ' : '–'}${sig(high * scale)})`;
}

/**
 * A change with its interval, `+1.23 (+0.45 to +2.01) *`: three significant figures of the larger of
 * the change and the interval's half-width, so a change whose interval excludes zero always shows
 * non-zero digits; `*` when the interval excludes zero.
 */
export function changeWithInterval(diff: number, low: number | null, high: number | null, significant: boolean, scale = 1): string {
  if (!Number.isFinite(diff)) return '-';
  const hasCi = low !== null && high !== null && Number.isFinite(low) && Number.isFinite(high);
  const half = hasCi ? ((high! - low!) / 2) * scale : 0;
  const d = decimalsFor(Math.max(Math.abs(diff * scale), half));
  const ci = hasCi ? ` (${signed(low! * scale, d)} to ${signed(high! * scale, d)})` : '';
  return `${signed(diff * scale, d)}${ci}${significant ? ' *' : ''}`;
}

/** A relative change as a signed percentage, `+4.56 %`; empty when undefined. */
export function relative(rel: number | null | undefined): string {
  if (rel === null || rel === undefined || !Number.isFinite(rel)) return '';
  return rel === 0 ? '0 %' : `${signed(100 * rel, decimalsFor(100 * rel))} %`;
}

/** Tiers of the printed tables: the four tiers, then '' (the whole region). */
export const PRINTED_TIERS: readonly string[] = [...TIERS, ''];

/** A tier as printed: `region` for the whole region. */
export const tierName = (tier: string): string => (tier === '' ? 'region' : tier);

/**
 * Lays out rows of cells in columns two spaces apart; `left` says which columns are aligned left
 * (the others right). Trailing spaces are removed.
 */
export function columns(rows: readonly (readonly string[])[], left: (column: number) => boolean, indent = ''): string[] {
  if (rows.length === 0) return [];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => indent + r.map((x, c) => (left(c) ? x.padEnd(widths[c]) : x.padStart(widths[c]))).join('  ').trimEnd());
}

/**
 * The wide lines unless the layout is forced to long, or not forced and a wide line is longer
 * than the width; then the long lines.
 */
export function chooseLayout(wide: () => string[], long: () => string[], options: PrintOptions): string[] {
  if (options.layout === 'long') return long();
  const lines = wide();
  if (options.layout === 'wide') return lines;
  const width = options.width ?? terminalWidth();
  return lines.some((l) => l.length > width) ? long() : lines;
}

interface SummaryRow { metric: string; tier: string; facility: string; group: string; mean: number; ci_low: number | null; ci_high: number | null }

/**
 * The summary of a run: per metric and tier (facility and group rows left out) the mean and its
 * 95 % interval. Wide: a row per metric, a column per tier and one for the region; long: a line per
 * metric and tier. Metrics absent from the summary are left out.
 */
export function formatSummary(summary: ColumnTable, options: PrintOptions = {}): string {
  const rows = (summary.objects() as unknown as SummaryRow[]).filter((r) => !r.facility && !r.group);
  const find = (metric: string, tier: string) => rows.find((r) => r.metric === metric && r.tier === tier);
  const metrics = (options.metrics ?? DEFAULT_METRICS).filter((m) => rows.some((r) => r.metric === m));
  const tiers = PRINTED_TIERS.filter((t) => rows.some((r) => r.tier === t && metrics.includes(r.metric)));
  const cell = (m: string, t: string) => {
    const r = find(m, t);
    return r ? meanWithInterval(r.mean, r.ci_low, r.ci_high, metricDisplay(m).scale) : '-';
  };
  const wide = () => columns([
    ['', ...tiers.map(tierName)],
    ...metrics.map((m) => [metricDisplay(m).label, ...tiers.map((t) => cell(m, t))]),
  ], (c) => c === 0);
  const long = () => {
    const body: string[][] = [];
    for (const m of metrics) {
      const label = metricDisplay(m).label;
      tiers.filter((t) => find(m, t)).forEach((t, i) => body.push([i === 0 ? label : '', tierName(t), cell(m, t)]));
    }
    return columns([['metric', 'tier', 'mean (95 % CI)'], ...body], (c) => c < 2);
  };
  return chooseLayout(wide, long, options).join('\n');
}
