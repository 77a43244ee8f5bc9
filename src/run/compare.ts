/**
 * Comparing scenarios: a baseline and one or more variants run with the same settings, and the
 * differences variant - baseline per metric row (`comparison.csv`, docs/results-format.md).
 *
 * Paired (default): every scenario runs with the same seed and replication indices, so the named
 * random streams of the model (arrivals and episodes per village, service per facility, per-patient
 * draws) are common to all of them, and the difference is estimated replication by replication.
 * That is only meaningful when the regions have the same structure, which is checked first.
 * Unpaired: scenario k (the baseline is 0, variants 1, 2, ... in command-line order) runs with seed
 * `seed + k * UNPAIRED_SEED_STRIDE`, i.e. independent streams, and the interval is Welch's.
 */
import { UserError } from '../io/errors.js';
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import type { ColumnTable } from 'arquero';
import { ScenarioError, type ScenarioIssue } from '../scenario/errors.js';
import { loadScenario, type LoadedScenario } from '../scenario/load.js';
import type { Scenario } from '../scenario/schema.js';
import { TIERS } from '../params/fields.js';
import { buildRegion } from '../model/region.js';
import { runJobs } from '../parallel/pool.js';
import { pairedDifferences, welchDifferences, writeTable, type ComparisonMethod } from '../metrics/tables.js';
import type { OutputFolder } from '../io/output.js';
import { checkPathComponent } from '../io/names.js';
import { checkConservation, jobsFor, replicationRows, resultsManifest, writeRunFiles, type RunSettings, type SimulatedScenario } from './execute.js';
import { DEFAULT_METRICS, PRINTED_TIERS, changeWithInterval, chooseLayout, columns, metricDisplay, relative, sig, tierName, type MetricDisplay, type PrintOptions } from './print.js';
import { cleanText } from '../params/caps.js';

import { UNPAIRED_SEED_STRIDE } from './seeds.js';

export { UNPAIRED_SEED_STRIDE };

/** Names a scenario cannot have in a comparison, as they are files or folders of the results folder. */
const RESERVED_NAMES = new Set(['manifest.json', 'comparison.csv', 'comparison.arrow', 'charts', 'report.html']);

/** A user-facing error: one message, exit code 2. */
export function usageError(message: string): Error {
  return new UserError(message);
}

/**
 * Loads every scenario file. Problems in any of them are reported together, exactly as `validate`
 * reports them. @throws ScenarioError
 */
export function loadAll(files: readonly string[]): LoadedScenario[] {
  const issues: ScenarioIssue[] = [];
  const loaded: LoadedScenario[] = [];
  for (const file of files) {
    try {
      loaded.push(loadScenario(file));
    } catch (err) {
      if (!(err instanceof ScenarioError)) throw err;
      issues.push(...err.issues);
    }
  }
  if (issues.length > 0) throw new ScenarioError(issues);
  return loaded;
}

/** Checks that the baseline and variants have distinct names that can be sub-folder names. */
export function checkNames(scenarios: readonly LoadedScenario[]): void {
  const seen = new Map<string, LoadedScenario>();
  for (const s of scenarios) {
    checkPathComponent(s.name, `${s.file}: the name of a compared scenario`, 'it names the scenario\'s results sub-folder; change its `name:`');
    if (RESERVED_NAMES.has(s.name)) {
      throw usageError(`${s.file}: a compared scenario cannot be named "${s.name}" (the name of a file in the results folder); change its \`name:\``);
    }
    const first = seen.get(s.name);
    if (first) {
      throw usageError(
        `${first.file} and ${s.file} are both named "${s.name}": the scenarios of a comparison need distinct names `
        + '(each names its results sub-folder and its rows in comparison.csv); change `name:` in one of them',
      );
    }
    seen.set(s.name, s);
  }
}

/** What must agree between two regions for common random numbers to pair the same patients. */
interface Structure {
  facilities: Array<{ name: string; tier: string; parent: string }>;
  villages: Array<{ name: string; population: number; clinic: string }>;
  conditions: Array<{ name: string; incidence: number; seasonality: string }>;
}

/**
 * The structural fingerprint of a scenario's region: facilities (name, tier, parent), villages
 * (name, population, clinic) and conditions (name, incidence, seasonality), in model order. Equal
 * fingerprints mean the same arrivals, episode for episode, under the same seed.
 */
