/**
 * The initial state: chronic patients seeded in follow-up at the start arrive for their first
 * visit at times of day close to those of the running model's follow-ups, far closer than the
 * earlier rule (a uniform clock time, moved to the first hour after opening when the facility
 * was closed) placed them, and at the tiers the running model sends them to. The hours are held
 * to being closer than the earlier rule's by more than the sampling noise (a bootstrap); a
 * permutation test of identity is reported beside it (on this run it tells the hours at village
 * clinics apart, p = 0.002, and not those of the other tiers or of all tiers together; the
 * replayed past of a seeded episode leaves out its waits, docs/model.md section 3). The tiers
 * are held to the permutation test of identity.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, withOverrides } from '../../src/scenario/load.js';
import seedrandom from 'seedrandom';
import { createModel, runReplication } from '../../src/levers/index.js';
import { Activity } from '../../src/model/trace.js';
import { MINUTES_PER_DAY } from '../../src/model/constants.js';
import { buildRegion } from '../../src/model/region.js';
import { ROOT } from './support.js';
import { counts, permutationTV, tvDistance } from '../helpers/stats.js';

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
  // 30 days) are compared with the next visits (from day 90 to 120) of all the patients in
  // follow-up at day 90: those of episodes begun since the start and the seeded still in
  // follow-up, the population that a steady state would make the same as at day 0. One visit per
  // episode on each side (an episode's follow-ups share its village, tier and timetable).
  const seeded: number[][] = [[], [], [], []];
  /** The facility of each seeded first visit, in the order of `seeded[tier]`. */
  const seededAt: number[][] = [[], [], [], []];
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
      if (t.time[i] < 30 * MINUTES_PER_DAY) { seeded[tier].push(t.time[i]); seededAt[tier].push(t.facility[i]); }
    }
    if ((fromStart || begun.get(e)! < 90 * MINUTES_PER_DAY) && t.time[i] >= 90 * MINUTES_PER_DAY && !laterSeen.has(e)) {
      laterSeen.add(e);
      if (t.time[i] < 120 * MINUTES_PER_DAY) later[tier].push(t.time[i]);
    }
  }

  // The earlier rule applied to the same visits: a uniform clock time of the same day, moved to
  // the first hour after opening when the facility is closed then.
  const model = createModel(scenario, { seed: 7, replication: 0, days: DAYS, warmupDays: 0 });
  const rng = seedrandom.alea('uniform-clock');
  const uniformClock = seeded.map((times, k) => times.map((time, i) => {
    const schedule = model.facilities[seededAt[k][i]].schedule;
    const t0 = Math.floor(time / MINUTES_PER_DAY) * MINUTES_PER_DAY + rng() * MINUTES_PER_DAY;
    return schedule.isOpen(t0) ? t0 : schedule.nextOpen(t0) + 60 * rng();
  }));

  /**
   * Bootstrap (fixed seed, 500 resamples) of how much closer the seeded hours are to the later
   * ones than the earlier rule's: d(uniform clock, later) - d(seeded, later), resampling the
   * seeded visits (with their uniform-clock counterparts, which come from the same visits) and
   * the later visits. Returns the observed value and the `q` quantile of the resamples.
   */
  const improvement = (a: number[], old: number[], b: number[], q: number, name: string): [number, number] => {
    const ha = hours(a);
    const ho = hours(old);
    const hb = hours(b);
    const gain = (ia: ArrayLike<number>, ib: ArrayLike<number>) => {
      const ca = new Array<number>(24).fill(0);
      const co = new Array<number>(24).fill(0);
      const cb = new Array<number>(24).fill(0);
      for (let i = 0; i < ia.length; i++) { ca[ha[ia[i]]]++; co[ho[ia[i]]]++; }
      for (let i = 0; i < ib.length; i++) cb[hb[ib[i]]]++;
      return tvDistance(co, cb) - tvDistance(ca, cb);
    };
    const r = seedrandom.alea(`bootstrap-${name}`);
    const idx = (n: number) => Int32Array.from({ length: n }, () => Math.floor(r() * n));
    const d = Array.from({ length: 500 }, () => gain(idx(ha.length), idx(hb.length))).sort((x, y) => x - y);
    return [gain(Int32Array.from(ha.keys()), Int32Array.from(hb.keys())), d[Math.floor(q * d.length)]];
  };

  it('arrive for their first visit at times of day far closer to later follow-ups than a uniform clock time would put them', () => {
    const all = (x: number[][]) => x.flat();
    expect(all(seeded).length).toBeGreaterThan(5000);
    expect(all(later).length).toBeGreaterThan(3000);
    // Per comparison (all tiers, then each tier; Bonferroni over the five, 1 % together): the
    // lower bootstrap bound of the gain over the earlier rule is above 0.
    const q = 0.01 / 5;
    const check = (name: string, a: number[], old: number[], b: number[]) => {
      const [gain, low] = improvement(a, old, b, q, name);
      const seededTV = tvDistance(counts(hours(a), 24), counts(hours(b), 24));
      const test = permutationTV(hours(a), hours(b), 24, 1 - 0.01 / 5, 2000, name);
      console.info(`${name}: distance to later follow-ups, seeded ${seededTV.toFixed(3)}, uniform clock ${(seededTV + gain).toFixed(3)}; `
        + `gain ${gain.toFixed(3)}, lower bound ${low.toFixed(3)}; seeded against one distribution: critical ${test.critical.toFixed(3)}, p = ${test.p.toFixed(4)} (n = ${a.length} + ${b.length})`);
      expect.soft(low, `${name}: lower bound of the gain over the uniform-clock rule`).toBeGreaterThan(0);
    };
    check('all tiers', all(seeded), all(uniformClock), all(later));
    for (let k = 0; k < 4; k++) {
      expect(seeded[k].length).toBeGreaterThan(500);
      check(`tier ${k}`, seeded[k], uniformClock[k], later[k]);
    }
  });

  it('are followed at the tiers later episodes are followed at', () => {
    // A permutation test of the null that the tiers of the seeded first visits and of the next
    // visits of everyone in follow-up at day 90 are one distribution, at the level above.
    const tiers = (x: number[][]) => x.flatMap((a, k) => a.map(() => k));
    const ts = tiers(seeded);
    const tl = tiers(later);
    const test = permutationTV(ts, tl, 4, LEVEL, PERMUTATIONS, 'tiers');
    console.info(`tiers: distance ${test.observed.toFixed(4)}, critical ${test.critical.toFixed(4)}, p = ${test.p.toFixed(4)}; `
      + `shares seeded ${counts(ts, 4).map((n) => (n / ts.length).toFixed(3))}, later ${counts(tl, 4).map((n) => (n / tl.length).toFixed(3))}`);
    expect(test.observed).toBeLessThanOrEqual(test.critical);
  });
});
