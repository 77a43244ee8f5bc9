/**
 * 救治绿色通道 (green channels for chest pain, stroke, trauma and other critical emergencies):
 * designated centres (the regional centres, and county hospitals able enough to treat the
 * condition) receive the listed emergencies straight from the ambulance, and keep CT units and
 * beds free for emergencies so that they rarely wait for a test or a bed (they already queue
 * ahead of everyone).
 */
import { z } from 'zod';
import { nonNegInt, probability, TEST_TYPES } from '../params/fields.js';
import { cleanText, quoteText } from '../params/caps.js';
import { didYouMean } from '../params/suggest.js';
import { PatientClass, Tier, TIER_COUNT } from '../model/constants.js';
import { H_CONDITION } from '../model/patients.js';
import type { Facility } from '../model/facilities.js';
import type { TieredModel } from '../model/model.js';
import { defineLever, type LeverDefinition, type LeverIssue, type ScenarioContext } from './define.js';

const CT = TEST_TYPES.indexOf('ct');

export const schema = z.strictObject({
  enabled: z.boolean().default(false).describe('whether the green channel runs'),
  conditions: z.array(z.string()).default([]).describe('names of the conditions (of acuity emergency) taken by the green channel; empty: every emergency condition'),
  countyCentres: z.boolean().default(false).describe('whether county hospitals able enough (minCapability) are designated centres too; the regional centres always are'),
  minCapability: probability.default(0.8).describe("least county capability for a condition that makes county hospitals designated centres for it (with countyCentres)"),
  ctReserved: nonNegInt.default(0).describe('CT units each designated centre keeps for emergencies (at most its CT capacity)'),
  bedsReserved: nonNegInt.default(0).describe('beds each designated centre keeps for emergencies (at most its beds)'),
}).describe('救治绿色通道: green channels to designated centres for critical emergencies');

type Params = z.output<typeof schema>;

/** The listed conditions must exist in the scenario and be emergencies (only emergencies come by ambulance). */
function check(p: Params, scenario: ScenarioContext): LeverIssue[] {
  const issues: LeverIssue[] = [];
  const known = scenario.conditions.map((c) => c.name);
  p.conditions.forEach((name, i) => {
    const c = scenario.conditions.find((x) => x.name === name);
    if (c === undefined) {
      // Only the suggestion of a close name: the message lists the names already.
      const hint = didYouMean(name, known);
      const suggestion = hint.startsWith(';') ? hint : '';
      issues.push({ path: ['conditions', i], message: `expected the name of one of the scenario's conditions (${cleanText(known.join(', '), 200)}), got ${quoteText(name)}${suggestion}` });
    } else if (c.acuity !== 'emergency') {
      issues.push({ path: ['conditions', i], message: `expected a condition of acuity emergency (the green channel takes patients by ambulance), got ${quoteText(name)} of acuity ${c.acuity}` });
    }
  });
  return issues;
}

export const definition: LeverDefinition<'greenChannel', typeof schema> = defineLever('greenChannel', schema, (p) => {
  if (!p.enabled) return null;
  const { countyCentres, minCapability, ctReserved, bedsReserved } = p;
  /** Per condition: 1 if the green channel takes it. */
  let green = new Uint8Array(0);
  /** Per condition: 1 if county hospitals are designated centres for it. */
  let countyFor = new Uint8Array(0);
  /** Whether county hospitals are designated centres for any condition of the green channel. */
  let countyDesignated = false;

  return {
    key: 'greenChannel',
    attach(model: TieredModel) {
      const conditions = model.scenario.conditions;
      const table = model.conditions;
      green = Uint8Array.from(conditions, (c) => (p.conditions.length === 0 ? c.acuity === 'emergency' : p.conditions.includes(c.name)) ? 1 : 0);
      countyFor = Uint8Array.from(conditions, (_, c) => green[c] === 1 && countyCentres && table.capable[c * TIER_COUNT + Tier.COUNTY] >= minCapability ? 1 : 0);
      countyDesignated = countyFor.includes(1);
    },
    facilityBuilt(_model, f: Facility) {
      if (!(f.tier === Tier.REGIONAL || (f.tier === Tier.COUNTY && countyDesignated))) return;
      const ct = f.tests[CT];
      if (ct !== null && ctReserved > 0) ct.setReserved(PatientClass.EMERGENCY, Math.min(ctReserved, ct.capacity));
      if (f.ward !== null && bedsReserved > 0) f.ward.setReserved(PatientClass.EMERGENCY, Math.min(bedsReserved, f.beds));
    },
    // Straight to the nearest designated centre: the village's county hospital where it is one
    // for the condition and sees emergencies, else its regional centre.
    emergencyFirstContact(model, patient, village, tier) {
      const cond = model.patients.get(patient, H_CONDITION);
      if (green[cond] === 0) return tier;
      if (countyFor[cond] === 1) {
        const county = model.facilities[model.villageFacility[TIER_COUNT * village + Tier.COUNTY]];
        if (county.emergency !== null || county.doctors > 0) return Tier.COUNTY;
      }
      return Tier.REGIONAL;
    },
  };
}, check);
