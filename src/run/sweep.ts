/**
 * Parameter sweeps: a scenario run at every point of a grid of `--param path=v1,v2,...` overrides,
 * all points with the same seed and replication indices (common random numbers across points),
 * summarised into one tidy table (`sweep.csv`, docs/results-format.md).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ColumnTable } from 'arquero';
import { ScenarioError, formatIssue, type ScenarioIssue } from '../scenario/errors.js';
import { withOverrides, type LoadedScenario } from '../scenario/load.js';
import { parsePath } from '../scenario/paths.js';
import { parseYamlValue } from '../scenario/inspect.js';
import { MAX_SHARDS, cleanText } from '../params/caps.js';
import { runJobs } from '../parallel/pool.js';
import { summarise, sweepTable, writeTable, type SweepPoint } from '../metrics/tables.js';
import type { OutputFolder } from '../io/output.js';
import { checkConservation, jobsFor, replicationRows, resultsManifest, writeRunFiles, type RunSettings, type SimulatedScenario } from './execute.js';
import { DEFAULT_METRICS, PRINTED_TIERS, changeWithInterval, chooseLayout, columns, meanWithInterval, metricDisplay, relative, tierName, type MetricDisplay, type PrintOptions } from './print.js';
import { usageError } from './compare.js';

/** One value of a swept parameter: a number, boolean, string, or a list/mapping given in brackets. */
export type SweepValue = number | boolean | string | unknown[] | Record<string, unknown>;

/** One `--param`: a scenario path and the values it takes. */
export interface SweepParam {
  path: string;
  values: SweepValue[];
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * Splits `v1,v2,...` at the commas outside brackets, braces and double quotes, so that
 * `[county],[county, regional]` is two values.
 */
function splitValues(text: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '\\') i++;
      else if (ch === '"') quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === '[' || ch === '{') depth++;
    else if ((ch === ']' || ch === '}') && depth > 0) depth--;
    else if (ch === ',' && depth === 0) {
      items.push(text.slice(start, i));
      start = i + 1;
    }
  }
  items.push(text.slice(start));
  return items.map((s) => s.trim());
}

/**
 * One value as typed: a number when numeric, `true`/`false` as booleans, `[...]`/`{...}` as a
 * list or mapping (JSON or YAML flow syntax), `"..."` as the quoted string, anything else as
 * the string itself (durations such as `2 h` are then read by the schema).
 */
function parseValue(item: string, option: string): SweepValue {
  if (NUMBER.test(item)) return Number(item);
  if (item === 'true') return true;
  if (item === 'false') return false;
  if (item.startsWith('[') || item.startsWith('{') || item.startsWith('"')) {
    // Read as a scenario file is: no refused keys (__proto__, ...), few aliases, none circular.
    const parsed = parseYamlValue(item);
    if ('problem' in parsed) throw usageError(`--param ${cleanText(option, 80)}: cannot read the value ${cleanText(item)}: ${parsed.problem}`);
    return parsed.value as SweepValue;
  }
  return item;
}

/**
 * Parses one `--param path=v1,v2,...`.
 * @throws a user error (exit code 2) for a missing `=`, an empty path, no values, an empty value.
 */
export function parseParam(text: string): SweepParam {
  const eq = text.indexOf('=');
  if (eq < 0) throw usageError(`--param ${text}: expected path=value1,value2,... (e.g. --param policies.reservedSlots.outpatientShare=0,0.2,0.33)`);
  const path = text.slice(0, eq).trim();
  const list = text.slice(eq + 1).trim();
  if (path === '') throw usageError(`--param ${text}: no parameter path before "="`);
  try {
    parsePath(path);
  } catch (err) {
    throw usageError(`--param ${text}: ${(err as Error).message}`);
  }
  if (list === '') throw usageError(`--param ${text}: no values after "=" (give one or more, separated by commas)`);
  const items = splitValues(list);
  const empty = items.findIndex((s) => s === '');
  if (empty >= 0) throw usageError(`--param ${text}: value ${empty + 1} of ${items.length} is empty`);
  return { path, values: items.map((item) => parseValue(item, text)) };
}

/** Every combination of the parameters' values; the first parameter varies slowest. */
export function sweepGrid(params: readonly SweepParam[]): SweepValue[][] {
  let grid: SweepValue[][] = [[]];
  for (const p of params) grid = grid.flatMap((head) => p.values.map((v) => [...head, v]));
  return grid;
}

/** A sweep point ready to run. */
export interface PreparedPoint {
  point: number;
  values: SweepValue[];
  loaded: LoadedScenario;
}

/**
 * Applies every grid point's overrides to `loaded` and validates each, before anything runs.
 * @throws ScenarioError (file `--param`) listing each distinct problem: unknown paths with a
 *   did-you-mean, values failing validation; a user error for a repeated path or a
 *   `simulation.*` path (the settings are the same for every point: use --days, --seed, ...).
 */
