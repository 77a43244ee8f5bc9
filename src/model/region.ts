/**
 * The region: facilities of the four tiers linked village -> township -> county ->
 * regional, villages with their populations, and travel times. Built once per
 * scenario (the same for every replication) from either an explicit list or the
 * compact `region.generate` parameters.
 */
import { makeDist, Streams, type DistSpec } from '../engine/index.js';
import type { FacilityOverride, FacilityParams, ModelInput } from './params.js';
import { Tier } from './constants.js';

export interface FacilitySpec {
  index: number;
  name: string;
  tier: number;
  /** Index of the facility one tier up (-1 for a regional centre). */
  parent: number;
  /** Index of the county hospital this facility belongs to (-1 for a regional centre). */
  county: number;
  params: FacilityParams;
}

export interface VillageSpec {
  index: number;
  name: string;
  population: number;
  /** Facility index of the village clinic, township centre, county hospital, regional centre. */
  facilities: [number, number, number, number];
  /** Travel minutes from the village to each of those four facilities (direct routes for the upper tiers). */
  travel: [number, number, number, number];
}

export interface Region {
  facilities: FacilitySpec[];
  villages: VillageSpec[];
  /** Travel minutes from a facility to its parent. */
  travelUp: Float64Array;
  population: number;
}

function withOverride(base: FacilityParams, o: FacilityOverride | undefined): FacilityParams {
  if (!o) return base;
  const { name: _name, ...rest } = o;
  const clean = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  return { ...base, ...clean } as FacilityParams;
}

interface TownshipIn { name: string; travelToCounty: number; centre?: FacilityOverride; villages: Array<{ name: string; population: number; travelToTownship: number; clinic?: FacilityOverride }> }
interface CountyIn { name: string; travelToRegional: number; regional?: string; hospital?: FacilityOverride; townships: TownshipIn[] }

/**
 * Expands `region.generate` into explicit counties, drawing populations and travel times
 * from a build stream; county k goes to regional centre k mod (number of centres).
 */
function generateCounties(s: ModelInput): CountyIn[] {
  const g = s.region.generate!;
  const streams = new Streams(s.simulation.seed, 0);
  const draw = (spec: DistSpec, name: string) => makeDist(spec, streams.get(`region/${name}`));
  const pop = draw(g.villagePopulation, 'population');
  const v2t = draw(g.travelVillageToTownship, 'travel-village');
  const t2c = draw(g.travelTownshipToCounty, 'travel-township');
  const c2r = draw(g.travelCountyToRegional, 'travel-county');
  const counties: CountyIn[] = [];
  for (let c = 0; c < g.counties; c++) {
    const townships: TownshipIn[] = [];
    for (let t = 0; t < g.townshipsPerCounty; t++) {
      const villages = [];
      for (let v = 0; v < g.villagesPerTownship; v++) {
        villages.push({
          name: `c${c + 1}-t${t + 1}-v${v + 1}`,
          population: Math.max(0, Math.round(pop.sample())),
          travelToTownship: Math.max(0, v2t.sample()),
        });
      }
      townships.push({ name: `c${c + 1}-t${t + 1}`, travelToCounty: Math.max(0, t2c.sample()), villages });
    }
    // Counties are shared out among the regional centres in turn.
    const centres = s.region.regionalCentres;
    counties.push({ name: `county-${c + 1}`, travelToRegional: Math.max(0, c2r.sample()), regional: centres[c % centres.length].name, townships });
  }
  return counties;
}

/** Builds the region of a validated scenario. */
export function buildRegion(s: ModelInput): Region {
  const counties: CountyIn[] = s.region.generate ? generateCounties(s) : (s.region.counties as CountyIn[]);
  const facilities: FacilitySpec[] = [];
  const travelUp: number[] = [];
  const villages: VillageSpec[] = [];
  const add = (name: string, tier: number, parent: number, county: number, params: FacilityParams, up: number) => {
    const index = facilities.length;
    facilities.push({ index, name, tier, parent, county, params });
    travelUp.push(up);
    return index;
  };
  const regionalIndex = new Map<string, number>();
  for (const r of s.region.regionalCentres) {
    regionalIndex.set(r.name, add(r.name, Tier.REGIONAL, -1, -1, withOverride(s.tiers.regional, r.centre), 0));
  }
  const firstRegional = regionalIndex.values().next().value as number;
  const f = s.region.directRouteFactor;
  let population = 0;
  for (const c of counties) {
    const reg = c.regional !== undefined ? regionalIndex.get(c.regional)! : firstRegional;
    const hospital = add(c.hospital?.name ?? c.name, Tier.COUNTY, reg, -1, withOverride(s.tiers.county, c.hospital), c.travelToRegional);
    facilities[hospital].county = hospital;
    for (const t of c.townships) {
      const centre = add(t.centre?.name ?? t.name, Tier.TOWNSHIP, hospital, hospital, withOverride(s.tiers.township, t.centre), t.travelToCounty);
      for (const v of t.villages) {
        const clinic = add(v.clinic?.name ?? v.name, Tier.VILLAGE, centre, hospital, withOverride(s.tiers.village, v.clinic), v.travelToTownship);
        population += v.population;
        villages.push({
          index: villages.length,
          name: v.name,
          population: v.population,
          facilities: [clinic, centre, hospital, reg],
          travel: [
            0,
            v.travelToTownship,
            (v.travelToTownship + t.travelToCounty) * f,
            (v.travelToTownship + t.travelToCounty + c.travelToRegional) * f,
          ],
        });
      }
    }
  }
  return { facilities, villages, travelUp: Float64Array.from(travelUp), population };
}
