/**
 * The policy levers: the one registry listing them, the `policies:` schema built from it,
 * and a replication run with them. Each lever is one file of this folder (its parameters,
 * their resolution and its hooks, see `Lever` in src/model/lever.ts); adding one is a file
 * and a line below. At zero strength a lever registers no hook, so the model runs exactly
 * as without it.
 */
import { z } from 'zod';
import type { ModelInput } from '../model/params.js';
import type { Region } from '../model/region.js';
import { TieredModel, type ModelOptions } from '../model/model.js';
import { runModel, type ReplicationJob } from '../model/replicate.js';
import type { ReplicationResult } from '../model/metrics.js';
import type { LeverDefinition, LeverIssue, ScenarioContext } from './define.js';
import * as primaryFirst from './primaryFirst.js';
import * as mutualRecognition from './mutualRecognition.js';
import * as downReferral from './downReferral.js';
import * as reservedSlots from './reservedSlots.js';
import * as jointClinics from './jointClinics.js';
import * as greenChannel from './greenChannel.js';
import * as postedDoctors from './postedDoctors.js';
import * as countyPooling from './countyPooling.js';
import * as sharedDiagnostics from './sharedDiagnostics.js';

/** Every lever, in the order its hooks are called. */
export const LEVERS = [
  primaryFirst.definition,
  reservedSlots.definition,
  jointClinics.definition,
  mutualRecognition.definition,
  downReferral.definition,
  greenChannel.definition,
  postedDoctors.definition,
  countyPooling.definition,
  sharedDiagnostics.definition,
] as const;

type PoliciesShape = { [D in (typeof LEVERS)[number] as D['key']]: z.ZodOptional<D['schema']> };

/** Parameters of the policy levers, under `policies:` in a scenario: one optional entry per lever. */
export const policiesSchema = z.strictObject(
  Object.fromEntries(LEVERS.map((lever) => [lever.key, lever.schema.optional()])) as PoliciesShape,
).default({}).describe('policy levers; each defaults to zero strength');

export type Policies = z.output<typeof policiesSchema>;

/**
 * The levers' checks of their parameters against the rest of a scenario (`LeverDefinition.check`),
 * for the levers the scenario has: each issue with its full path from the scenario's root.
 */
export function checkPolicies(policies: Readonly<Record<string, unknown>>, scenario: ScenarioContext): LeverIssue[] {
  const issues: LeverIssue[] = [];
  for (const lever of LEVERS as readonly LeverDefinition[]) {
    const params = policies[lever.key];
    if (params === undefined || lever.check === undefined) continue;
    for (const issue of lever.check(params, scenario)) issues.push({ path: ['policies', lever.key, ...issue.path], message: issue.message });
  }
  return issues;
}

/** A model of the scenario with every lever of the registry (not yet run). */
export function createModel(scenario: ModelInput, opts: ModelOptions, region?: Region): TieredModel {
  return new TieredModel(scenario, opts, LEVERS, region);
}

/** One replication of a scenario with every lever of the registry. */
export function runReplication(job: ReplicationJob, region?: Region): ReplicationResult {
  return runModel(job, LEVERS, region);
}
