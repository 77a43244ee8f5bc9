/**
 * Names for the small integers the model runs on, defined once: tiers, patient classes,
 * acuities, the day in minutes, and the outcome of a request for a resource.
 */
import { MINUTES_PER_DAY } from '../engine/index.js';
import { ACUITIES, TIERS, type Acuity, type Tier as TierName } from '../params/fields.js';

export { MINUTES_PER_DAY, Outcome } from '../engine/index.js';
export type { TierName };

/** The four tiers, lowest first (the order of `TIERS` in scenario files). */
export const Tier = { VILLAGE: 0, TOWNSHIP: 1, COUNTY: 2, REGIONAL: 3 } as const;
export const TIER_COUNT = TIERS.length;
/** A tier's index from its name in a scenario file. */
export const TIER_INDEX = Object.fromEntries(TIERS.map((t, i) => [t, i])) as Record<TierName, number>;

/**
 * The class a patient queues in, highest priority first: emergencies, patients referred from
 * another facility, walk-ins (also every follow-up visit).
 */
export const PatientClass = { EMERGENCY: 0, REFERRED: 1, WALK_IN: 2 } as const;
export const PATIENT_CLASS_COUNT = 3;

/** A condition's acuity as an index (the order of `ACUITIES` in scenario files). */
export const ACUITY_INDEX = Object.fromEntries(ACUITIES.map((a, i) => [a, i])) as Record<Acuity, number>;

/** How long a test result stays valid (minutes): a later test of the same type within it, at another facility, is a repeat. */
export const RESULT_VALIDITY = 7 * MINUTES_PER_DAY;

/** How an episode ended, as the `episode_outcomes` groups count it (episodes still in care have none yet). */
export const EpisodeOutcome = { TREATED: 0, TURNED_AWAY: 1, LEFT_UNTREATED: 2 } as const;
