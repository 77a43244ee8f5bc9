/**
 * The event log (`--trace`, docs/trace.md) of the tiny scenario: each case's events in time
 * order, starting with its onset (or, for a patient already in follow-up at the start, a
 * follow-up visit); every start completed unless the run ended first; counts that match the
 * metrics of the measured period; the same results with the log on; and, through the built
 * CLI, the same log whatever the number of workers, and a sample that keeps whole cases.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario, withOverrides } from '../../src/scenario/load.js';
import { runReplication } from '../../src/levers/index.js';
import { Activity, type TraceColumns } from '../../src/model/trace.js';
import { MINUTES_PER_DAY, Tier } from '../../src/model/constants.js';
import { buildRegion } from '../../src/model/region.js';
import { buildCli, metric, readCsv, ROOT, tiersim, type CsvRow } from './support.js';

const FILE = join(ROOT, 'test', 'fixtures', 'scenarios', 'tiny.yaml');
// Strokes (admitted at the county hospital, with a recovery phase) made common enough to count admissions,
// and wards too small to take them all, with nobody waiting for a bed: the county diverts admissions to the
// regional centre, which turns them away.
const { scenario } = withOverrides(loadScenario(FILE), [
  { path: 'conditions[2].incidence', value: 400 },
  { path: 'tiers.county.beds', value: 4 },
  { path: 'tiers.county.admissionQueueLimit', value: 0 },
  { path: 'tiers.regional.beds', value: 3 },
  { path: 'tiers.regional.admissionQueueLimit', value: 0 },
]);
const RUN = { scenario, seed: 11, replication: 0, days: 20, warmupDays: 5 };
const WARMUP = RUN.warmupDays * MINUTES_PER_DAY;
const region = buildRegion(scenario);
const facilityTier = region.facilities.map((f) => f.tier);

/** Row indices of each case, in the order recorded. */
function cases(t: TraceColumns): Map<number, number[]> {
  const byCase = new Map<number, number[]>();
  for (let i = 0; i < t.rows; i++) {
    const e = t.episode[i];
    if (!byCase.has(e)) byCase.set(e, []);
    byCase.get(e)!.push(i);
  }
  return byCase;
}

/** Events accepted at or after the warm-up, per tier of the facility where they happened. */
function countByTierOf(t: TraceColumns, accept: (i: number) => boolean): number[] {
  const n = [0, 0, 0, 0];
  for (let i = 0; i < t.rows; i++) if (t.time[i] >= WARMUP && accept(i)) n[facilityTier[t.facility[i]]]++;
  return n;
}

