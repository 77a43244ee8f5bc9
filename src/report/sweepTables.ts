/**
 * The tables of a sweep's report: the headline metrics at each point of the grid, and each point's
 * difference from the first point. Every point runs with the same seed, so when the points' run
 * folders (`points/<k>/replications.csv`) are there the differences are paired over replications
 * (as `compare` does); otherwise they are Welch differences from each point's mean, SD and n.
 */
import { join } from 'node:path';
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { tQuantile } from '../metrics/ci.js';
import { COMPARISON_COLUMNS, KEY_COLUMNS, pairedDifferences } from '../metrics/tables.js';
import { type Manifest, readResultTable } from './results.js';
import { escapeHtml, formatEstimate, headlineRows, htmlTable } from './tables.js';
import { metricInfo, tierLabel } from './theme.js';

/** A point's label from its parameter values, e.g. "share = 0.25". */
export function pointLabel(row: Record<string, unknown>, params: readonly string[]): string {
  const short = params.map((p) => p.split('.').pop() ?? p);
  const names = new Set(short).size === short.length ? short : params;
  return params.map((p, i) => `${names[i]} = ${String(row[p])}`).join(', ');
}

/** Headline metrics by tier (rows) at each sweep point (columns), mean with its 95 % CI. */
export function sweepTableHtml(sweep: ColumnTable, params: readonly string[]): string {
  const rows = headlineRows(sweep).objects() as Record<string, any>[];
  const points = [...new Set(rows.map((d) => Number(d.point)))].sort((a, b) => a - b);
  const labels = points.map((p) => pointLabel(rows.find((d) => Number(d.point) === p)!, params));
  const keys = [...new Map(rows.map((d) => [`${d.metric}|${d.tier}`, d])).values()];
  const body = keys.map((k) => [
    escapeHtml(metricInfo(k.metric).label), escapeHtml(metricInfo(k.metric).unit), escapeHtml(tierLabel(k.tier)),
    ...points.map((p) => {
      const d = rows.find((r) => Number(r.point) === p && r.metric === k.metric && r.tier === k.tier);
      if (!d) return '';
      const { value, ci } = formatEstimate(d.metric, d.mean, d.ci_low, d.ci_high);
      return `${value}${ci ? `<span class="ci">${ci}</span>` : ''}`;
    }),
  ]);
  return htmlTable(['Metric', 'Unit', 'Tier', ...labels.map(escapeHtml)], body, 'summary sweep', 3);
}

/** Welch differences (point − first point) from the summaries' means, SDs and n. */
function welchFromSummaries(base: ColumnTable, other: ColumnTable, name: string): Record<string, unknown>[] {
  const key = (d: Record<string, any>) => KEY_COLUMNS.map((c) => d[c]).join('\u0000');
  const first = new Map((base.objects() as Record<string, any>[]).map((d) => [key(d), d]));
  const out: Record<string, unknown>[] = [];
  for (const v of other.objects() as Record<string, any>[]) {
    const b = first.get(key(v));
    if (!b) continue;
    const diff = v.mean - b.mean;
    const vb = (b.sd ?? NaN) ** 2 / b.n;
    const vv = (v.sd ?? NaN) ** 2 / v.n;
    const se = Math.sqrt(vb + vv);
    const df = (vb + vv) ** 2 / (vb ** 2 / (b.n - 1) + vv ** 2 / (v.n - 1));
    const half = se === 0 ? 0 : df > 0 ? tQuantile(0.975, df) * se : NaN;
    const ok = Number.isFinite(half);
    out.push({
      metric: v.metric, tier: v.tier, facility: v.facility, group: v.group, variant: name,
      baseline_mean: b.mean, variant_mean: v.mean, diff,
      diff_ci_low: ok ? diff - half : null, diff_ci_high: ok ? diff + half : null,
      rel_change: b.mean === 0 ? null : diff / b.mean,
      significant: ok && (diff - half > 0 || diff + half < 0), method: 'welch',
    });
  }
  return out;
}

/**
 * Each sweep point's difference from the first point, in `comparison.csv` columns (`variant` is the
 * point's label): paired when every point's replications.csv is there, else Welch from sweep.csv.
 */
export async function sweepDifferences(dir: string, manifest: Manifest, sweep: ColumnTable): Promise<{ table: ColumnTable; paired: boolean }> {
  const params = manifest.params ?? [];
  const all = sweep.objects() as Record<string, any>[];
  const points = [...new Set(all.map((d) => Number(d.point)))].sort((a, b) => a - b);
  const labelOf = (p: number) => pointLabel(all.find((d) => Number(d.point) === p)!, params);
  const empty = aq.table(Object.fromEntries(COMPARISON_COLUMNS.map((c) => [c, []])));
  if (points.length < 2) return { table: empty, paired: false };
  const reps = await Promise.all(points.map((p) => readResultTable(join(dir, 'points', String(p)), 'replications').catch(() => undefined)));
  if (reps.every((r) => r !== undefined)) {
    const parts = points.slice(1).map((p, i) => pairedDifferences(reps[0]!, reps[i + 1]!, labelOf(p)));
    return { table: parts[0].concat(...parts.slice(1)), paired: true };
  }
  const at = (p: number) => sweep.params({ p }).filter((d: any, $: any) => d.point === $.p);
  const rows = points.slice(1).flatMap((p) => welchFromSummaries(at(points[0]), at(p), labelOf(p)));
  return { table: rows.length > 0 ? aq.from(rows) : empty, paired: false };
}
