import type { Command } from 'commander';
import { register as demo } from './demo.js';
import { register as run } from './run.js';
import { register as compare } from './compare.js';
import { register as sweep } from './sweep.js';
import { register as merge } from './merge.js';
import { register as validate } from './validate.js';
import { register as schema } from './schema.js';
import { register as chart } from './chart.js';
import { register as report } from './report.js';
import { register as warmup } from './warmup.js';
import { register as psa } from './psa.js';

/** Every CLI command registers itself from its own file; add new ones here. */
export const commands: Array<(program: Command) => void> = [run, compare, sweep, merge, demo, validate, schema, chart, report, warmup, psa];
