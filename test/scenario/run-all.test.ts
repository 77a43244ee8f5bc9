import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenario } from '../../src/scenario/load.js';
import { runReplication } from '../../src/levers/index.js';

const files = readdirSync('scenarios', { recursive: true, encoding: 'utf8' })
  .filter((f) => /\.(ya?ml|json)$/i.test(f))
  .map((f) => join('scenarios', f))
  .sort();

// Every shipped scenario runs: a short replication (8 days, 2 of warm-up) of each,
// with patients conserved and the headline metrics present.
describe('every scenario in scenarios/ runs', () => {
  it.each(files)('%s', (file) => {
    const { scenario } = loadScenario(file);
    const r = runReplication({ scenario, seed: scenario.simulation.seed, replication: 0, days: 8, warmupDays: 2 });
    expect(r.started).toBeGreaterThan(0);
    expect(r.started).toBe(r.finished + r.inSystem);
    expect(r.accounted).toBe(r.inSystem);
    const metrics = new Set(r.rows.map((row) => row.metric));
    for (const m of ['wait_consult', 'visits', 'primary_visit_share', 'censored']) expect(metrics).toContain(m);
    for (const row of r.rows) expect(Number.isFinite(row.value)).toBe(true);
  });
});
