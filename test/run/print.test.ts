/**
 * The printed tables of run, compare and sweep, on the small results fixtures: filters, layouts,
 * significant figures and relative changes.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { join } from 'node:path';
import { pairedDifferences, readTable, type ReplicationRow } from '../../src/metrics/tables.js';
import { DEFAULT_METRICS, changeWithInterval, formatSummary, meanWithInterval, metricDisplay, parseLayout, parseMetrics, relative, sig } from '../../src/run/print.js';
import { checkVariants, formatComparison } from '../../src/run/compare.js';
import { formatSweep, pointLabel, selectPoints } from '../../src/run/sweep.js';
import type { LoadedScenario } from '../../src/scenario/load.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const summary = () => readTable(join(FIXTURES, 'results-run-small', 'summary.csv'));
const comparison = () => readTable(join(FIXTURES, 'results-compare-small', 'comparison.csv'));
const sweep = () => readTable(join(FIXTURES, 'results-sweep-small', 'sweep.csv'));
const SWEEP_PARAM = 'policy.primaryFirst.share';

/** The error a function throws, or undefined. */
function thrown(f: () => unknown): any {
  try { f(); } catch (err) { return err; }
  return undefined;
}

describe('numbers', () => {
  it('are shown to three significant figures', () => {
    expect([0.012345, 0.5, 4.5678, 12.345, 78.96, 123.4, 98765.4, 0, -2.345].map(sig))
      .toEqual(['0.0123', '0.500', '4.57', '12.3', '79.0', '123', '98765', '0', '-2.35']);
    expect([99.96, 9.9996, 0.099996, -99.96].map(sig)).toEqual(['100', '10.0', '0.100', '-100']);
    expect(meanWithInterval(0.912, 0.9, 0.93, 100)).toBe('91.2 (90.0–93.0)');
    expect(meanWithInterval(-1.5, -2.25, -0.75)).toBe('-1.50 (-2.25 to -0.750)');
    expect(meanWithInterval(5, null, null)).toBe('5.00');
    expect(relative(0.04567)).toBe('+4.57 %');
    expect(relative(-0.5)).toBe('-50.0 %');
    expect(relative(null)).toBe('');
  });

  it('never print a change whose interval excludes zero as zero', () => {
    expect(changeWithInterval(0.0004, 0.0001, 0.0007, true)).toBe('+0.000400 (+0.000100 to +0.000700) *');
    const finite = (min: number, max: number) => fc.double({ min, max, noNaN: true });
    fc.assert(fc.property(finite(-1e6, 1e6), finite(0, 0.999), finite(1e-9, 1e3), (diff, share, scale) => {
      // An interval around diff that excludes zero: half-width a share of |diff|.
      fc.pre(Math.abs(diff) > 1e-12);
      const half = share * Math.abs(diff);
      const text = changeWithInterval(diff, diff - half, diff + half, true, scale);
      const [shown, low, high] = text.match(/[-+]?\d+(\.\d+)?/g)!.map(Number);
      expect(shown, text).not.toBe(0);
      expect(Math.sign(shown), text).toBe(Math.sign(diff));
      // The ends are on the same side of zero as the change, and rounded, not truncated, to it.
      expect(Math.sign(low) * Math.sign(diff), text).toBeGreaterThanOrEqual(0);
      expect(Math.sign(high) * Math.sign(diff), text).toBeGreaterThanOrEqual(0);
      expect(Math.abs(shown - diff * scale)).toBeLessThanOrEqual(Math.abs(diff * scale) * 0.005 + 1e-12);
    }), { numRuns: 500 });
  });

  it('show shares as percentages and take labels and units from the catalog', () => {
    expect(metricDisplay('bed_occupancy')).toMatchObject({ label: 'Bed occupancy (% of beds)', scale: 100, changeUnit: 'pp' });
    expect(metricDisplay('wait_consult')).toMatchObject({ label: 'Mean wait for consultation (min)', scale: 1 });
    expect(metricDisplay('admissions_blocked').label).toBe('Admissions finding no bed (per 100 admissions)');
  });
});

