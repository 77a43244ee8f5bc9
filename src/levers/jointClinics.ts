/**
 * 慢性病联合门诊 (chronic-disease joint clinics): county specialists hold sessions at
 * a share of township centres on set weekdays. Chronic patients whose care sits at
 * the county hospital have their follow-up visits there instead of travelling.
 * Host townships are spread evenly over the region (every k-th township).
 */
import { z } from 'zod';
import { Resource, WeeklySchedule } from '../engine/index.js';
import { probability, WEEKDAYS } from '../params/fields.js';
import { Tier, TIER_COUNT } from '../model/constants.js';
import { H_VILLAGE } from '../model/patients.js';
import { startConsult } from '../model/outpatient.js';
import type { Lever } from '../model/lever.js';
import { defineLever, type LeverDefinition } from './define.js';

export const schema = z.strictObject({
  townshipShare: probability.default(0).describe('share of township centres that host a joint chronic-disease clinic'),
  specialists: z.number().int().positive().default(1).describe('county specialists per joint-clinic session'),
  days: z.array(z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'])).default(['tue', 'thu']).describe('weekdays of the joint-clinic sessions'),
}).describe('慢性病联合门诊: county specialists see chronic patients at township centres');

/** The clinic's sessions: 08:00-12:00 and 14:00-17:30 (minutes after midnight). */
const SESSIONS = [{ start: 480, end: 720 }, { start: 840, end: 1050 }];

export const definition: LeverDefinition<'jointClinics', typeof schema> = defineLever('jointClinics', schema, (p, region): Lever | null => {
  if (p.townshipShare === 0) return null;
  const townships = region.facilities.filter((f) => f.tier === Tier.TOWNSHIP).map((f) => f.index);
  const n = Math.round(p.townshipShare * townships.length);
  const hosts = new Set<number>();
  for (let i = 0; i < n; i++) hosts.add(townships[Math.floor((i * townships.length) / n)]);
  const days = p.days.map((d) => WEEKDAYS.indexOf(d));
  const specialists = p.specialists;
  return {
    key: 'jointClinics',
    // A host township centre gets the specialists' line as its visiting clinic, open on the clinic's days.
    facilityBuilt(model, facility) {
      if (!hosts.has(facility.index)) return;
      const sim = model.sim;
      facility.visitingClinic = new Resource(sim, { capacity: 0, classes: 3, name: `joint-clinic#${facility.index}`, onGrant: (patient) => startConsult(model, patient) });
      facility.visitingSchedule = new WeeklySchedule({ sessions: SESSIONS.map((s) => ({ ...s, capacity: specialists })), days });
      facility.visitingSchedule.attach(sim, facility.visitingClinic);
    },
    // Follow-ups of care at the county hospital or above go to the clinic of a host home township.
    followUpVenue(model, patient, venue) {
      const home = model.villageFacility[TIER_COUNT * model.patients.get(patient, H_VILLAGE) + Tier.TOWNSHIP];
      return model.facilities[venue].tier >= Tier.COUNTY && hosts.has(home) ? home : venue;
    },
  };
});
