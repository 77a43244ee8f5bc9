/**
 * The planners' tables (docs/model.md, section 4): spending by tier and payer; visits,
 * up-referrals, admissions and spending per facility and per county; travel and time to care
 * by the village's distance band; first contact of signed and unsigned residents; tests by
 * test type. Counted as events happen, reset at the end of the warm-up like `Metrics`, and
 * turned into tidy rows {metric, tier, facility, group, value} by `rows`.
 *
 * These are accounting figures: spending counts what was done, so it falls when patients are
 * turned away; none of them is an efficiency figure.
 */
import { TEST_TYPES, TIERS } from '../params/fields.js';
import { Tier, TIER_COUNT } from './constants.js';
import type { MetricRow } from './metrics.js';
import type { Region } from './region.js';

/**
 * Distance bands of a village: travel minutes from the village to its county hospital (the
 * direct route), lower bounds of [0, 30), [30, 60), [60, 90), [90, ∞).
 */
export const DISTANCE_BANDS = [0, 30, 60, 90] as const;
/** Group label of each distance band: `band:0-30`, `band:30-60`, `band:60-90`, `band:90+`. */
export const BAND_LABELS = DISTANCE_BANDS.map((lo, i) => `band:${lo}${i + 1 < DISTANCE_BANDS.length ? `-${DISTANCE_BANDS[i + 1]}` : '+'}`);

/** The distance band (index in DISTANCE_BANDS) of a village `minutes` from its county hospital. */
export function distanceBand(minutes: number): number {
  let b = 0;
  while (b + 1 < DISTANCE_BANDS.length && minutes >= DISTANCE_BANDS[b + 1]) b++;
  return b;
}

const SIGN_GROUPS = ['unsigned', 'signed'];
const NB = DISTANCE_BANDS.length;
const NT = TEST_TYPES.length;

export class PlannerMetrics {
  private readonly region: Region;
  private readonly days: number;
  private readonly warmupDays: number;
  /** Per village: its distance band, and the index of its county hospital. */
  private readonly villageBand: Int32Array;
  private readonly villageCounty: Int32Array;
  /** Per facility: the facility its rows are reported under (a village clinic's township centre, else itself). */
  private readonly rowFacility: Int32Array;

  // Per facility
  private spendIns: Float64Array;
  /** Imputed care outside the region (not spending of the region's facilities). */
  private outsideIns = 0;
  private outsideOop = 0;
  private spendOop: Float64Array;
  private visits: Float64Array;
  private referralsUp: Float64Array;
  private admissions: Float64Array;
  private blocked: Float64Array;
  // Per distance band (episodes with onset after the warm-up)
  private bandEpisodes = new Float64Array(NB);
  private bandTravel = new Float64Array(NB);
  private bandInCounty = new Float64Array(NB);
  private bandTtc = new Float64Array(NB);
  private bandTreated = new Float64Array(NB);
  /** First contacts: signed (0 unsigned, 1 signed) * TIER_COUNT + tier. */
  private firstContacts = new Float64Array(2 * TIER_COUNT);
  // Per test type
  private testsDone = new Float64Array(NT);
  private testsRepeated = new Float64Array(NT);
  private testsRecognised = new Float64Array(NT);
  /** Tests recognised whose earlier result was still within RESULT_VALIDITY. */
  private recognisedValid = new Float64Array(NT);

  constructor(region: Region, days: number, warmupDays: number) {
    this.region = region;
    this.days = days;
    this.warmupDays = warmupDays;
    const nf = region.facilities.length;
    this.villageBand = Int32Array.from(region.villages, (v) => distanceBand(v.travel[Tier.COUNTY]));
    this.villageCounty = Int32Array.from(region.villages, (v) => v.facilities[Tier.COUNTY]);
    this.rowFacility = Int32Array.from(region.facilities, (f) => (f.tier === Tier.VILLAGE && f.parent >= 0 ? f.parent : f.index));
    this.spendIns = new Float64Array(nf);
    this.spendOop = new Float64Array(nf);
    this.visits = new Float64Array(nf);
    this.referralsUp = new Float64Array(nf);
    this.admissions = new Float64Array(nf);
    this.blocked = new Float64Array(nf);
  }

  /** End of the warm-up: forget everything counted so far. */
  reset(): void {
    for (const a of [this.spendIns, this.spendOop, this.visits, this.referralsUp, this.admissions, this.blocked, this.bandEpisodes, this.bandTravel,
      this.bandInCounty, this.bandTtc, this.bandTreated, this.firstContacts, this.testsDone, this.testsRepeated, this.testsRecognised, this.recognisedValid]) a.fill(0);
    this.outsideIns = 0;
    this.outsideOop = 0;
  }

  /** Care imputed outside the region for a patient the region could not serve (outcomes.ts): `ins` yuan paid by the insurance fund, `oop` by the patient. */
  outside(ins: number, oop: number): void {
    this.outsideIns += ins;
    this.outsideOop += oop;
  }

