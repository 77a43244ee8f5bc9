import * as aq from 'arquero';
import { describe, expect, it } from 'vitest';
import { forestPlotSpec } from '../../src/report/charts/forestPlot.js';
import { svgSize, toSvg } from '../../src/report/render.js';

const METRICS = ['wait_consult', 'bed_occupancy', 'referral_up_rate'];
const TIERS = ['village', 'township', 'county', 'regional', ''];

/** A comparison table of `variants` variants over three headline metrics and every tier. */
export function syntheticComparison(variants: number): aq.ColumnTable {
  const rows = [];
  for (let v = 0; v < variants; v++) {
    for (const [m, metric] of METRICS.entries()) {
      for (const [t, tier] of TIERS.entries()) {
        const diff = (v - variants / 2) * 0.01 * (m + 1) + t * 0.002;
        rows.push({
          metric, tier, facility: '', group: '', variant: `variant-${v + 1}`,
          baseline_mean: 0.5, variant_mean: 0.5 + diff, diff, diff_ci_low: diff - 0.01, diff_ci_high: diff + 0.01,
          rel_change: diff / 0.5, significant: Math.abs(diff) > 0.01, method: 'paired',
        });
      }
    }
  }
  return aq.from(rows);
}

describe('forest plot', () => {
  it('grows linearly in height with the number of variants, and never repeats a colour', async () => {
    const heights: Record<number, number> = {};
    for (const n of [2, 8, 20]) {
      const spec = forestPlotSpec(syntheticComparison(n), 'baseline') as any;
      heights[n] = svgSize(await toSvg(spec)).height;
      const range: string[] = spec.vconcat[0].layer[1].encoding.color.scale.range;
      expect(range, `${n} variants`).toHaveLength(n);
      expect(new Set(range.map((c) => c.toLowerCase())).size, `${n} variants`).toBe(n);
    }
    // Height per added variant is the same from 2 to 8 as from 8 to 20 (within a few pixels of text).
    const perVariantLow = (heights[8] - heights[2]) / 6;
    const perVariantHigh = (heights[20] - heights[8]) / 12;
    expect(perVariantLow).toBeGreaterThan(0);
    expect(Math.abs(perVariantHigh - perVariantLow)).toBeLessThan(0.05 * perVariantLow);
    // 3 metrics x 5 tiers x 20 variants at 14 px a row (plus the band's padding), titles and axes:
    // thousands of px, where a height quadratic in the variants would be tens of thousands.
    expect(heights[20]).toBeLessThan(3 * 5 * 20 * 20 + 800);
  });

  it('clips intervals to what a difference of the metric can be', () => {
    const table = aq.from([{
      metric: 'bed_occupancy', tier: 'county', facility: '', group: '', variant: 'v', baseline_mean: 0.9, variant_mean: 0.2,
      diff: -0.7, diff_ci_low: -1.4, diff_ci_high: 0.1, rel_change: -0.78, significant: false, method: 'paired',
    }]);
    const row = (forestPlotSpec(table, 'base') as any).data.values[0];
    expect([row.diff_ci_low, row.diff_ci_high]).toEqual([-1, 0.1]);
  });
});