export function preparePoints(loaded: LoadedScenario, params: readonly SweepParam[]): PreparedPoint[] {
  if (params.length === 0) throw usageError('sweep needs at least one --param path=value1,value2,...');
  const seen = new Set<string>();
  for (const p of params) {
    const key = JSON.stringify(parsePath(p.path));
    if (seen.has(key)) throw usageError(`--param ${p.path} is given twice; list all its values in one --param`);
    seen.add(key);
    if (parsePath(p.path)[0] === 'simulation') {
      throw usageError(`--param ${p.path}: simulation settings are the same for every point of a sweep; use --days, --warmup, --replications or --seed`);
    }
  }
  const issues = new Map<string, ScenarioIssue>();
  const points: PreparedPoint[] = [];
  sweepGrid(params).forEach((values, point) => {
    try {
      const overrides = params.map((p, i) => ({ path: p.path, value: values[i] }));
      points.push({ point, values, loaded: withOverrides(loaded, overrides) });
    } catch (err) {
      if (!(err instanceof ScenarioError)) throw err;
      for (const issue of err.issues) issues.set(formatIssue(issue), issue);
    }
  });
  if (issues.size > 0) throw new ScenarioError([...issues.values()]);
  return points;
}

/** Part `index` (1-based) of `count` of a sweep: the points whose number k has k % count == index - 1. */
export interface Shard {
  index: number;
  count: number;
}

/**
 * Parses `--shard i/n` (whole numbers, 1 <= i <= n <= 1,000,000).
 * @throws a user error (exit code 2) otherwise.
 */
export function parseShard(text: string): Shard {
  const m = /^(\d{1,16})\/(\d{1,16})$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!(Number.isSafeInteger(index) && Number.isSafeInteger(count) && count >= 1 && count <= MAX_SHARDS && index >= 1 && index <= count)) {
    throw usageError(`--shard ${cleanText(text)}: expected i/n, whole numbers with 1 <= i <= n <= ${MAX_SHARDS.toLocaleString('en-US')}, e.g. --shard 1/3`);
  }
  return { index, count };
}

/** The points of one shard (all points without a shard). */
export function shardPoints<T extends { point: number }>(points: readonly T[], shard?: Shard): T[] {
  return shard ? points.filter((p) => p.point % shard.count === shard.index - 1) : [...points];
}

/** A value as it appears in a `sweep.csv` column: lists and mappings as JSON text. */
function cellValue(v: SweepValue): number | string | boolean {
  return typeof v === 'object' ? JSON.stringify(v) : v;
}

export interface SweepResult {
  out: string;
  points: PreparedPoint[];
  table: ColumnTable;
  wallSeconds: number;
}

/**
 * Runs every point's replications in one pool (all (point, replication) jobs flattened, every point
 * with `settings.seed`), then writes the sweep folder through the prepared output `output`: manifest.json, sweep.csv and a
 * run folder per point under `points/<k>/`. `sweep.csv` is identical whatever the number of workers.
 * With `shard`, only that shard's points run, and the manifest records the shard (`tiersim merge`
 * combines the shards); `manifest.points` always lists the whole grid.
 */
