import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** tiersim's version, read from package.json so there is one source. */
export const VERSION: string = (require('../package.json') as { version: string }).version;
