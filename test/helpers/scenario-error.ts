import { expect } from 'vitest';
import { ScenarioError } from '../../src/scenario/errors.js';

/** The ScenarioError thrown by `fn` (fails the test when it throws anything else, or nothing). */
export function errorOf(fn: () => unknown): ScenarioError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ScenarioError);
    return err as ScenarioError;
  }
  throw new Error('expected a ScenarioError');
}
