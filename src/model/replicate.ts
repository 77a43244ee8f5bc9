/**
 * One replication: build the model for (scenario, seed, replication index) and run it.
 * Everything random in it flows from those three, so a replication gives the same
 * result wherever it runs. The levers are passed in from above (src/levers/index.ts
 * `runReplication` passes the registry).
 */
import type { ModelInput } from './params.js';
import { TieredModel } from './model.js';
import type { Region } from './region.js';
import type { ReplicationResult } from './metrics.js';
import type { LeverFactory } from './lever.js';

export interface ReplicationJob {
  scenario: ModelInput;
  seed: number;
  replication: number;
  days: number;
  warmupDays: number;
}

/** Runs one replication of the job's scenario with these levers. */
export function runModel(job: ReplicationJob, levers: readonly LeverFactory[], region?: Region): ReplicationResult {
  const model = new TieredModel(job.scenario, {
    replication: job.replication, seed: job.seed, days: job.days, warmupDays: job.warmupDays,
  }, levers, region);
  return model.run();
}
