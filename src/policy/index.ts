/**
 * Policy levers: each module turns its `policies:` parameters into settings the
 * model reads at a fixed hook (first-contact choice, queue reservations, test
 * ordering, discharge, follow-up venue). At zero strength every lever leaves the
 * settings exactly as without it, so the model runs bit-identically.
 */
import type { Scenario } from '../scenario/schema.js';
import type { Region } from '../model/region.js';
import * as reservedSlots from './reservedSlots.js';


export interface PolicySettings {
  reserved: { outpatientShare: number; bedShare: number; tiers: boolean[]; releaseLead: number } | null;
}

/** The settings with every lever at zero strength. */
export function baseSettings(_s: Scenario): PolicySettings {
  return {
    reserved: null,
  };
}

/** All levers, in the order they are applied. */
export const LEVERS = [reservedSlots];

export function resolvePolicies(s: Scenario, region: Region): PolicySettings {
  const settings = baseSettings(s);
  for (const lever of LEVERS) lever.apply(s, region, settings);
  return settings;
}
