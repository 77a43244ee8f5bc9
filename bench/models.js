/**
 * The queueing models of the benchmark suite, in hours. Both are open tandem networks
 * of M/M/c stations: Poisson arrivals at `lambda` into station 0; a customer leaving
 * station i goes on to station i + 1 with probability `next`, otherwise leaves.
 */
export const MODELS = {
  /** M/M/4 with lambda = 3.6/h, mu = 1/h (utilisation 0.9). */
  mmc: { lambda: 3.6, stations: [{ c: 4, mu: 1 }] },
  /** Three stations: 10/h into c = 3, mu = 4/h; 30 % on to c = 2, mu = 2/h; 20 % of those on to c = 1, mu = 1/h. */
  network3: {
    lambda: 10,
    stations: [
      { c: 3, mu: 4, next: 0.3 },
      { c: 2, mu: 2, next: 0.2 },
      { c: 1, mu: 1 },
    ],
  },
};

/** Arrival rate at each station (traffic equations of the tandem). */
export function stationRates(model) {
  const rates = [];
  let rate = model.lambda;
  for (const s of model.stations) {
    rates.push(rate);
    rate *= s.next ?? 0;
  }
  return rates;
}

/** A tandem's parameters as typed arrays: mean interarrival time; per station mean service time, onward probability, servers. */
export function stationArrays(model) {
  const k = model.stations.length;
  const meanSvc = new Float64Array(k);
  const pNext = new Float64Array(k);
  const servers = new Int32Array(k);
  model.stations.forEach((s, i) => {
    meanSvc[i] = 1 / s.mu;
    pNext[i] = i + 1 < k ? s.next : 0;
    servers[i] = s.c;
  });
  return { meanInter: 1 / model.lambda, meanSvc, pNext, servers };
}