describe('options', () => {
  it('--metrics takes catalog names and refuses others with the valid names', () => {
    expect(parseMetrics('wait_consult, bed_occupancy,wait_consult')).toEqual(['wait_consult', 'bed_occupancy']);
    const err = thrown(() => parseMetrics('wait_consult,bed_ocupancy'));
    expect(err.exitCode).toBe(2);
    expect(err.userMessage).toContain('unknown metric "bed_ocupancy" (did you mean "bed_occupancy"?)');
    expect(err.userMessage).toContain('valid names: wait_consult, wait_consult_p50');
    expect(thrown(() => parseMetrics(' , ')).exitCode).toBe(2);
    expect(parseLayout('long')).toBe('long');
    expect(thrown(() => parseLayout('tall')).userMessage).toBe('--layout takes wide or long, got "tall"');
  });

  it('--variants names compared variants, or sweep points by number or values', () => {
    expect(() => checkVariants(['b'], ['a', 'b'])).not.toThrow();
    expect(thrown(() => checkVariants(['c'], ['a', 'b'])).userMessage).toBe('--variants: "c" is not a compared variant; the variants are "a", "b"');
    const points = [[0, 'county'], [0.5, 'county'], [0, ['county', 'regional']]].map((values, point) => ({ point, values, loaded: {} as LoadedScenario }));
    expect(pointLabel(points[2].values)).toBe('0/["county","regional"]');
    expect(selectPoints(['2', '0.5/county'], points)).toEqual([1, 2]);
    const err = thrown(() => selectPoints(['9'], points));
    expect(err.exitCode).toBe(2);
    expect(err.userMessage).toContain('the points are 0 (0/county), 1 (0.5/county)');
  });
});

describe('run summary', () => {
  it('wide: a row per metric, a column per tier; long: a line per metric and tier', async () => {
    const s = await summary();
    const wide = formatSummary(s, { layout: 'wide' }).split('\n');
    expect(wide[0].trim().split(/\s+/)).toEqual(['village', 'township', 'county', 'regional', 'region']);
    const row = wide.find((l) => l.startsWith('Mean wait for consultation (min)'))!;
    const village = (s.objects() as any[]).find((r) => r.metric === 'wait_consult' && r.tier === 'village' && !r.group);
    expect(row).toContain(`${sig(village.mean)} (${sig(village.ci_low)}–${sig(village.ci_high)})`);
    const long = formatSummary(s, { layout: 'long' }).split('\n');
    expect(long[0].split(/\s{2,}/)).toEqual(['metric', 'tier', 'mean (95 % CI)']);
    expect(long.filter((l) => /^\S/.test(l) && !l.startsWith('metric')).length).toBe(wide.length - 1);
    expect(long.length).toBeGreaterThan(wide.length);
  });

  it('picks the long layout when a wide line would exceed the width, and filters metrics', async () => {
    const s = await summary();
    const wide = formatSummary(s, { layout: 'wide' });
    const width = Math.max(...wide.split('\n').map((l) => l.length));
    expect(formatSummary(s, { width })).toBe(wide);
    expect(formatSummary(s, { width: width - 1 })).toBe(formatSummary(s, { layout: 'long' }));
    const only = formatSummary(s, { metrics: ['bed_occupancy', 'alos'], layout: 'long' });
    expect(only).toContain('Bed occupancy (% of beds)');
    expect(only).toContain('Average length of stay (days)');
    expect(only).not.toContain('wait');
  });
});

