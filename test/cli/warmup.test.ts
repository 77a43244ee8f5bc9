/**
 * `tiersim warmup` on the tiny scenario, in process: the table printed, the folder written
 * (warmup.csv with a row per headline series and tier, timeseries.csv, report.html with Welch's
 * plots, a manifest), the suggestion the largest of the series', and bad options refused.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { readCsv, ROOT } from '../model/support.js';

const TINY = join(ROOT, 'test', 'fixtures', 'scenarios', 'tiny.yaml');
const dir = mkdtempSync(join(tmpdir(), 'tiersim-warmup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tiersim warmup', () => {
  it('runs a pilot, prints and writes the suggestions', async () => {
    const out = join(dir, 'w');
    const r = await runCli('warmup', TINY, '--days', '60', '-r', '2', '-j', '1', '--out', out);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/suggested warm-up: \d+ days/);
    const rows = readCsv(join(out, 'warmup.csv'));
    const keys = rows.map((x) => `${x.metric} ${x.tier}`);
    for (const m of ['wait_consult', 'visits', 'follow_up_visits', 'queue_consult']) {
      for (const t of ['village', 'township', 'county', 'regional']) expect(keys).toContain(`${m} ${t}`);
    }
    for (const x of rows) {
      expect(Number(x.suggested_days) % 5).toBe(0);
      expect(Number(x.suggested_days)).toBeLessThanOrEqual(30);
      expect(x.batches).toBe('12');
    }
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.kind).toBe('warmup');
    expect(manifest.warmupDays).toBe(0);
    expect(manifest.suggestedWarmupDays).toBe(Math.max(...rows.map((x) => Number(x.suggested_days))));
    expect(r.out).toContain(`suggested warm-up: ${manifest.suggestedWarmupDays} days`);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('MSER');
    expect(html.match(/<svg/g)?.length).toBe(5);
    expect(readCsv(join(out, 'timeseries.csv')).some((x) => x.metric === 'wait_consult')).toBe(true);
  });

  it('refuses a pilot too short to search, with exit code 2', async () => {
    const r = await runCli('warmup', TINY, '--days', '10', '-j', '1', '--out', join(dir, 'short'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/at least 20 days/);
    expect(r.err).not.toMatch(/at .*\.ts:\d+/);
  });
});
