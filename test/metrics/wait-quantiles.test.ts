/**
 * The per-replication wait quantiles of the model: estimated finely enough that replications run
 * with different random numbers report different values (not the same histogram bin's centre).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { runReplication } from '../../src/levers/index.js';
import { metricInfo } from '../../src/metrics/catalog.js';

const FILE = join(import.meta.dirname, '..', 'fixtures', 'scenarios', 'tiny.yaml');

describe('wait quantiles per replication', () => {
  it('differ between replications and rise with p', () => {
    const { scenario } = loadScenario(FILE);
    const metrics = ['wait_consult_p50', 'wait_consult_p75', 'wait_consult_p90', 'wait_consult_p95', 'wait_consult_p99'];
    const reps = [0, 1, 2].map((replication) => runReplication({ scenario, seed: 7, replication, days: 30, warmupDays: 5 }));
    for (const m of metrics) expect(metricInfo(m).label).not.toBe(m);
    let compared = 0;
    for (const tier of ['township', 'county']) {
      const values = reps.map((r) => metrics.map((m) => r.rows.find((x) => x.metric === m && x.tier === tier && !x.facility && !x.group)?.value ?? NaN));
      for (const v of values) {
        expect(v.every(Number.isFinite), `${tier}: ${v}`).toBe(true);
        for (let i = 1; i < v.length; i++) expect(v[i]).toBeGreaterThanOrEqual(v[i - 1]);
      }
      for (let k = 0; k < metrics.length; k++) {
        // A quantile of zero (patients seen without waiting) is exact and may well repeat.
        const across = values.map((v) => v[k]).filter((x) => x > 0);
        if (across.length < 2) continue;
        expect(new Set(across).size, `${metrics[k]} ${tier}: ${across}`).toBe(across.length);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(4);
  });
});
