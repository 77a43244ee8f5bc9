/**
 * First-contact choice: a multinomial logit over the four facilities a resident can
 * reach (own village clinic, township centre, county hospital, regional centre):
 *
 *   U_j = tierConstant_j + qualityWeight * capability(condition, tier_j)
 *         - travelWeight * travelHours_j - costWeight * outOfPocket_j
 *         + familyDoctorBonus  (signed residents, village clinic and township centre)
 *
 * Out of pocket is the consultation fee less insurance at the rate of an unreferred (walk-in)
 * visit, as levers may have set it. Signed residents bound to first contact with their family
 * doctor (`FirstContactRules`) choose only between their village clinic and township centre. Probabilities are precomputed per village,
 * condition and resident type, so a choice costs one uniform draw.
 */
import type { ModelInput } from './params.js';
import { TIERS } from '../params/fields.js';
import type { FirstContactRules } from './lever.js';
import type { Region } from './region.js';
import { Tier, TIER_COUNT } from './constants.js';

const KINDS = 3; // unsigned, signed, signed and bound to the family doctor

export class ChoiceTable {
  /** Share of residents signed with a family doctor. */
  readonly signedCoverage: number;
  /** Share of signed residents bound to first contact with their family doctor. */
  readonly boundShare: number;
  private readonly cum: Float64Array; // ((village * nc + cond) * KINDS + kind) * TIER_COUNT + tier
  private readonly nc: number;

  /**
   * `walkInRate(f)`: the outpatient reimbursement rate of an unreferred visit at facility f;
   * `available(f)`: whether facility f sees outpatients.
   */
  constructor(s: ModelInput, region: Region, rules: FirstContactRules, walkInRate: (facility: number) => number, available: (facility: number) => boolean) {
    this.signedCoverage = rules.signedCoverage;
    this.boundShare = rules.boundShare;
    const nc = s.conditions.length;
    this.nc = nc;
    this.cum = new Float64Array(region.villages.length * nc * KINDS * TIER_COUNT);
    const w = s.choice;
    const util = new Float64Array(TIER_COUNT);
    for (const v of region.villages) {
      for (let c = 0; c < nc; c++) {
        const cond = s.conditions[c];
        for (let kind = 0; kind < KINDS; kind++) {
          let max = -Infinity;
          for (let t = 0; t < TIER_COUNT; t++) {
            const f = region.facilities[v.facilities[t]];
            const ok = available(f.index) && !(kind === 2 && t > Tier.TOWNSHIP);
            if (!ok) { util[t] = -Infinity; continue; }
            const reimb = walkInRate(f.index);
            const oop = f.params.costs.consultation * (1 - reimb);
            util[t] = f.params.tierConstant + w.qualityWeight * (cond.capability[TIERS[t]] ?? 0)
              - w.travelWeight * (v.travel[t] / 60) - w.costWeight * oop
              + (kind > 0 && t <= Tier.TOWNSHIP ? w.familyDoctor.bonus : 0);
            if (util[t] > max) max = util[t];
          }
          const base = ((v.index * nc + c) * KINDS + kind) * TIER_COUNT;
          let total = 0;
          for (let t = 0; t < TIER_COUNT; t++) {
            const e = util[t] === -Infinity ? 0 : Math.exp(util[t] - max);
            total += e;
            this.cum[base + t] = total;
          }
          for (let t = 0; t < TIER_COUNT; t++) this.cum[base + t] = total > 0 ? this.cum[base + t] / total : (t === Tier.REGIONAL ? 1 : 0);
        }
      }
    }
  }

  /** Chosen tier (Tier.*) for a uniform draw u. */
  pick(village: number, cond: number, signed: boolean, bound: boolean, u: number): number {
    const kind = bound ? 2 : signed ? 1 : 0;
    const base = ((village * this.nc + cond) * KINDS + kind) * TIER_COUNT;
    let t = 0;
    while (t < Tier.REGIONAL && u >= this.cum[base + t]) t++;
    return t;
  }
}
