import type { Tandem } from './tandem.js';
export const FEATURES: readonly string[];
export function source(r: number): string;
export function rung(r: number): Tandem;
