/**
 * The green channel (救治绿色通道) against the same region without it, with common random
 * numbers: the direction of each expected effect as a 99 % paired interval of the difference
 * variant - baseline that excludes zero. The region is the small one of the other lever tests
 * with emergencies made frequent enough to measure (incidence 40 per 1,000 a year instead of
 * 9, about 13 a day) and 260 regional beds instead of 150 (so that the regional ward is not
 * full already without the lever); the lever takes every emergency straight to the regional
 * centre (the county hospitals, capability 0.7, are below minCapability) and keeps a CT unit
 * and 10 beds there for emergencies.
 *
 * Not tested, because it does not show at 99 % here: the longer wait for a bed of the regional
 * centre's other patients (docs/levers.md gives the figures).
 */
import { describe, expect, it } from 'vitest';
import { withOverrides } from '../../src/scenario/load.js';
import { pairedCI, replications, smallRegion, type RunSpec } from './support.js';
import type { ReplicationResult } from '../../src/model/metrics.js';
import { meanCI } from '../../src/metrics/ci.js';

const RUN: RunSpec = { seed: 2023, days: 30, warmupDays: 8 };
const REPLICATIONS = 6;

/** The small region with frequent emergencies, and these policies. */
function region(policies: Record<string, unknown>) {
  const base = smallRegion();
  const conditions = (base.raw.conditions as Array<Record<string, unknown>>).map((c) => (c.name === 'emergency' ? { ...c, incidence: 40 } : c));
  return withOverrides(base, [{ path: 'conditions', value: conditions }, { path: 'tiers.regional.beds', value: 260 }, { path: 'policies', value: policies }]);
}

const base = replications(region({}), REPLICATIONS, RUN);
const green = replications(region({ greenChannel: { enabled: true, ctReserved: 1, bedsReserved: 10 } }), REPLICATIONS, RUN);
const ci = (metric: string, tier = '', group = '') => pairedCI(base, green, { metric, tier, group }, 0.99);
/** Up-referrals (and diversions) from the county tier to the regional centre, from flows.csv's rows. */
const countyUp = (r: ReplicationResult) => r.flows.find((f) => f.from_tier === 'county' && f.to_tier === 'regional' && f.direction === 'up')?.count ?? 0;

describe('green channels (救治绿色通道)', () => {
  it('shortens the time from onset to care of emergencies', () => {
    expect(ci('time_to_care', '', 'acuity:emergency').high).toBeLessThan(0);
  });

  it('lowers the referrals up from the county hospital to the regional centre', () => {
    expect(meanCI(green.map((r, i) => countyUp(r) - countyUp(base[i])), 0.99).high).toBeLessThan(0);
  });

  it("raises the regional centre's bed occupancy (its cost to other patients)", () => {
    expect(ci('bed_occupancy', 'regional').low).toBeGreaterThan(0);
  });
});
