/**
 * What the model needs of each condition, precomputed from the scenario into typed arrays
 * indexed by condition (and by tier or test type where it varies with them), so that an
 * event reads a number rather than walking the scenario's objects.
 */
import type { ModelInput } from './params.js';
import { TEST_TYPES, TIERS } from '../params/fields.js';
import { ACUITY_INDEX, MINUTES_PER_DAY, Tier, TIER_COUNT } from './constants.js';

/** Number of test types: the stride of `tests`. */
export const TEST_TYPE_COUNT = TEST_TYPES.length;

export interface ConditionTable {
  count: number;
  /** 1 for an emergency (comes by ambulance to a hospital). */
  emergency: Uint8Array;
  /** Tier of a fixed first contact, or -1 when the resident chooses. */
  firstContact: Int8Array;
  /** condition * TIER_COUNT + tier: probability that the tier can treat it (1 at the regional centre). */
  capable: Float64Array;
  /** condition * TIER_COUNT + tier: probability of admission when treated there. */
  admit: Float64Array;
  /** condition * TEST_TYPE_COUNT + test type: 1 if the condition needs the test. */
  tests: Uint8Array;
  /** Share of a stay that is recovery (after the acute phase). */
  recovery: Float64Array;
  followUpInterval: Float64Array;
  followUpVisits: Int16Array;
  /** Probability that a follow-up visit finds a complication. */
  complication: Float64Array;
  acuity: Int8Array;
  /** Onsets per resident per minute, before seasonality. */
  rate: Float64Array;
  /** condition * 12 + month: seasonal multiplier (mean 1 over the year). */
  season: Float64Array;
  /** month * count + condition: cumulative share of the month's onsets up to this condition. */
  cumulative: Float64Array;
}

/** The condition tables of a validated scenario. */
export function buildConditions(scenario: ModelInput): ConditionTable {
  const nc = scenario.conditions.length;
  const table: ConditionTable = {
    count: nc,
    emergency: new Uint8Array(nc),
    firstContact: new Int8Array(nc).fill(-1),
    capable: new Float64Array(nc * TIER_COUNT),
    admit: new Float64Array(nc * TIER_COUNT),
    tests: new Uint8Array(nc * TEST_TYPE_COUNT),
    recovery: new Float64Array(nc),
    followUpInterval: new Float64Array(nc),
    followUpVisits: new Int16Array(nc),
    complication: new Float64Array(nc),
    acuity: new Int8Array(nc),
    rate: new Float64Array(nc),
    season: new Float64Array(nc * 12),
    cumulative: new Float64Array(12 * nc),
  };
  scenario.conditions.forEach((c, i) => {
    table.emergency[i] = c.acuity === 'emergency' ? 1 : 0;
    table.acuity[i] = ACUITY_INDEX[c.acuity];
    if (c.firstContact) table.firstContact[i] = TIERS.indexOf(c.firstContact);
    TIERS.forEach((t, k) => {
      table.capable[i * TIER_COUNT + k] = c.capability[t] ?? 0;
      table.admit[i * TIER_COUNT + k] = c.admission[t] ?? 0;
    });
    table.capable[i * TIER_COUNT + Tier.REGIONAL] = Math.max(table.capable[i * TIER_COUNT + Tier.REGIONAL], 0);
    for (const t of c.tests) table.tests[i * TEST_TYPE_COUNT + TEST_TYPES.indexOf(t)] = 1;
    table.recovery[i] = c.recoveryShare;
    table.followUpInterval[i] = c.followUp?.interval ?? 0;
    table.followUpVisits[i] = c.followUp?.visits ?? 0;
    table.complication[i] = c.followUp?.complication ?? 0;
    table.rate[i] = c.incidence / 1000 / (365 * MINUTES_PER_DAY);
    const season = c.seasonality ?? new Array(12).fill(1);
    const mean = season.reduce((a, b) => a + b, 0) / 12 || 1;
    for (let m = 0; m < 12; m++) table.season[i * 12 + m] = season[m] / mean;
  });
  for (let m = 0; m < 12; m++) {
    let total = 0;
    for (let c = 0; c < nc; c++) total += table.rate[c] * table.season[c * 12 + m];
    let acc = 0;
    for (let c = 0; c < nc; c++) {
      acc += table.rate[c] * table.season[c * 12 + m];
      table.cumulative[m * nc + c] = total > 0 ? acc / total : (c + 1) / nc;
    }
    table.cumulative[m * nc + nc - 1] = 1;
  }
  return table;
}
