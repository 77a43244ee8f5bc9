/**
 * 号源/床位下沉 (reserved slots and beds): county hospitals and regional centres hold
 * a share of outpatient doctors and of beds for patients referred from primary care.
 * Referred patients queue ahead of walk-ins there (优先就诊、优先检查、优先住院), and the
 * reservation keeps capacity idle for them. A referral books a slot of the reserved doctors'
 * time and comes at its start. Reserved doctors not taken by `releaseLead` before a session
 * ends are released to everyone; reserved beds are never released.
 */
import { z } from 'zod';
import { distMean } from '../engine/index.js';
import { duration, probability } from '../params/fields.js';
import { MINUTES_PER_DAY, PatientClass, TIER_COUNT, TIER_INDEX } from '../model/constants.js';
import type { Facility } from '../model/facilities.js';
import type { Lever } from '../model/lever.js';
import type { TieredModel } from '../model/model.js';
import { defineLever, type LeverDefinition } from './define.js';

export const schema = z.strictObject({
  outpatientShare: probability.default(0).describe('share of outpatient doctors held for patients referred from primary care (policy: at least 1/3)'),
  bedShare: probability.default(0).describe('share of beds held for referred patients (policy: at least 1/4)'),
  tiers: z.array(z.enum(['county', 'regional'])).default(['county', 'regional']).describe('tiers whose facilities reserve'),
  releaseLead: duration('h', 'lead time').default(120).describe('reserved outpatient capacity not booked this long before a session ends is released to everyone (plain numbers in hours)'),
}).describe('号源/床位下沉: reserved slots and beds for referred patients, with priority');

export const definition: LeverDefinition<'reservedSlots', typeof schema> = defineLever('reservedSlots', schema, (p, region): Lever | null => {
  if (p.outpatientShare === 0 && p.bedShare === 0) return null;
  const tiers = new Array<boolean>(TIER_COUNT).fill(false);
  for (const t of p.tiers) tiers[TIER_INDEX[t]] = true;
  const { outpatientShare, bedShare, releaseLead } = p;
  const nf = region.facilities.length;
  /** Per facility: doctors held for referred patients, and the length of a referral slot (mean consultation). */
  const reservedDoctors = new Int32Array(nf);
  const slotLength = Float64Array.from(region.facilities, (f) => distMean(f.params.consultTime));
  /** Per facility: the appointment book of referral slots, bookings per slot (null: no booking). */
  const books: Array<Uint16Array | null> = new Array(nf).fill(null);
  let releaseKind = -1;

  /** End of the session of facility f that opens at time t. */
  const sessionEnd = (f: Facility, t: number): number => {
    const tod = t - Math.floor(t / MINUTES_PER_DAY) * MINUTES_PER_DAY;
    for (const x of region.facilities[f.index].params.sessions) {
      if (x.start <= tod && tod < x.end) return t - tod + x.end;
    }
    return t;
  };

  return {
    key: 'reservedSlots',
    attach(model: TieredModel) {
      releaseKind = model.sim.defineKind((fi) => model.facilities[fi].outpatient.setReserved(PatientClass.REFERRED, 0), 'release-reserve');
    },
    referredFirst: (facility) => tiers[facility.tier],
    facilityBuilt(model, f) {
      if (!tiers[f.tier]) return;
      const held = Math.round(outpatientShare * f.doctors);
      reservedDoctors[f.index] = held;
      f.outpatient.setReserved(PatientClass.REFERRED, held);
      if (held > 0 && slotLength[f.index] > 0) {
        books[f.index] = new Uint16Array(Math.ceil(model.horizon / slotLength[f.index]) + 1);
        f.booking = this;
      }
      if (f.ward && f.beds > 0) f.ward.setReserved(PatientClass.REFERRED, Math.round(bedShare * f.beds));
    },
    watchesSessions: (f) => reservedDoctors[f.index] > 0,
    // Session opens: the held doctors are released to everyone `releaseLead` before it ends;
    // closes: held again, while there is no capacity, so that the reservation is in force the
    // moment doctors return, before the walk-ins left waiting from the last session are seen.
    sessionChange(model, f, open, t) {
      if (!open) {
        f.outpatient.setReserved(PatientClass.REFERRED, reservedDoctors[f.index]);
        return;
      }
      model.sim.scheduleAt(Math.max(t, sessionEnd(f, t) - releaseLead), releaseKind, f.index, 0);
    },
    // The first referral slot at or after `at` that is in a session and not yet taken by as
    // many patients as there are reserved doctors; `at` itself when the book is full to the
    // end of the run.
    bookArrival(model, f, at) {
      const book = books[f.index]!;
      const length = slotLength[f.index];
      for (let k = Math.ceil(at / length); k < book.length; k++) {
        const start = k * length;
        if (book[k] < reservedDoctors[f.index] && f.schedule.isOpen(start)) {
          book[k]++;
          model.metrics.booked(f.tier);
          return start;
        }
      }
      return at;
    },
  };
});
