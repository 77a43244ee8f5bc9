/**
 * 双向转诊 (two-way referral, recovery down-referral): at the end of the acute phase,
 * a share of county and regional inpatients whose condition has a recovery phase move
 * to a bed at their home township centre, if one is free, and finish their stay there.
 */
import { z } from 'zod';
import { probability } from '../params/fields.js';
import { Outcome, PatientClass, Tier, TIER_COUNT, TIER_INDEX } from '../model/constants.js';
import { H_ARRIVE, H_CLS, H_FACILITY, H_TRAVEL, H_VILLAGE, U_DOWN } from '../model/patients.js';
import { bedsChanged, dischargeFrom } from '../model/inpatient.js';
import { queueClass } from '../model/episode.js';
import type { Lever } from '../model/lever.js';
import { Activity, TraceResource } from '../model/trace.js';
import { defineLever, type LeverDefinition } from './define.js';

export const schema = z.strictObject({
  share: probability.default(0).describe('share of eligible county and regional inpatients moved to a township bed for recovery, when one is free'),
  fromTiers: z.array(z.enum(['county', 'regional'])).default(['county', 'regional']),
}).describe('双向转诊: recovery-phase down-referral to township beds');

export const definition: LeverDefinition<'downReferral', typeof schema> = defineLever('downReferral', schema, (p): Lever | null => {
  if (p.share === 0) return null;
  const share = p.share;
  const fromTiers = new Array<boolean>(TIER_COUNT).fill(false);
  for (const t of p.fromTiers) fromTiers[TIER_INDEX[t]] = true;
  return {
    key: 'downReferral',
    // A share of the stays at the chosen tiers, by the patient's own draw.
    splitsStay: (model, patient, facility) => fromTiers[facility.tier] && model.patients.u(patient, U_DOWN) < share,
    // Moves now, if the home township centre has a free bed nobody waits for: the county or
    // regional bed is freed and the rest of the stay is at the township.
    acuteEnd(model, patient, from) {
      const P = model.patients;
      const town = model.facilities[model.villageFacility[TIER_COUNT * P.get(patient, H_VILLAGE) + Tier.TOWNSHIP]];
      const ward = town.ward;
      if (ward === null || ward.inUse >= ward.capacity || ward.queueLength !== 0) return false;
      const now = model.sim.now;
      const monitor = model.monitor;
      if (monitor !== null) {
        // In the trace: the down-referral, the end of the stay here, and a stay at the township.
        monitor.event(patient, Activity.DOWN_REFERRAL, now, from.index, TraceResource.NONE);
        monitor.event(patient, Activity.DISCHARGE, now, from.index, TraceResource.BEDS);
      }
      dischargeFrom(model, patient, from, now - P.get(patient, H_ARRIVE));
      model.metrics.referral(from.tier, Tier.TOWNSHIP, false);
      model.metrics.downReferred(from.tier);
      model.metrics.transferred(from.tier, Tier.TOWNSHIP);
      P.set(patient, H_CLS, PatientClass.REFERRED);
      P.set(patient, H_FACILITY, town.index);
      P.set(patient, H_TRAVEL, P.get(patient, H_TRAVEL) + model.region.travelUp[town.index]);
      if (ward.request(patient, queueClass(model, patient, town)) !== Outcome.GRANTED) throw new Error('down-referral found no free township bed');
      P.set(patient, H_ARRIVE, now);
      if (monitor !== null) monitor.event(patient, Activity.STAY_START, now, town.index, TraceResource.BEDS);
      bedsChanged(model, town);
      return true;
    },
  };
});