describe('the event log of one replication', () => {
  const traced = runReplication({ ...RUN, trace: { sample: 1 } });
  const plain = runReplication(RUN);
  const t = traced.trace!;
  const byCase = cases(t);

  it('leaves every result as it is without the log', () => {
    expect(plain.trace).toBeUndefined();
    expect(JSON.stringify({ ...traced, trace: undefined })).toBe(JSON.stringify(plain));
    expect(t.rows).toBeGreaterThan(1000);
  });

  it('has each case in time order, beginning with its onset, or with a follow-up visit for a patient in follow-up at the start', () => {
    const firstOnsetCase = Math.min(...[...byCase].filter(([, rows]) => t.activity[rows[0]] === Activity.ONSET).map(([e]) => e));
    let seeded = 0;
    for (const [e, rows] of byCase) {
      for (let k = 1; k < rows.length; k++) expect(t.time[rows[k]]).toBeGreaterThanOrEqual(t.time[rows[k - 1]]);
      const first = t.activity[rows[0]];
      if (first === Activity.FOLLOW_UP) {
        // Seeded in follow-up before the first onset of the run, and never has an onset.
        seeded++;
        expect(e).toBeLessThan(firstOnsetCase);
        expect(rows.some((i) => t.activity[i] === Activity.ONSET)).toBe(false);
      } else {
        expect(first).toBe(Activity.ONSET);
        expect(rows.filter((i) => t.activity[i] === Activity.ONSET)).toHaveLength(1);
      }
    }
    expect(seeded).toBeGreaterThan(10);
  });

  it('completes every consultation, test and stay where it started, unless the run ended first; a patient leaves last, once', () => {
    const pairs: Array<[number, number]> = [[Activity.CONSULT_START, Activity.CONSULT_END], [Activity.TEST_START, Activity.TEST_END], [Activity.STAY_START, Activity.DISCHARGE]];
    let open = 0;
    for (const rows of byCase.values()) {
      const leaves = rows.filter((i) => t.activity[i] === Activity.LEAVE);
      expect(leaves.length).toBeLessThanOrEqual(1);
      if (leaves.length === 1) expect(leaves[0]).toBe(rows[rows.length - 1]);
      for (const [start, end] of pairs) {
        let started = -1;
        for (const i of rows) {
          if (t.activity[i] === start) {
            expect(started).toBe(-1);
            started = i;
          } else if (t.activity[i] === end) {
            expect(started).toBeGreaterThanOrEqual(0);
            expect([t.facility[i], t.resource[i]]).toEqual([t.facility[started], t.resource[started]]);
            started = -1;
          }
        }
        if (started >= 0) {
          // Still in progress at the horizon: nothing has happened to the patient since.
          expect(started).toBe(rows[rows.length - 1]);
          open++;
        }
      }
    }
    // Each belongs to a patient still in the system at the horizon.
    expect(open).toBeGreaterThan(0);
    expect(open).toBeLessThanOrEqual(traced.inSystem);
  });

  it('counts what the metrics count in the measured period', () => {
    const tiers = ['village', 'township', 'county', 'regional'];
    const act = (a: number) => (i: number) => t.activity[i] === a;
    // visits: consultations started, per tier.
    const consults = countByTierOf(t, act(Activity.CONSULT_START));
    tiers.forEach((tier, k) => expect(consults[k]).toBe(metric(traced, { metric: 'visits', tier })));
    // follow_up_visits: consultations started on a follow-up visit (the case's last arrival a follow-up).
    const lastArrival = new Map<number, number>();
    const followUps = countByTierOf(t, (i) => {
      const a = t.activity[i];
      if (a === Activity.ARRIVAL || a === Activity.FOLLOW_UP) lastArrival.set(t.episode[i], a);
      return a === Activity.CONSULT_START && lastArrival.get(t.episode[i]) === Activity.FOLLOW_UP;
    });
    tiers.forEach((tier, k) => expect(followUps[k]).toBe(metric(traced, { metric: 'follow_up_visits', tier })));
    // Referrals up (diverted admissions included), per referring tier: flows.csv's up flows.
    const referrals = countByTierOf(t, act(Activity.REFERRAL));
    tiers.forEach((tier, k) => {
      const flows = traced.flows.filter((f) => f.direction === 'up' && f.from_tier === tier).reduce((a, f) => a + f.count, 0);
      expect(referrals[k]).toBe(flows);
    });
    expect(referrals[0]).toBeGreaterThan(0);
    // admissions: decisions to admit (a diverted admission again where it is diverted to).
    const admissions = countByTierOf(t, act(Activity.ADMISSION_DECIDED));
    tiers.forEach((tier, k) => expect(admissions[k]).toBe(metric(traced, { metric: 'admissions', tier }) || 0));
    expect(admissions.reduce((a, b) => a + b)).toBeGreaterThan(0);
    // admissions_blocked (per 100 admissions): with no queue for a bed, an admission that does not start a
    // stay at once is diverted (a referral) or turned away, at the same instant.
    const stays = countByTierOf(t, (i) => t.activity[i] === Activity.STAY_START && (i === 0 || t.activity[i - 1] !== Activity.DISCHARGE));
    const turnedAway = countByTierOf(t, act(Activity.TURNED_AWAY));
    for (const k of [Tier.COUNTY, Tier.REGIONAL]) {
      const blocked = metric(traced, { metric: 'admissions_blocked', tier: tiers[k] }) * metric(traced, { metric: 'admissions', tier: tiers[k] }) / 100;
      expect(admissions[k] - stays[k]).toBeCloseTo(blocked, 6);
    }
    expect(referrals[Tier.COUNTY]).toBeGreaterThan(admissions[Tier.COUNTY] - stays[Tier.COUNTY] - 1);
    expect(turnedAway[Tier.REGIONAL]).toBe(admissions[Tier.REGIONAL] - stays[Tier.REGIONAL]);
    expect(turnedAway[Tier.REGIONAL]).toBeGreaterThan(0);
    // stays_started: stays that begin with an admission (not the township part of a down-referred stay);
    // transfers_out: down-referrals; admissions_per_100: the stays started, a year per 100 residents.
    const down = countByTierOf(t, act(Activity.DOWN_REFERRAL));
    tiers.forEach((tier, k) => {
      expect(stays[k]).toBe(metric(traced, { metric: 'stays_started', tier }) || 0);
      expect(down[k]).toBe(metric(traced, { metric: 'transfers_out', tier }) || 0);
    });
    const perYear = (RUN.days - RUN.warmupDays) / 365;
    expect(stays.reduce((a, b) => a + b)).toBeCloseTo(metric(traced, { metric: 'admissions_per_100' }) * (4000 / 100) * perYear, 6);
    // Patients who left the system over the whole run.
    let leaves = 0;
    for (let i = 0; i < t.rows; i++) if (t.activity[i] === Activity.LEAVE) leaves++;
    expect(leaves).toBe(traced.finished);
  });

  it('keeps, with a sample, whole cases of the full log with identical rows', () => {
    const sampled = runReplication({ ...RUN, trace: { sample: 0.2 } }).trace!;
    const kept = cases(sampled);
    expect(kept.size).toBeGreaterThan(0.1 * byCase.size);
    expect(kept.size).toBeLessThan(0.3 * byCase.size);
    const row = (c: TraceColumns, i: number) => [c.episode[i], c.activity[i], c.time[i], c.facility[i], c.resource[i]];
    for (const [e, rows] of kept) expect(rows.map((i) => row(sampled, i))).toEqual(byCase.get(e)!.map((i) => row(t, i)));
  });

  it('follows a down-referred patient from the hospital bed to a bed at the home township', () => {
    // Every stroke patient at the county hospital or regional centre moved down at the end of the acute phase.
    const variant = { ...scenario, policies: { downReferral: { share: 1, fromTiers: ['county', 'regional'] as Array<'county' | 'regional'> } } };
    const job = { ...RUN, scenario: variant };
    const on = runReplication({ ...job, trace: { sample: 1 } });
    expect(JSON.stringify({ ...on, trace: undefined })).toBe(JSON.stringify(runReplication(job)));
    const d = on.trace!;
    let moves = 0;
    for (const rows of cases(d).values()) {
      rows.forEach((i, k) => {
        if (d.activity[i] !== Activity.DOWN_REFERRAL) return;
        moves++;
        const [discharge, stay] = [rows[k + 1], rows[k + 2]];
        expect([d.activity[discharge], d.facility[discharge], d.time[discharge]]).toEqual([Activity.DISCHARGE, d.facility[i], d.time[i]]);
        expect([d.activity[stay], facilityTier[d.facility[stay]], d.time[stay]]).toEqual([Activity.STAY_START, Tier.TOWNSHIP, d.time[i]]);
        expect(facilityTier[d.facility[i]]).toBeGreaterThanOrEqual(Tier.COUNTY);
        // The rest of the stay ends there.
        const next = rows.slice(k + 3).find((j) => d.activity[j] === Activity.DISCHARGE);
        if (next !== undefined) expect(d.facility[next]).toBe(d.facility[stay]);
      });
    }
    expect(moves).toBeGreaterThan(5);
    // flows.csv's down flows count the same moves in the measured period.
    const measured = countByTierOf(d, (i) => d.activity[i] === Activity.DOWN_REFERRAL);
    const flows = on.flows.filter((f) => f.direction === 'down');
    for (const [k, tier] of ['village', 'township', 'county', 'regional'].entries()) {
      expect(measured[k]).toBe(flows.filter((f) => f.from_tier === tier).reduce((a, f) => a + f.count, 0));
    }
  });
});

