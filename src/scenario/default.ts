import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The calibrated baseline shipped with tiersim (scenarios/baseline.yaml), shown relative to the working directory. */
export const DEFAULT_SCENARIO: string = relative(process.cwd(), resolve(fileURLToPath(import.meta.url), '../../../scenarios/baseline.yaml')) || 'baseline.yaml';
