import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { Ajv } from 'ajv';
import { compile, type TopLevelSpec } from 'vega-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { type NamedChart, chartsFor } from '../../src/report/charts.js';
import { rasterOptions, svgSize, toPng, toSvg } from '../../src/report/render.js';
import { TIER_DOMAIN } from '../../src/report/theme.js';
import { doublingBins } from '../../src/report/charts/waitDistribution.js';
import * as aq from 'arquero';

const require = createRequire(import.meta.url);
const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const GOLDEN = join(import.meta.dirname, '..', 'golden');
const KINDS = ['run', 'compare', 'sweep'] as const;

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const validate = ajv.compile(require('vega-lite/vega-lite-schema.json'));

const charts = new Map<string, NamedChart[]>();
beforeAll(async () => {
  for (const kind of KINDS) charts.set(kind, (await chartsFor(join(FIXTURES, `results-${kind}-small`))).charts);
});

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Every `sort` array in a spec whose entries are tier labels. */
function tierSorts(spec: unknown): string[][] {
  const found: string[][] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      for (const [k, v] of Object.entries(x)) {
        if ((k === 'sort' || k === 'domain') && Array.isArray(v) && v.length > 0 && v.every((t) => TIER_DOMAIN.includes(t))) found.push(v);
        else walk(v);
      }
    }
  };
  walk(spec);
  return found;
}

describe('report/charts', () => {
  it('chartsFor() builds the charts each kind of results folder should have', () => {
    expect(charts.get('run')!.map((c) => c.name)).toEqual(['wait-distribution', 'bed-occupancy', 'referral-flows', 'referral-network']);
    expect(charts.get('compare')!.map((c) => c.name)).toEqual([
      'forest-plot',
      'small-county.wait-distribution', 'small-county.bed-occupancy', 'small-county.referral-flows', 'small-county.referral-network',
      'primary-first.wait-distribution', 'primary-first.bed-occupancy', 'primary-first.referral-flows', 'primary-first.referral-network',
    ]);
    expect(charts.get('sweep')!.map((c) => c.name)).toEqual(['sweep']);
  });

  it('doublingBins() merges fine bins into doublings by lower edge, from 0 when a bin starts there, and leaves coarser bins alone', () => {
    const fine = aq.from([
      { tier: 'village', bin_low: 0, bin_high: 0, count: 7 },
      { tier: 'village', bin_low: 4.2, bin_high: 4.6, count: 2 },
      { tier: 'village', bin_low: 7.5, bin_high: 8.1, count: 3 },
      { tier: 'village', bin_low: 8.1, bin_high: 9, count: 1 },
      { tier: 'county', bin_low: 0.3, bin_high: 0.31, count: 4 },
    ]);
    expect(doublingBins(fine).objects()).toEqual([
      { tier: 'village', bin_low: 0, bin_high: 0, count: 7 },
      { tier: 'village', bin_low: 4, bin_high: 8, count: 5 },
      { tier: 'village', bin_low: 8, bin_high: 16, count: 1 },
      { tier: 'county', bin_low: 0.25, bin_high: 0.5, count: 4 },
    ]);
    // The model's first positive bin, [0, 0.01) min, opens a first display bin from 0 that finer bins join.
    const fromZero = aq.from([
      { tier: 'county', bin_low: 0, bin_high: 0, count: 50 },
      { tier: 'county', bin_low: 0, bin_high: 0.01, count: 3 },
      { tier: 'county', bin_low: 0.01, bin_high: 0.0102, count: 2 },
      { tier: 'county', bin_low: 0.02, bin_high: 0.0204, count: 1 },
      { tier: 'county', bin_low: 3, bin_high: 3.06, count: 9 },
    ]);
    expect(doublingBins(fromZero).objects()).toEqual([
      { tier: 'county', bin_low: 0, bin_high: 0, count: 50 },
      { tier: 'county', bin_low: 0, bin_high: 2 ** -6, count: 5 },
      { tier: 'county', bin_low: 2 ** -6, bin_high: 2 ** -5, count: 1 },
      { tier: 'county', bin_low: 2, bin_high: 4, count: 9 },
    ]);
    const coarse = aq.from([{ tier: 'county', bin_low: 1, bin_high: 4, count: 2 }, { tier: 'county', bin_low: 4, bin_high: 16, count: 1 }]);
    expect(doublingBins(coarse).objects()).toEqual(coarse.objects());
  });

  it('the schema check rejects a malformed spec', () => {
    expect(validate({ data: { values: [] }, mark: 'pie-chart', encoding: {} })).toBe(false);
    expect(validate({ data: { values: [] }, mark: 'bar', encoding: { x: { field: 'a', type: 'length' } } })).toBe(false);
  });

  for (const kind of KINDS) {
    it(`${kind}: every spec validates against the Vega-Lite schema, compiles, and inlines its data`, () => {
      for (const { name, spec } of charts.get(kind)!) {
        const ok = validate(spec);
        expect(ok ? [] : validate.errors!.slice(0, 3), name).toEqual([]);
        expect(() => compile(spec as TopLevelSpec), name).not.toThrow();
        const data = (spec as { data?: { values?: unknown[] } }).data;
        expect(data?.values?.length, name).toBeGreaterThan(0);
        expect(JSON.stringify(spec), name).not.toMatch(/"url"\s*:/);
      }
    });

    it(`${kind}: tiers are always ordered village, township, county, regional, all tiers`, () => {
      for (const { name, spec } of charts.get(kind)!) {
        for (const order of tierSorts(spec)) {
          expect(order, name).toEqual(TIER_DOMAIN.filter((t) => order.includes(t)));
        }
      }
    });

    it(`${kind}: specs match the golden files (UPDATE_GOLDEN=1 refreshes them)`, async () => {
      await mkdir(join(GOLDEN, kind), { recursive: true });
      for (const { name, spec } of charts.get(kind)!) {
        const file = join(GOLDEN, kind, `${name}.vl.json`);
        const text = JSON.stringify(spec, null, 2) + '\n';
        if (process.env.UPDATE_GOLDEN === '1') await writeFile(file, text);
        expect(text, `${file} differs; check the change, then run with UPDATE_GOLDEN=1`).toBe(await readFile(file, 'utf8'));
      }
    });
  }

  it('toSvg() and toPng() render each run chart to a non-empty SVG and a PNG of twice its size', async () => {
    for (const { name, spec } of charts.get('run')!) {
      const svg = await toSvg(spec);
      expect(svg.startsWith('<svg'), name).toBe(true);
      expect(svg, name).toMatch(/<text[^>]*>[^<]+<\/text>/);
      const size = svgSize(svg);
      expect(size.width, name).toBeGreaterThan(200);
      expect(size.height, name).toBeGreaterThan(150);
      const png = toPng(svg, 2);
      expect(pngSize(png), name).toEqual({ width: Math.ceil(size.width * 2), height: Math.ceil(size.height * 2) });
    }
  });

  it('rasterOptions() finds a font: text alone rasterises to dark pixels', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="5" y="28" font-family="sans-serif" font-size="24" fill="black">Wait (min)</text></svg>';
    const image = new Resvg(svg, rasterOptions(1)).render();
    let dark = 0;
    for (let i = 0; i < image.pixels.length; i += 4) if (image.pixels[i] < 128) dark++;
    expect(dark).toBeGreaterThan(100);
  });
});