describe('tiersim run --trace', () => {
  let work: string;
  const read = (dir: string, file: string) => readFileSync(join(work, dir, file), 'utf8');
  beforeAll(() => {
    buildCli();
    work = mkdtempSync(join(tmpdir(), 'tiersim-trace-'));
    const run = (dir: string, ...args: string[]) => tiersim('run', FILE, '--out', join(work, dir), '-r', '2', '--days', '12', '--warmup', '2', '--quiet', ...args);
    run('one', '--trace', '--workers', '1');
    run('two', '--trace', '--workers', '2', '--format', 'csv,arrow');
    run('sample', '--trace-sample', '0.2', '--workers', '2');
  });
  afterAll(() => { if (work) rmSync(work, { recursive: true, force: true }); });

  it('writes the same trace.csv whatever the number of workers, listed in the manifest', () => {
    expect(read('two', 'trace.csv')).toBe(read('one', 'trace.csv'));
    const manifest = JSON.parse(read('two', 'manifest.json'));
    expect(manifest.files).toEqual(expect.arrayContaining(['trace.csv', 'trace.arrow']));
    expect(manifest.traceSample).toBe(1);
    expect(JSON.parse(read('sample', 'manifest.json')).traceSample).toBe(0.2);
  });

  it('gives consultations per tier equal to the visits of summary.csv (mean over replications)', () => {
    const trace = readCsv(join(work, 'one', 'trace.csv'));
    const summary = readCsv(join(work, 'one', 'summary.csv'));
    for (const tier of ['village', 'township', 'county', 'regional']) {
      const n = trace.filter((r: CsvRow) => r['concept:name'] === 'consultation' && r['lifecycle:transition'] === 'start' && r.tier === tier && Number(r.time_min) >= 2 * MINUTES_PER_DAY).length;
      const row = summary.find((r) => r.metric === 'visits' && r.tier === tier)!;
      expect(n / 2).toBeCloseTo(Number(row.mean), 9);
    }
  });

  it('keeps with --trace-sample whole cases of the full log, rows unchanged', () => {
    const full = readCsv(join(work, 'one', 'trace.csv'));
    const sample = readCsv(join(work, 'sample', 'trace.csv'));
    const kept = new Set(sample.map((r) => r['case:concept:name']));
    expect(kept.size).toBeGreaterThan(0);
    expect(sample).toEqual(full.filter((r) => kept.has(r['case:concept:name'])));
  });

  it('refuses a sample outside (0, 1] with exit code 2', () => {
    for (const bad of ['0', '1.5', '-0.1', 'x']) {
      const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'tiersim.js'), 'run', FILE, '--out', join(work, 'bad'), '--trace-sample', bad], { encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/--trace-sample must be a share of episodes in \(0, 1\]/);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    }
  });
});
