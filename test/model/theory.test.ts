/**
 * The whole model against queueing theory, through the public path: the scenarios in
 * scenarios/theory/ run with the built CLI (`tiersim run`), and the results folder is
 * checked against closed forms. A township centre open around the clock with
 * exponential consultations is an M/M/c queue (Erlang C); a ward without an admission
 * queue is an M/M/c/c loss system (Erlang B). Each check uses a 99 % t-interval over the
 * independent replications in replications.csv.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meanCI, rangeInterval, type Interval } from '../../src/metrics/ci.js';
import { erlangB, erlangC, mmcMeanWait } from '../../src/metrics/queueing.js';
import { buildCli, perReplication, readCsv, summaryRow, tiersim, type CsvRow } from './support.js';

const REPS = 20;
const DAY = 1440;

let work: string;

interface Run { summary: CsvRow[]; reps: CsvRow[]; series: CsvRow[]; days: number; warmupDays: number }

function runTheory(name: string): Run {
  const out = join(work, name);
  tiersim('run', `scenarios/theory/${name}.yaml`, '--out', out, '--replications', String(REPS), '--workers', '2', '--quiet');
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { days: number; warmupDays: number; replications: number };
  expect(manifest.replications).toBe(REPS);
  return {
    summary: readCsv(join(out, 'summary.csv')),
    reps: readCsv(join(out, 'replications.csv')),
    series: readCsv(join(out, 'timeseries.csv')),
    days: manifest.days,
    warmupDays: manifest.warmupDays,
  };
}

/** Asserts that `theory` lies inside the interval, saying what was compared when it does not. */
function expectInside(what: string, theory: number, ci: Interval): void {
  const text = `${what}: theory ${theory.toFixed(4)}, simulation ${ci.mean.toFixed(4)} ± ${ci.halfWidth.toFixed(4)} (99 %, n=${ci.n})`;
  console.info(text);
  expect(ci.low, text).toBeLessThanOrEqual(theory);
  expect(ci.high, text).toBeGreaterThanOrEqual(theory);
}

let mmc: Run;
let loss: Run;

beforeAll(() => {
  buildCli();
  work = mkdtempSync(join(tmpdir(), 'tiersim-theory-'));
  mmc = runTheory('mmc');
  loss = runTheory('erlang-b');
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('M/M/3 township clinic (scenarios/theory/mmc.yaml)', () => {
  // The parameters of the scenario file (its comment derives them).
  const c = 3;
  const mu = 1 / 10; // per minute
  const lambda = (36_500 * 3_456) / 1000 / 365 / DAY; // per minute: 345.6 a day
  const rho = lambda / (c * mu);
  const wq = mmcMeanWait(lambda, mu, c);
  const travel = 20;

  it('is the queue the scenario comment says it is', () => {
    expect(rho).toBeCloseTo(0.8, 12);
    expect(erlangC(c, lambda / mu)).toBeCloseTo(0.6472, 4);
    expect(wq).toBeCloseTo(10.79, 2);
  });

  it('summary.csv agrees with replications.csv', () => {
    const values = perReplication(mmc.reps, { metric: 'wait_consult', tier: 'township' }, REPS);
    const row = summaryRow(mmc.summary, { metric: 'wait_consult', tier: 'township' });
    expect(Number(row.n)).toBe(REPS);
    expect(Number(row.mean)).toBeCloseTo(meanCI(values).mean, 9);
    const { mean, sd, n } = meanCI(values);
    expect(Number(row.ci_low)).toBeCloseTo(rangeInterval(mean, sd, n, 'nonneg').low, 9);
    expect(row.ci_method).toBe('log');
  });

  it('onsets arrive at lambda = 345.6 a day', () => {
    const visits = perReplication(mmc.reps, { metric: 'visits', tier: 'township' }, REPS);
    const perDay = visits.map((v) => v / (mmc.days - mmc.warmupDays));
    expectInside('township visits per day', lambda * DAY, meanCI(perDay, 0.99));
  });

  it('the mean wait for a consultation matches Erlang C', () => {
    const waits = perReplication(mmc.reps, { metric: 'wait_consult', tier: 'township' }, REPS);
    expectInside('M/M/3 Wq (min)', wq, meanCI(waits, 0.99));
  });

  it('doctor utilisation matches rho', () => {
    const u = perReplication(mmc.reps, { metric: 'doctor_utilisation', tier: 'township' }, REPS);
    expectInside('doctor_utilisation', rho, meanCI(u, 0.99));
  });

  it('the daily mean queue length obeys Little\'s law, Lq = lambda Wq', () => {
    const waits = perReplication(mmc.reps, { metric: 'wait_consult', tier: 'township' }, REPS);
    const visits = perReplication(mmc.reps, { metric: 'visits', tier: 'township' }, REPS);
    const measured = (mmc.days - mmc.warmupDays) * DAY;
    const lq = new Array<number>(REPS).fill(0);
    let counted = 0;
    for (const r of mmc.series) {
      if (r.metric !== 'queue_consult' || r.tier !== 'township' || Number(r.day) < mmc.warmupDays) continue;
      lq[Number(r.replication)] += Number(r.value) / (mmc.days - mmc.warmupDays);
      counted++;
    }
    expect(counted).toBe(REPS * (mmc.days - mmc.warmupDays));
    // Against theory: Lq = lambda Wq.
    expectInside('M/M/3 Lq', lambda * wq, meanCI(lq, 0.99));
    // On each sample path: time-average queue minus (throughput x mean wait) is only edge effects, zero on average.
    const diff = lq.map((x, i) => x - (visits[i] / measured) * waits[i]);
    expectInside('Lq - throughput x Wq per replication', 0, meanCI(diff, 0.99));
  });

  it('time to care is travel plus the wait, up to the start of the consultation', () => {
    // docs: time_to_care runs from onset to the START of the consultation at the treating tier.
    const ttc = perReplication(mmc.reps, { metric: 'time_to_care', tier: 'township' }, REPS);
    expectInside('time_to_care (min)', travel + wq, meanCI(ttc, 0.99));
  });
});

describe('M/M/10/10 township ward (scenarios/theory/erlang-b.yaml)', () => {
  const beds = 10;
  const lambda = (36_500 * 40) / 1000 / 365; // admissions per day
  const los = 2; // days
  const a = lambda * los;
  const b = erlangB(beds, a);

  it('is the loss system the scenario comment says it is', () => {
    expect(a).toBeCloseTo(8, 12);
    expect(100 * b).toBeCloseTo(12.17, 2);
  });

  it('admissions blocked per 100 match 100 x Erlang B', () => {
    const blocked = perReplication(loss.reps, { metric: 'admissions_blocked', tier: 'township' }, REPS);
    expectInside('admissions_blocked (per 100)', 100 * b, meanCI(blocked, 0.99));
  });

  it('bed occupancy matches the carried load a (1 - B) / c', () => {
    const occ = perReplication(loss.reps, { metric: 'bed_occupancy', tier: 'township' }, REPS);
    expectInside('bed_occupancy', (a * (1 - b)) / beds, meanCI(occ, 0.99));
  });

  it('nobody waits for a bed: there is no admission queue', () => {
    const waits = perReplication(loss.reps, { metric: 'wait_admission', tier: 'township' }, REPS);
    expect(waits.every((w) => w === 0)).toBe(true);
  });
});