export function regionStructure(s: Scenario): Structure {
  const region = buildRegion(s);
  const fname = (i: number) => (i < 0 ? '' : region.facilities[i].name);
  return {
    facilities: region.facilities.map((f) => ({ name: f.name, tier: TIERS[f.tier], parent: fname(f.parent) })),
    villages: region.villages.map((v) => ({ name: v.name, population: v.population, clinic: fname(v.facilities[0]) })),
    conditions: s.conditions.map((c) => ({ name: c.name, incidence: c.incidence, seasonality: c.seasonality ? c.seasonality.join(', ') : 'none' })),
  };
}

/**
 * Where the region structures of `baseline` and `variant` differ, one phrase per difference
 * (empty when they agree), e.g. `village "e2": 700 residents in small, 800 in bigger`.
 */
export function structureDifferences(baseline: LoadedScenario, variant: LoadedScenario): string[] {
  const a = regionStructure(baseline.scenario);
  const b = regionStructure(variant.scenario);
  const an = baseline.name;
  const bn = variant.name;
  const out: string[] = [];
  const lists = <T extends { name: string }>(what: [string, string], xs: T[], ys: T[], fields: Array<{ key: keyof T; label: (v: unknown) => string }>) => {
    const named = (names: string[]) => `${names.length > 1 ? what[1] : what[0]} ${names.slice(0, 3).map((n) => `"${n}"`).join(', ')}${names.length > 3 ? ', ...' : ''}`;
    if (xs.length !== ys.length) {
      out.push(`${xs.length} ${what[1]} in ${an}, ${ys.length} in ${bn}`);
      const missing = xs.filter((x) => !ys.some((y) => y.name === x.name)).map((x) => x.name);
      const extra = ys.filter((y) => !xs.some((x) => x.name === y.name)).map((y) => y.name);
      if (missing.length > 0) out.push(`${named(missing)} only in ${an}`);
      if (extra.length > 0) out.push(`${named(extra)} only in ${bn}`);
      return;
    }
    xs.forEach((x, i) => {
      const y = ys[i];
      if (x.name !== y.name) {
        out.push(`${what[0]} ${i + 1} is "${x.name}" in ${an} but "${y.name}" in ${bn}`);
        return;
      }
      for (const { key, label } of fields) {
        if (x[key] !== y[key]) out.push(`${what[0]} "${x.name}": ${label(x[key])} in ${an}, ${label(y[key])} in ${bn}`);
      }
    });
  };
  lists(['facility', 'facilities'], a.facilities, b.facilities, [
    { key: 'tier', label: (v) => `tier ${String(v)}` },
    { key: 'parent', label: (v) => (v === '' ? 'no parent' : `parent "${String(v)}"`) },
  ]);
  lists(['village', 'villages'], a.villages, b.villages, [
    { key: 'population', label: (v) => `${String(v)} residents` },
    { key: 'clinic', label: (v) => `clinic "${String(v)}"` },
  ]);
  lists(['condition', 'conditions'], a.conditions, b.conditions, [
    { key: 'incidence', label: (v) => `incidence ${String(v)}` },
    { key: 'seasonality', label: (v) => `seasonality [${String(v)}]` },
  ]);
  return out;
}

/**
 * Checks that every variant's region has the baseline's structure, as a paired comparison needs.
 * @throws a user error naming the first differences and suggesting `--unpaired`.
 */
export function checkPairable(baseline: LoadedScenario, variants: readonly LoadedScenario[]): void {
  for (const v of variants) {
    const diffs = structureDifferences(baseline, v);
    if (diffs.length === 0) continue;
    const shown = diffs.slice(0, 3).join('; ') + (diffs.length > 3 ? `; and ${diffs.length - 3} more difference${diffs.length - 3 > 1 ? 's' : ''}` : '');
    throw usageError(
      `${v.file}: the region of variant "${v.name}" differs from that of baseline "${baseline.name}" (${baseline.file}): ${shown}.\n`
      + 'With a different region the same random numbers no longer describe the same patients, so a paired comparison '
      + 'would be meaningless. Use --unpaired to compare independent runs (Welch intervals, wider).',
    );
  }
}

/** The seed scenario k of a comparison runs with. */
export function seedFor(settings: RunSettings, k: number, unpaired: boolean): number {
  return unpaired ? settings.seed + k * UNPAIRED_SEED_STRIDE : settings.seed;
}