  /** A charge at facility fi: `ins` yuan paid by the insurance fund, `oop` by the patient. */
  charged(fi: number, ins: number, oop: number): void {
    this.spendIns[fi] += ins;
    this.spendOop[fi] += oop;
  }

  /** A consultation starts at facility fi. */
  visit(fi: number): void { this.visits[fi]++; }
  /** Facility fi refers a patient up (a diversion for lack of a bed included). */
  referredUp(fi: number): void { this.referralsUp[fi]++; }
  /** An admission is asked for at facility fi. */
  admissionRequested(fi: number): void { this.admissions[fi]++; }
  /** An admission asked for at facility fi found no bed there. */
  admissionBlocked(fi: number): void { this.blocked[fi]++; }

  /**
   * An admission at facility `from` is placed in a bed of facility `to` instead (a lever's
   * pooling): an admission asked for at `to`, and an up-referral from `from` when `to` is higher.
   */
  placedInBed(from: number, to: number): void {
    const f = this.region.facilities;
    if (f[to].tier > f[from].tier) this.referralsUp[from]++;
    this.admissions[to]++;
  }

  /** A counted, non-emergency episode's first contact is at the tier; `signed` whether the resident has signed with a family doctor. */
  firstContact(signed: boolean, tier: number): void { this.firstContacts[(signed ? TIER_COUNT : 0) + tier]++; }

  /** A test of type k is done; `repeat` when it duplicates a still-valid result of another facility. */
  testDone(k: number, repeat: boolean): void {
    this.testsDone[k]++;
    if (repeat) this.testsRepeated[k]++;
  }
  /** A test of type k is skipped because an earlier result was recognised. */
  testRecognised(k: number, valid: boolean): void {
    this.testsRecognised[k]++;
    if (valid) this.recognisedValid[k]++;
  }

  /** A counted episode from village v gets its definitive care `minutes` after onset. */
  timeToCare(v: number, minutes: number): void {
    const b = this.villageBand[v];
    this.bandTtc[b] += minutes;
    this.bandTreated[b]++;
  }

  /**
   * A counted episode from village v ends, having travelled `travel` minutes; `treatedAt` is the
   * facility of its definitive treatment (-1 when it had none, e.g. turned away).
   */
  episodeEnded(v: number, travel: number, treatedAt: number): void {
    const b = this.villageBand[v];
    this.bandEpisodes[b]++;
    this.bandTravel[b] += travel;
    if (treatedAt >= 0 && this.region.facilities[treatedAt].county === this.villageCounty[v]) this.bandInCounty[b]++;
  }

  /** The rows of the replication, to be appended to `Metrics.finish`'s. */
  rows(): MetricRow[] {
    const rows: MetricRow[] = [];
    const row = (metric: string, tier: number, value: number, group = '', facility = '') => {
      if (Number.isFinite(value)) rows.push({ metric, tier: tier < 0 ? '' : TIERS[tier], facility, group, value });
    };
    this.spendingRows(row);
    this.facilityRows(row);
    this.bandRows(row);
    this.firstContactRows(row);
    TEST_TYPES.forEach((type, k) => {
      const group = `test:${type}`;
      row('tests_done', -1, this.testsDone[k], group);
      row('tests_repeated', -1, this.testsRepeated[k], group);
      row('tests_recognised', -1, this.testsRecognised[k], group);
      // Of the tests for which a still-valid result (RESULT_VALIDITY) of another facility existed.
      const eligible = this.testsRepeated[k] + this.recognisedValid[k];
      if (eligible > 0) row('tests_repeated_share', -1, this.testsRepeated[k] / eligible, group);
    });
    return rows;
  }

  /** Spending per year by tier and payer, for the region, and per resident. */
  private spendingRows(row: Row): void {
    const perYear = 365 / (this.days - this.warmupDays);
    const ins = new Float64Array(TIER_COUNT);
    const oop = new Float64Array(TIER_COUNT);
    const present = new Uint8Array(TIER_COUNT);
    for (const f of this.region.facilities) {
      ins[f.tier] += this.spendIns[f.index];
      oop[f.tier] += this.spendOop[f.index];
      present[f.tier] = 1;
    }
    let allIns = 0;
    let allOop = 0;
    for (let t = 0; t < TIER_COUNT; t++) {
      if (!present[t]) continue;
      row('spending', t, (ins[t] + oop[t]) * perYear);
      row('spending', t, ins[t] * perYear, 'insurance');
      row('spending', t, oop[t] * perYear, 'out_of_pocket');
      allIns += ins[t];
      allOop += oop[t];
    }
    row('spending', -1, (allIns + allOop) * perYear);
    row('spending', -1, allIns * perYear, 'insurance');
    row('spending', -1, allOop * perYear, 'out_of_pocket');
    row('spending_outside', -1, (this.outsideIns + this.outsideOop) * perYear);
    row('spending_outside', -1, this.outsideIns * perYear, 'insurance');
    row('spending_outside', -1, this.outsideOop * perYear, 'out_of_pocket');
    // Per resident: the care the residents got, in the region and (imputed) outside it.
    const pop = this.region.population;
    if (pop > 0) {
      const ins = allIns + this.outsideIns;
      const oop = allOop + this.outsideOop;
      row('spending_per_resident', -1, ((ins + oop) * perYear) / pop);
      row('spending_per_resident', -1, (ins * perYear) / pop, 'insurance');
      row('spending_per_resident', -1, (oop * perYear) / pop, 'out_of_pocket');
    }
  }

