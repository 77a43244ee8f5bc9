import type { Tandem } from './tandem.js';
export const tandem: Tandem;
