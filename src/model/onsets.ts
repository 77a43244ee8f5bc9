/**
 * Where episodes begin and how patients get to a facility: the villages' onset processes,
 * the condition and first contact of each new episode (emergencies by ambulance to a
 * hospital, others by the first-contact choice, choice.ts), and the journey, which ends when
 * the facility is open.
 */
import { MINUTES_PER_MONTH, nextArrival, RateProfile, StreamBank } from '../engine/index.js';
import { PatientClass, Tier, TIER_COUNT } from './constants.js';
import {
  F_COUNTED, F_REGIONAL, F_SIGNED, H_CLS, H_CONDITION, H_FACILITY, H_FLAGS, H_FOLLOW_UPS, H_KEY, H_ONSET, H_TRAVEL, H_VILLAGE,
  U_CHOICE, U_COMPLY, U_SIGNED, U_SPREAD,
} from './patients.js';
import type { Facility } from './facilities.js';
import { isVisitingFollowUp } from './episode.js';
import type { TieredModel } from './model.js';
import { Activity, TraceResource } from './trace.js';

/** Onsets are generated in windows of this many minutes (see onOnsets). */
const ONSET_BATCH = 60;

/**
 * Onsets: Poisson in each village at scale[v] x the shared monthly profile. Village v draws
 * its onset times from stream 2v of `streams` and its episodes (condition and key) from
 * stream 2v + 1: 64 contiguous bytes per village.
 */
export interface OnsetProcess {
  profile: RateProfile;
  scale: Float64Array;
  /** Per village: the time of its next onset not yet generated. */
  nextAt: Float64Array;
  streams: StreamBank;
}

/** The villages' onset processes: one monthly profile of all conditions together, scaled by each village's population. */
export function buildOnsets(m: TieredModel): OnsetProcess {
  const table = m.conditions;
  const byMonth = Array.from({ length: 12 }, (_, month) => {
    let r = 0;
    for (let c = 0; c < table.count; c++) r += table.rate[c] * table.season[c * 12 + month];
    return r;
  });
  let mean = 0;
  for (const r of byMonth) mean += r / 12;
  const monthly = byMonth.map((r) => (mean > 0 ? r / mean : 0));
  const villages = m.region.villages;
  return {
    profile: new RateProfile({ base: 1, monthly }),
    scale: Float64Array.from(villages, (v) => mean * v.population),
    nextAt: new Float64Array(villages.length),
    streams: new StreamBank(m.streams, villages.flatMap((v) => [`arrivals/village-${v.index}`, `episodes/village-${v.index}`])),
  };
}

/** The first onset in village v strictly after t. */
export function nextOnset(m: TieredModel, v: number, t: number): number {
  const onsets = m.onsets;
  return nextArrival(onsets.profile, onsets.scale[v], t, onsets.streams, 2 * v);
}

/**
 * The onsets of every village in the next batch window, in one event: window ends are the
 * multiples of ONSET_BATCH, the warm-up and the horizon. An onset's work (the patient, the
 * first-contact choice, the arrival time) depends only on the village's streams, the
 * patient's own draws and the timetables, never on the state of the system, so doing it
 * up to an hour early changes no result; it saves an event per onset (a fifth of all
 * events). A window never spans the warm-up, whose reset (at priority 0) comes first, so
 * that first contacts of counted episodes are never lost to it.
 */
export function onOnsets(m: TieredModel): void {
  const start = m.sim.now;
  let end = Math.min((Math.floor(start / ONSET_BATCH) + 1) * ONSET_BATCH, m.horizon);
  if (start < m.warmup && m.warmup < end) end = m.warmup;
  const next = m.onsets.nextAt;
  for (let v = 0; v < next.length; v++) {
    let t = next[v];
    while (t < end) {
      onset(m, v, t);
      t = nextOnset(m, v, t);
    }
    next[v] = t;
  }
  if (end < m.horizon) m.sim.scheduleAt(end, m.K_ONSETS, 0);
}

