/**
 * The daily series (timeseries.csv): per tier and day, the consultations, follow-up visits and
 * mean consultation wait add up to the run's own metrics when nothing is discarded.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { runReplication } from '../../src/levers/index.js';
import { ROOT } from './support.js';

const { scenario } = loadScenario(join(ROOT, 'test', 'fixtures', 'scenarios', 'tiny.yaml'));

describe('daily series of a replication without warm-up', () => {
  const r = runReplication({ scenario, seed: 3, replication: 0, days: 40, warmupDays: 0 });
  const metric = (name: string, tier: string) => r.rows.find((x) => x.metric === name && x.tier === tier && x.facility === '' && x.group === '')?.value;
  const daily = (name: string, tier: string) => r.series.filter((s) => s.metric === name && s.tier === tier);

  for (const tier of ['village', 'township', 'county', 'regional']) {
    it(`sums the ${tier} consultations and follow-up visits of the run, and weights its mean wait`, () => {
      const visits = daily('visits', tier);
      expect(visits).toHaveLength(40);
      const total = visits.reduce((a, s) => a + s.value, 0);
      expect(total).toBe(metric('visits', tier));
      expect(daily('follow_up_visits', tier).reduce((a, s) => a + s.value, 0)).toBe(metric('follow_up_visits', tier));
      if (total === 0) return;
      const byDay = new Map(visits.map((s) => [s.day, s.value]));
      const waited = daily('wait_consult', tier).reduce((a, s) => a + s.value * byDay.get(s.day)!, 0);
      expect(waited / total).toBeCloseTo(metric('wait_consult', tier)!, 6);
    });
  }
});
