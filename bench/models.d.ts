import type { TandemModel } from './engines/tandem.js';
export const MODELS: { mmc: TandemModel; network3: TandemModel };
export function stationRates(model: TandemModel): number[];
