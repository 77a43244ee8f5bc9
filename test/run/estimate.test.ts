import { describe, expect, it, vi } from 'vitest';
import { resolve } from 'node:path';
import { loadScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/schema.js';
import { checkLimits, type Calibration, estimateRun, gridSize, scenarioSize, type Limits } from '../../src/run/estimate.js';
import { defaultLimits, estimateLine, formatBytes, formatCount, formatSeconds, guardRun, worthPrinting } from '../../src/run/limits.js';

const TINY = loadScenario(resolve('test/fixtures/scenarios/tiny.yaml')).scenario;
const BASELINE = loadScenario(resolve('scenarios/baseline.yaml')).scenario;

/** The baseline with its generated region's parameters replaced. */
function generated(g: Record<string, unknown>, conditions = BASELINE.conditions): Scenario {
  return { ...BASELINE, region: { ...BASELINE.region, generate: { ...BASELINE.region.generate!, ...g } }, conditions } as Scenario;
}

/** Round constants, so that the expected figures below can be worked out by hand. */
const ROUND: Calibration = {
  eventsPerEpisode: 2, eventsPerSecond: 1000, secondsPerVillageHour: 0.001, secondsPerVillageBuilt: 1,
  processBytes: 100, workerBytes: 10, bytesPerVillage: 3, bytesPerResident: 2, resultBytesPerDay: 5,
  traceRowsPerEvent: 2, traceBytesPerRow: 10, traceSecondsPerRow: 0.001,
};

const LIMITS: Limits = { residents: 4000, villages: 5, episodes: 500, replications: 3, days: 10, points: 6, memoryBytes: 20_000 };

describe('scenarioSize', () => {
  it('counts residents, villages and expected episodes of a listed region', () => {
    // tiny: 900 + 700 + 1000 + 800 + 600 residents in 5 villages; incidence 900 + 120 + 5 a 1,000 a year.
    expect(scenarioSize(TINY, 40)).toEqual({ residents: 4000, villages: 5, episodes: (1025 / 1000) * 4000 * (40 / 365) });
  });

  it('counts a generated region from its parameters, without building it', () => {
    // baseline: 3 x 20 x 20 villages of 1,000 residents on average; incidence 4,302 a 1,000 a year.
    expect(scenarioSize(BASELINE, 365)).toEqual({ residents: 1_200_000, villages: 1200, episodes: 4.302 * 1_200_000 });
    const huge = scenarioSize(generated({ counties: 1000, townshipsPerCounty: 1000, villagesPerTownship: 1000 }), 365);
    expect(huge.villages).toBe(1e9);
    expect(huge.residents).toBe(1e12);
  });

  it('gives non-finite figures when they overflow', () => {
    const conditions = [{ ...BASELINE.conditions[0], incidence: 1e21 }];
    const size = scenarioSize(generated({ villagePopulation: { dist: 'constant', value: 1e308 } }, conditions), 365);
    expect(size.residents).toBe(Infinity);
    expect(size.episodes).toBe(Infinity);
    const none = scenarioSize(generated({ villagePopulation: { dist: 'constant', value: 1e308 } }, [{ ...BASELINE.conditions[0], incidence: 0 }]), 365);
    expect(none.episodes).toBeNaN();
  });
});

describe('estimateRun', () => {
  it('matches figures worked out by hand', () => {
    const a = { residents: 1000, villages: 4, episodes: 500 };
    const b = { residents: 3000, villages: 2, episodes: 100 };
    const e = estimateRun([a, b], { replications: 3, days: 10, workers: 2 }, ROUND);
    // a: 1000 events -> 1 s, plus 4 villages x (1 s + 240 h x 0.001 s) = 4.96 s: 5.96 s a replication.
    // b: 200 events -> 0.2 s, plus 2 x 1.24 s: 2.68 s. 3 replications each on 2 workers: 3 x 8.64 / 2.
    expect(e.wallSeconds).toBeCloseTo(12.96, 10);
    // Memory a worker: max(10 + 4 x 3 + 1000 x 2, 10 + 2 x 3 + 3000 x 2) = 6016; in all 100 + 2 x 6016 + 6 x 10 x 5.
    expect(e).toMatchObject({ residents: 3000, villages: 4, episodes: 500, events: 1000, workerBytes: 6016, totalBytes: 12_432, workers: 2 });
  });

  it('adds the event log of every replication: rows in the workers and the main thread, and the time to write them', () => {
    const a = { residents: 1000, villages: 4, episodes: 500 };
    const plain = estimateRun([a], { replications: 3, days: 10, workers: 2 }, ROUND);
    const traced = estimateRun([a], { replications: 3, days: 10, workers: 2, traceSample: 0.5 }, ROUND);
    // 1000 events x 2 rows x 0.5 = 1000 rows of 10 bytes: 3 x 10,000 a worker; 3 replications x 10,000 kept.
    expect(traced.workerBytes - plain.workerBytes).toBe(30_000);
    expect(traced.totalBytes - plain.totalBytes).toBe(2 * 30_000 + 3 * 10_000);
    // 3 x 1000 rows written at 0.001 s a row.
    expect(traced.wallSeconds - plain.wallSeconds).toBeCloseTo(3, 10);
  });

  it('uses no more workers than replications, and no less than the longest replication', () => {
    const e = estimateRun([{ residents: 0, villages: 1, episodes: 0 }], { replications: 1, days: 1, workers: 8 }, ROUND);
    expect(e.workers).toBe(1);
    expect(e.wallSeconds).toBeCloseTo(1.024, 10);
  });

  it('turns NaN figures into Infinity', () => {
    const e = estimateRun([{ residents: Infinity, villages: 1, episodes: NaN }], { replications: 1, days: 1, workers: 1 });
    expect(e.episodes).toBe(Infinity);
    expect(e.wallSeconds).toBe(Infinity);
    expect(e.totalBytes).toBe(Infinity);
  });

  it('puts the calibrated baseline year near its measured 25 s a replication and 176 MB', () => {
    const e = estimateRun([scenarioSize(BASELINE, 395)], { replications: 1, days: 395, workers: 1 });
    expect(e.wallSeconds).toBeGreaterThan(20);
    expect(e.wallSeconds).toBeLessThan(40);
    expect(e.totalBytes).toBeGreaterThan(150e6);
    expect(e.totalBytes).toBeLessThan(350e6);
  });
});

describe('checkLimits', () => {
  const at = { estimate: { residents: 4000, villages: 5, episodes: 500, events: 0, workerBytes: 0, totalBytes: 20_000, workers: 1, wallSeconds: 1 }, replications: 3, days: 10, points: 6 };

  it('passes sizes at their limits and names each size over one, with its flag', () => {
    expect(checkLimits(at, LIMITS)).toEqual([]);
    const over = checkLimits({ estimate: { ...at.estimate, residents: 4001, villages: 6, episodes: 501, totalBytes: 20_001 }, replications: 4, days: 11, points: 7 }, LIMITS);
    expect(over.map((b) => [b.flag, b.size, b.limit])).toEqual([
      ['--max-points', 7, 6], ['--max-replications', 4, 3], ['--max-days', 11, 10], ['--max-villages', 6, 5],
      ['--max-residents', 4001, 4000], ['--max-episodes', 501, 500], ['--max-memory', 20_001, 20_000],
    ]);
  });

  it('treats non-finite sizes as over any limit', () => {
    const over = checkLimits({ ...at, estimate: { ...at.estimate, residents: Infinity, episodes: NaN } }, { ...LIMITS, residents: Infinity, episodes: Infinity });
    expect(over.map((b) => b.flag)).toEqual(['--max-residents', '--max-episodes']);
  });

  it('counts a sweep grid by multiplying value counts', () => {
    expect(gridSize([1000, 1000, 1000])).toBe(1e9);
    expect(gridSize([])).toBe(1);
  });
});

describe('estimate line', () => {
  it('reads as the brief form, with counts, bytes and times for people', () => {
    const e = { residents: 1.2e6, villages: 1200, episodes: 5.1e6, events: 38e6, workerBytes: 0.3e9, totalBytes: 0.75e9, workers: 2, wallSeconds: 65 };
    expect(estimateLine(e)).toBe('estimate: 1.2 M residents, ~5.1 M episodes and ~38 M events a replication, ~300 MB a worker (~750 MB in all), ~1 min on 2 workers');
    expect(formatCount(950)).toBe('950');
    expect(formatCount(4.66e12)).toBe('4.7e12');
    expect(formatBytes(2.2e14)).toBe('220,000 GB');
    expect(formatSeconds(9000)).toBe('2.5 h');
    expect(formatSeconds(Infinity)).toBe('forever');
    expect(estimateLine({ ...e, residents: Infinity })).toMatch(/too large to count/);
  });

  it('is printed by guardRun for a large run (over ~10 s or ~1 GB) unless quiet, and not for a small one', () => {
    let err = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => { err += String(s); return true; });
    try {
      const settings = { replications: 8, seed: 1, days: 395, warmupDays: 30, workers: 2, formats: ['csv' as const] };
      const e = guardRun({ scenarios: [BASELINE] }, settings, defaultLimits());
      expect(worthPrinting(e)).toBe(true);
      expect(err).toBe(`tiersim: ${estimateLine(e)}\n`);
      err = '';
      guardRun({ scenarios: [BASELINE] }, settings, defaultLimits(), true);
      guardRun({ scenarios: [TINY] }, { ...settings, days: 40, warmupDays: 10 }, defaultLimits());
      expect(err).toBe('');
    } finally {
      vi.restoreAllMocks();
    }
  });
});
