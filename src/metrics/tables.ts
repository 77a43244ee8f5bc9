/**
 * Result tables: replication rows -> summaries with t-intervals, paired (common-random-number)
 * differences, sweep tables; reading and writing them as CSV and Apache Arrow IPC. All grouping and
 * joining is done by arquero. (Results folders are written through src/io/output.ts.)
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import Papa from 'papaparse';
import { rangeInterval, tQuantile, type RangeKind } from './ci.js';
import { metricInfo } from './catalog.js';

const { op } = aq;

/** Tiers in their fixed display order; a blank tier (the whole region) sorts after them. */
export const TIERS = ['village', 'township', 'county', 'regional'] as const;
export type Tier = (typeof TIERS)[number];

/** Columns that identify one metric row. */
export const KEY_COLUMNS = ['metric', 'tier', 'facility', 'group'] as const;

/** Columns of `summary.csv`, in order (`ci_method`: how the interval was computed, see {@link rangeInterval}). */
export const SUMMARY_COLUMNS = [...KEY_COLUMNS, 'mean', 'ci_low', 'ci_high', 'ci_method', 'sd', 'n'] as const;

/** Columns of `comparison.csv`, in order. */
export const COMPARISON_COLUMNS = [
  ...KEY_COLUMNS, 'variant', 'baseline_mean', 'variant_mean', 'diff', 'diff_ci_low', 'diff_ci_high',
  'rel_change', 'significant', 'method',
] as const;

/** How a comparison's interval was computed: `paired` (common random numbers) or `welch` (independent runs). */
export type ComparisonMethod = 'paired' | 'welch';

/** One value of one metric row in one replication (a row of `replications.csv`). */
export interface ReplicationRow {
  replication: number;
  metric: string;
  tier: string;
  facility: string;
  group: string;
  value: number;
}

/** Table formats a results folder can hold. */
export type TableFormat = 'csv' | 'arrow';

/** One point of a sweep: its index, its parameter values (by parameter path) and its summary table. */
export interface SweepPoint {
  point: number;
  params: Record<string, number | string | boolean>;
  summary: ColumnTable;
}

// Two-sided 95 % Student-t multiplier for n values (NaN below two values), for arquero string expressions.
aq.addFunction('tiersim_t95', (n: number) => (n > 1 ? tQuantile(0.975, n - 1) : NaN), { override: true });
// Two-sided 95 % Student-t quantile for (possibly fractional) degrees of freedom (NaN when undefined).
aq.addFunction('tiersim_t95_df', (df: number) => (df > 0 ? tQuantile(0.975, df) : NaN), { override: true });

function asTable(rows: readonly object[] | ColumnTable): ColumnTable {
  return Array.isArray(rows) ? aq.from(rows as object[]) : (rows as ColumnTable);
}

/**
 * Orders key rows: metrics in order of first appearance, then tiers village, township, county,
 * regional, blank (unknown tiers last), then facility/group rows in order of first appearance.
 * Expects the helper column `_first` (the first input row of each key).
 */
function orderKeys(table: ColumnTable): ColumnTable {
  return table
    .params({ tiers: [...TIERS] })
    .groupby('metric')
    .derive({ _metric_first: op.min('_first') })
    .ungroup()
    .derive({
      _tier_rank: (d: any, $: any) =>
        d.tier === '' ? 4 : op.indexof($.tiers, d.tier) < 0 ? 5 : op.indexof($.tiers, d.tier),
    })
    .orderby('_metric_first', '_tier_rank', '_first');
}

/** Turns NaN and undefined in the named columns into null, so CSV cells are empty rather than "NaN". */
function blankNonFinite(table: ColumnTable, columns: readonly string[]): ColumnTable {
  const values: Record<string, object> = {};
  for (const c of columns) values[c] = aq.escape((d: any) => (Number.isFinite(d[c]) ? d[c] : null));
  return table.derive(values);
}

