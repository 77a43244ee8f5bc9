import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tQuantile } from '../../src/metrics/ci.js';

const EXAMPLE = 'examples/emergency-department.mjs';

/** Runs the example as a user would (node resolving `tiersim/engine` through package.json `exports`). */
function runExample(replications: number[]): Array<Record<string, number>> {
  const out = execFileSync(process.execPath, [EXAMPLE, ...replications.map(String)], { encoding: 'utf8' });
  return out.trim().split('\n').map((line) => JSON.parse(line) as Record<string, number>);
}

/** 95 % t-interval of the mean of xs. */
function interval(xs: number[]): [number, number] {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const half = tQuantile(0.975, n - 1) * sd / Math.sqrt(n);
  return [mean - half, mean + half];
}

describe('tiersim as a library', () => {
  it('docs/api.md shows the example model exactly as shipped', () => {
    const doc = readFileSync('docs/api.md', 'utf8');
    expect(doc).toContain(readFileSync(EXAMPLE, 'utf8').trimEnd());
  });

  it('the emergency-department example runs from the package exports and agrees with M/M/1 at triage', () => {
    const reps = runExample(Array.from({ length: 10 }, (_, i) => i));
    for (const r of reps) expect(r.arrived).toBe(r.left + r.inside);
    // Triage is M/M/1: arrivals every 6 min on average, service 4 min: rho = 2/3, Wq = rho / (mu - lambda) = 8 min.
    const [lo, hi] = interval(reps.map((r) => r.waitTriage));
    expect(lo).toBeLessThan(8);
    expect(hi).toBeGreaterThan(8);
    const [blo, bhi] = interval(reps.map((r) => r.nurseBusy));
    expect(blo).toBeLessThan(2 / 3);
    expect(bhi).toBeGreaterThan(2 / 3);
    // Urgent patients (class 0) wait less for a doctor than the others in every replication.
    for (const r of reps) expect(r.waitDoctorUrgent).toBeLessThan(r.waitDoctorOther);
  });

  it('the package entry exports the engine, scenario loading, replications and comparisons, with types', () => {
    const script = "const m = await import('tiersim'); const e = await import('tiersim/engine');"
      + " console.log(JSON.stringify({ top: Object.keys(m).sort(), engine: typeof e.Simulation, same: m.engine.Simulation === e.Simulation }));";
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as { top: string[]; engine: string; same: boolean };
    expect(out.engine).toBe('function');
    expect(out.same).toBe(true);
    expect(out.top).toEqual(expect.arrayContaining(['engine', 'loadScenario', 'runReplication', 'simulate', 'simulateAll', 'summarise', 'pairedDifferences']));
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { exports: Record<string, { types: string }> };
    for (const entry of ['.', './engine']) expect(readFileSync(pkg.exports[entry].types, 'utf8')).toContain('export');
  });
});
