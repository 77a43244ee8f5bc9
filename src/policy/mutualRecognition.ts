/**
 * 检查检验结果互认 (mutual recognition of test results): a result obtained at another
 * facility in the same episode, still within its validity window, is accepted with a
 * probability by test type, so the test is not repeated (no capacity, time or cost).
 */
import type { Scenario } from '../scenario/schema.js';
import type { Region } from '../model/region.js';
import { TEST_TYPES } from '../scenario/fields.js';
import type { PolicySettings } from './index.js';

export const key = 'mutualRecognition';

export function apply(s: Scenario, _region: Region, settings: PolicySettings): void {
  const p = s.policies.mutualRecognition;
  if (!p) return;
  settings.recognition = { rates: Float64Array.from(TEST_TYPES.map((t) => p.rates[t])), validity: p.validity };
}
