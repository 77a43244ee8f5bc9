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
import { TraceRecorder } from './trace.js';

export interface ReplicationJob {
  scenario: ModelInput;
  seed: number;
  replication: number;
  days: number;
  warmupDays: number;
  /**
   * Record the event log (docs/trace.md): `sample` is the share of episodes kept, in (0, 1].
   * The result's `trace` then holds the rows; the metrics are the same as without it.
   */
  trace?: { sample: number };
}

/** Runs one replication of the job's scenario with these levers (and its event log when the job asks for it). */
export function runModel(job: ReplicationJob, levers: readonly LeverFactory[], region?: Region): ReplicationResult {
  const model = new TieredModel(job.scenario, {
    replication: job.replication, seed: job.seed, days: job.days, warmupDays: job.warmupDays,
  }, levers, region);
  if (job.trace === undefined) return model.run();
  // Salted with the replication, so that each replication keeps its own sample of episodes.
  const recorder = new TraceRecorder(job.trace.sample, job.replication);
  model.monitor = recorder;
  const result = model.run();
  result.trace = recorder.columns();
  return result;
}
