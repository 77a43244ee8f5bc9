/**
 * What each metric of summary.csv is: its label, unit, kind (which decides number formats), the
 * range its values can take (which decides how its confidence interval is computed and where a
 * chart's band is clipped), and which direction is better. One entry per metric; every layer
 * that shows or summarises a metric reads it from here (docs/model.md defines the metrics).
 */

/** How a metric's values are measured, which decides axis titles and number formats. */
export type MetricKind = 'minutes' | 'days' | 'share' | 'per100' | 'count' | 'visits' | 'cost' | 'rate';

/**
 * The values a metric can take: `share` in [0, 1], `percent` in [0, 100], `nonneg` in [0, ∞),
 * `real` anything (e.g. a difference).
 */
export type MetricRange = 'share' | 'percent' | 'nonneg' | 'real';

export interface MetricInfo {
  label: string;
  kind: MetricKind;
  /** Unit as written in axis titles, e.g. "min", "per 100 consultations". */
  unit: string;
  range: MetricRange;
  /** Which direction is an improvement for patients or the system, where one is ('' where neither is). */
  better: 'lower' | 'higher' | '';
}

const M = (label: string, kind: MetricKind, unit: string, range: MetricRange, better: MetricInfo['better'] = ''): MetricInfo =>
  ({ label, kind, unit, range, better });

/** Labels, units and ranges of the metrics in summary.csv (see docs/model.md and docs/results-format.md). */
export const METRICS: Record<string, MetricInfo> = {
  wait_consult: M('Mean wait for consultation', 'minutes', 'min', 'nonneg', 'lower'),
  wait_consult_p50: M('Median wait for consultation', 'minutes', 'min', 'nonneg', 'lower'),
  wait_consult_p75: M('75th-percentile wait for consultation', 'minutes', 'min', 'nonneg', 'lower'),
  wait_consult_p90: M('90th-percentile wait for consultation', 'minutes', 'min', 'nonneg', 'lower'),
  wait_consult_p95: M('95th-percentile wait for consultation', 'minutes', 'min', 'nonneg', 'lower'),
  wait_consult_p99: M('99th-percentile wait for consultation', 'minutes', 'min', 'nonneg', 'lower'),
  wait_admission: M('Wait for a bed', 'minutes', 'min', 'nonneg', 'lower'),
  time_to_care: M('Time from onset to care', 'minutes', 'min', 'nonneg', 'lower'),
  travel_time: M('Travel time per episode', 'minutes', 'min', 'nonneg', 'lower'),
  referral_up_rate: M('Referrals up', 'per100', 'per 100 consultations', 'percent'),
  referral_down_rate: M('Referrals down', 'per100', 'per 100 discharges', 'percent'),
  bypass_rate: M('First contact at county or regional level', 'share', 'share of non-emergency episodes', 'share', 'lower'),
  primary_visit_share: M('Visits at primary care', 'share', 'share of visits', 'share', 'higher'),
  within_county_share: M('Episodes finished within the county', 'share', 'share of episodes', 'share', 'higher'),
  bed_occupancy: M('Bed occupancy', 'share', 'share of beds', 'share'),
  time_above_85: M('Time above 85 % occupancy', 'share', 'share of time', 'share'),
  admissions_blocked: M('Admissions finding no bed', 'per100', 'per 100 admissions', 'percent', 'lower'),
  alos: M('Average length of stay', 'days', 'days', 'nonneg'),
  doctor_daily_visits: M('Consultations per doctor per day', 'visits', 'visits', 'nonneg'),
  doctor_utilisation: M('Doctor utilisation', 'share', 'busy share of session time', 'nonneg'),
  tests_done: M('Tests done', 'count', 'tests', 'nonneg'),
  tests_repeated: M('Tests repeated', 'count', 'tests', 'nonneg', 'lower'),
  tests_recognised: M('Tests recognised', 'count', 'tests', 'nonneg'),
  imaging_repeated_share: M('Imaging repeated', 'share', 'share of imaging and CT with a valid result from another facility', 'share', 'lower'),
  cost_per_episode: M('Cost per episode', 'cost', 'yuan', 'nonneg', 'lower'),
  censored: M('Patients still in care at the end', 'count', 'patients', 'nonneg'),
  visits: M('Visits', 'count', 'visits', 'nonneg'),
  follow_up_visits: M('Follow-up visits', 'count', 'visits', 'nonneg'),
  complications: M('Complications found at follow-ups', 'count', 'episodes', 'nonneg'),
  referrals_booked: M('Referrals booked', 'count', 'referrals', 'nonneg'),
  admissions: M('Admission requests', 'count', 'decisions to admit', 'nonneg'),
  stays_started: M('Stays started', 'count', 'stays', 'nonneg'),
  transfers_in: M('Inpatients transferred in', 'count', 'stays', 'nonneg'),
  transfers_out: M('Inpatients transferred out', 'count', 'stays', 'nonneg'),
  episodes: M('Episodes begun after the warm-up', 'count', 'episodes', 'nonneg'),
  episode_outcomes: M('Episode outcomes', 'share', 'share of episodes', 'share'),
  unmet_need: M('Unmet need (turned away or left untreated)', 'rate', 'per 1,000 episodes', 'nonneg', 'lower'),
  visits_per_resident: M('Visits per resident per year', 'rate', 'per resident per year', 'nonneg'),
  admissions_per_100: M('Admissions per 100 residents per year', 'rate', 'per 100 residents per year', 'nonneg'),
  spending: M('Spending per year', 'cost', 'yuan per year', 'nonneg'),
  spending_outside: M('Imputed care outside the region per year', 'cost', 'yuan per year', 'nonneg'),
  spending_per_resident: M('Spending per resident per year', 'cost', 'yuan per resident per year', 'nonneg'),
  referrals_up: M('Up-referrals', 'count', 'referrals', 'nonneg'),
  care_in_county_share: M('Episodes cared for in the home county', 'share', 'share of episodes', 'share', 'higher'),
  first_contacts: M('First contacts', 'count', 'episodes', 'nonneg'),
  first_contact_share: M('First contacts at the tier', 'share', 'share of non-emergency episodes', 'share'),
  tests_repeated_share: M('Repeated share of tests with a valid earlier result', 'share', 'share of eligible tests', 'share', 'lower'),
};

/**
 * The headline metrics, in the order the printed tables and the report show them: per-tier
 * waits, flows and bed use, then the region's shares, time to care, unmet need and costs.
 */
export const HEADLINE_METRICS: readonly string[] = [
  'wait_consult', 'wait_consult_p90', 'wait_admission', 'referral_up_rate', 'referral_down_rate', 'bed_occupancy', 'time_above_85',
  'admissions_blocked', 'alos', 'doctor_daily_visits', 'tests_repeated',
  'primary_visit_share', 'bypass_rate', 'within_county_share', 'time_to_care', 'travel_time', 'unmet_need', 'cost_per_episode',
  'spending_per_resident',
];

/** Label, unit and range of a metric; unknown metrics are shown by name, without a unit, as real numbers. */
export function metricInfo(metric: string): MetricInfo {
  return METRICS[metric] ?? { label: metric, kind: 'count', unit: '', range: 'real', better: '' };
}
