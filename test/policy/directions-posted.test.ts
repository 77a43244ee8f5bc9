/**
 * Doctors posted down at the strength of scenarios/levers/posted-doctors.yaml, on the small
 * region (one county of six townships) with common random numbers: the direction of each
 * expected effect as a 99 % paired interval of the difference variant - baseline that
 * excludes zero. More care is finished in primary care and fewer patients are referred up
 * from it; the county hospital sees fewer visits, its outpatient wait is longer, and its
 * queue grows on the days its doctors are away, not on the others.
 *
 * The small region's county hospital has 24 outpatient doctors here rather than 20: with 20 it
 * is saturated already in the baseline (a mean queue of about 500 patients), so that the
 * backlog of the days its doctors are away carries into the whole week; with 24 its mean wait
 * (about 70 min) is of the order of the full baseline's county hospitals (40 min), whose queue
 * also grows on the away days only (docs/levers.md).
 */
import { describe, expect, it } from 'vitest';
import { meanCI } from '../../src/metrics/ci.js';
import type { ReplicationResult } from '../../src/model/metrics.js';
import { withOverrides } from '../../src/scenario/load.js';
import { leverScenario, pairedCI, replications, smallRegion, type RunSpec } from './support.js';

const RUN: RunSpec = { seed: 2023, days: 49, warmupDays: 7 };
const N = 8;
const policy = leverScenario('postedDoctors').scenario.policies.postedDoctors;
const region = (policies: Record<string, unknown>) => withOverrides(smallRegion(policies), [{ path: 'tiers.county.doctors', value: 24 }]);
const base = replications(region({}), N, RUN);
const posted = replications(region({ postedDoctors: policy }), N, RUN);
const ci = (metric: string, tier = '') => pairedCI(base, posted, { metric, tier }, 0.99);

/** Per replication, the county tier's mean outpatient queue over the measured days of these weekdays (0 = Monday). */
function countyQueue(results: readonly ReplicationResult[], weekdays: readonly number[]): number[] {
  return results.map((r) => {
    const days = r.series.filter((s) => s.metric === 'queue_consult' && s.tier === 'county' && s.day >= RUN.warmupDays && weekdays.includes(s.day % 7));
    if (days.length === 0) throw new Error('no county queue series');
    return days.reduce((a, s) => a + s.value, 0) / days.length;
  });
}

describe('doctors posted down (上级医师下沉, 巡回医疗)', () => {
  it('raises the share of visits made in primary care', () => {
    expect(ci('primary_visit_share').low).toBeGreaterThan(0);
  });

  for (const tier of ['village', 'township']) {
    it(`lowers the referral-up rate at the ${tier} tier`, () => {
      expect(ci('referral_up_rate', tier).high).toBeLessThan(0);
    });
  }

  it('lowers the number of visits at the county hospital', () => {
    expect(ci('visits', 'county').high).toBeLessThan(0);
  });

  it("lengthens the county hospital's mean outpatient wait", () => {
    expect(ci('wait_consult', 'county').low).toBeGreaterThan(0);
  });

  it('lengthens the county outpatient queue on the days its doctors are away (Tuesday, Thursday), more than on the other days', () => {
    const change = (weekdays: readonly number[]) => {
      const b = countyQueue(base, weekdays);
      return countyQueue(posted, weekdays).map((x, i) => x - b[i]);
    };
    const away = change([1, 3]);
    const others = change([0, 2, 4, 5, 6]);
    expect(meanCI(away, 0.99).low).toBeGreaterThan(0);
    expect(meanCI(away.map((x, i) => x - others[i]), 0.99).low).toBeGreaterThan(0);
  });
});
