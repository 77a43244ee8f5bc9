/**
 * Shared diagnostic centres and tele-consultation (共享诊断中心与远程会诊) on the small region
 * (one county of six townships, all covered), common random numbers: the direction of each
 * intended effect as a 99 % paired interval of the difference variant - baseline over
 * replications; and the county reading centre as a resource: with fewer readers, results
 * come back later.
 */
import { describe, expect, it } from 'vitest';
import { createModel } from '../../src/levers/index.js';
import { meanCI } from '../../src/metrics/ci.js';
import type { ReplicationResult } from '../../src/model/metrics.js';
import type { SharedDiagnosticsLever } from '../../src/levers/sharedDiagnostics.js';
import { metric, smallRegion, type RowKey } from './support.js';

const REPLICATIONS = 6;
const RUN = { seed: 2023, days: 35, warmupDays: 7 };
// Every township covered and a tele-consultation for 80 % of the patients they cannot treat,
// so that the county visits saved stand out from the county's busy queue within 28 measured days.
const POLICY = { townshipShare: 1, readers: 2, teleShare: 0.8, teleDoctors: 4 };

interface Run { result: ReplicationResult; meanReadMinutes: number }

/** Replications 0..n-1 of the small region with these policies, with the lever's mean time from test end to result. */
function runs(policies: Record<string, unknown>): Run[] {
  return Array.from({ length: REPLICATIONS }, (_, replication) => {
    const model = createModel(smallRegion(policies).scenario, { replication, ...RUN });
    const result = model.run();
    const lever = model.hooks.all.find((l) => l.key === 'sharedDiagnostics') as SharedDiagnosticsLever | undefined;
    return { result, meanReadMinutes: lever ? lever.counts.readMinutes / lever.counts.reads : NaN };
  });
}

const base = runs({});
const on = runs({ sharedDiagnostics: POLICY });
const fewReaders = runs({ sharedDiagnostics: { ...POLICY, readers: 1 } });
const manyReaders = runs({ sharedDiagnostics: { ...POLICY, readers: 4 } });

/** 99 % interval of the mean paired difference b - a, replication by replication. */
const paired = (a: readonly number[], b: readonly number[]) => meanCI(b.map((x, i) => x - a[i]), 0.99);
const rows = (r: readonly Run[], key: RowKey) => r.map((x) => metric(x.result, key));
const ci = (key: RowKey) => paired(rows(base, key), rows(on, key));

describe('shared diagnostic centres and tele-consultation', () => {
  it('lowers the rate of referrals up from the township centres', () => {
    const c = ci({ metric: 'referral_up_rate', tier: 'township' });
    expect(c.high, `99 % interval ${c.low.toFixed(2)} .. ${c.high.toFixed(2)} points`).toBeLessThan(0);
  });

  // Patients the townships now treat make no county visit; their township visit was made anyway.
  it("raises the share of visits made in primary care and lowers the county hospital's visits", () => {
    const share = ci({ metric: 'primary_visit_share' });
    expect(share.low, `99 % interval ${share.low.toFixed(4)} .. ${share.high.toFixed(4)}`).toBeGreaterThan(0);
    const county = ci({ metric: 'visits', tier: 'county' });
    expect(county.high, `99 % interval ${county.low.toFixed(1)} .. ${county.high.toFixed(1)}`).toBeLessThan(0);
  });

  it('shortens the time from onset to care in the region', () => {
    const c = ci({ metric: 'time_to_care' });
    expect(c.high, `99 % interval ${c.low.toFixed(2)} .. ${c.high.toFixed(2)} min`).toBeLessThan(0);
  });

  it('lowers the number of tests repeated at the county hospital', () => {
    const c = ci({ metric: 'tests_repeated', tier: 'county' });
    expect(c.high, `99 % interval ${c.low.toFixed(1)} .. ${c.high.toFixed(1)}`).toBeLessThan(0);
  });

  it('with one reader per county instead of four, results read by the county come back later', () => {
    const few = fewReaders.map((x) => x.meanReadMinutes);
    const many = manyReaders.map((x) => x.meanReadMinutes);
    const c = paired(many, few);
    expect(c.low, `99 % interval ${c.low.toFixed(1)} .. ${c.high.toFixed(1)} min`).toBeGreaterThan(0);
  });
});
