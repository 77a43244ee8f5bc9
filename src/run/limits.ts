/**
 * Limits on the size of a run, checked after the scenarios are loaded and before anything is built
 * or run: a run that could not finish on this machine is refused (exit code 2) with one message
 * naming each size over its limit, the limit, the flag that lifts it, and the estimate. A large run
 * that passes gets its estimate printed to stderr before it starts. The counting and the estimate
 * are the pure functions of `estimate.ts`; docs/limits.md explains the values.
 */
import { UserError } from '../io/errors.js';
import { availableParallelism, totalmem } from 'node:os';
import type { Scenario } from '../scenario/schema.js';
import { checkLimits, estimateRun, scenarioSize, type Breach, type Limits, type RunEstimate } from './estimate.js';
import type { RunSettings } from './execute.js';

/**
 * The default limits, set where a run stops being able to finish on the reference machine (2 cores,
 * 24 GiB; measurements in docs/limits.md): 100 M residents (a whole province is 58 M; ~10 GB a
 * worker), 1 M villages (~10 GB a worker and ~80 s to build each replication's region), 2e9 expected
 * episodes a replication (~9e9 events, over 3 hours a replication), 10,000 replications, 36,500 days
 * (100 years), 10,000 sweep points, and the machine's memory.
 */
export function defaultLimits(): Limits {
  return {
    residents: 100e6,
    villages: 1e6,
    episodes: 2e9,
    replications: 10_000,
    days: 36_500,
    points: 10_000,
    memoryBytes: totalmem(),
  };
}

/** Limits given on the command line (`--max-memory` in GB); the others keep their defaults. */
export interface LimitOverrides {
  maxResidents?: number;
  maxVillages?: number;
  maxEpisodes?: number;
  maxReplications?: number;
  maxDays?: number;
  maxPoints?: number;
  maxMemory?: number;
}

/** The limits in force: the defaults, each replaced by its flag when given. */
export function limitsFrom(o: LimitOverrides): Limits {
  const d = defaultLimits();
  return {
    residents: o.maxResidents ?? d.residents,
    villages: o.maxVillages ?? d.villages,
    episodes: o.maxEpisodes ?? d.episodes,
    replications: o.maxReplications ?? d.replications,
    days: o.maxDays ?? d.days,
    points: o.maxPoints ?? d.points,
    memoryBytes: o.maxMemory !== undefined ? o.maxMemory * 1e9 : d.memoryBytes,
  };
}

/** A count for people: 950, 12 k, 1.2 M, 3.4 G, 4.7e12. */
export function formatCount(x: number): string {
  if (!Number.isFinite(x)) return 'too many to count';
  if (x >= 1e12) return x.toExponential(1).replace('e+', 'e');
  const units: Array<[number, string]> = [[1e9, 'G'], [1e6, 'M'], [1e3, 'k']];
  for (const [size, unit] of units) {
    if (x >= size) {
      const v = x / size;
      return `${v >= 100 ? v.toFixed(0) : Number(v.toPrecision(2))} ${unit}`;
    }
  }
  return String(Math.round(x));
}

