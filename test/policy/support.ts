/**
 * Helpers for the policy-lever tests: the baseline and lever scenarios, a small region
 * (the baseline shrunk to one county of six townships, with upper-tier capacity scaled to
 * its population so queues still form), in-process replications, per-replication values
 * of a metric row, and a way to observe every unit a Resource grants.
 */
import { join } from 'node:path';
import { loadScenario, withOverrides, type LoadedScenario } from '../../src/scenario/load.js';
import { runReplication } from '../../src/levers/index.js';
import type { Resource } from '../../src/engine/index.js';
import type { TieredModel } from '../../src/model/model.js';
import type { Facility } from '../../src/model/facilities.js';
import { queueClass } from '../../src/model/episode.js';
import { Activity, TraceResource, type Monitor } from '../../src/model/trace.js';
import type { ReplicationResult } from '../../src/model/metrics.js';
import { meanCI, tQuantile, type Interval } from '../../src/metrics/ci.js';
import { pairedDifferences, welchDifferences, type ReplicationRow } from '../../src/metrics/tables.js';
import type { ColumnTable } from 'arquero';
import { metric, ROOT, type RowKey } from '../model/support.js';

export { metric, type RowKey };

export const BASELINE_FILE = join(ROOT, 'scenarios', 'baseline.yaml');

export const LEVER_FILES = {
  primaryFirst: 'primary-first.yaml',
  reservedSlots: 'reserved-slots.yaml',
  jointClinics: 'joint-clinics.yaml',
  mutualRecognition: 'mutual-recognition.yaml',
  downReferral: 'down-referral.yaml',
  postedDoctors: 'posted-doctors.yaml',
  countyPooling: 'county-pooling.yaml',
} as const;
export type LeverName = keyof typeof LEVER_FILES;

export const baseline = (): LoadedScenario => loadScenario(BASELINE_FILE);
export const leverScenario = (lever: LeverName): LoadedScenario => loadScenario(join(ROOT, 'scenarios', 'levers', LEVER_FILES[lever]));

/**
 * The baseline shrunk to one county of six townships (20 villages each, about 120,000
 * residents), with the county hospital and regional centre cut to a size that keeps them
 * busy: 20 and 8 outpatient doctors, 400 and 150 beds. `policies` replaces the baseline's.
 */
export function smallRegion(policies: Record<string, unknown> = {}): LoadedScenario {
  return withOverrides(baseline(), [
    { path: 'region.generate.counties', value: 1 },
    { path: 'region.generate.townshipsPerCounty', value: 6 },
    { path: 'tiers.county.doctors', value: 20 },
    { path: 'tiers.county.wardDoctors', value: 120 },
    { path: 'tiers.county.beds', value: 400 },
    { path: 'tiers.regional.doctors', value: 8 },
    { path: 'tiers.regional.wardDoctors', value: 35 },
    { path: 'tiers.regional.beds', value: 150 },
    { path: 'policies', value: policies },
  ]);
}

export interface RunSpec { seed: number; days: number; warmupDays: number }

/** Replications 0..n-1 of a scenario, in-process. */
export function replications(s: LoadedScenario, n: number, spec: RunSpec): ReplicationResult[] {
  return Array.from({ length: n }, (_, replication) => runReplication({ scenario: s.scenario, replication, ...spec }));
}

/** The value of one metric row in each replication; throws when a replication lacks it. */
export function values(results: readonly ReplicationResult[], key: RowKey): number[] {
  return results.map((r, i) => {
    const v = metric(r, key);
    if (Number.isNaN(v)) throw new Error(`${JSON.stringify(key)} missing in replication ${i}`);
    return v;
  });
}

/** State of a doctors' line or ward just before it hands a unit to a request of class `cls`. */
export interface Grant {
  resource: string;
  time: number;
  cls: number;
  capacity: number;
  inUse: number;
  /** Units held for referred patients (class 1) and how many of them class 1 is using. */
  reservedReferred: number;
  inUseReferred: number;
}

/**
 * Watches the model's grants of doctors' and ward units through its public Monitor (src/model/trace.ts):
 * a consultation on the outpatient line and an inpatient stay start at the moment their unit is
 * granted, so the line's or ward's state then, with the grant taken back out (one unit fewer in use,
 * and one fewer held by referred patients when the grant went to one), is its state just before
 * the grant. Only facilities passing `watch` are recorded; set on `model.monitor` before the run.
 */
export function watchGrants(model: TieredModel, watch: (facility: Facility) => boolean): Grant[] {
  const grants: Grant[] = [];
  const record = (resource: Resource, facility: Facility, p: number, time: number) => {
    const cls = resource.classes === 1 ? 0 : queueClass(model, p, facility);
    grants.push({
      resource: resource.name, time, cls, capacity: resource.capacity, inUse: resource.inUse - 1,
      reservedReferred: resource.classes > 1 ? resource.reservedFor(1) : 0,
      inUseReferred: resource.classes > 1 ? resource.inUseBy(1) - (cls === 1 ? 1 : 0) : 0,
    });
  };
  const monitor: Monitor = {
    begin() {},
    sleep() {},
    wake() {},
    end() {},
    event(p, activity, time, f, resource) {
      if (f < 0 || !watch(model.facilities[f])) return;
      const facility = model.facilities[f];
      if (activity === Activity.CONSULT_START && resource === TraceResource.DOCTORS) record(facility.outpatient, facility, p, time);
      else if (activity === Activity.STAY_START && facility.ward !== null) record(facility.ward, facility, p, time);
    },
  };
  model.monitor = monitor;
  return grants;
}

