import { describe, expect, it } from 'vitest';
import { runDemo } from '../../src/cli/commands/demo.js';

describe('tiersim demo', () => {
  it('is reproducible from its seed and processes one arrival and one departure per customer', () => {
    const a = runDemo({ customers: 5000, seed: 11 });
    const b = runDemo({ customers: 5000, seed: 11 });
    expect({ ...a, wallMs: 0 }).toEqual({ ...b, wallMs: 0 });
    expect(a.eventsProcessed).toBe(10_000);
    expect(a.theoryPWait).toBeCloseTo(0.78775, 5);
    expect(runDemo({ customers: 5000, seed: 12 }).meanWait).not.toBe(a.meanWait);
  });
});
