/**
 * 上级医师下沉与巡回医疗 (doctors posted down, rounds in villages): on set weekdays, doctors
 * of each county hospital hold sessions at a share of its township centres, and doctors of
 * each township centre go round a share of its village clinics (巡诊). On those days the
 * visited facility has that many more doctors in its own session hours, and a consultation
 * started there while they are present is as capable as the visitors' tier (the patient's
 * capability draw is compared with the larger of the two tiers' capabilities); the facility
 * that sends them has that many fewer doctors all day. Visited facilities are spread evenly
 * over their parent's (every k-th); a facility keeps at least one doctor of its own, so it
 * sends no more visitors than that allows.
 */
import { z } from 'zod';
import { probability, WEEKDAYS } from '../params/fields.js';
import { MINUTES_PER_DAY, PatientClass, Tier, TIER_COUNT } from '../model/constants.js';
import { H_CLS, H_CONDITION, H_SEEN, H_SEEN_AT } from '../model/patients.js';
import type { FacilitySpec, Region } from '../model/region.js';
import type { Lever } from '../model/lever.js';
import { defineLever, type LeverDefinition } from './define.js';

const weekdays = z.array(z.enum(WEEKDAYS));

export const schema = z.strictObject({
  townshipShare: probability.default(0).describe("share of each county's township centres where county doctors hold sessions"),
  countyDoctors: z.number().int().positive().default(1).describe('county doctors at each visited township centre on its visiting days'),
  townshipDays: weekdays.default(['tue', 'thu']).describe('weekdays county doctors spend at township centres'),
  villageShare: probability.default(0).describe("share of each township's village clinics that township doctors go round to (巡诊)"),
  townshipDoctors: z.number().int().positive().default(1).describe('township doctors at each visited village clinic on its visiting days'),
  villageDays: weekdays.default(['wed']).describe('weekdays of the rounds in villages'),
}).describe('上级医师下沉/巡回医疗: county doctors at township centres, township doctors on rounds in villages');

/** What the lever decided for a region: per facility and weekday, doctors gained (visitors) or lost (sent). */
export interface Postings {
  /** Per facility × 7 weekdays: doctors added to (+) or taken from (-) its outpatient line that day. */
  delta: Int32Array;
  /** Per facility: the tier of its visitors (-1: never visited). */
  visitorTier: Int8Array;
  /** Per facility: bit d set when visitors are there on weekday d. */
  visitDays: Uint8Array;
}

/**
 * The visits of one tier to the tier below: each sending facility of tier `tier + 1` sends
 * `doctors` to an even spread of `share` of its children on `days`, as many as leave it one
 * doctor of its own. A child closed on a weekday is not visited then.
 */
function post(region: Region, out: Postings, tier: number, share: number, doctors: number, days: readonly number[]): void {
  if (share === 0 || days.length === 0) return;
  const children = new Map<number, FacilitySpec[]>();
  for (const f of region.facilities) {
    if (f.tier !== tier || f.parent < 0 || region.facilities[f.parent].tier !== tier + 1) continue;
    const list = children.get(f.parent);
    if (list) list.push(f); else children.set(f.parent, [f]);
  }
  for (const [home, list] of children) {
    const most = Math.floor((region.facilities[home].params.doctors - 1) / doctors);
    const n = Math.min(Math.round(share * list.length), Math.max(0, most));
    for (let i = 0; i < n; i++) {
      const v = list[Math.floor((i * list.length) / n)];
      for (const d of days) {
        if (!v.params.days.includes(WEEKDAYS[d])) continue;
        out.delta[v.index * 7 + d] += doctors;
        out.delta[home * 7 + d] -= doctors;
        out.visitDays[v.index] |= 1 << d;
        out.visitorTier[v.index] = tier + 1;
      }
    }
  }
}

/** The postings of a region under the lever's parameters (exported for tests and the docs' figures). */
export function postings(p: z.output<typeof schema>, region: Region): Postings {
  const nf = region.facilities.length;
  const out: Postings = { delta: new Int32Array(nf * 7), visitorTier: new Int8Array(nf).fill(-1), visitDays: new Uint8Array(nf) };
  const dayIndex = (days: readonly string[]) => [...new Set(days)].map((d) => WEEKDAYS.indexOf(d as (typeof WEEKDAYS)[number]));
  post(region, out, Tier.TOWNSHIP, p.townshipShare, p.countyDoctors, dayIndex(p.townshipDays));
  post(region, out, Tier.VILLAGE, p.villageShare, p.townshipDoctors, dayIndex(p.villageDays));
  return out;
}

export const definition: LeverDefinition<'postedDoctors', typeof schema> = defineLever('postedDoctors', schema, (p, region): Lever | null => {
  if (p.townshipShare === 0 && p.villageShare === 0) return null;
  const { delta, visitorTier, visitDays } = postings(p, region);
  if (!visitDays.some((bits) => bits !== 0)) return null;
  return {
    key: 'postedDoctors',
    outpatientDoctors(facility, weekday, doctors) {
      return doctors + delta[facility.index * 7 + weekday];
    },
    // A consultation started on the outpatient line while the visitors were there is as capable as their tier.
    capability(model, patient, facility, capable) {
      const tier = visitorTier[facility.index];
      if (tier < 0) return capable;
      const P = model.patients;
      if (P.get(patient, H_SEEN_AT) !== facility.index) return capable;
      if (P.get(patient, H_CLS) === PatientClass.EMERGENCY && facility.emergency !== null) return capable;
      const seen = P.get(patient, H_SEEN);
      const day = Math.floor(seen / MINUTES_PER_DAY) % 7;
      if ((visitDays[facility.index] & (1 << day)) === 0 || !facility.schedule.isOpen(seen)) return capable;
      return Math.max(capable, model.conditions.capable[P.get(patient, H_CONDITION) * TIER_COUNT + tier]);
    },
  };
});
