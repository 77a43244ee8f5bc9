import { describe, expect, it } from 'vitest';
import { StreamBank, Streams } from '../../src/engine/index.js';
import { tQuantile } from '../../src/metrics/ci.js';

const draw = (rng: () => number, n: number): number[] => Array.from({ length: n }, () => rng());

describe('Streams', () => {
  it('reproduces a stream bit for bit from (seed, replication, name)', () => {
    const a = draw(new Streams(7, 3).get('arrivals/a'), 1000);
    const b = draw(new Streams(7, 3).get('arrivals/a'), 1000);
    expect(b).toEqual(a);
    for (const x of a) expect(x >= 0 && x < 1).toBe(true);
  });

  it('differs with the seed, the replication or the name', () => {
    const base = draw(new Streams(7, 3).get('arrivals/a'), 20);
    expect(draw(new Streams(8, 3).get('arrivals/a'), 20)).not.toEqual(base);
    expect(draw(new Streams('7x', 3).get('arrivals/a'), 20)).not.toEqual(base);
    expect(draw(new Streams(7, 4).get('arrivals/a'), 20)).not.toEqual(base);
    expect(draw(new Streams(7, 3).get('arrivals/b'), 20)).not.toEqual(base);
  });

  it('keeps a stream unchanged whatever other streams are asked for in between', () => {
    const alone = draw(new Streams(1, 0).get('x'), 100);
    const s = new Streams(1, 0);
    const other = s.get('y');
    const x = s.get('x');
    const mixed: number[] = [];
    for (let i = 0; i < 100; i++) {
      other();
      s.get(`z${i}`)();
      mixed.push(x());
    }
    expect(mixed).toEqual(alone);
    expect(s.get('x')).toBe(x);
  });

  it('gives streams that are uncorrelated (family-wise 99 % interval around 0)', () => {
    const n = 20_000;
    const names = ['service/a', 'service/b', 'arrivals/1', 'arrivals/2'];
    // Six pairs: Bonferroni keeps the family-wise level at 99 %.
    const pairs = (names.length * (names.length - 1)) / 2;
    const z = tQuantile(1 - 0.005 / pairs, n - 2);
    for (let i = 0; i < names.length; i++) {
      for (let j = i + 1; j < names.length; j++) {
        // A fresh Streams per pair so each correlation uses the streams from their start.
        const t = new Streams(2024, 0);
        const x = draw(t.get(names[i]), n);
        const y = draw(t.get(names[j]), n);
        const mx = x.reduce((a, b) => a + b) / n;
        const my = y.reduce((a, b) => a + b) / n;
        let sxy = 0, sxx = 0, syy = 0;
        for (let k = 0; k < n; k++) {
          sxy += (x[k] - mx) * (y[k] - my);
          sxx += (x[k] - mx) ** 2;
          syy += (y[k] - my) ** 2;
        }
        const r = sxy / Math.sqrt(sxx * syy);
        // Under independence, r sqrt(n-2)/sqrt(1-r^2) is t with n-2 degrees of freedom.
        expect(Math.abs((r * Math.sqrt(n - 2)) / Math.sqrt(1 - r * r))).toBeLessThan(z);
      }
    }
  });
});

describe('StreamBank', () => {
  it('draws, stream by stream, exactly the sequences Streams.get gives for the same names', () => {
    const names = ['arrivals/village-0', 'episodes/village-0', 'arrivals/village-1', 'x'];
    const bank = new StreamBank(new Streams(2023, 5), names);
    const reference = names.map((n) => new Streams(2023, 5).get(n));
    // Interleaved in an irregular order: each stream advances only when drawn.
    for (let k = 0; k < 5000; k++) {
      const i = (k * 7 + (k >> 3)) % names.length;
      expect(bank.next(i)).toBe(reference[i]());
    }
  });

  it('owns its streams: a name cannot be banked twice, nor both banked and handed out', () => {
    const streams = new Streams(1, 0);
    streams.get('a');
    expect(() => new StreamBank(streams, ['a'])).toThrow(/already in use/);
    new StreamBank(streams, ['b']);
    expect(() => new StreamBank(streams, ['b'])).toThrow(/already in use/);
    expect(() => streams.get('b')).toThrow(/held by a StreamBank/);
  });
});
