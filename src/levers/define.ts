/**
 * What a lever file exports: its key under `policies:`, the zod schema of its parameters,
 * and the factory the model calls once per replication (see `Lever` in src/model/lever.ts).
 */
import type { z } from 'zod';
import type { Lever, LeverFactory } from '../model/lever.js';
import type { Region } from '../model/region.js';

export interface LeverDefinition<K extends string = string, S extends z.ZodType = z.ZodType> extends LeverFactory {
  readonly key: K;
  /** Parameters under `policies.<key>`; every field defaults to zero strength. */
  readonly schema: S;
}

/**
 * A lever definition: `make` turns the lever's parameters (when the scenario has them) into
 * a lever for one replication, or null at zero strength, where the model must run exactly
 * as without the lever.
 */
export function defineLever<K extends string, S extends z.ZodType>(
  key: K,
  schema: S,
  make: (params: z.output<S>, region: Region) => Lever | null,
): LeverDefinition<K, S> {
  return {
    key,
    schema,
    create(policies: Readonly<Record<string, unknown>>, region: Region): Lever | null {
      const params = policies[key] as z.output<S> | undefined;
      return params === undefined ? null : make(params, region);
    },
  };
}
