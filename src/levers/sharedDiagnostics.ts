/**
 * 共享诊断中心与远程会诊 (shared diagnostic centres and tele-consultation): at a share of
 * township centres (spread evenly over the region, every k-th township), tests of the listed
 * types done there are read by the county hospital's reading centre, and a result so read
 * counts as the county's own; and when such a township finds it cannot treat a patient, a
 * tele-consultation with a county doctor is held first, after which the township treats the
 * patient itself with some probability instead of referring it up.
 */
import { z } from 'zod';
import { makeDist, Outcome, Resource, WeeklySchedule, type Dist } from '../engine/index.js';
import { durationDist, probability, TEST_TYPES, WEEKDAYS } from '../params/fields.js';
import { PatientClass, RESULT_VALIDITY, Tier } from '../model/constants.js';
import { H_CLS, H_FACILITY, H_TEST_INDEX, TEST_SLOTS, U_LEVER_TEST, U_LEVER_VISIT } from '../model/patients.js';
import { onResult } from '../model/diagnostics.js';
import { referUp, treatHere } from '../model/outpatient.js';
import type { Lever } from '../model/lever.js';
import type { TieredModel } from '../model/model.js';
import { defineLever, type LeverDefinition } from './define.js';

export const schema = z.strictObject({
  townshipShare: probability.default(0).describe('share of township centres covered: their tests are read by the county hospital, and they hold tele-consultations with it'),
  tests: z.array(z.enum(TEST_TYPES)).default(['imaging', 'ecg']).describe('test types read by the county reading centre'),
  readers: z.number().int().positive().default(1).describe('readers per county hospital reading centre, working the county hospital\'s sessions'),
  readTime: durationDist('min', 'reading time').default({ dist: 'constant', value: 10 }).describe('time the county takes to read one test (a duration distribution; plain numbers in minutes)'),
  teleShare: probability.default(0).describe('share of the patients a covered township cannot treat for whom a tele-consultation with the county is held before referral'),
  resolveShare: probability.default(0.5).describe('share of tele-consultations after which the township treats the patient instead of referring up'),
  teleDoctors: z.number().int().positive().default(1).describe('county tele-consultation doctors per county hospital, working its sessions'),
  teleTime: durationDist('min', 'tele-consultation time').default({ dist: 'constant', value: 20 }).describe('length of a tele-consultation (a duration distribution; plain numbers in minutes)'),
}).describe('共享诊断中心与远程会诊: county reading of township tests, and tele-consultation before referral');

/** What the lever did in a replication (the whole run, warm-up included), for tests and inspection. */
export interface SharedDiagnosticsCounts {
  /** Tests read by a county reading centre, and the minutes from the end of each test to its result, summed. */
  reads: number;
  readMinutes: number;
  /** Tele-consultations held, and those after which the township treated the patient. */
  teleHeld: number;
  teleResolved: number;
}

export type SharedDiagnosticsLever = Lever & { readonly counts: SharedDiagnosticsCounts };

