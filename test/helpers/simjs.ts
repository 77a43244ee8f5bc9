/**
 * Loads the `simjs` package (SIM.JS), a reference discrete-event library used to
 * cross-check the kernel. The package is a browser bundle that exports nothing to
 * CommonJS: it assigns its API to `window.Sim`, so a temporary `window` global is
 * provided while it loads.
 */
import { createRequire } from 'node:module';

/** The part of the SIM.JS API the cross-checks use. */
export interface SimjsRequest {
  /** Runs `callback` (with `this` = the entity) when the request completes. */
  done(callback: () => void, context?: object, argument?: unknown): SimjsRequest;
}
export interface SimjsEntity {
  time(): number;
  setTimer(duration: number): SimjsRequest;
  useFacility(facility: SimjsFacility, duration: number): SimjsRequest;
}
export interface SimjsEntityClass {
  new (sim: SimjsSim, name?: string): SimjsEntity;
  prototype: SimjsEntity;
}
export interface SimjsSim {
  time(): number;
  addEntity(klass: new (sim: SimjsSim, name?: string) => SimjsEntity & { start(): void }, name?: string): SimjsEntity;
  simulate(endTime: number, maxEvents?: number): boolean;
}
export type SimjsFacility = object;
export interface SimjsRandom {
  exponential(lambda: number): number;
  random(): number;
}
export interface Simjs {
  Sim: new () => SimjsSim;
  Entity: SimjsEntityClass;
  Facility: { new (name: string, discipline?: number, servers?: number, maxqlen?: number): SimjsFacility; FCFS: number };
  /** Mersenne Twister seeded with an integer. */
  Random: new (seed: number) => SimjsRandom;
}

let cached: Simjs | undefined;

/** The SIM.JS namespace (loaded once per process). */
export function loadSimjs(): Simjs {
  if (cached) return cached;
  const g = globalThis as { window?: { Sim?: Simjs } };
  const hadWindow = 'window' in g;
  const host: { Sim?: Simjs } = g.window ?? {};
  g.window = host;
  try {
    createRequire(import.meta.url)('simjs');
  } finally {
    if (!hadWindow) delete g.window;
  }
  if (!host.Sim) throw new Error('simjs did not register window.Sim');
  cached = host.Sim;
  return cached;
}
