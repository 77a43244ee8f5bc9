import { describe, expect, it } from 'vitest';
import { tornadoSpec } from '../../src/report/charts/tornado.js';
import { toSvg } from '../../src/report/render.js';
import type { TornadoRow } from '../../src/run/psaDrivers.js';

const row = (tier: string, parameter: string, low: number, high: number, mean: number): TornadoRow => ({ tier, parameter, low, high, mean, span: Math.abs(high - low) });

describe('tornado chart', () => {
  const rows = [
    row('county', 'tiers.county.beds', 50, 30, 40), row('county', 'conditions[0].incidence', 35, 48, 40),
    row('village', 'tiers.county.beds', 2, 2.1, 2), row('village', 'conditions[0].incidence', 1.5, 2.6, 2),
  ];

  it('shares one x domain covering every bar and mean, sorts inputs by span, and titles with units from the catalog', async () => {
    const spec = tornadoSpec('wait_consult', rows, { scenario: 'tiny', difference: false, samples: 20 }) as any;
    expect(spec.title.text).toBe('What drives Mean wait for consultation (min)');
    expect(spec.vconcat.map((p: any) => p.title.text)).toEqual(['village', 'county']);
    const bar = spec.vconcat[1].layer[0].encoding;
    expect(bar.x.scale.domain).toEqual([1.5, 50]);
    expect(bar.x.title).toBe('Mean wait for consultation (min)');
    expect(bar.y.sort).toEqual(['tiers.county.beds', 'conditions[0].incidence']);
    expect(spec.vconcat[0].layer[0].encoding.y.sort).toEqual(['conditions[0].incidence', 'tiers.county.beds']);
    expect(spec.data.values).toHaveLength(8);
    const svg = await toSvg(spec);
    expect(svg).toContain('conditions[0].incidence');
  });

  it('says difference and percentage points for a share of a variant - baseline', () => {
    const spec = tornadoSpec('primary_visit_share', [row('', 'x', -0.02, 0.05, 0.01)], { scenario: 'v - b', difference: true, samples: 20 }) as any;
    const x = spec.vconcat[0].layer[0].encoding.x;
    expect(x.title).toBe('Difference, v - b (percentage points)');
    expect(x.axis.format).toBe('+.0%');
    expect(x.scale.domain).toEqual([-0.02, 0.05]);
    expect(spec.vconcat[0].title.text).toBe('all tiers');
  });
});

describe('tornado chart panels', () => {
  it('leaves out the tiers where no input moves the output', () => {
    const spec = tornadoSpec('wait_consult', [row('village', 'x', 3, 3, 3), row('county', 'x', 2, 5, 3)], { scenario: 'tiny', difference: false, samples: 10 }) as any;
    expect(spec.vconcat.map((p: any) => p.title.text)).toEqual(['county']);
  });
});