/**
 * Summarises replication rows into the `summary.csv` table: per metric, tier, facility and group the
 * mean over replications, the 95 % interval (`ci_low`, `ci_high`) that stays in the metric's range
 * (`metricInfo(metric).range`, see {@link rangeInterval}; `ci_method` says how it was computed), the
 * sample sd and `n`. With a single replication sd, the interval and its method are empty (null).
 */
export function summarise(rows: readonly ReplicationRow[] | ColumnTable): ColumnTable {
  const stats = asTable(rows)
    .derive({ _row: op.row_number() })
    .groupby(...KEY_COLUMNS)
    .rollup({ mean: op.mean('value'), sd: op.stdev('value'), n: op.count(), _first: op.min('_row') });
  return blankNonFinite(orderKeys(withInterval(stats, (d) => metricInfo(d.metric).range)), ['sd', 'ci_low', 'ci_high'])
    .select(...SUMMARY_COLUMNS).reify();
}

/**
 * Adds `ci_low`, `ci_high` and `ci_method`: the 95 % interval from columns `mean`, `sd` and `n`
 * kept in the range `rangeOf` gives for a row ({@link rangeInterval}); the method is null where
 * there is no interval.
 */
function withInterval(stats: ColumnTable, rangeOf: (d: any) => RangeKind): ColumnTable {
  const interval = (d: any) => rangeInterval(d.mean, d.sd ?? NaN, d.n, rangeOf(d));
  return stats
    .derive({ _ci: aq.escape(interval) })
    .derive({
      ci_low: aq.escape((d: any) => d._ci.low),
      ci_high: aq.escape((d: any) => d._ci.high),
      ci_method: aq.escape((d: any) => (Number.isFinite(d._ci.low) ? d._ci.method : null)),
    });
}

/**
 * Mean of column `value` per group of `keys` over independent rows (e.g. replications), with the
 * 95 % interval for values in `range` (default `real`: the t-interval; see {@link rangeInterval}):
 * columns `...keys, mean, ci_low, ci_high, sd, n` (null where undefined), groups in order of first
 * appearance.
 */
export function meanByGroup(table: ColumnTable, keys: readonly string[], value = 'value', range: RangeKind = 'real'): ColumnTable {
  const stats = table
    .groupby(...keys)
    .rollup({ mean: op.mean(value), sd: op.stdev(value), n: op.count() });
  return blankNonFinite(withInterval(stats, () => range), ['sd', 'ci_low', 'ci_high'])
    .select(...keys, 'mean', 'ci_low', 'ci_high', 'sd', 'n')
    .reify();
}

/**
 * Paired differences variant - baseline, replication by replication (common random numbers), joined
 * on replication, metric, tier, facility and group; summarised into the `comparison.csv` columns:
 * both means, the mean difference with its 95 % t-interval, `rel_change` = diff / baseline_mean
 * (null when the baseline mean is 0) and `significant` (the interval excludes zero).
 * Rows present in only one of the two inputs are left out.
 */
export function pairedDifferences(
  baseRows: readonly ReplicationRow[] | ColumnTable,
  variantRows: readonly ReplicationRow[] | ColumnTable,
  variantName: string,
): ColumnTable {
  const keys = ['replication', ...KEY_COLUMNS];
  const base = asTable(baseRows).derive({ _row: op.row_number() }).rename({ value: 'base_value' });
  const variant = asTable(variantRows).rename({ value: 'variant_value' });
  const stats = base
    .join(variant, [keys, keys], [[...keys, 'base_value', '_row'], ['variant_value']])
    .derive({ _d: (d: any) => d.variant_value - d.base_value })
    .groupby(...KEY_COLUMNS)
    .rollup({
      baseline_mean: op.mean('base_value'),
      variant_mean: op.mean('variant_value'),
      diff: op.mean('_d'),
      _sd: op.stdev('_d'),
      _n: op.count(),
      _first: op.min('_row'),
    })
    .derive({ _half: 'op.tiersim_t95(d._n) * d._sd / op.sqrt(d._n)' })
    .derive({ variant: aq.escape(() => variantName) });
  return comparisonRows(stats, 'paired');
}

