/**
 * The baseline is in steady state when measurement starts. On the baseline without seasonality
 * (scenarios/theory/baseline-stationary.yaml), the first measured four weeks after the
 * baseline's warm-up w (days w..w+28) and four weeks half a year later (days w+182..w+210, the
 * same weekdays) agree: per replication, the paired difference of the township and county
 * consultation waits and of the village follow-up visits, whose 95 % t-interval over the
 * replications contains 0 and lies wholly within ±10 % of the later month's level (mean over
 * the replications). The margin makes the test one of equivalence, not only of no detected
 * difference (which more noise would make easier): a start still in a transient of the size
 * once found (the first month 12 % to 52 % above the later one) fails it, while the noise of
 * four replications leaves room inside it. A long model test: the whole region,
 * four replications of w + 210 days (two to three minutes on a shared machine).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { runReplication } from '../../src/levers/index.js';
import type { SeriesRow } from '../../src/model/metrics.js';
import { tQuantile } from '../../src/metrics/ci.js';
import { ROOT } from './support.js';

const BASELINE = join(ROOT, 'scenarios', 'baseline.yaml');
const STATIONARY = join(ROOT, 'scenarios', 'theory', 'baseline-stationary.yaml');
const REPLICATIONS = 4;

/** Visit-weighted mean wait of a tier over days [from, to). */
function meanWait(series: SeriesRow[], tier: string, from: number, to: number): number {
  const visits = new Map<number, number>();
  for (const s of series) if (s.metric === 'visits' && s.tier === tier) visits.set(s.day, s.value);
  let waited = 0;
  let n = 0;
  for (const s of series) {
    if (s.metric !== 'wait_consult' || s.tier !== tier || s.day < from || s.day >= to) continue;
    waited += s.value * visits.get(s.day)!;
    n += visits.get(s.day)!;
  }
  return waited / n;
}

/** A tier's total of a daily count over days [from, to). */
function total(series: SeriesRow[], metric: string, tier: string, from: number, to: number): number {
  return series.reduce((a, s) => a + (s.metric === metric && s.tier === tier && s.day >= from && s.day < to ? s.value : 0), 0);
}

describe('the baseline without seasonality after its warm-up', () => {
  it('keeps only its conditions\' seasonality apart from the baseline', () => {
    const strip = (file: string) => (parse(readFileSync(file, 'utf8')).conditions as Array<Record<string, unknown>>).map(({ seasonality: _s, ...c }) => c);
    expect(strip(STATIONARY)).toEqual(strip(BASELINE));
  });

  it('measures the same in its first month as half a year later', () => {
    const { scenario } = loadScenario(STATIONARY);
    const w = scenario.simulation.warmup;
    const stats = {
      township_wait: [] as number[],
      county_wait: [] as number[],
      village_follow_ups: [] as number[],
    };
    const levels: Record<keyof typeof stats, number[]> = { township_wait: [], county_wait: [], village_follow_ups: [] };
    const first = [w, w + 28] as const;
    const later = [w + 182, w + 210] as const;
    for (let r = 0; r < REPLICATIONS; r++) {
      const { series } = runReplication({ scenario, seed: scenario.simulation.seed, replication: r, days: w + 210, warmupDays: w });
      stats.township_wait.push(meanWait(series, 'township', ...first) - meanWait(series, 'township', ...later));
      stats.county_wait.push(meanWait(series, 'county', ...first) - meanWait(series, 'county', ...later));
      stats.village_follow_ups.push(total(series, 'follow_up_visits', 'village', ...first) - total(series, 'follow_up_visits', 'village', ...later));
      levels.township_wait.push(meanWait(series, 'township', ...later));
      levels.county_wait.push(meanWait(series, 'county', ...later));
      levels.village_follow_ups.push(total(series, 'follow_up_visits', 'village', ...later));
    }
    const t = tQuantile(0.975, REPLICATIONS - 1);
    for (const [name, d] of Object.entries(stats)) {
      const mean = d.reduce((a, b) => a + b, 0) / d.length;
      const sd = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / (d.length - 1));
      const half = (t * sd) / Math.sqrt(d.length);
      const level = levels[name as keyof typeof stats].reduce((a, b) => a + b, 0) / REPLICATIONS;
      const margin = 0.1 * level;
      const what = `${name}: paired difference ${mean.toFixed(3)} ± ${half.toFixed(3)} (${d.map((x) => x.toFixed(3)).join(', ')}), margin ±${margin.toFixed(3)}`;
      console.info(what);
      expect(Math.abs(mean), what).toBeLessThanOrEqual(half);
      expect(Math.abs(mean) + half, what).toBeLessThanOrEqual(margin);
    }
  }, 600_000);
});
