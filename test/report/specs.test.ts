import * as aq from 'arquero';
import { describe, expect, it } from 'vitest';
import { bedOccupancySpec } from '../../src/report/charts/bedOccupancy.js';
import { forestPlotSpec } from '../../src/report/charts/forestPlot.js';
import { flowRates, referralFlowsSpec } from '../../src/report/charts/referralFlows.js';
import { referralNetworkSpec } from '../../src/report/charts/referralNetwork.js';
import { sweepSpec } from '../../src/report/charts/sweep.js';
import { waitDistributionSpec } from '../../src/report/charts/waitDistribution.js';
import { clipToMetric, linearAxis, linearTicks, logTimeAxis, rangeBounds } from '../../src/report/numbers.js';

const FLOWS = aq.from([
  { from_tier: 'village', to_tier: 'township', direction: 'up', mean: 310, ci_low: 279, ci_high: 341, n: 5 },
  { from_tier: 'village', to_tier: 'county', direction: 'up', mean: 45, ci_low: -3, ci_high: 93, n: 5 },
  { from_tier: 'county', to_tier: 'township', direction: 'down', mean: 36, ci_low: 32.4, ci_high: 39.6, n: 5 },
]);

/** Every object in a spec that has key `key`. */
function withKey(spec: unknown, key: string): Record<string, any>[] {
  const found: Record<string, any>[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      if (key in x) found.push(x as Record<string, any>);
      Object.values(x).forEach(walk);
    }
  };
  walk(spec);
  return found;
}

describe('ranges and ticks', () => {
  it('rangeBounds() and clipToMetric() keep values where the metric can be', () => {
    expect(rangeBounds('share')).toEqual([0, 1]);
    expect(rangeBounds('percent')).toEqual([0, 100]);
    expect(rangeBounds('nonneg')).toEqual([0, Infinity]);
    expect(rangeBounds('share', true)).toEqual([-1, 1]);
    expect(clipToMetric('bed_occupancy', 1.4)).toBe(1);
    expect(clipToMetric('bed_occupancy', -0.2)).toBe(0);
    expect(clipToMetric('referral_up_rate', 130)).toBe(100);
    expect(clipToMetric('wait_consult', -3)).toBe(0);
    expect(clipToMetric('wait_consult', -3, true)).toBe(-3);
    expect(clipToMetric('some_new_metric', -3)).toBe(-3);
    expect(clipToMetric('wait_consult', null)).toBeNull();
  });

  it('linearTicks() covers the data with a 1-2-5 step', () => {
    expect(linearTicks(0.401, 0.412, 4)).toMatchObject({ step: 0.005, domain: [0.4, 0.415] });
    expect(linearTicks(-0.3, 2.7, 6).values).toEqual([-0.5, 0, 0.5, 1, 1.5, 2, 2.5, 3]);
    expect(linearTicks(5, 5).values.length).toBeGreaterThan(1);
  });

  it('linearAxis() keeps ticks inside the bounds it is given', () => {
    expect(linearAxis(0, 0, 'number').scale.domain).toEqual([-1, 1]);
    const zero = linearAxis(0, 0, 'number', { bounds: [0, Infinity] });
    expect(zero.scale.domain).toEqual([0, 1]);
    expect(zero.axis.values).toEqual([0, 0.5, 1]);
    expect(linearAxis(0.93, 0.999, 'share', { bounds: [0, 1] }).scale.domain[1]).toBe(1);
  });

  it('logTimeAxis() ticks at round durations within the data, symmetric log from zero', () => {
    const log = logTimeAxis(1, 20_000, 560);
    expect(log.scale).toMatchObject({ type: 'log', domain: [1, 20_000] });
    expect(log.axis.values).toEqual(expect.arrayContaining([1, 60, 1440]));
    expect(Math.max(...log.axis.values)).toBeLessThanOrEqual(20_000);
    const symlog = logTimeAxis(0, 100, 560);
    expect(symlog.scale.type).toBe('symlog');
    expect(symlog.axis.values[0]).toBe(0);
  });
});

