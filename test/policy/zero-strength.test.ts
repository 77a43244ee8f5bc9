/**
 * Every lever at zero strength leaves the model bit-identical to the scenario without it,
 * whatever its other parameters: the whole ReplicationResult (rows, series, flows,
 * histogram, event count) is deep-equal. At non-zero strength each lever does change it,
 * so the equality is not vacuous. A lever at zero strength registers no hook at all.
 */
import { describe, expect, it } from 'vitest';
import { createModel, LEVERS, runReplication } from '../../src/levers/index.js';
import { smallRegion } from './support.js';

const JOB = { seed: 17, replication: 1, days: 14, warmupDays: 2 };
const run = (policies: Record<string, unknown>) => runReplication({ scenario: smallRegion(policies).scenario, ...JOB });

// Zero strength, with the lever's other parameters away from their defaults.
const ZERO = {
  primaryFirst: { compliance: 0, reimbursementGap: 0 },
  reservedSlots: { outpatientShare: 0, bedShare: 0, tiers: ['county'], releaseLead: '1 h' },
  jointClinics: { townshipShare: 0, specialists: 3, days: ['mon', 'sat'] },
  mutualRecognition: { rates: { lab: 0, imaging: 0, ct: 0, ecg: 0 }, validity: '30 d' },
  downReferral: { share: 0, fromTiers: ['regional'] },
  greenChannel: { enabled: false, conditions: ['emergency'], countyCentres: true, minCapability: 0.5, ctReserved: 2, bedsReserved: 10 },
  postedDoctors: { townshipShare: 0, countyDoctors: 3, townshipDays: ['mon'], villageShare: 0, townshipDoctors: 2, villageDays: ['fri', 'sat'] },
  countyPooling: { bedShare: 0, maxTravel: '2 h', upward: false, slots: false },
  sharedDiagnostics: { townshipShare: 0, tests: ['lab'], readers: 3, readTime: '5 min', teleShare: 0.5, resolveShare: 0.9, teleDoctors: 2, teleTime: '30 min' },
};
const ON = {
  primaryFirst: { compliance: 0.5, reimbursementGap: 0.2 },
  reservedSlots: { outpatientShare: 0.34, bedShare: 0.25 },
  jointClinics: { townshipShare: 0.5 },
  mutualRecognition: { rates: { lab: 1, imaging: 1, ct: 1, ecg: 1 } },
  downReferral: { share: 0.5 },
  greenChannel: { enabled: true },
  postedDoctors: { townshipShare: 0.5, villageShare: 0.1 },
  countyPooling: { bedShare: 0.5, upward: true, slots: true },
  sharedDiagnostics: { townshipShare: 0.5, teleShare: 0.5 },
};

const without = run({});

describe('a lever at zero strength', () => {
  for (const lever of Object.keys(ZERO) as Array<keyof typeof ZERO>) {
    it(`${lever} at zero strength gives a bit-identical replication`, () => {
      expect(run({ [lever]: ZERO[lever] })).toEqual(without);
    });

    it(`${lever} at non-zero strength changes the replication`, () => {
      expect(run({ [lever]: ON[lever] }).rows).not.toEqual(without.rows);
    });
  }

  it('registers no hook at zero strength, and every lever of the registry registers one when on', () => {
    const hooks = (policies: Record<string, unknown>) => createModel(smallRegion(policies).scenario, JOB).hooks.all.map((lever) => lever.key);
    expect(hooks(ZERO)).toEqual([]);
    expect(hooks(ON)).toEqual(LEVERS.map((lever) => lever.key));
  });

  it('all levers at zero strength together give a bit-identical replication', () => {
    expect(run(ZERO)).toEqual(without);
  });
});
