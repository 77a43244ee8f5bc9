/**
 * The baseline's admission path is bounded: every tier with beds has a maximum wait for a bed
 * (scenarios/baseline.yaml), after which the admission goes up to the next tier or, at the
 * top, out of the region. Checked on the baseline's own tier settings (one generated county of
 * six townships) with the township wards cut to a third, so that they overflow: from the event
 * log of every episode, no patient waits longer than its tier's limit for a bed, admissions that
 * found no bed are diverted up or turned away, and the metrics count them.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runReplication } from '../../src/levers/index.js';
import { buildRegion } from '../../src/model/region.js';
import { Activity } from '../../src/model/trace.js';
import { loadScenario } from '../../src/scenario/load.js';
import { TIERS } from '../../src/params/fields.js';
import { metric, ROOT } from './support.js';

describe('the baseline admission path', () => {
  const loaded = loadScenario(join(ROOT, 'scenarios', 'baseline.yaml')).scenario;

  it('every tier with beds has a finite maximum wait for a bed', () => {
    for (const tier of ['township', 'county', 'regional'] as const) {
      const t = loaded.tiers[tier];
      expect(t.beds, tier).toBeGreaterThan(0);
      expect(Number.isFinite(t.maxBedWait ?? Infinity), `${tier} maxBedWait`).toBe(true);
    }
  });

  it('overflowing township wards divert admissions up, and no bed wait exceeds its tier\'s limit', () => {
    const township = loaded.tiers.township;
    const scenario = {
      ...loaded,
      region: { ...loaded.region, generate: { ...loaded.region.generate!, counties: 1, townshipsPerCounty: 6 } },
      tiers: { ...loaded.tiers, township: { ...township, beds: Math.max(1, Math.round(township.beds / 3)) } },
    };
    const region = buildRegion(scenario);
    const limit = TIERS.map((t) => (scenario.tiers[t] as { maxBedWait?: number }).maxBedWait ?? Infinity);
    const r = runReplication({ scenario, seed: 5, replication: 0, days: 60, warmupDays: 10, trace: { sample: 1 } });
    const tr = r.trace!;
    const decided = new Map<number, { time: number; facility: number }>();
    let granted = 0;
    let blocked = 0;
    let longest = 0;
    for (let i = 0; i < tr.rows; i++) {
      const e = tr.episode[i];
      const a = tr.activity[i];
      if (a === Activity.ADMISSION_DECIDED) decided.set(e, { time: tr.time[i], facility: tr.facility[i] });
      else if (a === Activity.STAY_START && decided.has(e)) {
        const d = decided.get(e)!;
        decided.delete(e);
        const tier = region.facilities[d.facility].tier;
        const wait = tr.time[i] - d.time;
        longest = Math.max(longest, wait / limit[tier]);
        expect(wait, `episode ${e} at ${region.facilities[d.facility].name}`).toBeLessThanOrEqual(limit[tier] + 1e-6);
        granted++;
      } else if ((a === Activity.REFERRAL || a === Activity.TURNED_AWAY) && decided.has(e) && decided.get(e)!.facility === tr.facility[i]) {
        decided.delete(e);
        blocked++;
      }
    }
    console.info(`beds granted ${granted}, admissions finding no bed ${blocked}; longest wait ${(100 * longest).toFixed(1)} % of its tier's limit`);
    expect(granted).toBeGreaterThan(0);
    expect(blocked).toBeGreaterThan(0);
    expect(metric(r, { metric: 'admissions_blocked', tier: 'township' })).toBeGreaterThan(0);
  });
});
