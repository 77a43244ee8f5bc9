/**
 * Doctors posted down at the strength of scenarios/levers/posted-doctors.yaml, on the small
 * region (one county of six townships) with common random numbers: the direction of each
 * expected effect as a 99 % paired interval of the difference variant - baseline that
 * excludes zero. More care is finished in primary care and fewer patients are referred up
 * from it; the county hospital sees fewer visits, and on the days its doctors are away its
 * outpatient queue is longer.
 */
import { describe, expect, it } from 'vitest';
import { meanCI } from '../../src/metrics/ci.js';
import type { ReplicationResult } from '../../src/model/metrics.js';
import { leverScenario, pairedCI, replications, smallRegion, type RunSpec } from './support.js';

const RUN: RunSpec = { seed: 2023, days: 49, warmupDays: 7 };
const N = 8;
const policy = leverScenario('postedDoctors').scenario.policies.postedDoctors;
const base = replications(smallRegion(), N, RUN);
const posted = replications(smallRegion({ postedDoctors: policy }), N, RUN);
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

  it('lengthens the county outpatient queue on the days its doctors are away (Tuesday, Thursday)', () => {
    const b = countyQueue(base, [1, 3]);
    const v = countyQueue(posted, [1, 3]);
    expect(meanCI(v.map((x, i) => x - b[i]), 0.99).low).toBeGreaterThan(0);
  });
});