describe('comparison', () => {
  it('prints each variant value, the change with its CI and the relative change, in either layout', async () => {
    const c = await comparison();
    const row = (c.objects() as any[]).find((r) => r.metric === 'wait_consult' && r.tier === 'county' && !r.group);
    const change = changeWithInterval(row.diff, row.diff_ci_low, row.diff_ci_high, row.significant);
    const wide = formatComparison(c, 'small-county', ['primary-first'], 'paired', { layout: 'wide' });
    const line = wide.split('\n').find((l) => /^\s+county\s/.test(l) && l.includes(change))!;
    expect(line).toBeDefined();
    expect(line).toContain(relative(row.rel_change));
    expect(line).toContain(sig(row.baseline_mean));
    const long = formatComparison(c, 'small-county', ['primary-first'], 'paired', { layout: 'long' });
    expect(long.split('\n')[0].split(/\s{2,}/)).toEqual(['metric', 'tier', 'variant', 'small-county', 'variant value', 'change (95 % CI)', 'relative']);
    expect(long).toContain(change);
    expect(long).not.toMatch(/\b0\.0 \(0\.0 to 0\.0\) \*/);
  });

  it('includes blocked admissions and time above 85 %, and prints only the chosen variants and metrics', () => {
    const rows = (variant: number): ReplicationRow[] => [0, 1, 2, 3, 4].flatMap((r) => [
      { replication: r, metric: 'time_above_85', tier: 'county', facility: '', group: '', value: 0.2 + 0.01 * r - 0.05 * variant },
      { replication: r, metric: 'admissions_blocked', tier: 'county', facility: '', group: '', value: 4 + r / 10 - variant },
      { replication: r, metric: 'wait_consult', tier: 'county', facility: '', group: '', value: 30 + r },
    ]);
    const c = pairedDifferences(rows(0), rows(1), 'more-beds').concat(pairedDifferences(rows(0), rows(2), 'most-beds'));
    const all = formatComparison(c, 'base', ['more-beds', 'most-beds'], 'paired', { layout: 'long' });
    expect(all).toContain('Time above 85 % occupancy (% of time)');
    expect(all).toMatch(/Admissions finding no bed \(per 100 admissions\)\s+county\s+more-beds\s+4\.20\s+3\.20\s+-1\.00 \(-1\.00 to -1\.00\) \*\s+-23\.8 %/);
    expect(all).toMatch(/Time above 85 % occupancy \(% of time\)\s+county\s+more-beds\s+22\.0\s+17\.0\s+-5\.00 \(-5\.00 to -5\.00\) \*\s+-22\.7 %/);
    const some = formatComparison(c, 'base', ['more-beds', 'most-beds'], 'paired', { layout: 'long', variants: ['most-beds'], metrics: ['admissions_blocked'] });
    expect(some).toContain('most-beds');
    expect(some).not.toContain('more-beds');
    expect(some).not.toContain('Time above');
    expect(some).not.toContain('wait');
    for (const m of ['time_above_85', 'admissions_blocked']) expect(DEFAULT_METRICS).toContain(m);
  });
});

describe('sweep', () => {
  it('prints each point with its change from the first point shown, absolute and relative', async () => {
    const t = await sweep();
    const rows = (t.objects() as any[]).filter((r) => r.metric === 'wait_consult' && r.tier === 'county' && !r.group);
    const points = [...new Set(rows.map((r) => r.point))];
    expect(points.length).toBeGreaterThan(2);
    const [first, , third] = rows;
    const long = formatSweep(t, [SWEEP_PARAM], { layout: 'long', metrics: ['wait_consult'] }).split('\n');
    const line = long.find((l) => /^\s+county\s/.test(l) && l.includes(meanWithInterval(third.mean, third.ci_low, third.ci_high)))!;
    expect(line).toContain(relative((third.mean - first.mean) / first.mean));
    expect(line).toContain(changeWithInterval(third.mean - first.mean, null, null, false));
    // With the first point left out, changes are from the next one shown.
    const later = formatSweep(t, [SWEEP_PARAM], { layout: 'long', metrics: ['wait_consult'], points: points.slice(1) });
    const second = rows[1];
    expect(later).toContain(relative((third.mean - second.mean) / second.mean));
    expect(later).not.toContain(meanWithInterval(first.mean, first.ci_low, first.ci_high));
    const wide = formatSweep(t, [SWEEP_PARAM], { layout: 'wide', metrics: ['wait_consult'] }).split('\n');
    expect(wide[0]).toBe('Mean wait for consultation (min)');
    expect(wide[1].trim().split(/\s+/)).toEqual([SWEEP_PARAM, 'village', 'township', 'county', 'regional', 'region']);
    expect(wide.length).toBeLessThan(long.length);
  });
});
