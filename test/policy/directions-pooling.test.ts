/**
 * Pooling of beds within the county medical community: the direction of the intended effects,
 * as 99 % paired intervals (common random numbers) of the difference variant - without the
 * lever that exclude zero. County beds to townships: on the small region with the county
 * hospital cut to 320 beds and at most 5 admissions waiting for one (beyond that they are
 * diverted to the regional centre), so that its ward is often full; five replications of 40
 * days with 10 of warm-up. Townships to county beds (`upward`): on the small region with
 * township wards cut to 12 beds, so that they are often full while the county hospital has
 * free beds; four replications of 30 days with 10 of warm-up.
 */
import { describe, expect, it } from 'vitest';
import { withOverrides } from '../../src/scenario/load.js';
import type { ReplicationResult } from '../../src/model/metrics.js';
import { meanCI } from '../../src/metrics/ci.js';
import { pairedCI, replications, smallRegion } from './support.js';

const SPEC = { seed: 2023, days: 40, warmupDays: 10 };
const N = 5;

/** The small region with a crowded county hospital, and these policies. */
const crowded = (policies: Record<string, unknown>) => withOverrides(smallRegion(policies), [
  { path: 'tiers.county.beds', value: 320 },
  { path: 'tiers.county.admissionQueueLimit', value: 5 },
]);

const base = replications(crowded({}), N, SPEC);
const pooled = replications(crowded({ countyPooling: { bedShare: 0.5, maxTravel: '60 min' } }), N, SPEC);
const ci = (variant: ReplicationResult[], metric: string, tier: string) => pairedCI(base, variant, { metric, tier }, 0.99);

/** Admissions diverted (and referrals) from the county hospital to the regional centre, per replication. */
const countyToRegional = (r: ReplicationResult) =>
  r.flows.find((f) => f.from_tier === 'county' && f.to_tier === 'regional' && f.direction === 'up')?.count ?? 0;

describe('pooling county beds with township centres (床位统筹)', () => {
  // With at most 5 waiting, the county queue stays near its limit while the ward is full: the
  // relief shows as fewer admissions finding no bed rather than as a shorter wait.
  it('lowers the share of county admissions that find no bed', () => {
    expect(ci(pooled, 'admissions_blocked', 'county').high).toBeLessThan(0);
  });

  it('lowers the flow from the county hospital to the regional centre', () => {
    const diff = pooled.map((r, i) => countyToRegional(r) - countyToRegional(base[i]));
    expect(meanCI(diff, 0.99).high).toBeLessThan(0);
  });

  it("raises the township centres' bed occupancy", () => {
    expect(ci(pooled, 'bed_occupancy', 'township').low).toBeGreaterThan(0);
  });
});

describe('township admissions to free county beds (`upward`)', () => {
  const UP_SPEC = { seed: 2023, days: 30, warmupDays: 10 };
  const small = (policies: Record<string, unknown>) => withOverrides(smallRegion(policies), [{ path: 'tiers.township.beds', value: 12 }]);
  const before = replications(small({}), 4, UP_SPEC);
  const after = replications(small({ countyPooling: { upward: true } }), 4, UP_SPEC);

  it('shortens the wait for a township bed', () => {
    expect(pairedCI(before, after, { metric: 'wait_admission', tier: 'township' }, 0.99).high).toBeLessThan(0);
  });

  it("lowers the township centres' bed occupancy and raises the county hospital's", () => {
    expect(pairedCI(before, after, { metric: 'bed_occupancy', tier: 'township' }, 0.99).high).toBeLessThan(0);
    expect(pairedCI(before, after, { metric: 'bed_occupancy', tier: 'county' }, 0.99).low).toBeGreaterThan(0);
  });
});
