/**
 * The model benchmarks: one replication of a scenario (scenarios/baseline.yaml, resized by
 * the number of counties and villages per township) for a number of simulated days, run
 * by bench/child.js in a process of its own so that its peak RSS is the run's own.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario, withOverrides } from '../dist/scenario/load.js';
import { buildRegion } from '../dist/model/region.js';
import { runReplication } from '../dist/levers/index.js';
import { startClock } from './clock.js';

const baseline = join(dirname(fileURLToPath(import.meta.url)), '..', 'scenarios', 'baseline.yaml');

/**
 * Runs replication 0 of the baseline with `counties` counties (and a regional centre per
 * three counties) of `villagesPerTownship`
 * villages per township (the rest of the scenario as in the file, seed included) for `days`
 * simulated days after `warmup` days of warm-up. Times the region build and the run
 * (not the scenario load).
 */
export function runScenario({ counties, villagesPerTownship, days, warmup }) {
  // One regional centre per three counties, as in the baseline, so that every size has the
  // baseline's capacity per resident.
  const centres = Array.from({ length: Math.max(1, Math.round(counties / 3)) }, (_, i) => ({ name: `regional-centre-${i + 1}` }));
  const loaded = withOverrides(loadScenario(baseline), [
    { path: 'region.generate.counties', value: counties },
    { path: 'region.generate.villagesPerTownship', value: villagesPerTownship },
    { path: 'region.regionalCentres', value: centres },
  ]);
  const { scenario } = loaded;
  const stop = startClock();
  const region = buildRegion(scenario);
  const result = runReplication({ scenario, seed: scenario.simulation.seed, replication: 0, days: days + warmup, warmupDays: warmup }, region);
  const { seconds, cpuSeconds } = stop();
  return {
    seconds,
    cpuSeconds,
    events: result.events,
    population: region.population,
    episodes: result.started,
    finished: result.finished,
    inSystem: result.inSystem,
  };
}
