import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { oneWayEffects, pValue, prcc, ranks } from '../../src/run/prcc.js';
import { psaOutputs, psaPrcc } from '../../src/run/psaDrivers.js';

/** `n` seeded uniforms and normals. */
function draws(n: number, seed: string) {
  const rng = seedrandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  return { u: Array.from({ length: n }, () => rng()), z: Array.from({ length: n }, normal) };
}

describe('partial rank correlation', () => {
  it('ranks with ties sharing their mean rank', () => {
    expect(ranks([10, 30, 20, 30])).toEqual([1, 3.5, 2, 3.5]);
  });

  it('finds a linear driver and not an independent input', () => {
    const n = 200;
    const x1 = draws(n, 'x1').u;
    const x2 = draws(n, 'x2').u;
    const noise = draws(n, 'e').z;
    const y = x1.map((x, i) => 3 * x + 0.3 * noise[i]);
    const [a, b] = prcc([x1, x2], y);
    expect(a.prcc).toBeGreaterThan(0.9);
    expect(a.p_value).toBeLessThan(1e-6);
    expect(Math.abs(b.prcc)).toBeLessThan(0.2);
    expect(b.p_value).toBeGreaterThan(0.05);
    expect(a.n).toBe(n);
  });

  it('gives a monotone non-linear driver a PRCC of about 1, and a negative one its sign', () => {
    const n = 100;
    const x1 = draws(n, 'm1').u.map((u) => 5 * u);
    const x2 = draws(n, 'm2').u;
    expect(prcc([x1, x2], x1.map(Math.exp))[0].prcc).toBeCloseTo(1, 6);
    const y = x1.map((x, i) => -Math.exp(x) + 40 * x2[i]);
    const [a, b] = prcc([x1, x2], y);
    expect(a.prcc).toBeLessThan(-0.5);
    expect(b.prcc).toBeGreaterThan(0.5);
  });

  it('gives NaN to an input or output that does not vary', () => {
    const x1 = draws(20, 'c').u;
    const r = prcc([x1, x1.map(() => 4)], x1.map((x) => 2 * x));
    expect(r[0].prcc).toBeCloseTo(1, 9);
    expect(r[1].prcc).toBeNaN();
    expect(prcc([x1], x1.map(() => 1))[0].prcc).toBeNaN();
  });

  it('takes its p-value from the t distribution with n - 2 - k degrees of freedom', () => {
    // r = 0.5, df = 10: t = 0.5 sqrt(10 / 0.75) = 1.8257; two-sided p = 0.0980 (t tables)
    expect(pValue(0.5, 10)).toBeCloseTo(0.098, 3);
    expect(pValue(0.5, 0)).toBeNaN();
  });
});

describe('one-way effects', () => {
  it('averages the output over the lowest and highest fifth of each input', () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const y = x.map((v) => v * 10);
    const [e] = oneWayEffects([x], y);
    expect(e.low).toBe(15);
    expect(e.high).toBe(95);
    expect(e.span).toBe(80);
  });
});

describe('psa outputs', () => {
  it('adds the paired difference variant - baseline, sample by sample', () => {
    const row = (sample: number, scenario: string, mean: number) => ({ sample, scenario, metric: 'wait_consult', tier: 'county', facility: '', group: '', mean });
    const rows = [row(0, 'b', 10), row(0, 'v', 8), row(1, 'b', 20), row(1, 'v', 11), row(2, 'b', 30), row(2, 'v', 12)];
    const outputs = psaOutputs(rows, ['b', 'v'], 3);
    expect(outputs.map((o) => o.scenario)).toEqual(['b', 'v', 'v - b']);
    expect(outputs[2].values).toEqual([-2, -9, -18]);
    const table = psaPrcc(outputs, ['x'], [[1], [2], [3]]);
    expect(table.map((r) => r.prcc)).toEqual([1, 1, -1]);
    expect(table[2]).toMatchObject({ scenario: 'v - b', metric: 'wait_consult', tier: 'county', parameter: 'x', n: 3 });
  });
});
