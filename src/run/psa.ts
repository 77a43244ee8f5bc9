/**
 * Probabilistic sensitivity analysis (docs/psa.md): N parameter sets drawn by Latin hypercube from
 * the baseline's `uncertainty:` block, each applied to the baseline and to every variant, each run
 * with R replications. All samples and scenarios share the seed and replication indices (common
 * random numbers), so variants are paired within a sample, and the spread over samples is that of
 * the parameters. Writes `psa.csv` (a mean over replications per sample, scenario and metric row),
 * `samples.csv` (the drawn values), `psa_summary.csv` (mean and 95 % interval over samples),
 * `psa_prcc.csv` (partial rank correlations of the inputs with each result) and tornado charts.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { ScenarioError, type ScenarioIssue } from '../scenario/errors.js';
import { withOverrides, type LoadedScenario } from '../scenario/load.js';
import { formatPath } from '../scenario/paths.js';
import { locate } from '../scenario/source.js';
import { uncertainQuantile } from '../scenario/uncertainty.js';
import { checkUncertainPaths, type UncertainParam } from '../scenario/uncertainPaths.js';
import { checkOverridePath } from '../scenario/load.js';
import { runJobs } from '../parallel/pool.js';
import { summarise, writeTable } from '../metrics/tables.js';
import { metricInfo } from '../metrics/catalog.js';
import type { OutputFolder } from '../io/output.js';
import { checkConservation, jobsFor, replicationRows, resultsManifest, type RunSettings } from './execute.js';
import { latinHypercube } from './lhs.js';
import { usageError } from './compare.js';
import { PRINTED_TIERS, columns, metricDisplay, sig, tierName } from './print.js';
import { focusScenario, psaOutputs, psaPrcc, tornadoRows, type PrccRow } from './psaDrivers.js';
import { HEADLINE_METRICS } from '../metrics/catalog.js';
import { tornadoSpec } from '../report/charts/tornado.js';
import { toSvg } from '../report/render.js';

/** One parameter set applied to every scenario (baseline first). */
export interface PsaSample {
  sample: number;
  values: number[];
  scenarios: LoadedScenario[];
}

/**
 * The uncertain parameters of the baseline's `uncertainty:` block.
 * @throws a user error (exit code 2) when the baseline has none.
 */
export function psaParams(baseline: LoadedScenario): UncertainParam[] {
  const block = baseline.scenario.uncertainty ?? {};
  if (Object.keys(block).length === 0) {
    throw usageError(`${baseline.file}: no \`uncertainty:\` block, so there is nothing to sample; give distributions to some parameters (docs/psa.md)`);
  }
  return checkUncertainPaths(block, baseline.raw, checkOverridePath).params;
}

/** `n` Latin hypercube draws of the parameters: values[sample][parameter], rounded for whole-number fields. */
export function drawValues(params: readonly UncertainParam[], n: number, seed: number): number[][] {
  const cube = latinHypercube(n, seed, params.map((p) => p.path));
  return Array.from({ length: n }, (_, s) => params.map((p, j) => {
    const x = uncertainQuantile(p.dist, cube[j][s]);
    return p.integer ? Math.round(x) : x;
  }));
}

/**
 * Applies every sample's values to every scenario and validates each, before anything runs.
 * @throws ScenarioError for the first sample with a value its field refuses, placed at the
 *   parameter's line in the `uncertainty:` block (or at the field a cross-field check names).
 */
export function prepareSamples(scenarios: readonly LoadedScenario[], params: readonly UncertainParam[], values: readonly number[][]): PsaSample[] {
  const baseline = scenarios[0];
  return values.map((vals, sample) => {
    const overrides = params.map((p, j) => ({ path: p.path, value: vals[j] }));
    const drawn = scenarios.map((s) => {
      try {
        return withOverrides(s, overrides);
      } catch (err) {
        if (!(err instanceof ScenarioError)) throw err;
        const drawnText = params.map((p, j) => `${p.path} = ${vals[j]}`).join(', ');
        const issues: ScenarioIssue[] = err.issues.map((issue) => {
          const j = params.findIndex((p) => formatPath(p.segments) === issue.path || p.path === issue.path);
          if (issue.file === '--param' && j >= 0) {
            const key = ['uncertainty', params[j].path];
            return { ...locate(baseline.sources, baseline.raw, key), path: formatPath(key), message: `sample ${sample} draws ${vals[j]} (scenario ${s.name}), which the field refuses: ${issue.message}` };
          }
          return { ...issue, message: `${issue.message} (with the draws of sample ${sample}: ${drawnText})` };
        });
        throw new ScenarioError(issues);
      }
    });
    return { sample, values: vals, scenarios: drawn };
  });
}