/** Bytes for people: 40 MB, 1.2 GB, 250 GB. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return 'too much to count';
  if (bytes < 1e9) return `${Math.max(1, Math.round(bytes / 1e6))} MB`;
  const gb = bytes / 1e9;
  return `${gb >= 10 ? Math.round(gb).toLocaleString('en-US') : gb.toFixed(1)} GB`;
}

/** A duration for people: 8 s, 4 min, 2.5 h, 3 days, 12 years. */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return 'forever';
  if (s < 60) return `${Math.max(1, Math.round(s))} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 86_400) return `${Number((s / 3600).toPrecision(2))} h`;
  if (s < 365 * 86_400) return `${Math.round(s / 86_400)} days`;
  return `${formatCount(s / (365 * 86_400))} years`;
}

/**
 * `estimate: 1.2 M residents, ~5.1 M episodes and ~23 M events a replication, ~0.2 GB a worker
 * (~0.5 GB in all), ~1 min on 2 workers`.
 */
export function estimateLine(e: RunEstimate, scenarios = 1): string {
  if (!Number.isFinite(e.residents) || !Number.isFinite(e.episodes)) {
    return 'estimate: none: the residents or the expected episodes overflow to a number too large to count';
  }
  const largest = scenarios > 1 ? ` (the largest of ${scenarios} scenarios)` : '';
  return `estimate: ${formatCount(e.residents)} residents${largest}, ~${formatCount(e.episodes)} episodes and ~${formatCount(e.events)} events a replication, `
    + `~${formatBytes(e.workerBytes)} a worker (~${formatBytes(e.totalBytes)} in all), ~${formatSeconds(e.wallSeconds)} on ${e.workers} worker${e.workers === 1 ? '' : 's'}`;
}

/** A size or limit written out in full (1,000,000), or as 1e+300 when that would be too long. */
function exact(x: number): string {
  return x < 1e15 ? x.toLocaleString('en-US') : String(x);
}

/** How a limit's value is written on the command line and in messages. */
function limitText(b: Breach): { shown: string; flag: string } {
  if (b.flag === '--max-memory') return { shown: formatBytes(b.limit), flag: `--max-memory ${Math.ceil(b.size / 1e9)}` };
  return { shown: exact(b.limit), flag: `${b.flag} ${Math.ceil(b.size)}` };
}

/** One line of the refusal: the size, the limit, and the flag that lifts it. */
function breachLine(b: Breach): string {
  const { shown, flag } = limitText(b);
  if (!Number.isFinite(b.size)) {
    return `  ${b.what}: too large to count (the figures overflow, limit ${shown}); no flag lifts this: make the scenario smaller`;
  }
  const size = b.flag === '--max-memory' ? formatBytes(b.size) : exact(Math.ceil(b.size));
  return `  ${b.what}: ${size}, over the limit of ${shown} (lift it with ${flag})`;
}

/** The machine, for messages: `2 cores, 25 GB of memory`. */
function machine(): string {
  return `${availableParallelism()} cores, ${formatBytes(totalmem())} of memory`;
}

/** What to check: the scenarios to run (a compare's, a sweep's points), and the grid size of a sweep. */
export interface RunPlan {
  scenarios: readonly Scenario[];
  /** Sweep grid points (1 for run and compare). */
  points?: number;
}

/** Whether an estimate is worth printing before a run: over ~10 s or ~1 GB. */
export function worthPrinting(e: RunEstimate): boolean {
  return e.wallSeconds > 10 || e.totalBytes > 1e9;
}

/**
 * Checks a run against the limits before anything is built, and prints its estimate to stderr
 * when it is large (unless `quiet`).
 * @throws a user error (exit code 2) naming every size over its limit, the limit, the flag that
 *   lifts it, and the estimate.
 * @returns the estimate
 */
export function guardRun(plan: RunPlan, settings: RunSettings, limits: Limits, quiet?: boolean): RunEstimate {
  const estimate = estimateRun(plan.scenarios.map((s) => scenarioSize(s, settings.days)), settings);
  const breaches = checkLimits({ estimate, replications: settings.replications, days: settings.days, points: plan.points ?? 1 }, limits);
  refuse(breaches, estimate, plan.scenarios.length);
  if (!quiet && worthPrinting(estimate)) process.stderr.write(`tiersim: ${estimateLine(estimate, plan.scenarios.length)}\n`);
  return estimate;
}

/**
 * Checks the size of a sweep grid before the grid is built: `points` is the product of the
 * parameters' value counts. The estimate assumes every point the size of the base scenario.
 * @throws a user error (exit code 2) when the grid has more points than the limit.
 */
export function guardGrid(points: number, base: Scenario, settings: RunSettings, limits: Limits): void {
  if (Number.isFinite(points) && points <= limits.points) return;
  const estimate = estimateRun([scenarioSize(base, settings.days)], { ...settings, replications: settings.replications * points });
  refuse([{ what: 'sweep grid points', size: points, limit: limits.points, flag: '--max-points' }], estimate, 1);
}

function refuse(breaches: readonly Breach[], estimate: RunEstimate, scenarios: number): void {
  if (breaches.length === 0) return;
  throw userError([
    `this run is too large for this machine (${machine()}); docs/limits.md explains the limits:`,
    ...breaches.map(breachLine),
    `  ${estimateLine(estimate, scenarios)}`,
  ].join('\n'));
}

/** A user error (exit code 2), as `reportError` in src/cli/index.ts prints it. */
function userError(message: string): Error {
  return new UserError(message);
}
