import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { scenarioJsonSchema } from '../../src/scenario/jsonSchema.js';
import { scenarioJsonSchemaText } from '../../src/scenario/jsonSchema.js';

const small = parse(readFileSync('test/fixtures/scenarios/small.yaml', 'utf8'));

describe('scenario/jsonSchema', () => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const validate = ajv.compile(scenarioJsonSchema());

  it('scenarioJsonSchema() accepts the small fixture as written', () => {
    expect(validate(small), ajv.errorsText(validate.errors)).toBe(true);
  });

  it('scenarioJsonSchema() rejects bad values, unknown keys and bad durations', () => {
    const cases: Array<(s: typeof small) => void> = [
      (s) => { s.tiers.county.beds = -5; },
      (s) => { s.tiers.county.bedz = 5; },
      (s) => { s.tiers.township.consultTime = '5 parsecs'; },
      (s) => { s.conditions[0].acuity = 'mild'; },
      (s) => { delete s.tiers; },
    ];
    for (const spoil of cases) {
      const bad = structuredClone(small);
      spoil(bad);
      expect(validate(bad)).toBe(false);
    }
  });

  it('scenarioJsonSchema() shows durations as a number or a string with a unit', () => {
    const text = JSON.stringify(scenarioJsonSchema());
    expect(text).toContain('"type":"string","pattern":"^\\\\s*[0-9]+');
    expect(validate({ ...small, region: { ...small.region, counties: [{ ...small.region.counties[0], travelToRegional: '90 min' }] } })).toBe(true);
  });

  it('schemas/scenario.schema.json is up to date (regenerate: npx tiersim schema --out schemas/scenario.schema.json --force)', () => {
    expect(readFileSync('schemas/scenario.schema.json', 'utf8')).toBe(scenarioJsonSchemaText());
  });
});
