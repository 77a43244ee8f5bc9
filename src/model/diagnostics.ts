/**
 * Diagnostics after a consultation: the tests the condition needs that the facility can do,
 * one after another, each queued for at its diagnostic line, charged, and followed by the
 * wait for its result; a lever may accept a result from another facility instead of a
 * repeated test (on top of the share accepted without any policy), or take charge of a result's return. Then the outcome is decided (outpatient.ts).
 */
import { Outcome, RESULT_VALIDITY } from './constants.js';
import { TEST_TYPE_COUNT } from './conditions.js';
import { H_CONDITION, H_FACILITY, H_TEST_INDEX, TEST_SLOTS, U_RECOGNISE, U_TEST } from './patients.js';
import { charge } from './costs.js';
import { queueClass } from './episode.js';
import type { Facility } from './facilities.js';
import type { TieredModel } from './model.js';
import { Activity, TraceResource } from './trace.js';

/** Orders the next test the condition needs that this facility can do; then decides. */
export function nextTest(m: TieredModel, p: number): void {
  const P = m.patients;
  const fi = P.get(p, H_FACILITY);
  const f = m.facilities[fi];
  const cond = P.get(p, H_CONDITION);
  const now = m.sim.now;
  for (let k = P.get(p, H_TEST_INDEX); k < TEST_TYPE_COUNT; k++) {
    if (m.conditions.tests[cond * TEST_TYPE_COUNT + k] === 0 || f.tests[k] === null) continue;
    const prior = P.testTime[p * TEST_SLOTS + k];
    const elsewhere = prior > -Infinity && P.testFacility[p * TEST_SLOTS + k] !== fi;
    const valid = elsewhere && now - prior <= RESULT_VALIDITY;
    if (elsewhere && recognised(m, p, k, now - prior, valid)) {
      m.metrics.testRecognised(f.tier, k, valid);
      m.planner.testRecognised(k, valid);
      continue;
    }
    P.set(p, H_TEST_INDEX, k);
    m.metrics.testDone(f.tier, valid, k);
    m.planner.testDone(k, valid);
    charge(m, p, fi, m.fees.test[fi * TEST_TYPE_COUNT + k], false);
    if (f.tests[k]!.request(p, queueClass(m, p, f)) === Outcome.GRANTED) startTest(m, p);
    return;
  }
  m.next.afterTests(p);
}

/**
 * Whether patient p's result of test type k from another facility, `age` minutes old, is
 * accepted instead of a new test: without any policy when it is still valid and the patient's
 * own draw for the test type (U_RECOGNISE + k) falls below the scenario's
 * `tests.recognitionWithoutPolicy`; otherwise when a lever accepts it.
 */
function recognised(m: TieredModel, p: number, k: number, age: number, valid: boolean): boolean {
  if (valid && m.patients.u(p, U_RECOGNISE + k) < m.recognitionBase[k]) return true;
  const levers = m.hooks.recognises;
  for (let i = 0; i < levers.length; i++) if (levers[i].recognises!(m, p, k, age)) return true;
  return false;
}

/** The test in progress starts: its length comes from the patient's own key. */
export function startTest(m: TieredModel, p: number): void {
  const P = m.patients;
  const f = m.facilities[P.get(p, H_FACILITY)];
  const k = P.get(p, H_TEST_INDEX);
  if (m.monitor !== null) m.monitor.event(p, Activity.TEST_START, m.sim.now, f.index, TraceResource.TEST + k);
  m.sim.schedule(Math.max(0, m.draw(f.testTime[k]!, p, U_TEST + P.visitIndex(p, f.tier) * TEST_SLOTS + k)), m.K_TEST_END, p);
}

/** The test is done: the line is freed, the result recorded, and comes after the turnaround. */
export function onTestEnd(m: TieredModel, p: number): void {
  const P = m.patients;
  const fi = P.get(p, H_FACILITY);
  const f = m.facilities[fi];
  const k = P.get(p, H_TEST_INDEX);
  if (m.monitor !== null) m.monitor.event(p, Activity.TEST_END, m.sim.now, fi, TraceResource.TEST + k);
  f.tests[k]!.release(queueClass(m, p, f));
  P.testTime[p * TEST_SLOTS + k] = m.sim.now;
  P.testFacility[p * TEST_SLOTS + k] = fi;
  if (m.hooks.testEnded.length > 0 && resultTaken(m, p, f, k)) return;
  if (f.turnaround[k] > 0) m.sim.schedule(f.turnaround[k], m.K_RESULT, p);
  else onResult(m, p);
}

/** Whether a lever takes charge of the return of patient p's result of test type k done at facility f. */
function resultTaken(m: TieredModel, p: number, f: Facility, k: number): boolean {
  const levers = m.hooks.testEnded;
  for (let i = 0; i < levers.length; i++) if (levers[i].testEnded!(m, p, f, k)) return true;
  return false;
}

/** A result is back: on to the next test. */
export function onResult(m: TieredModel, p: number): void {
  m.patients.set(p, H_TEST_INDEX, m.patients.get(p, H_TEST_INDEX) + 1);
  nextTest(m, p);
}
