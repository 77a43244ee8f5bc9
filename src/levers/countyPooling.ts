/**
 * 医共体内床位、号源统筹 (pooling of beds and slots within a county medical community): the
 * county hospital and its township centres use their beds as one ward. An admission that finds
 * the county hospital's ward full is placed, with the patient's consent (`bedShare`), in a free
 * bed of a township centre of the same county within `maxTravel` of the hospital (the patient's
 * home township first, then the nearest), if the township can care for the condition; with
 * `upward`, an admission that finds a township ward full goes to a free bed of its county
 * hospital. With `slots`, referred patients queue ahead of walk-ins at county hospitals.
 * The bed is taken when the placement is decided; the stay starts when the patient gets there.
 */
import { z } from 'zod';
import { duration, probability } from '../params/fields.js';
import { Outcome, Tier, TIER_COUNT } from '../model/constants.js';
import { H_CONDITION, H_FACILITY, H_TRAVEL, H_VILLAGE, U_WARD_FULL } from '../model/patients.js';
import { bedsChanged, startStay } from '../model/inpatient.js';
import { queueClass } from '../model/episode.js';
import type { Facility } from '../model/facilities.js';
import type { Lever } from '../model/lever.js';
import type { TieredModel } from '../model/model.js';
import { defineLever, type LeverDefinition } from './define.js';

export const schema = z.strictObject({
  bedShare: probability.default(0).describe('share of admissions finding the county hospital\'s ward full that accept a free bed at a township centre of the same county instead'),
  maxTravel: duration('min', 'travel time').default(60).describe('longest travel from the county hospital to a township centre taking such a patient (plain numbers in minutes)'),
  upward: z.boolean().default(false).describe('an admission finding a township centre\'s ward full goes to a free bed of its county hospital instead of queueing or being diverted'),
  slots: z.boolean().default(false).describe('referred patients queue ahead of walk-ins at county hospitals (slots released to member townships, no capacity held)'),
}).describe('医共体内床位、号源统筹: beds and slots pooled within the county medical community');

export const definition: LeverDefinition<'countyPooling', typeof schema> = defineLever('countyPooling', schema, (p, region): Lever | null => {
  if (p.bedShare === 0 && !p.upward && !p.slots) return null;
  const { bedShare, maxTravel, upward, slots } = p;
  // Per county hospital: its township centres within maxTravel, nearest first (ties by index).
  const near = new Map<number, number[]>();
  for (const f of region.facilities) {
    if (f.tier !== Tier.TOWNSHIP || region.travelUp[f.index] > maxTravel) continue;
    const list = near.get(f.county) ?? [];
    list.push(f.index);
    near.set(f.county, list);
  }
  for (const list of near.values()) list.sort((a, b) => region.travelUp[a] - region.travelUp[b] || a - b);
  const noTownship: number[] = [];
  let arriveKind = -1;

  /** Whether facility f's ward has a bed free to patient p now. */
  const free = (model: TieredModel, patient: number, f: Facility): boolean =>
    f.ward !== null && f.beds > 0 && f.ward.wouldGrant(queueClass(model, patient, f));

  /** Takes a bed at `to` for the patient and sends it there from `from` (travelling `minutes`); the stay starts on arrival. */
  const place = (model: TieredModel, patient: number, from: Facility, to: Facility, minutes: number): void => {
    const P = model.patients;
    if (to.ward!.request(patient, queueClass(model, patient, to)) !== Outcome.GRANTED) throw new Error('county pooling found no free bed where it had one');
    bedsChanged(model, to);
    model.metrics.referral(from.tier, to.tier, to.tier > from.tier);
    model.metrics.admissionRequested(to.tier);
    model.planner.placedInBed(from.index, to.index);
    P.set(patient, H_FACILITY, to.index);
    P.set(patient, H_TRAVEL, P.get(patient, H_TRAVEL) + minutes);
    model.sim.schedule(minutes, arriveKind, patient);
  };

  /** A free township bed for patient p, admitted at county hospital f: the home township's, else the nearest; null if none. */
  const townshipBed = (model: TieredModel, patient: number, f: Facility): Facility | null => {
    const home = model.facilities[model.villageFacility[TIER_COUNT * model.patients.get(patient, H_VILLAGE) + Tier.TOWNSHIP]];
    const list = near.get(f.index) ?? noTownship;
    if (home.county === f.index && region.travelUp[home.index] <= maxTravel && free(model, patient, home)) return home;
    for (let i = 0; i < list.length; i++) {
      const t = model.facilities[list[i]];
      if (free(model, patient, t)) return t;
    }
    return null;
  };

  return {
    key: 'countyPooling',
    attach(model) {
      arriveKind = model.sim.defineKind((patient) => startStay(model, patient), 'pooled-bed-arrive');
    },
    referredFirst: slots ? (facility) => facility.tier === Tier.COUNTY : undefined,
    wardFull: bedShare > 0 || upward ? (model, patient, f) => {
      if (f.tier === Tier.COUNTY) {
        if (bedShare === 0 || model.patients.u(patient, U_WARD_FULL) >= bedShare) return false;
        // Only a condition a township centre may admit.
        if (model.conditions.admit[model.patients.get(patient, H_CONDITION) * TIER_COUNT + Tier.TOWNSHIP] <= 0) return false;
        const town = townshipBed(model, patient, f);
        if (town === null) return false;
        place(model, patient, f, town, region.travelUp[town.index]);
        return true;
      }
      if (f.tier === Tier.TOWNSHIP && upward && f.parent >= 0) {
        const county = model.facilities[f.parent];
        if (county.tier !== Tier.COUNTY || !free(model, patient, county)) return false;
        place(model, patient, f, county, region.travelUp[f.index]);
        return true;
      }
      return false;
    } : undefined,
    census: (model) => model.sim.pendingByKind()[arriveKind],
  };
});
