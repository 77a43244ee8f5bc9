/**
 * Hard caps on what a scenario file may say: limits no machine could run past,
 * checked while reading and validating so that a file `validate` accepts can run.
 * Softer limits (what a given machine can afford) belong to the run settings.
 */

/** Largest scenario file read, in bytes (16 MiB); a larger file is refused before parsing. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;
/** Longest text value (e.g. `description`), in characters. */
export const MAX_TEXT_CHARS = 100_000;
/** Longest name of a facility, village, township, county, regional centre or condition. */
export const MAX_NAME_CHARS = 200;
/** Alias uses (`*name`) allowed in one YAML file. */
export const MAX_ALIASES = 100;
/** Values that the aliases of one file may add when expanded. */
export const MAX_ALIAS_EXPANSION = 100_000;
/** Deepest nesting of mappings and lists in a file. */
export const MAX_DEPTH = 64;
/** Longest simulated run, in days. */
export const MAX_DAYS = 1_000_000;
/** Longest duration of any kind: 100 years, in minutes. */
export const MAX_DURATION_MINUTES = 100 * 365.25 * 1440;
/** Largest seed: 2^53 - 1, the largest integer a number holds exactly. */
export const MAX_SEED = Number.MAX_SAFE_INTEGER;
/** Most shards a sweep can be split into. */
export const MAX_SHARDS = 1_000_000;
/** Most new episodes of one condition per 1,000 residents a year (100 a resident a year). */
export const MAX_INCIDENCE = 100_000;
/**
 * Most follow-up visits of a chronic episode (weekly for 19 years). The model gives each visit
 * draws of its own from the patient's key, distinct only below 2^17 visits.
 */
export const MAX_FOLLOW_UP_VISITS = 1_000;
/** Problems listed in one error; the rest are counted in a last line. */
export const MAX_REPORTED_PROBLEMS = 50;
/** Keys refused everywhere: they would change how every mapping behaves in JavaScript. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** True for a key that scenario files, `--param` paths and `--param` values may not use. */
export function isForbiddenKey(key: unknown): boolean {
  return typeof key === 'string' && FORBIDDEN_KEYS.has(key);
}

/** The message for a refused key. */
export function forbiddenKeyMessage(key: string): string {
  return `\`${key}\` cannot be used as a key (refused everywhere: ${[...FORBIDDEN_KEYS].join(', ')})`;
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

function escapeChar(c: string): string {
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  if (c === '\t') return '\\t';
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

const ONE_CONTROL = new RegExp(`^${CONTROL.source}$`);

/** `text` escaped (`escape` for each code point) up to `max` characters of output, with `…` when cut. */
function shorten(text: string, max: number, escape: (c: string) => string): string {
  let out = '';
  let i = 0;
  for (const c of text) {
    const shown = escape(c);
    if (out.length + shown.length > max) return `${out}…`;
    out += shown;
    if (++i > max) break;
  }
  return out;
}

/**
 * Text safe to print in a message: control and direction-changing characters escaped
 * (`\n`, `\u0007`), and at most `max` characters (after escaping), with an ellipsis when cut.
 */
export function cleanText(text: string, max = 40): string {
  return shorten(text, max, (c) => (ONE_CONTROL.test(c) ? escapeChar(c) : c));
}

/** A value's text quoted for a message: `"abc"`, escaped and cut to about 40 characters. */
export function quoteText(text: string, max = 40): string {
  return `"${shorten(text, max, (c) => (c === '"' || c === '\\' ? `\\${c}` : ONE_CONTROL.test(c) ? escapeChar(c) : c))}"`;
}