export const definition: LeverDefinition<'sharedDiagnostics', typeof schema> = defineLever('sharedDiagnostics', schema, (p, region): Lever | null => {
  if (p.townshipShare === 0) return null;
  const townships = region.facilities.filter((f) => f.tier === Tier.TOWNSHIP).map((f) => f.index);
  const n = Math.round(p.townshipShare * townships.length);
  const covered = new Uint8Array(region.facilities.length);
  for (let i = 0; i < n; i++) covered[townships[Math.floor((i * townships.length) / n)]] = 1;
  const read = new Uint8Array(TEST_SLOTS);
  for (const t of p.tests) read[TEST_TYPES.indexOf(t)] = 1;
  const { teleShare, resolveShare } = p;
  const noStream = (): number => {
    throw new Error('reading and tele-consultation times are drawn from the patient\'s key');
  };
  // Gamma has no quantile: its draws then come from the lever's own streams (see attach).
  let readTime: Dist;
  let teleTime: Dist;
  /** Per facility: the county hospital's reading centre and tele-consultation doctors (null elsewhere). */
  const readers: Array<Resource | null> = new Array(region.facilities.length).fill(null);
  const teleDoctors: Array<Resource | null> = new Array(region.facilities.length).fill(null);
  /** Per patient index: when its test in reading ended (the start of the wait for the result). */
  let readFrom = new Float64Array(0);
  let readEndKind = -1;
  let teleEndKind = -1;
  const counts: SharedDiagnosticsCounts = { reads: 0, readMinutes: 0, teleHeld: 0, teleResolved: 0 };

  /** The county hospital of the facility where patient q now is. */
  const countyOf = (m: TieredModel, q: number): number => m.facilities[m.patients.get(q, H_FACILITY)].county;
  const visit = (m: TieredModel, q: number): number => m.patients.visitIndex(q, Tier.TOWNSHIP);

  const startRead = (m: TieredModel, q: number): void => {
    const k = m.patients.get(q, H_TEST_INDEX);
    m.sim.schedule(Math.max(0, m.draw(readTime, q, U_LEVER_TEST + visit(m, q) * TEST_SLOTS + k)), readEndKind, q);
  };
  const readEnd = (m: TieredModel, q: number): void => {
    readers[countyOf(m, q)]!.release(0);
    counts.reads++;
    counts.readMinutes += m.sim.now - readFrom[q];
    onResult(m, q);
  };
  const startTele = (m: TieredModel, q: number): void => {
    m.sim.schedule(Math.max(0, m.draw(teleTime, q, U_LEVER_VISIT + 4 * visit(m, q) + 2)), teleEndKind, q);
  };
  const teleEnd = (m: TieredModel, q: number): void => {
    teleDoctors[countyOf(m, q)]!.release(0);
    const town = m.facilities[m.patients.get(q, H_FACILITY)];
    if (m.patients.u(q, U_LEVER_VISIT + 4 * visit(m, q) + 1) < resolveShare) {
      counts.teleResolved++;
      treatHere(m, q);
    } else referUp(m, q, town);
  };

  const lever: SharedDiagnosticsLever = {
    key: 'sharedDiagnostics',
    counts,
    attach(m) {
      readEndKind = m.sim.defineKind((q) => readEnd(m, q), 'shared-read-end');
      teleEndKind = m.sim.defineKind((q) => teleEnd(m, q), 'tele-consult-end');
      readTime = makeDist(p.readTime, p.readTime.dist === 'gamma' ? m.streams.get('shared-diagnostics/read') : noStream);
      teleTime = makeDist(p.teleTime, p.teleTime.dist === 'gamma' ? m.streams.get('shared-diagnostics/tele') : noStream);
    },
    // Each county hospital with a covered township gets a reading centre and tele-consultation
    // doctors, working the hospital's own sessions and days.
    facilityBuilt(m, f) {
      if (f.tier !== Tier.COUNTY || !townships.some((t) => covered[t] === 1 && region.facilities[t].county === f.index)) return;
      const params = region.facilities[f.index].params;
      const days = params.days.map((d) => WEEKDAYS.indexOf(d));
      const line = (name: string, capacity: number, onGrant: (q: number) => void): Resource => {
        const r = new Resource(m.sim, { capacity: 0, classes: 1, name: `${name}#${f.index}`, onGrant });
        new WeeklySchedule({ sessions: params.sessions.map((s) => ({ start: s.start, end: s.end, capacity })), days }).attach(m.sim, r);
        return r;
      };
      readers[f.index] = line('reading-centre', p.readers, (q) => startRead(m, q));
      teleDoctors[f.index] = line('tele-consultation', p.teleDoctors, (q) => startTele(m, q));
    },
    // A listed test done at a covered township goes to the county for reading; its result
    // comes back when read, instead of after the township's turnaround.
    testEnded(m, q, f, k) {
      if (covered[f.index] === 0 || read[k] === 0) return false;
      if (q >= readFrom.length) {
        const grown = new Float64Array(Math.max(1024, 2 * (q + 1)));
        grown.set(readFrom);
        readFrom = grown;
      }
      readFrom[q] = m.sim.now;
      const centre = readers[f.county]!;
      if (centre.request(q, 0) === Outcome.GRANTED) startRead(m, q);
      return true;
    },
    // A result read by the county counts as the county's own: not repeated there.
    recognises(m, q, k, age) {
      if (read[k] === 0 || age > RESULT_VALIDITY) return false;
      const done = m.patients.testFacility[q * TEST_SLOTS + k];
      const here = m.facilities[m.patients.get(q, H_FACILITY)];
      return here.tier === Tier.COUNTY && covered[done] === 1 && m.facilities[done].county === here.index;
    },
    // A covered township that cannot treat the patient consults the county first, for a share
    // of such patients (by the patient's own draw for this visit); emergencies are referred at once.
    cannotTreat(m, q, f) {
      if (covered[f.index] === 0 || m.patients.get(q, H_CLS) === PatientClass.EMERGENCY || m.patients.u(q, U_LEVER_VISIT + 4 * visit(m, q)) >= teleShare) return false;
      counts.teleHeld++;
      if (teleDoctors[f.county]!.request(q, 0) === Outcome.GRANTED) startTele(m, q);
      return true;
    },
    census(m) {
      const pending = m.sim.pendingByKind();
      let held = pending[readEndKind] + pending[teleEndKind];
      for (const r of readers) held += r?.queueLength ?? 0;
      for (const r of teleDoctors) held += r?.queueLength ?? 0;
      return held;
    },
  };
  if (teleShare === 0) delete lever.cannotTreat;
  return lever;
});
