/**
 * Latin hypercube sampling: for each parameter, the unit interval is cut into N equal strata, a
 * seeded permutation gives each draw its stratum, and a seeded uniform places the draw inside it.
 * Every parameter thus has exactly one of its N draws in each stratum, and the pairing of strata
 * across parameters is random. Each parameter has its own stream, named by its path, so adding or
 * removing a parameter leaves the others' draws unchanged.
 */
import seedrandom from 'seedrandom';

/**
 * `n` points in (0, 1) for the parameter `name`: point i lies in stratum perm[i] = [k/n, (k+1)/n).
 * The same (seed, name, n) always gives the same points.
 */
export function latinHypercubeColumn(n: number, seed: number, name: string): number[] {
  const rng = seedrandom.alea(`psa/${seed}/${name}`);
  const perm = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  return perm.map((k) => {
    let r = rng();
    // Strictly inside (0, 1): a quantile at 0 or 1 may be infinite.
    if (r === 0) r = 0.5;
    return (k + r) / n;
  });
}

/** A Latin hypercube of `n` points over the named parameters: one column per name. */
export function latinHypercube(n: number, seed: number, names: readonly string[]): number[][] {
  return names.map((name) => latinHypercubeColumn(n, seed, name));
}
