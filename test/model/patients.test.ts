import { describe, expect, it } from 'vitest';
import {
  F_FOLLOWUP, H_CLS, H_CONDITION, H_FLAGS, H_FOLLOW_UPS, H_KEY, H_TREAT_FACILITY, H_VILLAGE, PatientPool, TEST_SLOTS, U_CHOICE,
  U_COMPLICATION, U_CONSULT, U_STAY, U_TEST,
} from '../../src/model/patients.js';

describe('PatientPool', () => {
  it('keeps what a follow-up needs across sleep and wake, and frees the active slot meanwhile', () => {
    const P = new PatientPool(4);
    const p = P.alloc();
    P.set(p, H_CONDITION, 3);
    P.set(p, H_FLAGS, 42);
    P.set(p, H_KEY, -123456789);
    P.set(p, H_VILLAGE, 77);
    P.set(p, H_TREAT_FACILITY, 9);
    P.set(p, H_FOLLOW_UPS, 5);
    P.set(p, H_CLS, 1);
    for (let k = 0; k < TEST_SLOTS; k++) {
      P.testTime[p * TEST_SLOTS + k] = k === 2 ? -Infinity : 100 + k;
      P.testFacility[p * TEST_SLOTS + k] = k === 2 ? -1 : 10 + k;
    }
    const draw = P.u(p, U_CHOICE);
    const d = P.sleep(p);
    expect(P.live).toBe(1);
    // The active slot is free again: the next patient takes it, with every field reset.
    const q = P.alloc();
    expect(q).toBe(p);
    expect(P.get(q, H_CONDITION)).toBe(0);
    expect(P.testTime[q * TEST_SLOTS]).toBe(-Infinity);
    expect(P.live).toBe(2);
    const r = P.wake(d);
    expect(r).not.toBe(q);
    expect(P.live).toBe(2);
    expect([H_CONDITION, H_FLAGS, H_KEY, H_VILLAGE, H_TREAT_FACILITY, H_FOLLOW_UPS].map((f) => P.get(r, f))).toEqual([3, 42, -123456789, 77, 9, 5]);
    expect(P.u(r, U_CHOICE)).toBe(draw);
    for (let k = 0; k < TEST_SLOTS; k++) {
      expect(P.testTime[r * TEST_SLOTS + k]).toBe(k === 2 ? -Infinity : 100 + k);
      expect(P.testFacility[r * TEST_SLOTS + k]).toBe(k === 2 ? -1 : 10 + k);
    }
    // Fields a visit sets afresh start from their reset values.
    expect(P.get(r, H_CLS)).toBe(0);
    P.release(r);
    P.release(q);
    expect(P.live).toBe(0);
  });

  it('recycles dormant records and grows past its first allocation', () => {
    const P = new PatientPool(2);
    const dormant: number[] = [];
    for (let i = 0; i < 3000; i++) {
      const p = P.alloc();
      P.set(p, H_VILLAGE, i);
      dormant.push(P.sleep(p));
    }
    expect(P.live).toBe(3000);
    expect(new Set(dormant).size).toBe(3000);
    const villages = dormant.map((d) => {
      const p = P.wake(d);
      const v = P.get(p, H_VILLAGE);
      P.release(p);
      return v;
    });
    expect(villages).toEqual(dormant.map((_, i) => i));
    expect(P.live).toBe(0);
    const p = P.alloc();
    expect(dormant).toContain(P.sleep(p));
  });

  it('gives every consultation, stay and test of an episode its own draw', () => {
    const P = new PatientPool(4);
    const p = P.alloc();
    const used = new Set<number>();
    // An episode with up to 40 follow-up visits: the first visit at every tier, then each
    // follow-up visit (and a complication found there) at every tier.
    for (let left = 40; left >= 0; left--) {
      for (const followUp of [false, true]) {
        P.set(p, H_FOLLOW_UPS, left);
        P.set(p, H_FLAGS, followUp ? F_FOLLOWUP : 0);
        for (let tier = 0; tier < 4; tier++) {
          const v = P.visitIndex(p, tier);
          for (const k of [U_CONSULT + v, U_STAY + v, ...Array.from({ length: TEST_SLOTS }, (_, t) => U_TEST + v * TEST_SLOTS + t)]) {
            expect(used.has(k)).toBe(false);
            used.add(k);
          }
        }
      }
    }
    // Clear of the other per-episode draws (below U_COMPLICATION + visits).
    expect(Math.min(...used)).toBeGreaterThan(U_COMPLICATION + 40);
    const u = P.uOpen(p, U_CONSULT);
    expect(u > 0 && u < 1).toBe(true);
  });
});
