/**
 * The size of a run, counted from the scenario and the settings before anything is built, and an
 * estimate of its work, memory and wall time on this project's reference machine (2 cores,
 * 24 GiB). Pure functions: the CLI (`src/run/limits.ts`) checks them against the limits and prints
 * them. Figures that overflow (incidence 1e21 x a population of 1e308) come out as Infinity or NaN,
 * and every check treats a non-finite figure as over its limit.
 *
 * Calibration (docs/limits.md has the table): measured on the reference machine, Node 20, on
 * 2026-12-07, with `node bin/tiersim.js run <scenario> -r 1 -j 1 --out /tmp/x -q` under
 * `/usr/bin/time -v` (max RSS) and the manifest's `events` and `wallSeconds`:
 * - baseline (1.2 M residents, 1,200 villages), 60 days: 3.83 M events (4.5 an expected episode),
 *   4.2 s (0.92 M events/s), 167 MB; 395 days: 23.7 M events (4.2 an episode), 25.1 s, 176 MB;
 *   with `-r 2 -j 2`, 60 days: 0.74 M events/s a worker, 287 MB in all (35 MB a worker thread);
 * - one village of 1,000 residents: 117 MB (the process alone); 60 replications of 395 days:
 *   279 MB (2.7 MB a replication's results held for the tables: 6.8 kB a simulated day);
 * - baseline with 6 M residents in 1,200 villages (overloaded facilities, long queues), 20 and
 *   60 days: 645 and 1,003 MB (86 and 146 bytes a resident), 0.55 M events/s;
 * - 40,000 villages of 30 residents, 60 days: 532 MB, 12.4 s; 160,000 villages of 7.5 residents,
 *   2 and 20 days: 1.71 GB (10 kB a village), 13.0 and 25.1 s (about 75 us a village to build,
 *   0.17 us a village-hour to simulate).
 */
import type { Scenario } from '../scenario/schema.js';
import { regionSize } from '../scenario/summary.js';

/** The constants of the estimate. */
export interface Calibration {
  eventsPerEpisode: number;
  eventsPerSecond: number;
  secondsPerVillageHour: number;
  secondsPerVillageBuilt: number;
  processBytes: number;
  workerBytes: number;
  bytesPerVillage: number;
  bytesPerResident: number;
  resultBytesPerDay: number;
  traceRowsPerEvent: number;
  traceBytesPerRow: number;
  traceSecondsPerRow: number;
}

/** Measured constants of the estimate (see the module comment and docs/limits.md). */
export const CALIBRATION: Readonly<Calibration> = {
  /** Events a replication handles per expected episode (4.2-4.5 measured on the baseline). */
  eventsPerEpisode: 4.5,
  /** Events a second a worker handles with both cores busy (0.74-0.92 M measured). */
  eventsPerSecond: 800_000,
  /** Seconds a village costs a simulated hour (its onsets), and once to build. */
  secondsPerVillageHour: 0.2e-6,
  secondsPerVillageBuilt: 80e-6,
  /** Resident set of the process before any replication. */
  processBytes: 120e6,
  /** A worker thread's own memory, and a replication's model by village and resident. */
  workerBytes: 35e6,
  bytesPerVillage: 10e3,
  bytesPerResident: 100,
  /** Results of one replication kept in the main thread until the tables are written, a simulated day. */
  resultBytesPerDay: 7e3,
  /**
   * The event log (`run --trace`): rows a simulated event (1.93 on the baseline, 40 days: 4.93 M rows,
   * 2.55 M events); bytes a row held as typed columns (22: kept in the main thread for every
   * replication, up to three times in a worker while the recorder grows and hands its columns over);
   * seconds a row to write trace.csv (41 s for 4.93 M rows, one thread).
   */
  traceRowsPerEvent: 2,
  traceBytesPerRow: 22,
  traceSecondsPerRow: 8.5e-6,
};

/** What one scenario asks of one replication. */
export interface ScenarioSize {
  /** Residents of the region (the expected number when villages are generated). */
  residents: number;
  /** Villages (and so village clinics) of the region, counted from `region.generate` without building it. */
  villages: number;
  /** Expected episodes a replication: sum over conditions of incidence / 1000 x residents x days / 365. */
  episodes: number;
}

/**
 * Counts a scenario's residents, villages and expected episodes over `days` simulated days,
 * from its parameters only (a generated region is not built).
 */
export function scenarioSize(scenario: Scenario, days: number): ScenarioSize {
  const size = regionSize(scenario);
  const incidence = scenario.conditions.reduce((a, c) => a + c.incidence, 0);
  return { residents: size.residents, villages: size.villages, episodes: (incidence / 1000) * size.residents * (days / 365) };
}

/** The settings an estimate needs. */
export interface RunShape {
  replications: number;
  days: number;
  workers: number;
  /** Share of episodes in the event log (`run --trace`); absent: no log. */
  traceSample?: number;
}

