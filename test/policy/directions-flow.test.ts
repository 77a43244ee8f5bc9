/**
 * Mutual recognition and down-referral on the full baseline (short runs, common random
 * numbers): the direction of each lever's intended effect, as a 99 % paired interval of the
 * difference variant - baseline that excludes zero; and the variance reduction that common
 * random numbers bring to the regional centre's mean wait.
 */
import { describe, expect, it } from 'vitest';
import { baselineAndLevers, pairedAndWelch, pairedCI, type LeverName } from './support.js';

const LEVERS = ['mutualRecognition', 'downReferral'] as const satisfies readonly LeverName[];
const { base, variants } = baselineAndLevers(LEVERS);
const ci = (lever: (typeof LEVERS)[number], metric: string, tier = '', group = '') => pairedCI(base, variants[lever], { metric, tier, group }, 0.99);

describe('mutual recognition of test results (检查检验结果互认)', () => {
  for (const tier of ['county', 'regional']) {
    it(`lowers the number of repeated tests at the ${tier} tier`, () => {
      expect(ci('mutualRecognition', 'tests_repeated', tier).high).toBeLessThan(0);
    });
  }

  it('lowers the cost per episode', () => {
    expect(ci('mutualRecognition', 'cost_per_episode').high).toBeLessThan(0);
  });
});

describe('down-referral for recovery (双向转诊)', () => {
  it("lowers the regional centre's bed occupancy", () => {
    expect(ci('downReferral', 'bed_occupancy', 'regional').high).toBeLessThan(0);
  });

  it("raises the township centres' bed occupancy", () => {
    expect(ci('downReferral', 'bed_occupancy', 'township').low).toBeGreaterThan(0);
  });
});

describe('common random numbers', () => {
  for (const lever of LEVERS) {
    it(`${lever}: the paired interval of the change in the regional wait is at least 3x narrower than Welch's`, () => {
      const { paired, welch } = pairedAndWelch(base, variants[lever], { metric: 'wait_consult', tier: 'regional' });
      expect(welch / paired, `95 % half-widths: paired ${paired.toFixed(3)}, Welch ${welch.toFixed(3)} min`).toBeGreaterThanOrEqual(3);
    });
  }
});
