/**
 * Closed-form queueing theory used to check simulations against exact results:
 * Erlang B (M/M/c/c loss), Erlang C (M/M/c waiting), M/M/c means, and Jackson
 * networks (traffic equations and per-station M/M/c means).
 */

/**
 * Erlang B: probability that an arrival finds all `c` servers busy in an M/M/c/c loss
 * system with offered load `a` = lambda / mu (erlangs). Stable recursion
 * B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1)).
 */
export function erlangB(c: number, a: number): number {
  if (!Number.isInteger(c) || c < 0) throw new RangeError(`erlangB: c must be a non-negative integer, got ${c}`);
  if (!(a >= 0)) throw new RangeError(`erlangB: offered load must be >= 0, got ${a}`);
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b;
}

/**
 * Erlang C: probability that an arrival has to wait in an M/M/c queue with offered load
 * `a` = lambda / mu. Requires a < c (stable); returns 1 when a >= c.
 */
export function erlangC(c: number, a: number): number {
  if (!Number.isInteger(c) || c < 1) throw new RangeError(`erlangC: c must be a positive integer, got ${c}`);
  if (!(a >= 0)) throw new RangeError(`erlangC: offered load must be >= 0, got ${a}`);
  if (a >= c) return 1;
  const b = erlangB(c, a);
  return (c * b) / (c - a * (1 - b));
}

/** Steady-state measures of an M/M/c queue. Times are in the units of 1/lambda. */
export interface MmcMeasures {
  /** Server utilisation rho = lambda / (c mu). */
  utilisation: number;
  /** Probability of waiting (Erlang C). */
  pWait: number;
  /** Mean wait in queue Wq. */
  meanWait: number;
  /** Mean time in system W = Wq + 1/mu. */
  meanSojourn: number;
  /** Mean number waiting Lq = lambda Wq. */
  meanQueue: number;
  /** Mean number in system L = lambda W. */
  meanInSystem: number;
}

/** All steady-state M/M/c measures; throws RangeError if unstable (lambda >= c mu). */
export function mmc(lambda: number, mu: number, c: number): MmcMeasures {
  if (!(lambda >= 0)) throw new RangeError(`mmc: lambda must be >= 0, got ${lambda}`);
  if (!(mu > 0)) throw new RangeError(`mmc: mu must be > 0, got ${mu}`);
  const a = lambda / mu;
  if (a >= c) throw new RangeError(`mmc: unstable queue, offered load ${a} >= ${c} servers`);
  const pWait = erlangC(c, a);
  const meanWait = pWait / (c * mu - lambda);
  const meanSojourn = meanWait + 1 / mu;
  return {
    utilisation: a / c,
    pWait,
    meanWait,
    meanSojourn,
    meanQueue: lambda * meanWait,
    meanInSystem: lambda * meanSojourn,
  };
}

/** Mean wait in queue Wq of an M/M/c queue: ErlangC(c, lambda/mu) / (c mu - lambda). */
export function mmcMeanWait(lambda: number, mu: number, c: number): number {
  return mmc(lambda, mu, c).meanWait;
}

/**
 * Jackson network traffic equations: lambda_j = gamma_j + sum_i lambda_i P[i][j], where
 * `external[j]` is the external arrival rate at station j and `routing[i][j]` the probability
 * that a job leaving i goes to j (rows may sum to < 1; the rest leaves the network).
 * Solved by Gaussian elimination with partial pivoting on (I - P^T) lambda = gamma.
 */
export function jacksonRates(external: number[], routing: number[][]): number[] {
  const n = external.length;
  if (routing.length !== n || routing.some((r) => r.length !== n)) {
    throw new RangeError(`jacksonRates: routing must be ${n}x${n}`);
  }
  const m: number[][] = [];
  for (let j = 0; j < n; j++) {
    const row: number[] = [];
    for (let i = 0; i < n; i++) row.push((i === j ? 1 : 0) - routing[i][j]);
    row.push(external[j]);
    m.push(row);
  }
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[piv][col])) piv = r;
    if (Math.abs(m[piv][col]) < 1e-12) throw new RangeError('jacksonRates: singular system (closed routing loop?)');
    [m[col], m[piv]] = [m[piv], m[col]];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r][col] / m[col][col];
      if (f !== 0) for (let k = col; k <= n; k++) m[r][k] -= f * m[col][k];
    }
  }
  return m.map((row, j) => row[n] / row[j]);
}

/**
 * Steady-state M/M/c measures for every station of an open Jackson network
 * (`mu[j]` service rate per server, `servers[j]` servers at station j).
 */
export function jacksonStations(external: number[], routing: number[][], mu: number[], servers: number[]): MmcMeasures[] {
  const rates = jacksonRates(external, routing);
  return rates.map((lambda, j) => mmc(lambda, mu[j], servers[j]));
}

/**
 * Mean total sojourn of a job in an open Jackson network, from entry to exit:
 * by Little's law, sum_j lambda_j W_j / sum_j gamma_j, with W_j the M/M/c mean
 * time in system at station j and lambda_j its throughput from the traffic equations.
 */
export function jacksonMeanSojourn(external: number[], routing: number[][], mu: number[], servers: number[]): number {
  const rates = jacksonRates(external, routing);
  const stations = jacksonStations(external, routing, mu, servers);
  let inSystem = 0;
  for (let j = 0; j < rates.length; j++) inSystem += rates[j] * stations[j].meanSojourn;
  return inSystem / external.reduce((s, g) => s + g, 0);
}
