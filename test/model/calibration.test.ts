/**
 * The calibrated baseline stays within its documented tolerances of the national figures
 * (docs/calibration-targets.json, scenarios/README.md). It runs the baseline exactly as
 * `tiersim run` does by default (its own days, warm-up, replications and seed) and requires
 * each target's whole 95 % confidence interval over replications to lie inside
 * [target - tolerance, target + tolerance].
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCli, readCsv, ROOT, tiersim } from './support.js';

interface Target { metric: string; tier: string; target: number; tolerance: number; source: string }
const targets: Target[] = JSON.parse(readFileSync(join(ROOT, 'docs', 'calibration-targets.json'), 'utf8')).targets;

describe('baseline calibration', () => {
  let rows: Array<Record<string, string>> = [];
  beforeAll(() => {
    buildCli();
    const out = mkdtempSync(join(tmpdir(), 'tiersim-calibration-'));
    try {
      tiersim('run', 'scenarios/baseline.yaml', '--out', join(out, 'baseline'), '--quiet');
      rows = readCsv(join(out, 'baseline', 'summary.csv'));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 600_000);

  it.each(targets.map((t) => [`${t.metric} ${t.tier || 'region'}`, t] as const))('%s is within tolerance of the national figure', (_label, t) => {
    const row = rows.find((r) => r.metric === t.metric && r.tier === t.tier && r.facility === '' && r.group === '');
    expect(row, `no summary row for ${t.metric} ${t.tier}`).toBeDefined();
    const low = Number(row!.ci_low);
    const high = Number(row!.ci_high);
    expect(Number.isFinite(low) && Number.isFinite(high)).toBe(true);
    expect(low).toBeGreaterThanOrEqual(t.target - t.tolerance);
    expect(high).toBeLessThanOrEqual(t.target + t.tolerance);
  });
});
