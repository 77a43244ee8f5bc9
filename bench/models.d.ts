import type { TandemModel } from './engines/tandem.js';
export const MODELS: { mmc: TandemModel; network3: TandemModel };
export function stationRates(model: TandemModel): number[];
export function stationArrays(model: TandemModel): { meanInter: number; meanSvc: Float64Array; pNext: Float64Array; servers: Int32Array };
