/**
 * One replication: build the model for (scenario, seed, replication index) and run it.
 * Everything random in it flows from those three, so a replication gives the same
 * result wherever it runs.
 */
import type { Scenario } from '../scenario/schema.js';
import { TieredModel } from './model.js';
import type { Region } from './region.js';
import type { ReplicationResult } from './metrics.js';

export interface ReplicationJob {
  scenario: Scenario;
  seed: number;
  replication: number;
  days: number;
  warmupDays: number;
}

export function runReplication(job: ReplicationJob, region?: Region): ReplicationResult {
  const model = new TieredModel(job.scenario, {
    replication: job.replication, seed: job.seed, days: job.days, warmupDays: job.warmupDays,
  }, region);
  return model.run();
}
