/**
 * The size of a scenario's region, for one-line summaries (`tiersim validate`).
 */
import type { LoadedScenario } from './load.js';
import type { Scenario } from './schema.js';

export interface RegionSize {
  counties: number;
  townships: number;
  villages: number;
  /** Residents; the expected number when villages are generated from a distribution. */
  residents: number;
  /** True when the region is generated, so `residents` is an expectation. */
  approximate: boolean;
  conditions: number;
}

type NumberDist = { dist: string; [param: string]: unknown };

/** Mean of a village-population distribution as written in a scenario. */
function meanOf(d: NumberDist): number {
  const n = (k: string) => Number(d[k]);
  switch (d.dist) {
    case 'constant':
      return n('value');
    case 'uniform':
      return (n('min') + n('max')) / 2;
    case 'triangular':
      return (n('min') + n('mode') + n('max')) / 3;
    case 'empirical': {
      const values = d.values as number[];
      const weights = (d.weights as number[] | undefined) ?? values.map(() => 1);
      const total = weights.reduce((a, b) => a + b, 0);
      return values.reduce((a, v, i) => a + v * weights[i], 0) / total;
    }
    default:
      return n('mean');
  }
}

/** Counts counties, townships, villages and residents, listed or generated. */
export function regionSize(s: Scenario): RegionSize {
  const conditions = s.conditions.length;
  const g = s.region.generate;
  if (g) {
    const townships = g.counties * g.townshipsPerCounty;
    const villages = townships * g.villagesPerTownship;
    const residents = Math.round(villages * meanOf(g.villagePopulation as unknown as NumberDist));
    return { counties: g.counties, townships, villages, residents, approximate: true, conditions };
  }
  const counties = s.region.counties ?? [];
  const townships = counties.flatMap((c) => c.townships);
  const villages = townships.flatMap((t) => t.villages);
  const residents = villages.reduce((a, v) => a + v.population, 0);
  return { counties: counties.length, townships: townships.length, villages: villages.length, residents, approximate: false, conditions };
}

/** `ok <file> (<name>, 6 villages, 5,000 residents, 3 conditions)`. */
export function okLine(loaded: LoadedScenario): string {
  const size = regionSize(loaded.scenario);
  const n = (x: number, one: string, many = `${one}s`) => `${x.toLocaleString('en-US')} ${x === 1 ? one : many}`;
  const parts = [
    loaded.name,
    n(size.counties, 'county', 'counties'),
    n(size.townships, 'township'),
    n(size.villages, 'village'),
    `${size.approximate ? '~' : ''}${n(size.residents, 'resident')}`,
    n(size.conditions, 'condition'),
  ];
  return `ok ${loaded.file} (${parts.join(', ')})`;
}
