/** The shape shared by the engines' queueing benchmark (declarations for the tests' type check). */
export interface TandemModel {
  lambda: number;
  stations: { c: number; mu: number; next?: number }[];
}
export interface TandemResult {
  seconds: number;
  cpuSeconds: number;
  events: number;
  customers: number;
  /** Mean wait in queue per station (h). */
  meanWait: number[];
  /** Ladder rungs with statistics only: variance of the waits, utilisation and time-average queue length per station. */
  waitVar?: number[];
  utilisation?: number[];
  queueMean?: number[];
}
export type Tandem = (model: TandemModel, customers: number, seed: number) => TandemResult;
