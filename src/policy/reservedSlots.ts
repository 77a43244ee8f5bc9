/**
 * 号源/床位下沉 (reserved slots and beds): county hospitals and regional centres hold
 * a share of outpatient doctors and of beds for patients referred from primary care.
 * Referred patients already queue ahead of walk-ins; the reservation keeps capacity
 * idle for them. Reserved doctors not taken by `releaseLead` before a session ends are
 * released to everyone; reserved beds are never released.
 */
import type { Scenario } from '../scenario/schema.js';
import type { Region } from '../model/region.js';
import { TIER_INDEX } from '../model/constants.js';
import type { PolicySettings } from './index.js';

export const key = 'reservedSlots';

export function apply(s: Scenario, _region: Region, settings: PolicySettings): void {
  const p = s.policies.reservedSlots;
  if (!p || (p.outpatientShare === 0 && p.bedShare === 0)) return;
  const tiers = [false, false, false, false];
  for (const t of p.tiers) tiers[TIER_INDEX[t]] = true;
  settings.reserved = { outpatientShare: p.outpatientShare, bedShare: p.bedShare, tiers, releaseLead: p.releaseLead };
}