/** The rows of psa.csv for one sample and scenario. */
interface PsaRow { sample: number; scenario: string; metric: string; tier: string; facility: string; group: string; mean: number; [param: string]: unknown }

export interface PsaResult {
  table: ColumnTable;
  rows: PsaRow[];
  /** The lines of psa_prcc.csv. */
  prcc: PrccRow[];
  /** The output the tornado charts describe: the first variant's difference from the baseline, else the baseline. */
  focus: string;
  wallSeconds: number;
}

/** Jobs per batch: results are reduced to their means batch by batch, so memory stays bounded. */
const BATCH_JOBS = 256;

/**
 * Runs every sample's scenarios (R replications each) over the worker pool, batch after batch, and
 * writes psa.csv, samples.csv, psa_summary.csv, psa_prcc.csv, the tornado charts of the headline
 * metrics (`tornado-<metric>.vl.json` and `.svg`) and manifest.json through `output`. The tables are
 * identical whatever the number of workers.
 */
export async function runPsa(
  params: readonly UncertainParam[],
  samples: readonly PsaSample[],
  settings: RunSettings,
  output: OutputFolder,
  onDone?: (finished: number, total: number) => void,
): Promise<PsaResult> {
  const t0 = performance.now();
  const k = samples[0].scenarios.length;
  const perSample = k * settings.replications;
  const batch = Math.max(1, Math.floor(BATCH_JOBS / perSample));
  const total = samples.length * perSample;
  const rows: PsaRow[] = [];
  let events = 0;
  for (let start = 0; start < samples.length; start += batch) {
    const mine = samples.slice(start, start + batch);
    const jobs = mine.flatMap((s) => s.scenarios.flatMap((sc) => jobsFor(sc, settings)));
    const done = start * perSample;
    const results = await runJobs(jobs, settings.workers, onDone && ((f) => onDone(done + f, total)));
    events += results.reduce((a, r) => a + r.events, 0);
    mine.forEach((s, i) => {
      const paramCells = Object.fromEntries(params.map((p, j) => [p.path, s.values[j]]));
      s.scenarios.forEach((sc, c) => {
        const reps = results.slice((i * k + c) * settings.replications, (i * k + c + 1) * settings.replications);
        checkConservation(reps);
        const summary = summarise(replicationRows(reps)).objects() as unknown as PsaRow[];
        for (const r of summary) {
          rows.push({ sample: s.sample, ...paramCells, scenario: sc.name, metric: r.metric, tier: r.tier, facility: r.facility, group: r.group, mean: r.mean });
        }
      });
    });
  }
  const wallSeconds = (performance.now() - t0) / 1000;
  const table = aq.from(rows);
  const samplesTable = aq.from(samples.map((s) => ({ sample: s.sample, ...Object.fromEntries(params.map((p, j) => [p.path, s.values[j]])) })));
  const names = samples[0].scenarios.map((s) => s.name);
  const summary = aq.from(psaSummary(rows, names));
  const baseline = samples[0].scenarios[0];
  const paths = params.map((p) => p.path);
  const values = samples.map((s) => s.values);
  const outputs = psaOutputs(rows, names, samples.length);
  const prcc = psaPrcc(outputs, paths, values);
  const focus = focusScenario(names);
  await output.write(async (tmp) => {
    const files = [
      ...await writeTable(tmp, 'psa', table, settings.formats),
      ...await writeTable(tmp, 'samples', samplesTable, settings.formats),
      ...await writeTable(tmp, 'psa_summary', summary, settings.formats),
      ...await writeTable(tmp, 'psa_prcc', aq.from(prcc), settings.formats),
    ];
    for (const metric of HEADLINE_METRICS) {
      const bars = tornadoRows(outputs, focus, metric, paths, values);
      // No chart where the output does not move with any input (e.g. a difference that is always 0).
      if (!bars.some((b) => b.span > 0)) continue;
      const spec = tornadoSpec(metric, bars, { scenario: focus, difference: names.length > 1, samples: samples.length });
      await writeFile(join(tmp, `tornado-${metric}.vl.json`), JSON.stringify(spec, null, 2) + '\n');
      await writeFile(join(tmp, `tornado-${metric}.svg`), await toSvg(spec));
      files.push(`tornado-${metric}.vl.json`, `tornado-${metric}.svg`);
    }
    files.push('manifest.json');
    const manifest = resultsManifest('psa', baseline, settings, { wallSeconds, events }, files, {
      baseline: names[0],
      variants: names.slice(1),
      samples: samples.length,
      params: params.map((p) => ({ path: p.path, ...p.dist, ...(p.integer ? { rounded: true } : {}) })),
    });
    await writeFile(join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  });
  return { table, rows, prcc, focus, wallSeconds };
}

/** The p-quantile of ascending `xs` (linear between order statistics, R's type 7). */
export function quantileSorted(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const h = (xs.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, xs.length - 1);
  return xs[lo] + (h - lo) * (xs[hi] - xs[lo]);
}

/** One line of psa_summary.csv: a metric row of one scenario over the samples. */
export interface PsaSummaryRow {
  scenario: string;
  metric: string;
  tier: string;
  facility: string;
  group: string;
  mean: number;
  q025: number;
  q975: number;
  /** Variants: share of samples in which the variant is better than the baseline (catalog direction); null otherwise. */
  p_better: number | null;
  n: number;
}

/**
 * Per scenario and metric row: the mean and the 2.5 % and 97.5 % quantiles of the sample means and,
 * for variants, the share of samples in which the variant improves on the baseline (strictly, in the
 * catalog's `better` direction; null for metrics without one).
 */
export function psaSummary(rows: readonly PsaRow[], scenarios: readonly string[]): PsaSummaryRow[] {
  const key = (r: PsaRow) => `${r.metric}\u0000${r.tier}\u0000${r.facility}\u0000${r.group}`;
  const by = new Map<string, Map<string, Map<number, number>>>();
  const order: PsaRow[] = [];
  for (const r of rows) {
    const k = key(r);
    if (!by.has(k)) {
      by.set(k, new Map());
      order.push(r);
    }
    const m = by.get(k)!;
    if (!m.has(r.scenario)) m.set(r.scenario, new Map());
    m.get(r.scenario)!.set(r.sample, r.mean);
  }
  const out: PsaSummaryRow[] = [];
  for (const first of order) {
    const m = by.get(key(first))!;
    const base = m.get(scenarios[0]);
    const better = metricInfo(first.metric).better;
    for (const name of scenarios) {
      const means = m.get(name);
      if (!means) continue;
      const xs = [...means.values()].filter(Number.isFinite).sort((a, b) => a - b);
      let pBetter: number | null = null;
      if (name !== scenarios[0] && better && base) {
        let wins = 0;
        let pairs = 0;
        for (const [s, v] of means) {
          const b = base.get(s);
          if (b === undefined || !Number.isFinite(b) || !Number.isFinite(v)) continue;
          pairs++;
          if (better === 'lower' ? v < b : v > b) wins++;
        }
        pBetter = pairs > 0 ? wins / pairs : null;
      }
      const sum = xs.reduce((a, x) => a + x, 0);
      out.push({
        scenario: name, metric: first.metric, tier: first.tier, facility: first.facility, group: first.group,
        mean: xs.length > 0 ? sum / xs.length : NaN, q025: quantileSorted(xs, 0.025), q975: quantileSorted(xs, 0.975), p_better: pBetter, n: xs.length,
      });
    }
  }
  return out;
}

/**
 * The headline metrics (or `metrics`) for the region and each tier: per scenario the mean over
 * samples with its 95 % interval (2.5 and 97.5 % quantiles), and for variants the probability
 * (share of samples) that the variant improves on the baseline.
 */
export function formatPsa(summary: readonly PsaSummaryRow[], metrics: readonly string[]): string {
  const table = [['metric', 'tier', 'scenario', 'mean', '95 % interval over samples', 'P(better)']];
  let last = '';
  for (const metric of metrics) {
    const m = metricDisplay(metric);
    for (const tier of PRINTED_TIERS) {
      for (const r of summary.filter((x) => x.metric === metric && x.tier === tier && !x.facility && !x.group)) {
        const p = r.p_better === null ? (r.scenario === summary[0]?.scenario ? '' : '-') : `${(r.p_better * 100).toFixed(0)} %`;
        table.push([metric === last ? '' : m.label, tierName(tier), r.scenario, sig(r.mean * m.scale), `${sig(r.q025 * m.scale)} to ${sig(r.q975 * m.scale)}`, p]);
        last = metric;
      }
    }
  }
  const lines = columns(table, (c) => c < 3);
  lines.push('', 'mean over replications per sample; mean and 2.5-97.5 % quantiles over samples; shares in %;',
    'P(better) = share of samples in which the variant improves on the baseline (- where a metric has no better direction)');
  return lines.join('\n');
}