export async function runSweep(
  loaded: LoadedScenario,
  params: readonly SweepParam[],
  allPoints: readonly PreparedPoint[],
  settings: RunSettings,
  output: OutputFolder,
  onDone?: (finished: number, total: number) => void,
  shard?: Shard,
): Promise<SweepResult> {
  const out = output.path;
  const points = shardPoints(allPoints, shard);
  if (points.length === 0) throw usageError(`--shard ${shard!.index}/${shard!.count}: no points (the grid has ${allPoints.length})`);
  const t0 = performance.now();
  const jobs = points.flatMap((p) => jobsFor(p.loaded, settings));
  const results = await runJobs(jobs, settings.workers, onDone);
  const wallSeconds = (performance.now() - t0) / 1000;
  const totalEvents = results.reduce((a, r) => a + r.events, 0);
  const sims: SimulatedScenario[] = points.map((p, k) => {
    const mine = results.slice(k * settings.replications, (k + 1) * settings.replications);
    checkConservation(mine);
    const events = mine.reduce((a, r) => a + r.events, 0);
    return { loaded: p.loaded, settings, results: mine, wallSeconds: totalEvents > 0 ? wallSeconds * events / totalEvents : 0, events };
  });
  const sweepPoints: SweepPoint[] = points.map((p, k) => ({
    point: p.point,
    params: Object.fromEntries(params.map((q, i) => [q.path, cellValue(p.values[i])])),
    summary: summarise(replicationRows(sims[k].results)),
  }));
  const table = sweepTable(sweepPoints);
  await output.write(async (tmp) => {
    const files = await writeTable(tmp, 'sweep', table, settings.formats);
    for (let k = 0; k < points.length; k++) {
      await writeRunFiles(join(tmp, 'points', String(points[k].point)), sims[k]);
      files.push(`points/${points[k].point}/`);
    }
    files.push('manifest.json');
    const manifest = resultsManifest('sweep', loaded, settings, { wallSeconds, events: totalEvents }, files, {
      params: params.map((p) => p.path),
      points: allPoints.map((p) => p.values),
      ...(shard ? { shard: { index: shard.index, count: shard.count, points: points.map((p) => p.point) } } : {}),
    });
    await writeFile(join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  });
  return { out, points: [...points], table, wallSeconds };
}

interface SweepRow { point: number; metric: string; tier: string; facility: string; group: string; mean: number; ci_low: number | null; ci_high: number | null; [param: string]: unknown }

/** A point's label: its parameter values as in sweep.csv, joined by `/` (e.g. `0.2` or `0.2/county`). */
export function pointLabel(values: readonly SweepValue[]): string {
  return values.map((v) => String(cellValue(v))).join('/');
}

/**
 * The point numbers `--variants` selects: each item a point number (as in sweep.csv's `point`) or a
 * point's label ({@link pointLabel}).
 * @throws a user error (exit code 2) for an item that is neither, listing the points.
 */
export function selectPoints(items: readonly string[], points: readonly PreparedPoint[]): number[] {
  const chosen = new Set<number>();
  for (const item of items) {
    const match = points.find((p) => String(p.point) === item) ?? points.find((p) => pointLabel(p.values) === item);
    if (!match) {
      const list = points.slice(0, 20).map((p) => `${p.point} (${pointLabel(p.values)})`).join(', ');
      throw usageError(`--variants: "${cleanText(item)}" is neither a point number nor a point's values; the points are ${list}${points.length > 20 ? ', ...' : ''}`);
    }
    chosen.add(match.point);
  }
  return [...chosen].sort((a, b) => a - b);
}

/** What to print of a sweep: the print options and, with `points`, only those point numbers. */
export interface SweepPrintOptions extends PrintOptions {
  points?: readonly number[];
}

/**
 * The metrics by point: per metric and tier, each point's mean with its 95 % CI, and its change
 * from the first point shown, absolute and relative (differences of means, without an interval).
 * Wide: one block per metric, a row per point (its parameter values), a column per tier (or
 * `region`); long: a line per metric, tier and point (chosen as {@link chooseLayout} says).
 */
export function formatSweep(table: ColumnTable, params: readonly string[], options: SweepPrintOptions = {}): string {
  const rows = (table.objects() as unknown as SweepRow[])
    .filter((r) => !r.facility && !r.group && (!options.points || options.points.includes(r.point)));
  const byPoint = new Map<number, SweepRow[]>();
  for (const r of rows) {
    if (!byPoint.has(r.point)) byPoint.set(r.point, []);
    byPoint.get(r.point)!.push(r);
  }
  const points = [...byPoint.values()];
  const metrics = (options.metrics ?? DEFAULT_METRICS).filter((m) => rows.some((r) => r.metric === m));
  const find = (pr: SweepRow[], metric: string, tier: string) => pr.find((r) => r.metric === metric && r.tier === tier);
  const paramCells = (pr: SweepRow[]) => params.map((p) => String(pr[0][p]));
  /** Change of a point's mean from the first point's: [absolute, relative] as printed. */
  const change = (m: MetricDisplay, r: SweepRow | undefined, ref: SweepRow | undefined): [string, string] => {
    if (!r || !ref || r === ref) return ['', ''];
    const diff = r.mean - ref.mean;
    return [changeWithInterval(diff, null, null, false, m.scale), relative(ref.mean === 0 ? null : diff / ref.mean)];
  };
  const mean = (m: MetricDisplay, r: SweepRow | undefined) => (r ? meanWithInterval(r.mean, r.ci_low, r.ci_high, m.scale) : '-');
  const wide = () => {
    const out: string[] = [];
    for (const metric of metrics) {
      const m = metricDisplay(metric);
      const tiers = PRINTED_TIERS.filter((t) => rows.some((r) => r.metric === metric && r.tier === t));
      const body = points.map((pr) => [...paramCells(pr), ...tiers.map((t) => {
        const r = find(pr, metric, t);
        const rel = change(m, r, find(points[0], metric, t))[1];
        return rel ? `${mean(m, r)} ${rel}` : mean(m, r);
      })]);
      out.push(m.label, ...columns([[...params, ...tiers.map(tierName)], ...body], (c) => c < params.length, '  '), '');
    }
    return out;
  };
  const long = () => {
    const body: string[][] = [];
    for (const metric of metrics) {
      const m = metricDisplay(metric);
      let first = true;
      for (const t of PRINTED_TIERS) {
        for (const pr of points) {
          const r = find(pr, metric, t);
          if (!r) continue;
          body.push([first ? m.label : '', tierName(t), ...paramCells(pr), mean(m, r), ...change(m, r, find(points[0], metric, t))]);
          first = false;
        }
      }
    }
    const lines = columns([['metric', 'tier', ...params, 'mean (95 % CI)', 'change', 'relative'], ...body], (c) => c < 2 + params.length);
    return [...lines, ''];
  };
  const out = chooseLayout(wide, long, options);
  out.push('mean (95 % CI) over replications, common random numbers across points; change and relative change of the mean',
    'from the first point shown (no interval); shares in %, their changes in pp (percentage points)');
  return out.join('\n');
}
