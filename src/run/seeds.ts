/** Seed offset between scenarios of an unpaired comparison: scenario k runs with seed + k x this. */
export const UNPAIRED_SEED_STRIDE = 1_000_000;
