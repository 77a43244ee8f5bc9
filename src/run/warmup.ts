/**
 * The warm-up assistant (`tiersim warmup`): a pilot run without warm-up, then, for each
 * headline daily series per tier (timeseries.csv), the MSER-5 truncation point of the
 * across-replication mean series (White 1997), and Welch's moving average of it for the plot.
 * The rule, as docs/model.md states it: batch the series into means of 5 days, Z_1..Z_b; for
 * each d from 0 to floor(b / 2), MSER(d) = sum over j > d of (Z_j - mean(Z_{d+1..b}))^2 / (b - d)^2;
 * the truncation is the d minimising it (the smallest on a tie), the warm-up 5 d days. A minimum
 * at the end of the search (d = floor(b / 2)) means the series settles no earlier than half-way:
 * the pilot is too short to tell.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import type { ReplicationResult } from '../model/metrics.js';
import { writeTable } from '../metrics/tables.js';
import { MSER_BATCH, mser, welchAverage, type WarmupAnalysis, type WarmupSeries } from '../metrics/warmup.js';
import { TIERS } from '../params/fields.js';
import { resultsManifest, type SimulatedScenario } from './execute.js';

/** The daily series the warm-up is judged on, per tier (see Metrics.sampleDay). */
export const WARMUP_SERIES = ['wait_consult', 'visits', 'follow_up_visits', 'queue_consult', 'bed_occupancy'] as const;

/** The mean over replications of a daily series, day by day (NaN on a day no replication has a value). */
export function meanSeries(results: readonly ReplicationResult[], metric: string, tier: string, days: number): Float64Array {
  const sum = new Float64Array(days);
  const count = new Float64Array(days);
  for (const r of results) {
    for (const s of r.series) {
      if (s.metric !== metric || s.tier !== tier || s.day >= days || !Number.isFinite(s.value)) continue;
      sum[s.day] += s.value;
      count[s.day]++;
    }
  }
  return sum.map((x, i) => (count[i] > 0 ? x / count[i] : NaN));
}

/** Welch's window: a week each side, or less for a pilot too short for it. */
export function defaultWindow(days: number): number {
  return Math.max(1, Math.min(7, Math.floor(days / 10)));
}

/**
 * MSER-5 and Welch's average of every headline series per tier that the pilot has (a tier
 * without facilities, or without beds for `bed_occupancy`, has none).
 */
export function analyseWarmup(results: readonly ReplicationResult[], days: number, window = defaultWindow(days)): WarmupAnalysis {
  const whole = Math.floor(days);
  const present = new Set(results.flatMap((r) => r.series.map((s) => `${s.metric}|${s.tier}`)));
  const series: WarmupSeries[] = [];
  for (const metric of WARMUP_SERIES) {
    for (const tier of TIERS) {
      if (!present.has(`${metric}|${tier}`)) continue;
      const mean = meanSeries(results, metric, tier, whole);
      series.push({ metric, tier, mean, welch: welchAverage(mean, window), ...mser(mean) });
    }
  }
  const suggestedDays = Math.ceil(series.reduce((m, s) => Math.max(m, s.truncation), 0));
  return { series, suggestedDays, window, days: whole };
}

/** The table of warmup.csv: one row per series. */
export function warmupTable(a: WarmupAnalysis): ColumnTable {
  return aq.from(a.series.map((s) => ({
    metric: s.metric,
    tier: s.tier,
    suggested_days: s.truncation,
    batches_truncated: s.truncatedBatches,
    batches: s.batches,
    batch_days: MSER_BATCH,
    mser_min: s.mserMin,
    at_limit: s.atLimit,
    mean_after: tailMean(s.mean, s.truncation),
    welch_window: a.window,
  })));
}

function tailMean(x: Float64Array, from: number): number {
  let s = 0;
  let n = 0;
  for (let i = from; i < x.length; i++) if (Number.isFinite(x[i])) { s += x[i]; n++; }
  return n > 0 ? s / n : NaN;
}

/** The terminal table: each series' suggestion, then the overall one. */
export function formatWarmup(a: WarmupAnalysis): string {
  const lines = [`${'metric'.padEnd(18)} ${'tier'.padEnd(9)} ${'warm-up (days)'.padStart(14)}  note`];
  for (const s of a.series) {
    lines.push(`${s.metric.padEnd(18)} ${s.tier.padEnd(9)} ${String(s.truncation).padStart(14)}  ${s.atLimit ? 'minimum at half the run: run a longer pilot' : ''}`.trimEnd());
  }
  const worst = a.series.filter((s) => s.truncation === a.suggestedDays).map((s) => `${s.metric} ${s.tier}`);
  lines.push('', `suggested warm-up: ${a.suggestedDays} days (the largest, from ${worst.slice(0, 3).join(', ')}${worst.length > 3 ? ', ...' : ''})`);
  return lines.join('\n');
}

/**
 * Writes the warm-up folder's files into `dir` (made atomic by the caller): warmup.csv, the
 * pilot's daily series (timeseries.csv), report.html with Welch's plots, and manifest.json.
 */
export async function writeWarmupFiles(dir: string, sim: SimulatedScenario, a: WarmupAnalysis): Promise<void> {
  const { warmupReportHtml } = await import('../report/charts/warmup.js');
  const files: string[] = [];
  files.push(...await writeTable(dir, 'warmup', warmupTable(a), ['csv']));
  const series = sim.results.flatMap((r, replication) => r.series.map((s) => ({ replication, day: s.day, tier: s.tier, metric: s.metric, value: s.value })));
  files.push(...await writeTable(dir, 'timeseries', series.length > 0 ? aq.from(series) : aq.table({ replication: [], day: [], tier: [], metric: [], value: [] }), ['csv']));
  await writeFile(join(dir, 'report.html'), await warmupReportHtml(a, { scenario: sim.loaded.name, replications: sim.settings.replications, days: sim.settings.days }));
  files.push('report.html', 'manifest.json');
  const manifest = resultsManifest('run', sim.loaded, sim.settings, sim, files, {});
  await writeFile(join(dir, 'manifest.json'), JSON.stringify({
    ...manifest, kind: 'warmup', suggestedWarmupDays: a.suggestedDays, mserBatchDays: MSER_BATCH, welchWindow: a.window,
  }, null, 2) + '\n');
}
