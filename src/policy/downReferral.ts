/**
 * 双向转诊 (two-way referral, recovery down-referral): at the end of the acute phase,
 * a share of county and regional inpatients whose condition has a recovery phase move
 * to a bed at their home township centre, if one is free, and finish their stay there.
 */
import type { Scenario } from '../scenario/schema.js';
import type { Region } from '../model/region.js';
import { TIER_INDEX } from '../model/constants.js';
import type { PolicySettings } from './index.js';

export const key = 'downReferral';

export function apply(s: Scenario, _region: Region, settings: PolicySettings): void {
  const p = s.policies.downReferral;
  if (!p || p.share === 0) return;
  const fromTiers = [false, false, false, false];
  for (const t of p.fromTiers) fromTiers[TIER_INDEX[t]] = true;
  settings.down = { share: p.share, fromTiers };
}