/**
 * The `comparison.csv` rows from a table with the means, `diff` and the interval's half-width
 * `_half`: the interval, the relative change, whether the interval excludes zero, and `method`.
 */
function comparisonRows(table: ColumnTable, method: 'paired' | 'welch'): ColumnTable {
  const rows = table
    .derive({
      diff_ci_low: (d: any) => d.diff - d._half,
      diff_ci_high: (d: any) => d.diff + d._half,
      rel_change: (d: any) => (d.baseline_mean === 0 ? null : d.diff / d.baseline_mean),
    })
    .derive({ significant: (d: any) => d.diff_ci_low > 0 || d.diff_ci_high < 0, method: aq.escape(() => method) });
  return blankNonFinite(orderKeys(rows), ['diff_ci_low', 'diff_ci_high', 'rel_change'])
    .select(...COMPARISON_COLUMNS)
    .reify();
}

/**
 * Unpaired differences variant - baseline, for scenarios run with independent random numbers: the
 * same columns as {@link pairedDifferences} (with `method` 'welch'), but the 95 % interval is
 * Welch's: standard error sqrt(s_b²/n_b + s_v²/n_v), Welch-Satterthwaite degrees of freedom. When
 * both samples have zero variance the interval is the difference itself. Keys present in only one
 * of the two inputs are left out; the replication column is not used.
 */
export function welchDifferences(
  baseRows: readonly ReplicationRow[] | ColumnTable,
  variantRows: readonly ReplicationRow[] | ColumnTable,
  variantName: string,
): ColumnTable {
  const base = asTable(baseRows)
    .derive({ _row: op.row_number() })
    .groupby(...KEY_COLUMNS)
    .rollup({ b_mean: op.mean('value'), b_var: op.variance('value'), b_n: op.count(), _first: op.min('_row') });
  const variant = asTable(variantRows)
    .groupby(...KEY_COLUMNS)
    .rollup({ v_mean: op.mean('value'), v_var: op.variance('value'), v_n: op.count() });
  const joined = base
    .join(variant, [[...KEY_COLUMNS], [...KEY_COLUMNS]])
    .derive({
      _vb: (d: any) => d.b_var / d.b_n,
      _vv: (d: any) => d.v_var / d.v_n,
    })
    .derive({
      _se: (d: any) => op.sqrt(d._vb + d._vv),
      _df: (d: any) => (d._vb + d._vv) ** 2 / (d._vb ** 2 / (d.b_n - 1) + d._vv ** 2 / (d.v_n - 1)),
    })
    .derive({ _half: 'd._se === 0 ? 0 : op.tiersim_t95_df(d._df) * d._se' })
    .derive({
      variant: aq.escape(() => variantName),
      baseline_mean: (d: any) => d.b_mean,
      variant_mean: (d: any) => d.v_mean,
      diff: (d: any) => d.v_mean - d.b_mean,
    });
  return comparisonRows(joined, 'welch');
}

/**
 * Stacks per-point summaries into the `sweep.csv` table: `point`, one column per parameter path (in
 * the order of the first point's `params`), then the summary columns.
 */
export function sweepTable(points: readonly SweepPoint[]): ColumnTable {
  if (points.length === 0) throw new RangeError('sweepTable: no sweep points');
  const paramNames = Object.keys(points[0].params);
  const parts = points.map(({ point, params, summary }) => {
    const n = summary.numRows();
    const columns: Record<string, unknown[]> = { point: new Array(n).fill(point) };
    for (const name of paramNames) columns[name] = new Array(n).fill(params[name]);
    return aq.table(columns).assign(summary.select(...SUMMARY_COLUMNS));
  });
  return parts[0].concat(...parts.slice(1)).reify();
}

/**
 * Text a spreadsheet would take for a formula: a cell beginning with `=`, `+`, `-`, `@`, a tab or a
 * carriage return (OWASP, CSV injection). Such TEXT cells are written with a leading `'` and quoted;
 * numbers, negative ones included, are written as plain numbers.
 */
