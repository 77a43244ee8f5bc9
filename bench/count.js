/**
 * The body that bench/instructions.sh counts: eight warm-up iterations at a tenth of n (as
 * bench/child.js), then `times` timed iterations of n customers.
 *
 *   node bench/count.js <engine> <mmc|network3> <n> <times>
 */
import { MODELS } from './models.js';
import { loadEngine } from './engine.js';

const [engine, name, nArg, timesArg] = process.argv.slice(2);
const model = MODELS[name];
if (!model) throw new Error(`unknown queueing benchmark ${name} (mmc or network3)`);
const impl = await loadEngine(engine);
const n = Number(nArg);
for (let w = 0; w < 8; w++) impl.tandem(model, Math.max(1, Math.round(n / 10)), 12345 + w);
for (let t = 0; t < Number(timesArg); t++) impl.tandem(model, n, 2024 + t);