  /**
   * Visits, up-referrals, admissions, blocked admissions and spending per facility (township
   * centres and above by name; village clinics summed under their township centre's name, in
   * tier `village`) and per county (group `county:<county hospital>`, per tier and in total).
   */
  private facilityRows(row: Row): void {
    const perYear = 365 / (this.days - this.warmupDays);
    const facilities = this.region.facilities;
    // Sums per reported unit: key "tier:facility index of the row" and per county "tier:county" (tier -1 = all).
    const unit = new Map<string, Sums>();
    const county = new Map<string, Sums>();
    const add = (map: Map<string, Sums>, key: string, i: number) => {
      let s = map.get(key);
      if (s === undefined) map.set(key, (s = { visits: 0, up: 0, admissions: 0, blocked: 0, spending: 0, ward: false }));
      s.visits += this.visits[i];
      s.up += this.referralsUp[i];
      s.admissions += this.admissions[i];
      s.blocked += this.blocked[i];
      s.spending += this.spendIns[i] + this.spendOop[i];
      // Facilities with a ward (every tier above the village, with beds or not: see facilities.ts) are asked for admissions.
      s.ward ||= facilities[i].tier !== Tier.VILLAGE || facilities[i].params.beds > 0;
    };
    for (const f of facilities) {
      add(unit, `${f.tier}:${this.rowFacility[f.index]}`, f.index);
      if (f.county >= 0) {
        add(county, `${f.tier}:${f.county}`, f.index);
        add(county, `-1:${f.county}`, f.index);
      }
    }
    const emit = (tier: number, s: Sums, group: string, facility: string) => {
      row('visits', tier, s.visits, group, facility);
      row('referrals_up', tier, s.up, group, facility);
      if (s.ward || s.admissions > 0) row('admissions', tier, s.admissions, group, facility);
      if (s.admissions > 0) row('admissions_blocked', tier, (100 * s.blocked) / s.admissions, group, facility);
      row('spending', tier, s.spending * perYear, group, facility);
    };
    for (const [key, s] of unit) {
      const [tier, fi] = key.split(':').map(Number);
      emit(tier, s, '', facilities[fi].name);
    }
    for (const [key, s] of county) {
      const [tier, ci] = key.split(':').map(Number);
      emit(tier, s, `county:${facilities[ci].name}`, '');
    }
  }

  /** Episodes, travel, time to care and care in the home county by distance band. */
  private bandRows(row: Row): void {
    const used = new Uint8Array(NB);
    for (let v = 0; v < this.villageBand.length; v++) used[this.villageBand[v]] = 1;
    let episodes = 0;
    let inCounty = 0;
    for (let b = 0; b < NB; b++) {
      episodes += this.bandEpisodes[b];
      inCounty += this.bandInCounty[b];
      if (!used[b]) continue;
      const group = BAND_LABELS[b];
      row('episodes', -1, this.bandEpisodes[b], group);
      if (this.bandEpisodes[b] > 0) {
        row('travel_time', -1, this.bandTravel[b] / this.bandEpisodes[b], group);
        row('care_in_county_share', -1, this.bandInCounty[b] / this.bandEpisodes[b], group);
      }
      if (this.bandTreated[b] > 0) row('time_to_care', -1, this.bandTtc[b] / this.bandTreated[b], group);
    }
    if (episodes > 0) row('care_in_county_share', -1, inCounty / episodes);
  }

  /** First-contact counts, tier shares and bypass rate of signed and unsigned residents (and tier shares of all). */
  private firstContactRows(row: Row): void {
    const fc = this.firstContacts;
    const all = fc.reduce((a, b) => a + b, 0);
    for (let t = 0; t < TIER_COUNT; t++) if (all > 0) row('first_contact_share', t, (fc[t] + fc[TIER_COUNT + t]) / all);
    for (let s = 0; s < 2; s++) {
      const o = s * TIER_COUNT;
      let n = 0;
      for (let t = 0; t < TIER_COUNT; t++) n += fc[o + t];
      const group = SIGN_GROUPS[s];
      row('first_contacts', -1, n, group);
      if (n === 0) continue;
      for (let t = 0; t < TIER_COUNT; t++) row('first_contact_share', t, fc[o + t] / n, group);
      row('bypass_rate', -1, (fc[o + Tier.COUNTY] + fc[o + Tier.REGIONAL]) / n, group);
    }
  }
}

type Row = (metric: string, tier: number, value: number, group?: string, facility?: string) => void;
interface Sums { visits: number; up: number; admissions: number; blocked: number; spending: number; ward: boolean }
