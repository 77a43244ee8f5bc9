import { ENGINES } from './benchmarks.js';

/**
 * Loads an engine by name: `tiersim`, `simjs`, `limit` (./engines/<name>.js), or a rung of the
 * feature ladder, `rung0` to `rung6` (./engines/ladder.js; queueing benchmarks only).
 */
export async function loadEngine(name) {
  const m = /^rung(\d+)$/.exec(name);
  if (m) {
    const { rung } = await import('./engines/ladder.js');
    return { tandem: rung(Number(m[1])) };
  }
  if (!ENGINES.includes(name)) throw new Error(`unknown engine ${name}`);
  return import(`./engines/${name}.js`);
}
