import { describe, expect, it } from 'vitest';
import { MINUTES_PER_WEEK, nextArrival, PoissonArrivals, RateProfile, StreamBank, Streams } from '../../src/engine/index.js';
import { meanCI } from '../../src/metrics/ci.js';

describe('RateProfile', () => {
  const hourly = Array.from({ length: 24 }, (_, h) => (h >= 8 && h < 18 ? 2 : 0.5));
  const weekday = [1, 1, 1, 1, 1, 0.5, 0];
  const profile = new RateProfile({ base: 0.1, hourly, weekday });

  it('multiplies base, hour, weekday and month factors from Monday 00:00', () => {
    expect(profile.rate(0)).toBe(0.05);
    expect(profile.rate(9 * 60)).toBe(0.2);
    expect(profile.rate(5 * 1440 + 9 * 60)).toBe(0.1);
    expect(profile.rate(6 * 1440 + 9 * 60)).toBe(0);
    expect(profile.max).toBe(0.2);
    expect(profile.mean).toBeCloseTo(0.1 * ((10 * 2 + 14 * 0.5) / 24) * (5.5 / 7), 14);
    const monthly = new RateProfile({ base: 1, monthly: [2, ...Array(11).fill(1)] });
    expect(monthly.rate(30 * 1440)).toBe(2);
    expect(monthly.rate(30.5 * 1440)).toBe(1);
    expect(() => new RateProfile({ base: 1, hourly: [1] })).toThrow(RangeError);
    expect(() => new RateProfile({ base: -1 })).toThrow(RangeError);
  });

  it('thinning gives weekly counts and per-period counts matching the rate (99 % intervals)', () => {
    const streams = new Streams('arrivals', 0);
    const reps = 40;
    const weekly: number[] = [];
    const sundays: number[] = [];
    const mornings: number[] = []; // weekday 08:00-18:00
    for (let r = 0; r < reps; r++) {
      const arrivals = new PoissonArrivals(profile, streams.get(`rep/${r}`));
      let n = 0, sun = 0, morn = 0;
      for (let t = arrivals.next(0); t < MINUTES_PER_WEEK; t = arrivals.next(t)) {
        n++;
        const day = Math.floor(t / 1440);
        const hour = Math.floor((t % 1440) / 60);
        if (day === 6) sun++;
        if (day < 5 && hour >= 8 && hour < 18) morn++;
      }
      weekly.push(n);
      sundays.push(sun);
      mornings.push(morn);
    }
    const week = meanCI(weekly, 0.995); // two intervals: Bonferroni for a family-wise 99 %
    expect(profile.mean * MINUTES_PER_WEEK).toBeGreaterThanOrEqual(week.low);
    expect(profile.mean * MINUTES_PER_WEEK).toBeLessThanOrEqual(week.high);
    const day = meanCI(mornings, 0.995);
    expect(5 * 600 * 0.2).toBeGreaterThanOrEqual(day.low);
    expect(5 * 600 * 0.2).toBeLessThanOrEqual(day.high);
    expect(sundays.every((x) => x === 0)).toBe(true);
  });

  it('returns Infinity when the rate is zero everywhere, and times strictly after t', () => {
    expect(new PoissonArrivals(new RateProfile({ base: 0 }), () => 0.5).next(3)).toBe(Infinity);
    // A first draw of 0 gives a zero gap; the next candidate must be taken instead.
    const draws = [0, 0.5, 0.5];
    const arrivals = new PoissonArrivals(new RateProfile({ base: 1 }), () => draws.shift()!);
    expect(arrivals.next(3)).toBe(3 - Math.log1p(-0.5));
  });

  it('nextArrival at scale k draws as a profile of base k when only the month varies (bit for bit)', () => {
    const monthly = [1.2, 1.1, 1, 0.9, 0.8, 0.8, 0.9, 1, 1, 1.1, 1.1, 1.1];
    const names = ['v0', 'v1'];
    const bank = new StreamBank(new Streams(9, 0), names);
    const shared = new RateProfile({ base: 1, monthly });
    for (const [i, k] of [0.0137, 0.4].entries()) {
      const own = new PoissonArrivals(new RateProfile({ base: k, monthly }), new Streams(9, 0).get(names[i]));
      let a = 0;
      let b = 0;
      for (let n = 0; n < 2000; n++) {
        a = own.next(a);
        b = nextArrival(shared, k, b, bank, i);
        expect(b).toBe(a);
      }
    }
  });
});
