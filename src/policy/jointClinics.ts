/**
 * 慢性病联合门诊 (chronic-disease joint clinics): county specialists hold sessions at
 * a share of township centres on set weekdays. Chronic patients whose care sits at
 * the county hospital have their follow-up visits there instead of travelling.
 * Host townships are spread evenly over the region (every k-th township).
 */
import type { Scenario } from '../scenario/schema.js';
import type { Region } from '../model/region.js';
import { Tier } from '../model/constants.js';
import { WEEKDAYS } from '../scenario/fields.js';
import type { PolicySettings } from './index.js';

export const key = 'jointClinics';

export function apply(s: Scenario, region: Region, settings: PolicySettings): void {
  const p = s.policies.jointClinics;
  if (!p || p.townshipShare === 0) return;
  const townships = region.facilities.filter((f) => f.tier === Tier.TOWNSHIP).map((f) => f.index);
  const n = Math.round(p.townshipShare * townships.length);
  const hosts = new Set<number>();
  for (let i = 0; i < n; i++) hosts.add(townships[Math.floor((i * townships.length) / n)]);
  settings.joint = { hosts, specialists: p.specialists, days: p.days.map((d) => WEEKDAYS.indexOf(d)) };
}
