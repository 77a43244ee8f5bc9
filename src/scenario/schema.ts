/**
 * The scenario schema: the single source of the TypeScript types (`Scenario`), the validation,
 * and the published JSON Schema (`tiersim schema`). A scenario is a name and description, the
 * model's parameters (src/model/params.ts) and the levers' parameters (`policies:`, from the
 * lever registry). Durations come out in minutes, clock times in minutes after midnight.
 */
import { z } from 'zod';
import { checkPolicies, policiesSchema } from '../levers/index.js';
import { modelParamsShape, refineModelParams, type ModelParams } from '../model/params.js';
import { MAX_TEXT_CHARS } from '../params/caps.js';
import { uncertaintySchema } from './uncertainty.js';

export const scenarioSchema = z.strictObject({
  $schema: z.string().max(MAX_TEXT_CHARS).optional(),
  extends: z.string().max(MAX_TEXT_CHARS).optional().describe('a scenario file this one overrides (path relative to this file; .yaml, .yml or .json)'),
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, {
    message: 'expected a name of 1 to 100 letters, digits, ".", "_" or "-", starting with a letter or digit (it names the results folder)',
  }),
  description: z.string().max(MAX_TEXT_CHARS).default(''),
  ...modelParamsShape,
  policies: policiesSchema,
  uncertainty: uncertaintySchema.optional(),
}).superRefine((s, ctx) => {
  refineModelParams(s as ModelParams, ctx as unknown as z.core.$RefinementCtx<ModelParams>);
  for (const issue of checkPolicies(s.policies, s)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
});

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Scenario = z.output<typeof scenarioSchema>;
export type { FacilityParams, FacilityOverride, Condition } from '../model/params.js';
