/**
 * The model core names no lever: no file of src/model mentions a lever's key or imports
 * from src/levers (levers are passed in from above, see src/model/lever.ts), the model's
 * imports point only to the engine, the parameter vocabulary (src/params) and the model itself,
 * and every file is small enough to read in one sitting.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LEVERS } from '../../src/levers/index.js';
import { ROOT } from './support.js';

const MODEL = join(ROOT, 'src', 'model');
const files = readdirSync(MODEL).filter((f) => f.endsWith('.ts')).sort();
const text = (file: string) => readFileSync(join(MODEL, file), 'utf8');
const KEYS = ['primaryFirst', 'reservedSlots', 'jointClinics', 'mutualRecognition', 'downReferral', 'greenChannel', 'postedDoctors', 'countyPooling', 'sharedDiagnostics'];

describe('src/model', () => {
  it('has the files of the split, and the registry has the levers', () => {
    expect(files).toEqual(expect.arrayContaining(['model.ts', 'lever.ts', 'onsets.ts', 'outpatient.ts', 'diagnostics.ts', 'inpatient.ts', 'followups.ts', 'costs.ts', 'facilities.ts']));
    expect(LEVERS.map((lever) => lever.key)).toEqual(KEYS);
  });

  it.each(files)('%s names no lever and does not import src/levers', (file) => {
    const source = text(file);
    for (const key of new Set([...KEYS, ...LEVERS.map((lever) => lever.key)])) expect(source).not.toMatch(new RegExp(key, 'i'));
    expect(source).not.toMatch(/from\s+['"][^'"]*levers/);
    expect(source).not.toMatch(/import\(\s*['"][^'"]*levers/);
  });

  it.each(files)('%s imports only the engine, src/params, the model and zod (its parameter schema)', (file) => {
    const sources = [...text(file).matchAll(/from\s+['"]([^'"]+)['"]/g)].map((m) => m[1]);
    for (const source of sources) expect(source).toMatch(/^(\.\/|\.\.\/engine\/|\.\.\/params\/|zod$)/);
  });

  it.each(files)('%s has at most 400 lines', (file) => {
    expect(text(file).split('\n').length).toBeLessThanOrEqual(400);
  });
});