/** The estimate of a run of one or more scenarios (a compare's, a sweep's points), each `replications` times. */
export interface RunEstimate {
  /** The largest scenario's residents, villages, episodes and events a replication. */
  residents: number;
  villages: number;
  episodes: number;
  events: number;
  /** Memory of one worker running the largest replication, and of the whole process. */
  workerBytes: number;
  totalBytes: number;
  /** Worker threads that run at once: at most the number of replications to run. */
  workers: number;
  /** Estimated wall time of the whole run. */
  wallSeconds: number;
}

const finiteOr = (x: number) => (Number.isNaN(x) ? Infinity : x);

/**
 * Estimates a run of every scenario in `sizes` (`shape.replications` replications each) on
 * `shape.workers` workers, with the constants of {@link CALIBRATION}: events = episodes x events
 * per episode; a replication's seconds = events / events a second + villages x (build + hours x
 * cost a village-hour); wall time = all replications' seconds / workers (at least the longest
 * replication); memory = process + workers x (worker + villages + residents) + results a day kept;
 * with an event log, its rows (events x rows an event x the share kept) three times in each worker and
 * once per replication in the main thread, and the time to write them. NaN figures come out as Infinity.
 */
export function estimateRun(sizes: readonly ScenarioSize[], shape: RunShape, c: Readonly<Calibration> = CALIBRATION): RunEstimate {
  const jobs = sizes.length * shape.replications;
  const workers = Math.max(1, Math.min(shape.workers, jobs));
  let residents = 0, villages = 0, episodes = 0, events = 0, workerBytes = 0, work = 0, longest = 0;
  for (const s of sizes) {
    const ev = s.episodes * c.eventsPerEpisode;
    const seconds = ev / c.eventsPerSecond + s.villages * (c.secondsPerVillageBuilt + shape.days * 24 * c.secondsPerVillageHour);
    residents = Math.max(residents, finiteOr(s.residents));
    villages = Math.max(villages, finiteOr(s.villages));
    episodes = Math.max(episodes, finiteOr(s.episodes));
    events = Math.max(events, finiteOr(ev));
    workerBytes = Math.max(workerBytes, finiteOr(c.workerBytes + s.villages * c.bytesPerVillage + s.residents * c.bytesPerResident));
    work += finiteOr(seconds) * shape.replications;
    longest = Math.max(longest, finiteOr(seconds));
  }
  let totalBytes = c.processBytes + workers * workerBytes + jobs * shape.days * c.resultBytesPerDay;
  let writeSeconds = 0;
  if (shape.traceSample !== undefined) {
    // The largest replication's log, in every worker and for every replication in the main thread.
    const rows = events * c.traceRowsPerEvent * shape.traceSample;
    const bytes = rows * c.traceBytesPerRow;
    workerBytes += 3 * bytes;
    totalBytes += workers * 3 * bytes + jobs * bytes;
    writeSeconds = jobs * rows * c.traceSecondsPerRow;
  }
  return {
    residents, villages, episodes, events, workerBytes, totalBytes: finiteOr(totalBytes), workers,
    wallSeconds: finiteOr(Math.max(work / workers, longest) + writeSeconds),
  };
}

/** The limits a run must keep to (each lifted by its own command-line flag). */
export interface Limits {
  residents: number;
  villages: number;
  episodes: number;
  replications: number;
  days: number;
  points: number;
  /** Estimated memory of the whole run, in bytes. */
  memoryBytes: number;
}

/** One size over its limit. */
export interface Breach {
  /** What is too large, e.g. "residents in the region". */
  what: string;
  size: number;
  limit: number;
  /** The flag that lifts the limit, e.g. "--max-residents". */
  flag: string;
}

/** What {@link checkLimits} compares with the limits. */
export interface RunSizes {
  estimate: RunEstimate;
  replications: number;
  days: number;
  /** Sweep grid points (1 for run and compare). */
  points: number;
}

/**
 * The sizes over their limits, in a fixed order (points, replications, days, villages, residents,
 * episodes, memory); a non-finite size is always over.
 */
export function checkLimits(sizes: RunSizes, limits: Limits): Breach[] {
  const e = sizes.estimate;
  const checks: Breach[] = [
    { what: 'sweep grid points', size: sizes.points, limit: limits.points, flag: '--max-points' },
    { what: 'replications', size: sizes.replications, limit: limits.replications, flag: '--max-replications' },
    { what: 'simulated days', size: sizes.days, limit: limits.days, flag: '--max-days' },
    { what: 'villages in the region', size: e.villages, limit: limits.villages, flag: '--max-villages' },
    { what: 'residents in the region', size: e.residents, limit: limits.residents, flag: '--max-residents' },
    { what: 'expected episodes a replication', size: e.episodes, limit: limits.episodes, flag: '--max-episodes' },
    { what: 'estimated memory', size: e.totalBytes, limit: limits.memoryBytes, flag: '--max-memory' },
  ];
  return checks.filter((b) => !(Number.isFinite(b.size) && b.size <= b.limit));
}

/**
 * The number of points of a sweep grid, the product of each parameter's number of values,
 * counted without building the grid.
 */
export function gridSize(valueCounts: readonly number[]): number {
  return valueCounts.reduce((a, n) => a * n, 1);
}
