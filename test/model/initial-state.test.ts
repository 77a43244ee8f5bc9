/**
 * The initial state: chronic patients seeded in follow-up at the start arrive for their first
 * visit at the times of day that follow-up visits of later episodes arrive at (no bunching
 * into the first hour after opening), and in the tiers the running model sends them to.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, withOverrides } from '../../src/scenario/load.js';
import { runReplication } from '../../src/levers/index.js';
import { Activity } from '../../src/model/trace.js';
import { MINUTES_PER_DAY } from '../../src/model/constants.js';
import { buildRegion } from '../../src/model/region.js';
import { ROOT } from './support.js';
import { permutationTV } from '../helpers/stats.js';

const FILE = join(ROOT, 'scenarios', 'baseline.yaml');
// The baseline's region shrunk to one county of 6 townships (about 60,000 residents), without seasonality.
const { scenario } = withOverrides(loadScenario(FILE), [
  { path: 'region.generate.counties', value: 1 },
  { path: 'region.generate.townshipsPerCounty', value: 6 },
  { path: 'region.generate.villagesPerTownship', value: 10 },
  ...[0, 1].map((c) => ({ path: `conditions[${c}].seasonality`, value: Array(12).fill(1) })),
]);
const DAYS = 150;
const tierOf = buildRegion(scenario).facilities.map((f) => f.tier);

/** The hour of the day (0-23) of each time. */
const hours = (times: number[]) => times.map((t) => Math.floor((t % MINUTES_PER_DAY) / 60));

/**
 * Five hourly comparisons (all tiers, then each tier) and one of the tiers: each a permutation
 * test at level 1 - 0.01 / 6 (Bonferroni), so that the six together reject two samples of one
 * distribution at most 1 % of the time.
 */
const LEVEL = 1 - 0.01 / 6;
const PERMUTATIONS = 2000;

describe('chronic patients in follow-up at the start', () => {
  const t = runReplication({ scenario, seed: 7, replication: 0, days: DAYS, warmupDays: 0, trace: { sample: 1 } }).trace!;
  // Seeded patients' episodes begin with a follow-up visit; later episodes with their onset.
  // The seeded are the chronic patients in follow-up at day 0; their first visits (in the first
  // 30 days) are compared with those of the patients of later episodes in follow-up at day 90
  // (begun before day 90, first follow-up from day 90 to 120), per tier. One visit per episode
  // on each side, so that the visits compared are independent draws (an episode's follow-ups
  // share its village, tier and timetable), as the permutation test below assumes.
  const seeded: number[][] = [[], [], [], []];
  const later: number[][] = [[], [], [], []];
  const firstActivity = new Map<number, number>();
  const begun = new Map<number, number>();
  const firstSeen = new Set<number>();
  const laterSeen = new Set<number>();
  for (let i = 0; i < t.rows; i++) {
    const e = t.episode[i];
    if (!firstActivity.has(e)) { firstActivity.set(e, t.activity[i]); begun.set(e, t.time[i]); }
    if (t.activity[i] !== Activity.FOLLOW_UP) continue;
    const fromStart = firstActivity.get(e) === Activity.FOLLOW_UP;
    const tier = tierOf[t.facility[i]];
    if (fromStart && !firstSeen.has(e)) {
      firstSeen.add(e);
      if (t.time[i] < 30 * MINUTES_PER_DAY) seeded[tier].push(t.time[i]);
    } else if (!fromStart && begun.get(e)! < 90 * MINUTES_PER_DAY && t.time[i] >= 90 * MINUTES_PER_DAY && !laterSeen.has(e)) {
      laterSeen.add(e);
      if (t.time[i] < 120 * MINUTES_PER_DAY) later[tier].push(t.time[i]);
    }
  }

  it('arrive for their first visit at the times of day of later follow-ups', () => {
    const all = (x: number[][]) => x.flat();
    expect(all(seeded).length).toBeGreaterThan(5000);
    expect(all(later).length).toBeGreaterThan(3000);
    // Hourly distributions: seeding at uniform clock times put two thirds of the first visits
    // into the hour after opening (total variation distance 0.5). The distance between the
    // seeded and the later hours is held to the critical value of a permutation test of the
    // null that both are samples of one distribution (test/helpers/stats.ts).
    const check = (name: string, a: number[], b: number[]) => {
      const test = permutationTV(hours(a), hours(b), 24, LEVEL, PERMUTATIONS, name);
      console.info(`${name}: distance ${test.observed.toFixed(4)}, critical ${test.critical.toFixed(4)} (p = ${test.p.toFixed(4)}, n = ${a.length} + ${b.length})`);
      expect.soft(test.observed, `${name}: hourly distance against its null critical value`).toBeLessThanOrEqual(test.critical);
    };
    check('all tiers', all(seeded), all(later));
    for (let k = 0; k < 4; k++) {
      expect(seeded[k].length).toBeGreaterThan(500);
      check(`tier ${k}`, seeded[k], later[k]);
    }
  });

  it('are followed at the tiers later episodes are followed at', () => {
    // The same permutation test on the tier of each visit (4 categories).
    const tiers = (x: number[][]) => x.flatMap((a, k) => a.map(() => k));
    const test = permutationTV(tiers(seeded), tiers(later), 4, LEVEL, PERMUTATIONS, 'tiers');
    console.info(`tiers: distance ${test.observed.toFixed(4)}, critical ${test.critical.toFixed(4)} (p = ${test.p.toFixed(4)})`);
    expect(test.observed).toBeLessThanOrEqual(test.critical);
  });
});