/** The replications' metric rows as `replications.csv` rows (replication index = position). */
export function replicationRows(results: readonly ReplicationResult[]): ReplicationRow[] {
  return results.flatMap((r, replication) => r.rows.map((row) => ({ replication, ...row })));
}

/** Interval of the mean paired difference variant - baseline of one metric row, replication by replication. */
export function pairedCI(base: readonly ReplicationResult[], variant: readonly ReplicationResult[], key: RowKey, level: number): Interval {
  const b = values(base, key);
  const v = values(variant, key);
  return meanCI(v.map((x, i) => x - b[i]), level);
}

/**
 * Short runs of the full baseline for the direction tests: 35 days of which 10 are warm-up,
 * four replications, the baseline's seed. Every scenario runs with the same seed and
 * replication indices, i.e. common random numbers.
 */
export const BASELINE_RUN: RunSpec = { seed: 2023, days: 35, warmupDays: 10 };
export const BASELINE_REPLICATIONS = 4;

/** The baseline and the given lever variants, each over the same replications. */
export function baselineAndLevers<L extends LeverName>(levers: readonly L[]): { base: ReplicationResult[]; variants: Record<L, ReplicationResult[]> } {
  const base = replications(baseline(), BASELINE_REPLICATIONS, BASELINE_RUN);
  const variants = Object.fromEntries(levers.map((l) => [l, replications(leverScenario(l), BASELINE_REPLICATIONS, BASELINE_RUN)])) as Record<L, ReplicationResult[]>;
  return { base, variants };
}

/**
 * Half-widths of the 95 % interval of the difference in one metric row, variant - baseline, from the
 * same replications: paired (`pairedDifferences`, common random numbers) and treated as independent
 * samples (`welchDifferences`); and `perfect`, the ratio welch / paired that perfectly correlated
 * replications would give, sqrt(s_b² + s_v²) / |s_b - s_v| from the two standard deviations
 * (t quantiles taken as equal): pairing cannot do better, however well the streams are synchronised.
 */
export function pairedAndWelch(base: readonly ReplicationResult[], variant: readonly ReplicationResult[], key: RowKey): { paired: number; welch: number; perfect: number } {
  const half = (t: ColumnTable) => {
    const hit = (t.objects() as Array<Record<string, unknown>>).filter((r) => r.metric === key.metric && r.tier === (key.tier ?? '')
      && r.facility === (key.facility ?? '') && r.group === (key.group ?? ''));
    if (hit.length !== 1) throw new Error(`${JSON.stringify(key)}: ${hit.length} comparison rows`);
    return ((hit[0].diff_ci_high as number) - (hit[0].diff_ci_low as number)) / 2;
  };
  const b = replicationRows(base);
  const v = replicationRows(variant);
  const sb = meanCI(values(base, key)).sd;
  const sv = meanCI(values(variant, key)).sd;
  return {
    paired: half(pairedDifferences(b, v, 'variant')),
    welch: half(welchDifferences(b, v, 'variant')),
    perfect: Math.sqrt(sb * sb + sv * sv) / Math.abs(sb - sv),
  };
}

/**
 * The critical value of the ratio welch / paired (95 % half-widths, as `pairedAndWelch` gives
 * them) for n replications under independence: the (1 - alpha) quantile of its distribution
 * when baseline and variant replications are independent normal samples, by simulation
 * (20,000 sets, a fixed seed). Equal standard deviations give the largest quantiles (for
 * n = 4: 95 % quantile 1.73 with equal ones, 1.54 with a 2:1 ratio, 1.28 with 4:1), so the
 * value returned holds whatever the two spreads. A ratio above it rejects, at level alpha,
 * that pairing does no better than independent streams.
 */
export function independenceCritical(n: number, alpha: number): number {
  let state = 0x2545f491;
  const uniform = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state + 0.5) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const tPaired = tQuantile(0.975, n - 1);
  const ratios: number[] = [];
  for (let i = 0; i < 20_000; i++) {
    const b = Array.from({ length: n }, normal);
    const v = Array.from({ length: n }, normal);
    const sb = meanCI(b).sd;
    const sv = meanCI(v).sd;
    const sd = meanCI(b.map((x, j) => v[j] - x)).sd;
    const se2 = (sb * sb + sv * sv) / n;
    const df = (se2 * se2) / ((sb ** 4 + sv ** 4) / (n * n * (n - 1)));
    ratios.push((tQuantile(0.975, df) * Math.sqrt(se2)) / ((tPaired * sd) / Math.sqrt(n)));
  }
  ratios.sort((x, y) => x - y);
  return ratios[Math.floor((1 - alpha) * ratios.length)];
}
