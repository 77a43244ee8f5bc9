import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenario } from '../../src/scenario/load.js';

const files = readdirSync('scenarios', { recursive: true, encoding: 'utf8' })
  .filter((f) => /\.(ya?ml|json)$/i.test(f))
  .map((f) => join('scenarios', f))
  .sort();

describe('scenarios/', () => {
  it('holds scenario files', () => {
    expect(files.length).toBeGreaterThan(0);
  });
  it.each(files)('%s loads without error', (file) => {
    expect(loadScenario(file).name).toMatch(/^[A-Za-z0-9._-]+$/);
  });
});