export const FORMULA_START = /^[=+\-@\t\r]/;

/** A value as `toCsv` hands it to the writer: null, undefined and NaN become an empty cell. */
function csvValue(v: unknown): unknown {
  if (v === undefined || (typeof v === 'number' && Number.isNaN(v))) return null;
  return v;
}

/**
 * A table as CSV text (papaparse's writer): a header of the column names, then one line per row in
 * the table's order, every line ending in `\n`. Numbers as `String(x)`, booleans `true`/`false`,
 * null/NaN as an empty cell; a cell holding a comma, a quote, a line break or a leading or trailing
 * space is quoted (quotes doubled); a text cell beginning with a formula character (see
 * {@link FORMULA_START}) gets a leading `'` and is quoted.
 */
export function toCsv(table: ColumnTable): string {
  const names = table.columnNames();
  const data = (table.objects() as Record<string, unknown>[]).map((row) => names.map((n) => csvValue(row[n])));
  // The header goes in as the first row, so that a table without rows still ends its line.
  return Papa.unparse([names, ...data], { newline: '\n', escapeFormulae: FORMULA_START }) + '\n';
}

/**
 * Splits CSV text into its records (RFC 4180), each as written, without its line end: a line break
 * inside a quoted field stays in its record. A final empty line is not a record.
 */
export function csvRecords(text: string): string[] {
  const records: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted; // a doubled quote inside a field toggles twice
    else if (ch === '\n' && !quoted) {
      records.push(text.slice(start, text[i - 1] === '\r' ? i - 1 : i));
      start = i + 1;
    }
  }
  if (start < text.length) records.push(text.slice(start));
  return records;
}

/**
 * Writes `table` as `<dir>/<name>.csv` (see {@link toCsv}) and/or `<dir>/<name>.arrow` (Arrow IPC
 * stream of record batches, file format), creating `dir` if needed. Returns the file names written.
 */
export async function writeTable(
  dir: string,
  name: string,
  table: ColumnTable,
  formats: readonly TableFormat[] = ['csv'],
): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const format of formats) {
    const file = `${name}.${format}`;
    const content = format === 'csv' ? toCsv(table) : aq.toArrowIPC(table, { format: 'file' });
    await writeFile(join(dir, file), content);
    written.push(file);
  }
  return written;
}

/**
 * Reads a table written by {@link writeTable} (`.csv` or `.arrow`). In CSV files the key columns
 * (`tier`, `facility`, `group`, `from_tier`, `to_tier`, `variant`, ...) are read as text, exactly as
 * written (a name that looks like a number stays text), and keep empty cells as '' rather than null,
 * so blank-tier rows read back exactly as written. A text cell written with a neutralising `'`
 * (see {@link toCsv}) reads back with it.
 * @throws Error for any other file extension.
 */
export async function readTable(path: string): Promise<ColumnTable> {
  const ext = extname(path);
  if (ext === '.arrow') return aq.fromArrow(await readFile(path));
  if (ext !== '.csv') throw new Error(`readTable: unsupported file type "${ext}" (${path})`);
  const asText = Object.fromEntries([...TEXT_COLUMNS].map((c) => [c, (s: string) => s]));
  const table = aq.fromCSV(await readFile(path, 'utf8'), { parse: asText });
  const blanks: Record<string, object> = {};
  for (const c of table.columnNames()) {
    if (TEXT_COLUMNS.has(c)) blanks[c] = aq.escape((d: any) => (d[c] == null ? '' : String(d[c])));
  }
  return Object.keys(blanks).length > 0 ? table.derive(blanks) : table;
}

/** Text columns of the results-folder tables, where an empty cell means '' (e.g. the whole region). */
const TEXT_COLUMNS = new Set(['metric', 'tier', 'facility', 'group', 'from_tier', 'to_tier', 'direction', 'variant', 'method', 'ci_method']);