/** An episode begins in village v at time `now` (not before the current time). */
function onset(m: TieredModel, v: number, now: number): void {
  // Which condition: in proportion to its rate this month.
  const table = m.conditions;
  const nc = table.count;
  const base = (Math.floor(now / MINUTES_PER_MONTH) % 12) * nc;
  const streams = m.onsets.streams;
  const x = streams.next(2 * v + 1);
  let cond = 0;
  while (cond < nc - 1 && x >= table.cumulative[base + cond]) cond++;

  const P = m.patients;
  const p = P.alloc();
  P.set(p, H_VILLAGE, v);
  P.set(p, H_CONDITION, cond);
  P.set(p, H_ONSET, now);
  P.set(p, H_KEY, (streams.next(2 * v + 1) * 4294967296) | 0);
  let flags = now >= m.warmup ? F_COUNTED : 0;
  if (P.u(p, U_SIGNED) < m.choice.signedCoverage) flags |= F_SIGNED;
  P.set(p, H_FLAGS, flags);
  P.set(p, H_FOLLOW_UPS, table.followUpVisits[cond]);
  m.metrics.episodeStarted();
  if (flags & F_COUNTED) m.metrics.episodeCounted();
  if (m.monitor !== null) {
    m.monitor.begin(p);
    m.monitor.event(p, Activity.ONSET, now, -1, TraceResource.NONE);
  }

  const home = m.villageFacility;
  const travel = m.villageTravel;
  const row = TIER_COUNT * v;
  let tier: number;
  if (table.emergency[cond]) {
    P.set(p, H_CLS, PatientClass.EMERGENCY);
    const county = m.facilities[home[row + Tier.COUNTY]];
    const countyCan = table.capable[cond * TIER_COUNT + Tier.COUNTY] > 0 && (county.emergency !== null || county.doctors > 0);
    tier = countyCan ? Tier.COUNTY : Tier.REGIONAL;
    const levers = m.hooks.emergencyFirstContact;
    for (let i = 0; i < levers.length; i++) tier = levers[i].emergencyFirstContact!(m, p, v, tier);
    travelTo(m, p, now, home[row + tier], travel[row + tier] * m.scenario.region.ambulanceFactor, true);
    return;
  }
  P.set(p, H_CLS, PatientClass.WALK_IN);
  if (table.firstContact[cond] >= 0) tier = table.firstContact[cond];
  else {
    const signed = (flags & F_SIGNED) !== 0;
    const bound = signed && P.u(p, U_COMPLY) < m.choice.boundShare;
    tier = m.choice.pick(v, cond, signed, bound, P.u(p, U_CHOICE));
  }
  m.metrics.firstContact(flags & F_COUNTED, tier);
  if (flags & F_COUNTED) m.planner.firstContact((flags & F_SIGNED) !== 0, tier);
  travelTo(m, p, now, home[row + tier], travel[row + tier], false);
}

/** Sends a patient, setting out at `leave`, to facility f; non-emergencies arrive when it is open. */
export function travelTo(m: TieredModel, p: number, leave: number, f: number, minutes: number, urgent: boolean): void {
  const P = m.patients;
  const sim = m.sim;
  P.set(p, H_FACILITY, f);
  P.set(p, H_TRAVEL, P.get(p, H_TRAVEL) + minutes);
  if (m.facilities[f].tier === Tier.REGIONAL) P.set(p, H_FLAGS, P.get(p, H_FLAGS) | F_REGIONAL);
  const at = arrivalTime(m, p, m.facilities[f], leave, minutes, urgent);
  if (at === sim.now) m.next.arrive(p);
  else sim.scheduleAt(at, m.K_ARRIVE, p);
}

/**
 * When patient p, leaving at `leave` for facility `fac` `minutes` away, arrives: non-emergencies
 * when it is open, referred patients at the slot a lever booked for them.
 */
export function arrivalTime(m: TieredModel, p: number, fac: Facility, leave: number, minutes: number, urgent: boolean): number {
  const P = m.patients;
  let at = leave + minutes;
  if (!urgent && !(fac.emergency !== null && P.get(p, H_CLS) === PatientClass.EMERGENCY)) {
    const schedule = isVisitingFollowUp(m, p, fac) ? fac.visitingSchedule! : fac.schedule;
    if (P.get(p, H_CLS) === PatientClass.REFERRED && fac.booking !== null) at = fac.booking.bookArrival!(m, fac, at);
    else if (!schedule.isOpen(at)) {
      // Patients set out so as to arrive after opening, spread over the first hour.
      at = schedule.nextOpen(at) + 60 * P.u(p, U_SPREAD);
    }
  }
  return at;
}
