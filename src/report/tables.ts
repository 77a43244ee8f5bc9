/**
 * The report's tables as plain HTML: the headline table (metric × tier, mean with its 95 % CI), the
 * full summary (every row, so metrics added to the model appear without a change here), and the
 * differences of a comparison. Values have three significant figures, an interval's ends as many
 * decimals as its mean, and intervals are clipped to what the metric can take.
 */
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { clipToMetric, fixed, sigDecimals } from './numbers.js';
import { HEADLINE_METRICS, TIER_DOMAIN, metricInfo, tierLabel } from './theme.js';

/** Rows a full table shows at most; the rest are in the CSV file it names. */
export const MAX_FULL_ROWS = 2000;

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: unknown): string {
  return String(text ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** Shares are shown as percentages (differences in percentage points); other kinds as they are. */
const shown = (metric: string) => (metricInfo(metric).kind === 'share' ? 100 : 1);

/**
 * A metric value for a table cell to three significant figures (`decimals` to fix them instead):
 * shares as percentages (differences, `signed`, in percentage points), other values as numbers.
 */
export function formatValue(metric: string, x: unknown, signed = false, decimals?: number): string {
  if (!finite(x)) return '–';
  const v = x * shown(metric);
  const text = fixed(v, decimals ?? sigDecimals(v), signed);
  return shown(metric) === 100 ? `${text} ${signed ? 'pp' : '%'}` : text;
}

/**
 * "mean" and "low – high" for a value and its interval: the mean to three significant figures, the
 * ends with as many decimals, clipped to the metric's range (`difference`: the range of a difference).
 */
export function formatEstimate(metric: string, mean: unknown, low: unknown, high: unknown, difference = false): { value: string; ci: string } {
  const decimals = finite(mean) ? sigDecimals(mean * shown(metric)) : undefined;
  const value = formatValue(metric, mean, difference, decimals);
  const lo = clipToMetric(metric, finite(low) ? low : null, difference);
  const hi = clipToMetric(metric, finite(high) ? high : null, difference);
  const ci = lo === null || hi === null ? '' : `${formatValue(metric, lo, difference, decimals)} to ${formatValue(metric, hi, difference, decimals)}`;
  return { value, ci };
}

/** A cell: the value with its interval beneath. */
function estimateCell(metric: string, mean: unknown, low: unknown, high: unknown, difference = false, strong = false): string {
  const { value, ci } = formatEstimate(metric, mean, low, high, difference);
  const v = strong ? `<strong>${value}</strong>` : value;
  return `${v}${ci ? `<span class="ci">${ci}</span>` : ''}`;
}

/** A relative change as a signed percentage. */
export function formatRelative(x: unknown): string {
  if (!finite(x)) return '–';
  const v = x * 100;
  return `${fixed(v, Math.min(1, sigDecimals(v, 2)), true)} %`;
}

/** An HTML table; `head` and `body` cells are HTML already escaped; `numeric` marks right-aligned columns from that index on. */
export function htmlTable(head: string[], body: string[][], className: string, numericFrom = head.length): string {
  const cls = (i: number) => (i >= numericFrom ? ' class="num"' : '');
  const th = head.map((h, i) => `<th${cls(i)}>${h}</th>`).join('');
  const tr = body.map((row) => `<tr>${row.map((c, i) => `<td${cls(i)}>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table class="${className}"><thead><tr>${th}</tr></thead><tbody>\n${tr}\n</tbody></table>`;
}

/** Tier-level rows (empty facility and group) of the headline metrics present, in headline order. */
export function headlineRows(table: ColumnTable): ColumnTable {
  return table
    .params({ metrics: HEADLINE_METRICS })
    .filter((d: any, $: any) => d.facility === '' && d.group === '' && aq.op.includes($.metrics, d.metric))
    .derive({ _order: (d: any, $: any) => aq.op.indexof($.metrics, d.metric) })
    .orderby('_order');
}

/** Metric label and unit cells. */
function metricCells(metric: string): string[] {
  const { label, unit } = metricInfo(metric);
  return [escapeHtml(label), escapeHtml(unit)];
}

/** Headline table: one row per headline metric, one column per tier, cells mean with the 95 % CI beneath. */
export function summaryTableHtml(summary: ColumnTable): string {
  const rows = headlineRows(summary).objects() as Record<string, any>[];
  const metrics = [...new Set(rows.map((d) => d.metric as string))];
  const tiers = TIER_DOMAIN.filter((t) => rows.some((d) => tierLabel(d.tier) === t));
  const body = metrics.map((m) => [
    ...metricCells(m),
    ...tiers.map((t) => {
      const d = rows.find((r) => r.metric === m && tierLabel(r.tier) === t);
      return d ? estimateCell(m, d.mean, d.ci_low, d.ci_high) : '';
    }),
  ]);
  return htmlTable(['Metric', 'Unit', ...tiers.map(escapeHtml)], body, 'summary', 2);
}

/** The note below a full table that was cut at {@link MAX_FULL_ROWS}. */
function cutNote(total: number, file: string): string {
  return total > MAX_FULL_ROWS ? `<p class="note">First ${MAX_FULL_ROWS.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} rows; all are in ${escapeHtml(file)}.</p>` : '';
}

/** Facility and group, where the row has them. */
const whereCells = (d: Record<string, any>) => [escapeHtml(tierLabel(d.tier ?? '')), escapeHtml(d.facility ?? ''), escapeHtml(d.group ?? '')];

/**
 * Every row of a summary table: metric, tier, facility, group, unit, mean, 95 % CI, SD, n; `first`
 * puts a column before them (a sweep's point).
 */
export function fullSummaryTableHtml(summary: ColumnTable, file = 'summary.csv', first?: { title: string; cell: (d: Record<string, any>) => string }): string {
  const all = summary.objects() as Record<string, any>[];
  const body = all.slice(0, MAX_FULL_ROWS).map((d) => {
    const { value, ci } = formatEstimate(d.metric, d.mean, d.ci_low, d.ci_high);
    return [
      ...(first ? [escapeHtml(first.cell(d))] : []),
      `${escapeHtml(metricInfo(d.metric).label)}<span class="code">${escapeHtml(d.metric)}</span>`, ...whereCells(d),
      metricCells(d.metric)[1], value, ci || '–', formatValue(d.metric, d.sd), finite(d.n) ? String(d.n) : '–',
    ];
  });
  const head = [...(first ? [escapeHtml(first.title)] : []), 'Metric', 'Tier', 'Facility', 'Group', 'Unit', 'Mean', '95 % CI', 'SD', 'n'];
  return htmlTable(head, body, 'full', first ? 6 : 5) + cutNote(all.length, file);
}

const isSignificant = (d: Record<string, any>) => d.significant === true || d.significant === 'true';

/** Cells of one difference row: baseline, variant, difference with CI (bold when significant), relative change, significant. */
function differenceCells(d: Record<string, any>): string[] {
  const significant = isSignificant(d);
  return [
    formatValue(d.metric, d.baseline_mean), formatValue(d.metric, d.variant_mean),
    estimateCell(d.metric, d.diff, d.diff_ci_low, d.diff_ci_high, true, significant),
    formatRelative(d.rel_change), significant ? '<span class="sig">yes</span>' : 'no',
  ];
}

const DIFFERENCE_HEAD = ['Baseline', 'Variant', 'Difference (95 % CI)', 'Relative change', 'CI excludes 0'];

/** Comparison table: headline metrics by tier and variant, both means, difference with 95 % CI, relative change. */
export function comparisonTableHtml(comparison: ColumnTable, variantTitle = 'Variant'): string {
  const rows = headlineRows(comparison).objects() as Record<string, any>[];
  const variants = [...new Set(rows.map((d) => String(d.variant)))];
  const tierRank = (t: string) => TIER_DOMAIN.indexOf(tierLabel(t));
  rows.sort((a, b) => a._order - b._order || tierRank(a.tier) - tierRank(b.tier) || variants.indexOf(String(a.variant)) - variants.indexOf(String(b.variant)));
  const body = rows.map((d) => [
    ...metricCells(d.metric), escapeHtml(tierLabel(d.tier)), escapeHtml(d.variant), ...differenceCells(d),
  ]);
  return htmlTable(['Metric', 'Unit', 'Tier', escapeHtml(variantTitle), ...DIFFERENCE_HEAD], body, 'comparison', 4);
}

/** Every row of a comparison table. */
export function fullComparisonTableHtml(comparison: ColumnTable, file = 'comparison.csv', variantTitle = 'Variant'): string {
  const all = comparison.objects() as Record<string, any>[];
  const body = all.slice(0, MAX_FULL_ROWS).map((d) => [
    `${escapeHtml(metricInfo(d.metric).label)}<span class="code">${escapeHtml(d.metric)}</span>`, ...whereCells(d),
    escapeHtml(d.variant), ...differenceCells(d),
  ]);
  return htmlTable(['Metric', 'Tier', 'Facility', 'Group', escapeHtml(variantTitle), ...DIFFERENCE_HEAD], body, 'full', 5) + cutNote(all.length, file);
}

/** A collapsible block: `summary` line, then `content`. */
export function collapsible(summary: string, content: string): string {
  return `<details><summary>${escapeHtml(summary)}</summary>\n${content}\n</details>`;
}
