/**
 * Running a scenario: replications on worker threads, then the results folder of
 * docs/results-format.md written atomically (temporary folder, then rename).
 * Shared by `run`, `compare` and `sweep`.
 */
import { UserError } from '../io/errors.js';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import type { LoadedScenario } from '../scenario/load.js';
import type { ReplicationJob } from '../model/replicate.js';
import type { ReplicationResult } from '../model/metrics.js';
import { runJobs } from '../parallel/pool.js';
import { meanByGroup, summarise, writeTable, type ReplicationRow, type TableFormat } from '../metrics/tables.js';
import { TIERS } from '../params/fields.js';
import { VERSION } from '../version.js';
import { RESULTS_FORMAT, RESULTS_FORMAT_VERSION } from '../report/results.js';
import type { OutputInput } from '../io/output.js';
import { buildRegion } from '../model/region.js';
import { writeTrace } from './trace.js';

export interface RunSettings {
  replications: number;
  seed: number;
  days: number;
  warmupDays: number;
  workers: number;
  formats: TableFormat[];
  /** Share of episodes whose events go into `trace.csv` (`run --trace`, docs/trace.md); absent: no event log. */
  traceSample?: number;
}

export interface SimulatedScenario {
  loaded: LoadedScenario;
  settings: RunSettings;
  results: ReplicationResult[];
  wallSeconds: number;
  events: number;
}

/** The files of the scenarios (each with its `extends` parents): inputs an output may not overwrite. */
export function scenarioInputs(scenarios: readonly LoadedScenario[]): OutputInput[] {
  return scenarios.flatMap((s) => s.chain.map((file) => ({ path: resolve(file) })));
}

/** Settings from the scenario's `simulation:` block, overridden by command-line options. */
export function settingsFor(loaded: LoadedScenario, opts: Partial<RunSettings>): RunSettings {
  const sim = loaded.scenario.simulation;
  const s: RunSettings = {
    replications: opts.replications ?? sim.replications,
    seed: opts.seed ?? sim.seed,
    days: opts.days ?? sim.days,
    warmupDays: opts.warmupDays ?? sim.warmup,
    workers: opts.workers ?? 1,
    formats: opts.formats ?? ['csv'],
  };
  if (!(s.warmupDays < s.days)) {
    // Say where each value came from: an option, a scenario file's simulation block, or the default.
    const origin = (option: string, field: string, given: unknown): string => {
      if (given !== undefined) return option;
      const layer = loaded.sources.find((l) => l.lines.has(`simulation.${field}`));
      if (!layer) return `the default simulation.${field}`;
      const line = layer.lines.get(`simulation.${field}`);
      return `simulation.${field} in ${layer.file}${line === undefined ? '' : `:${line}`}`;
    };
    const warmup = origin('--warmup', 'warmup', opts.warmupDays);
    const days = origin('--days', 'days', opts.days);
    throw new UserError(`${warmup} (${s.warmupDays} days) must be shorter than ${days} (${s.days})`);
  }
  return s;
}

export function jobsFor(loaded: LoadedScenario, s: RunSettings): ReplicationJob[] {
  return Array.from({ length: s.replications }, (_, r) => ({
    scenario: loaded.scenario, seed: s.seed, replication: r, days: s.days, warmupDays: s.warmupDays,
    ...(s.traceSample !== undefined ? { trace: { sample: s.traceSample } } : {}),
  }));
}

/** Runs the replications of one scenario. */
export async function simulate(
  loaded: LoadedScenario,
  settings: RunSettings,
  onDone?: (finished: number, total: number) => void,
): Promise<SimulatedScenario> {
  const t0 = performance.now();
  const results = await runJobs(jobsFor(loaded, settings), settings.workers, onDone);
  const wallSeconds = (performance.now() - t0) / 1000;
  const events = results.reduce((a, r) => a + r.events, 0);
  return { loaded, settings, results, wallSeconds, events };
}

/** Every metric row of every replication, as in `replications.csv`. */
export function replicationRows(results: readonly ReplicationResult[]): ReplicationRow[] {
  const rows: ReplicationRow[] = [];
  results.forEach((r, replication) => {
    for (const m of r.rows) rows.push({ replication, metric: m.metric, tier: m.tier, facility: m.facility, group: m.group, value: m.value });
  });
  return rows;
}

