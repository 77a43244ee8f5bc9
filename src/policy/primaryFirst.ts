/**
 * 基层首诊 (primary-care first visit): family-doctor contracts, compliance with
 * first contact at the family doctor, and an insurance penalty on unreferred visits
 * to county hospitals and regional centres. Acts on the first-contact choice and on
 * the reimbursement of walk-in outpatient visits at the upper tiers.
 */
import type { Scenario } from '../scenario/schema.js';
import type { Region } from '../model/region.js';
import type { PolicySettings } from './index.js';

export const key = 'primaryFirst';

export function apply(s: Scenario, _region: Region, settings: PolicySettings): void {
  const p = s.policies.primaryFirst;
  if (!p) return;
  if (p.signedShare !== undefined) settings.signedShare = p.signedShare;
  settings.compliance = p.compliance;
  settings.reimbursementGap = p.reimbursementGap;
}
