/**
 * What a lever file exports: its key under `policies:`, the zod schema of its parameters,
 * and the factory the model calls once per replication (see `Lever` in src/model/lever.ts).
 */
import type { z } from 'zod';
import type { Lever, LeverFactory } from '../model/lever.js';
import type { Region } from '../model/region.js';

/** What a lever's parameters may be checked against in the rest of the scenario (names they refer to). */
export interface ScenarioContext {
  readonly conditions: ReadonlyArray<{ readonly name: string; readonly acuity: string }>;
}

/** A problem with a lever's parameters: the path under `policies.<key>` and what is wrong. */
export interface LeverIssue {
  path: Array<string | number>;
  message: string;
}

export interface LeverDefinition<K extends string = string, S extends z.ZodType = z.ZodType> extends LeverFactory {
  readonly key: K;
  /** Parameters under `policies.<key>`; every field defaults to zero strength. */
  readonly schema: S;
  /**
   * Checks the validated parameters against the rest of the scenario when the file is loaded
   * (e.g. that the names of conditions they list exist); the issues become errors naming the
   * file, line and field, like any other. Absent: nothing to check.
   */
  readonly check?: (params: z.output<S>, scenario: ScenarioContext) => LeverIssue[];
}

/**
 * A lever definition: `make` turns the lever's parameters (when the scenario has them) into
 * a lever for one replication, or null at zero strength, where the model must run exactly
 * as without the lever; `check`, if given, checks the parameters against the rest of the
 * scenario when it is loaded.
 */
export function defineLever<K extends string, S extends z.ZodType>(
  key: K,
  schema: S,
  make: (params: z.output<S>, region: Region) => Lever | null,
  check?: (params: z.output<S>, scenario: ScenarioContext) => LeverIssue[],
): LeverDefinition<K, S> {
  return {
    key,
    schema,
    check,
    create(policies: Readonly<Record<string, unknown>>, region: Region): Lever | null {
      const params = policies[key] as z.output<S> | undefined;
      return params === undefined ? null : make(params, region);
    },
  };
}
