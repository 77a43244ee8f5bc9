/**
 * 号源/床位下沉, reserved slots and beds, in isolation on the small region: while a
 * reservation is in force no unreferred patient (walk-in, or emergency) is given a
 * reserved unit that referred patients are not using; reserved outpatient doctors are
 * released `releaseLead` before the session ends, reserved beds never.
 */
import { describe, expect, it } from 'vitest';
import type { TieredModel } from '../../src/model/model.js';
import { createModel } from '../../src/levers/index.js';
import { smallRegion, watchGrants, type Grant } from './support.js';

const DAY = 1440;
const REFERRED = 1;
const LEAD = 120;
// Default sessions of the county hospital and regional centre: 08:00-12:00 and 14:00-17:30, every day.
const SESSIONS = [[480, 720], [840, 1050]] as const;
const scenario = smallRegion({ reservedSlots: { outpatientShare: 0.34, bedShare: 0.25, releaseLead: '2 h' } });
// round(0.34 x doctors), round(0.25 x beds) of the small region's county hospital and regional centre.
const HELD = {
  'county/outpatient': Math.round(0.34 * 20), 'regional/outpatient': Math.round(0.34 * 8),
  'county/beds': Math.round(0.25 * 400), 'regional/beds': Math.round(0.25 * 150),
};

/** Reserved units of a resource named like `<facility>/<kind>`, by the tier of the facility. */
function held(model: TieredModel, resource: string): number {
  const [name, kind] = resource.split('/');
  const spec = model.region.facilities.find((f) => f.name === name)!;
  return HELD[`${spec.tier === 2 ? 'county' : 'regional'}/${kind}` as keyof typeof HELD];
}

/** Whether the outpatient reservation is in force at time t: in a session, before its last `LEAD` minutes. */
function reservationInForce(t: number): boolean {
  const tod = t - Math.floor(t / DAY) * DAY;
  return SESSIONS.some(([start, end]) => tod >= start && tod < end - LEAD);
}

/** Units of the reservation idle (not used by referred patients) when the grant was made. */
const idleReserved = (g: Grant, reserved: number) => Math.max(0, reserved - g.inUseReferred);

const model: TieredModel = createModel(scenario.scenario, { seed: 5, replication: 0, days: 21, warmupDays: 3 });
// Grants at the county hospital and the regional centre, observed through the model's Monitor.
const upperGrants = watchGrants(model, (f) => f.tier >= 2);
model.run();
const outpatient = upperGrants.filter((g) => g.resource.endsWith('/outpatient'));
const beds = upperGrants.filter((g) => g.resource.endsWith('/beds'));

describe('reserved slots and beds', () => {
  it('the run exercises the reservation: referred patients use reserved doctors and beds, walk-ins queue for the rest', () => {
    expect(outpatient.filter((g) => g.cls === REFERRED).length).toBeGreaterThan(100);
    expect(outpatient.filter((g) => g.cls !== REFERRED && reservationInForce(g.time)).length).toBeGreaterThan(1000);
    // Walk-ins found every unreserved doctor busy at some grants (the reservation binds).
    expect(outpatient.some((g) => g.cls !== REFERRED && reservationInForce(g.time) && g.capacity - g.inUse === idleReserved(g, held(model, g.resource)) + 1)).toBe(true);
    expect(beds.filter((g) => g.cls === REFERRED).length).toBeGreaterThan(20);
    expect(beds.filter((g) => g.cls !== REFERRED).length).toBeGreaterThan(100);
  });

  it('no unreferred patient takes a reserved outpatient doctor while the reservation is in force', () => {
    const bad = outpatient.filter((g) => g.cls !== REFERRED && reservationInForce(g.time)
      && g.capacity - g.inUse <= idleReserved(g, held(model, g.resource)));
    expect({ count: bad.length, first: bad.slice(0, 3).map((g) => ({ ...g, timeOfDay: g.time % DAY, held: held(model, g.resource) })) })
      .toEqual({ count: 0, first: [] });
  });

  it('the outpatient reservation is in force for the whole session but its last releaseLead, and released then', () => {
    const wrong = outpatient.filter((g) => {
      const tod = g.time % DAY;
      const inSession = SESSIONS.some(([start, end]) => tod >= start && tod < end);
      if (!inSession) return false;
      return g.reservedReferred !== (reservationInForce(g.time) ? held(model, g.resource) : 0);
    });
    expect({ count: wrong.length, first: wrong.slice(0, 3).map((g) => ({ ...g, timeOfDay: g.time % DAY })) }).toEqual({ count: 0, first: [] });
    expect(outpatient.some((g) => g.cls !== REFERRED && !reservationInForce(g.time) && g.reservedReferred === 0)).toBe(true);
  });

  it('no unreferred admission takes a reserved bed, at any time', () => {
    const bad = beds.filter((g) => g.cls !== REFERRED && g.capacity - g.inUse <= idleReserved(g, held(model, g.resource)));
    expect({ count: bad.length, first: bad.slice(0, 3) }).toEqual({ count: 0, first: [] });
    expect(beds.every((g) => g.reservedReferred === held(model, g.resource))).toBe(true);
  });
});