describe('chart specs', () => {
  it('bed occupancy: y domain [0, 1] and every CI band end inside it', () => {
    // Two replications far apart give a t-interval much wider than [0, 1].
    const series = aq.from([0, 1, 2].flatMap((day) => [0, 1].map((replication) =>
      ({ replication, day, tier: 'county', metric: 'bed_occupancy', value: replication === 0 ? 0.1 : 0.95 }))));
    const spec = bedOccupancySpec(series, 1) as any;
    for (const d of spec.data.values) {
      expect(d.ci_low).toBeGreaterThanOrEqual(0);
      expect(d.ci_high).toBeLessThanOrEqual(1);
    }
    expect(spec.data.values.some((d: any) => d.ci_low === 0 && d.ci_high === 1)).toBe(true);
    const band = spec.layer.find((l: any) => l.mark.type === 'area');
    expect(band.encoding.y.scale.domain).toEqual([0, 1]);
  });

  it('forest plot: units in each panel title and axis, zero inside every difference axis', () => {
    const diff = (metric: string, d: number) => ({
      metric, tier: 'county', facility: '', group: '', variant: 'v', baseline_mean: 1, variant_mean: 1 + d,
      diff: d, diff_ci_low: d - 0.01, diff_ci_high: d + 0.01, rel_change: d, significant: true, method: 'paired',
    });
    const spec = forestPlotSpec(aq.from([diff('wait_consult', 12), diff('bed_occupancy', -0.04)]), 'base') as any;
    const panels = spec.vconcat as any[];
    expect(panels.map((p) => p.title.text)).toEqual(['Mean wait for consultation (min)', 'Bed occupancy (share of beds)']);
    const axis = (p: any) => p.layer[1].encoding.x;
    expect(axis(panels[0]).title).toBe('Difference, variant − baseline (min)');
    expect(axis(panels[1]).title).toBe('Difference, variant − baseline (percentage points)');
    for (const p of panels) {
      const [lo, hi] = axis(p).scale.domain;
      expect(lo).toBeLessThanOrEqual(0);
      expect(hi).toBeGreaterThanOrEqual(0);
    }
    expect(axis(panels[1]).axis.labelExpr).toMatch(/ pp"/);
  });

  it('sweep: bands clipped to each metric range', () => {
    const rows = [0, 1].flatMap((point) => [
      { point, p: point, metric: 'bed_occupancy', tier: 'county', facility: '', group: '', mean: 0.95, ci_low: 0.8, ci_high: 1.1, sd: 0.1, n: 5 },
      { point, p: point, metric: 'wait_consult', tier: 'county', facility: '', group: '', mean: 2, ci_low: -1, ci_high: 5, sd: 1, n: 5 },
    ]);
    const spec = sweepSpec(aq.from(rows), ['p']) as any;
    const values = spec.data.values;
    // The y domains stay inside the range too: occupancy up to 100 %, waits from 0.
    const domain = (i: number) => spec.concat[i].layer[0].encoding.y.scale.domain;
    expect(spec.concat.map((p: any) => p.title.text)).toEqual(['Mean wait for consultation', 'Bed occupancy']);
    expect(domain(0)[0]).toBe(0);
    expect(domain(1)[1]).toBe(1);
    expect(values.filter((d: any) => d.metric === 'bed_occupancy').map((d: any) => d.ci_high)).toEqual([1, 1]);
    expect(values.filter((d: any) => d.metric === 'wait_consult').map((d: any) => d.ci_low)).toEqual([0, 0]);
  });

  it('referral flows: per 100,000 residents per year with the population, per year without, per replication without days', () => {
    const perCapita = flowRates(FLOWS, { days: 400, warmupDays: 35, population: 50_000 });
    expect(perCapita.unit).toBe('referrals per 100,000 residents per year');
    // 365 measured days: per year = per replication; 50,000 residents: twice that per 100,000.
    expect(perCapita.rows[0].rate).toBeCloseTo(620, 6);
    expect(perCapita.rows[0].per_year).toBeCloseTo(310, 6);
    expect(perCapita.rows[1].rate_low).toBe(0);
    const perYear = flowRates(FLOWS, { days: 60, warmupDays: 14 });
    expect(perYear.unit).toBe('referrals per year');
    expect(perYear.rows[0].rate).toBeCloseTo(310 * 365 / 46, 1);
    expect(flowRates(FLOWS).unit).toBe('referrals per replication after warm-up');

    const spec = referralFlowsSpec(FLOWS, { days: 400, warmupDays: 35, population: 50_000 }) as any;
    expect(spec.title.text).toContain('per 100,000 residents per year');
    expect(spec.layer[0].encoding.x.title).toBe('Referrals per 100,000 residents per year');
    expect(spec.layer[0].encoding.x.scale.domain[0]).toBe(0);
  });

  it('referral network: tiers stacked village to regional, arrows as wide as their rate, unit in the title', () => {
    const spec = referralNetworkSpec(FLOWS, { days: 60, warmupDays: 14 }) as any;
    expect(spec.title.text).toBe('Referral network (referrals per year)');
    const values = spec.data.values as any[];
    const nodes = values.filter((d) => d.kind === 'node').sort((a, b) => a.yc - b.yc).map((d) => d.tier);
    expect(nodes).toEqual(['village', 'township', 'county', 'regional']);
    const width = (route: string) => values.find((d) => d.kind === 'segment' && d.route === route).w;
    expect(width('village → township')).toBeGreaterThan(width('village → county'));
    expect(width('village → township') / width('county → township')).toBeGreaterThan(3);
    // Up routes on the left of the boxes, down routes on the right.
    for (const d of values.filter((v) => v.kind === 'label')) expect(Math.sign(d.x)).toBe(d.direction === 'up' ? -1 : 1);
    expect(values.filter((d) => d.kind === 'label').map((d) => d.text)).toContain('2,460');
  });

  it('wait distribution: time axis at round durations, share axis from the data, no exponent formats', () => {
    const hist = aq.from([{ tier: 'village', bin_low: 0, bin_high: 0, count: 50 },
      ...[1, 2, 4, 8, 16, 32, 64].map((low, k) => ({ tier: 'village', bin_low: low, bin_high: low * 2, count: 10 + k }))]);
    const spec = waitDistributionSpec(hist, aq.from([{ metric: 'x', tier: '', facility: '', group: '', mean: 0, ci_low: 0, ci_high: 0, sd: 0, n: 1 }])) as any;
    const axes = withKey(spec, 'labelExpr');
    expect(axes.length).toBeGreaterThanOrEqual(2);
    expect(axes.map((a) => a.labelExpr).join(' ')).toMatch(/"1 h"/);
    expect(JSON.stringify(spec)).not.toMatch(/~g|~e/);
  });
});
