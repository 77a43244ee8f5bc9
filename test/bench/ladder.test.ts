/**
 * The feature ladder (bench/engines/ladder.js) measures what each required kernel feature
 * costs; these checks make sure each rung runs the same model as the engines it sits between.
 * Rungs 0-3 draw from the limit's one generator in the limit's order, so they must give the
 * limit's results: the added entity, order-key and tombstone code must leave the heap's order
 * by time intact (a lost move of a time or a kind shows as a different result). What that code
 * does on a tie or a cancellation these models never exercise (exponential times do not tie and
 * nothing is cancelled); the ladder measures its cost, the kernel's own tests its behaviour.
 * Rungs 4-6 draw tiersim's named streams, so they must reproduce tiersim's own run of the
 * benchmark (rung 4, which still divides a sum for its mean, up to that rounding).
 */
import { describe, expect, it } from 'vitest';
import { FEATURES, rung } from '../../bench/engines/ladder.js';
import { tandem as limit } from '../../bench/engines/limit.js';
import { tandem as tiersim } from '../../bench/engines/tiersim.js';
import { MODELS } from '../../bench/models.js';

const N = 20_000;
const SEEDS = [1, 2, 3];
const BENCHES = ['mmc', 'network3'] as const;

describe('feature ladder', () => {
  it('has one rung per feature after the bare limit', () => {
    expect(FEATURES).toEqual(['entity', 'order', 'cancel', 'streams', 'stats', 'handlers']);
    expect(() => rung(FEATURES.length + 1)).toThrow(RangeError);
  });

  it('overloaded (utilisation 1.15, the lines grow past their first 1024 places): every rung still agrees', () => {
    const over = { lambda: 4.6, stations: [{ c: 4, mu: 1 }] };
    const l = limit(over, N, 4).meanWait;
    const t = tiersim(over, N, 4).meanWait;
    expect(t[0]).toBeGreaterThan(100); // a line of thousands: the rings have grown
    for (let r = 0; r <= 3; r++) expect(rung(r)(over, N, 4).meanWait).toEqual(l);
    for (const r of [5, 6]) expect(rung(r)(over, N, 4).meanWait).toEqual(t);
  });

  for (const b of BENCHES) {
    it(`${b}: rungs 0-3 give the limit's results bit for bit`, () => {
      for (const seed of SEEDS) {
        const want = limit(MODELS[b], N, seed);
        for (let r = 0; r <= 3; r++) {
          const got = rung(r)(MODELS[b], N, seed);
          expect({ r, wait: got.meanWait, events: got.events, customers: got.customers }).toEqual({ r, wait: want.meanWait, events: want.events, customers: want.customers });
        }
      }
    });

    it(`${b}: rungs 5-6 give tiersim's results bit for bit, rung 4 up to the rounding of a mean`, () => {
      for (const seed of SEEDS) {
        const want = tiersim(MODELS[b], N, seed);
        for (const r of [5, 6]) {
          const got = rung(r)(MODELS[b], N, seed);
          expect({ r, wait: got.meanWait, events: got.events, customers: got.customers }).toEqual({ r, wait: want.meanWait, events: want.events, customers: want.customers });
        }
        // Rung 4 has tiersim's draws but the limit's statistic (sum / count, not Welford).
        const four = rung(4)(MODELS[b], N, seed);
        expect(four.events).toBe(want.events);
        four.meanWait.forEach((w, i) => expect(Math.abs(w - want.meanWait[i])).toBeLessThanOrEqual(1e-12 * want.meanWait[i]));
      }
    });

    it(`${b}: the fused and the handler rungs record the same statistics`, () => {
      const five = rung(5)(MODELS[b], N, 9);
      const six = rung(6)(MODELS[b], N, 9);
      expect(six.waitVar).toEqual(five.waitVar);
      expect(six.utilisation).toEqual(five.utilisation);
      expect(six.queueMean).toEqual(five.queueMean);
      for (const u of six.utilisation!) expect(u > 0 && u < 1).toBe(true);
    });
  }
});