/**
 * Runs every scenario's replications in one pool (all scenarios' jobs flattened, so every worker
 * stays busy), with common random numbers unless `unpaired`. Results are identical whatever the
 * number of workers.
 */
export async function simulateAll(
  scenarios: readonly LoadedScenario[],
  settings: RunSettings,
  unpaired: boolean,
  onDone?: (finished: number, total: number) => void,
): Promise<SimulatedScenario[]> {
  const perScenario = scenarios.map((loaded, k) => ({ ...settings, seed: seedFor(settings, k, unpaired) }));
  const jobs = scenarios.flatMap((loaded, k) => jobsFor(loaded, perScenario[k]));
  const t0 = performance.now();
  const results = await runJobs(jobs, settings.workers, onDone);
  const wallSeconds = (performance.now() - t0) / 1000;
  const totalEvents = results.reduce((a, r) => a + r.events, 0);
  return scenarios.map((loaded, k) => {
    const mine = results.slice(k * settings.replications, (k + 1) * settings.replications);
    checkConservation(mine);
    // The pool ran all scenarios together; each is credited with its share of the wall time by events.
    const events = mine.reduce((a, r) => a + r.events, 0);
    return { loaded, settings: perScenario[k], results: mine, wallSeconds: totalEvents > 0 ? wallSeconds * events / totalEvents : 0, events };
  });
}

/** The `comparison.csv` table: every variant against the baseline (first of `sims`). */
export function comparisonTable(sims: readonly SimulatedScenario[], method: ComparisonMethod): ColumnTable {
  const [base, ...variants] = sims;
  const baseRows = replicationRows(base.results);
  const diff = method === 'paired' ? pairedDifferences : welchDifferences;
  const parts = variants.map((v) => diff(baseRows, replicationRows(v.results), v.loaded.name));
  return parts[0].concat(...parts.slice(1)).reify();
}

export interface CompareResult {
  out: string;
  sims: SimulatedScenario[];
  comparison: ColumnTable;
  method: ComparisonMethod;
  wallSeconds: number;
}

/**
 * Checks the names and regions of a comparison (`scenarios[0]` is the baseline).
 * @throws a user error (exit code 2) when names clash or are not folder names, or, paired, regions differ.
 */
export function checkComparison(scenarios: readonly LoadedScenario[], unpaired: boolean): void {
  if (scenarios.length < 2) throw usageError('compare needs a baseline and at least one variant');
  checkNames(scenarios);
  if (!unpaired) checkPairable(scenarios[0], scenarios.slice(1));
}

/**
 * Checks, runs and writes a comparison: `scenarios[0]` is the baseline. The results folder (written
 * through the prepared output `out`) holds manifest.json, comparison.csv and one run sub-folder per
 * scenario.
 * @throws a user error (exit code 2) before anything runs when names clash or, paired, regions differ.
 */