/** Referral flows per replication with zeros where a replication had none, summarised over replications. */
function flowsTable(results: readonly ReplicationResult[]): ColumnTable {
  const keys = new Map<string, { from_tier: string; to_tier: string; direction: string }>();
  for (const r of results) for (const f of r.flows) keys.set(`${f.from_tier}>${f.to_tier}>${f.direction}`, f);
  const rows: Array<{ from_tier: string; to_tier: string; direction: string; value: number }> = [];
  for (const [k, f] of keys) {
    for (const r of results) {
      const hit = r.flows.find((x) => `${x.from_tier}>${x.to_tier}>${x.direction}` === k);
      rows.push({ from_tier: f.from_tier, to_tier: f.to_tier, direction: f.direction, value: hit ? hit.count : 0 });
    }
  }
  if (rows.length === 0) return aq.table({ from_tier: [], to_tier: [], direction: [], mean: [], ci_low: [], ci_high: [], n: [] });
  const order = (t: string) => TIERS.indexOf(t as (typeof TIERS)[number]);
  rows.sort((a, b) => order(a.from_tier) - order(b.from_tier) || order(a.to_tier) - order(b.to_tier) || a.direction.localeCompare(b.direction));
  return meanByGroup(aq.from(rows), ['from_tier', 'to_tier', 'direction']).select('from_tier', 'to_tier', 'direction', 'mean', 'ci_low', 'ci_high', 'n');
}

/** The wait-time histogram pooled over replications. */
function histTable(results: readonly ReplicationResult[]): ColumnTable {
  const rows = results.flatMap((r) => r.hist);
  if (rows.length === 0) return aq.table({ tier: [], bin_low: [], bin_high: [], count: [] });
  return aq.from(rows)
    .groupby('tier', 'bin_low', 'bin_high')
    .rollup({ count: aq.op.sum('count') })
    .derive({ _t: aq.escape((d: { tier: string }) => TIERS.indexOf(d.tier as (typeof TIERS)[number])) })
    .orderby('_t', 'bin_low')
    .select('tier', 'bin_low', 'bin_high', 'count');
}

function seriesTable(results: readonly ReplicationResult[]): ColumnTable {
  const rows = results.flatMap((r, replication) => r.series.map((s) => ({ replication, day: s.day, tier: s.tier, metric: s.metric, value: s.value })));
  return rows.length > 0 ? aq.from(rows) : aq.table({ replication: [], day: [], tier: [], metric: [], value: [] });
}

/**
 * The manifest of a results folder (docs/results-format.md): what ran, with which settings,
 * and the files written (with the region's population, the residents behind the report's rates
 * per 100,000). `extra` holds the fields of a kind (compare: baseline, variants...;
 * sweep: params, points...), placed after `scenario`.
 */
export function resultsManifest(
  kind: 'run' | 'compare' | 'sweep' | 'psa',
  loaded: LoadedScenario,
  s: RunSettings,
  run: { wallSeconds: number; events: number },
  files: string[],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    format: RESULTS_FORMAT,
    formatVersion: RESULTS_FORMAT_VERSION,
    kind,
    tiersimVersion: VERSION,
    scenario: { name: loaded.name, file: loaded.file, hash: loaded.hash },
    ...extra,
    seed: s.seed,
    replications: s.replications,
    days: s.days,
    warmupDays: s.warmupDays,
    population: buildRegion(loaded.scenario).population,
    workers: s.workers,
    ...(s.traceSample !== undefined ? { traceSample: s.traceSample } : {}),
    wallSeconds: Math.round(run.wallSeconds * 1000) / 1000,
    events: run.events,
    createdAt: new Date().toISOString(),
    files,
  };
}

/** Writes a run folder's files into `dir` (which the caller makes atomic). Returns the summary table. */
export async function writeRunFiles(dir: string, sim: SimulatedScenario): Promise<ColumnTable> {
  const formats = sim.settings.formats;
  const reps = replicationRows(sim.results);
  const summary = summarise(reps);
  const files: string[] = [];
  files.push(...await writeTable(dir, 'summary', summary, formats));
  files.push(...await writeTable(dir, 'replications', aq.from(reps), formats));
  files.push(...await writeTable(dir, 'timeseries', seriesTable(sim.results), formats));
  files.push(...await writeTable(dir, 'wait_hist', histTable(sim.results), formats));
  files.push(...await writeTable(dir, 'flows', flowsTable(sim.results), formats));
  if (sim.settings.traceSample !== undefined) {
    const facilities = buildRegion(sim.loaded.scenario).facilities;
    files.push(...await writeTrace(dir, sim.results.map((r) => r.trace), facilities, formats));
  }
  files.push('manifest.json');
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(resultsManifest('run', sim.loaded, sim.settings, sim, files), null, 2) + '\n');
  return summary;
}

/**
 * Conservation over a replication: every patient started has finished or is still in the
 * system, and every one still in the system is found in a queue or with an event pending.
 */
export function checkConservation(results: readonly ReplicationResult[]): void {
  results.forEach((r, i) => {
    if (r.started !== r.finished + r.inSystem || r.accounted !== r.inSystem) {
      throw new Error(`replication ${i}: ${r.started} patients started, ${r.finished} finished, ${r.inSystem} in the system, ${r.accounted} found in queues or with an event pending`);
    }
  });
}
