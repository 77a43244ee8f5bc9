/**
 * 检查检验结果互认 (mutual recognition of test results): a result obtained at another
 * facility in the same episode, still within its validity window, is accepted with a
 * probability by test type, so the test is not repeated (no capacity, time or cost). The
 * lever acts on top of what is accepted without it (`tests.recognitionWithoutPolicy`, b): of
 * the results b leaves to be repeated, the share `rates` is accepted, so the probability is
 * b + (1 - b) x rate, decided by the same per-episode draw (U_RECOGNISE + test type): a result
 * accepted without the lever is accepted with it.
 */
import { z } from 'zod';
import { duration, probability, TEST_TYPES } from '../params/fields.js';
import { MINUTES_PER_DAY } from '../model/constants.js';
import { U_RECOGNISE } from '../model/patients.js';
import { defineLever, type LeverDefinition } from './define.js';

export const schema = z.strictObject({
  rates: z.strictObject(Object.fromEntries(TEST_TYPES.map((t) => [t, probability.default(0)])) as Record<(typeof TEST_TYPES)[number], z.ZodDefault<typeof probability>>)
    .default({ lab: 0, imaging: 0, ct: 0, ecg: 0 })
    .describe('share, by test type, of the valid earlier results that would be repeated without the lever (tests.recognitionWithoutPolicy) which the lever has accepted'),
  validity: duration('d', 'validity window').default(7 * MINUTES_PER_DAY).describe('how long a result stays valid (plain numbers in days)'),
}).describe('检查检验结果互认: mutual recognition of test results');

export const definition: LeverDefinition<'mutualRecognition', typeof schema> = defineLever('mutualRecognition', schema, (p) => {
  const rates = Float64Array.from(TEST_TYPES.map((t) => p.rates[t]));
  if (rates.every((r) => r === 0)) return null;
  const validity = p.validity;
  return {
    key: 'mutualRecognition',
    // The patient's own draw for this test type decides, so that variants compared agree;
    // the model has already accepted draws below its own share b (diagnostics.ts).
    recognises: (model, patient, test, age) => {
      const base = model.recognitionBase[test];
      return age <= validity && model.patients.u(patient, U_RECOGNISE + test) < base + (1 - base) * rates[test];
    },
  };
});