export async function runComparison(
  scenarios: readonly LoadedScenario[],
  settings: RunSettings,
  output: OutputFolder,
  unpaired: boolean,
  onDone?: (finished: number, total: number) => void,
): Promise<CompareResult> {
  checkComparison(scenarios, unpaired);
  const [baseline, ...variants] = scenarios;
  const method: ComparisonMethod = unpaired ? 'welch' : 'paired';
  const t0 = performance.now();
  const sims = await simulateAll(scenarios, settings, unpaired, onDone);
  const wallSeconds = (performance.now() - t0) / 1000;
  const comparison = comparisonTable(sims, method);
  const out = output.path;
  await output.write(async (tmp) => {
    const files: string[] = [];
    files.push(...await writeTable(tmp, 'comparison', comparison, settings.formats));
    for (const sim of sims) {
      await writeRunFiles(join(tmp, sim.loaded.name), sim);
      files.push(`${sim.loaded.name}/`);
    }
    files.push('manifest.json');
    const manifest = resultsManifest('compare', baseline, settings, { wallSeconds, events: sims.reduce((n, x) => n + x.events, 0) }, files, {
      baseline: baseline.name,
      variants: variants.map((v) => v.name),
      method,
      ...(unpaired ? { seeds: Object.fromEntries(sims.map((x) => [x.loaded.name, x.settings.seed])) } : {}),
    });
    await writeFile(join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  });
  return { out, sims, comparison, method, wallSeconds };
}

interface ComparisonRow {
  metric: string; tier: string; facility: string; group: string; variant: string;
  baseline_mean: number; variant_mean: number; diff: number; diff_ci_low: number | null; diff_ci_high: number | null;
  rel_change: number | null; significant: boolean;
}

/**
 * Checks `--variants` against the compared variants' names.
 * @throws a user error (exit code 2) naming an unknown variant and listing the variants.
 */
export function checkVariants(selected: readonly string[], variants: readonly string[]): void {
  for (const name of selected) {
    if (!variants.includes(name)) {
      throw usageError(`--variants: "${cleanText(name)}" is not a compared variant; the variants are ${variants.map((v) => `"${v}"`).join(', ')}`);
    }
  }
}

/** What to print of a comparison: the print options and, with `variants`, only those variants. */
export interface ComparisonPrintOptions extends PrintOptions {
  variants?: readonly string[];
}

/**
 * The comparison as a planner reads it: per metric and tier, the baseline value and, per variant,
 * its value, its change with the 95 % CI (`*` when the CI excludes zero) and the relative change.
 * Wide: a column group per variant; long: a line per metric, tier and variant (chosen as
 * {@link chooseLayout} says). Values to three significant figures, shares in %, their changes in pp.
 */
export function formatComparison(
  comparison: ColumnTable,
  baseline: string,
  variants: readonly string[],
  method: ComparisonMethod,
  options: ComparisonPrintOptions = {},
): string {
  const rows = (comparison.objects() as unknown as ComparisonRow[]).filter((r) => !r.facility && !r.group);
  const shown = options.variants ? variants.filter((v) => options.variants!.includes(v)) : [...variants];
  const find = (metric: string, tier: string, variant: string) =>
    rows.find((r) => r.metric === metric && r.tier === tier && r.variant === variant);
  const metrics = (options.metrics ?? DEFAULT_METRICS).filter((m) => rows.some((r) => r.metric === m));
  const lines: Array<{ m: MetricDisplay; tier: string; cells: Array<ComparisonRow | undefined> }> = [];
  for (const metric of metrics) {
    for (const tier of PRINTED_TIERS) {
      const cells = shown.map((v) => find(metric, tier, v));
      if (cells.some((c) => c !== undefined)) lines.push({ m: metricDisplay(metric), tier, cells });
    }
  }
  const value = (m: MetricDisplay, x: number) => sig(x * m.scale);
  const change = (m: MetricDisplay, c: ComparisonRow) => changeWithInterval(c.diff, c.diff_ci_low, c.diff_ci_high, c.significant, m.scale);
  const wide = () => {
    const table = [['', 'tier', baseline, ...shown.flatMap((v) => [v, 'change (95 % CI)', 'relative'])]];
    lines.forEach(({ m, tier, cells }, i) => {
      const any = cells.find((c) => c !== undefined)!;
      const row = [i > 0 && lines[i - 1].m.metric === m.metric ? '' : m.label, tierName(tier), value(m, any.baseline_mean)];
      for (const c of cells) row.push(...(c ? [value(m, c.variant_mean), change(m, c), relative(c.rel_change)] : ['-', '', '']));
      table.push(row);
    });
    return columns(table, (c) => c < 2 || (c > 2 && (c - 3) % 3 === 1));
  };
  const long = () => {
    const table = [['metric', 'tier', 'variant', baseline, 'variant value', 'change (95 % CI)', 'relative']];
    let last = '';
    for (const { m, tier, cells } of lines) {
      cells.forEach((c, k) => {
        if (!c) return;
        table.push([m.metric === last ? '' : m.label, tierName(tier), shown[k], value(m, c.baseline_mean), value(m, c.variant_mean), change(m, c), relative(c.rel_change)]);
        last = m.metric;
      });
    }
    return columns(table, (c) => c < 3 || c === 5);
  };
  const out = chooseLayout(wide, long, options);
  const how = method === 'paired'
    ? 'paired over replications run with common random numbers'
    : 'unpaired (independent runs), Welch interval';
  out.push('', `change = variant - baseline, mean over replications with 95 % CI, ${how}; * the CI excludes zero;`,
    'relative = change / baseline mean; shares in %, their changes in pp (percentage points)');
  return out.join('\n');
}
