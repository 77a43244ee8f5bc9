/**
 * Reading a results folder (docs/results-format.md): its manifest, checked for the tiersim-results
 * format and version and then field by field (types; file entries and scenario names as safe
 * relative paths) before anything else is read, and its tables (CSV, or Arrow when only that was
 * written), each checked for its columns. Whatever is wrong is a {@link ResultsFolderError} naming
 * the file, never an internal error.
 */
import { access, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { ColumnTable } from 'arquero';
import { COMPARISON_COLUMNS, SUMMARY_COLUMNS, readTable } from '../metrics/tables.js';
import { RESULTS_MARKER } from '../io/output.js';
import { UserError } from '../io/errors.js';
import { pathComponentProblem, relativePathProblem, resolveInside } from '../io/names.js';

/** `manifest.format` of a tiersim results folder. */
export const RESULTS_FORMAT = RESULTS_MARKER;
/** The results-format version this tiersim reads and writes. */
export const RESULTS_FORMAT_VERSION = 1;

export type ResultsKind = 'run' | 'compare' | 'sweep';

const relativePath = z.string().superRefine((v, ctx) => {
  const problem = relativePathProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: `${JSON.stringify(v)} is not a path inside the folder (${problem})` });
});
const folderName = z.string().superRefine((v, ctx) => {
  const problem = pathComponentProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: `${JSON.stringify(v)} is not a folder name (${problem})` });
});
const count = z.number().int().nonnegative();

/** The manifest fields tiersim reads, with their types; other fields are kept as they are. */
const manifestSchema = z.looseObject({
  format: z.literal(RESULTS_FORMAT),
  formatVersion: z.number(),
  kind: z.enum(['run', 'compare', 'sweep']),
  tiersimVersion: z.string().optional(),
  scenario: z.looseObject({ name: z.string().optional(), file: z.string().optional(), hash: z.string().optional() }).optional(),
  seed: z.union([z.number(), z.string()]).optional(),
  replications: count.optional(),
  days: z.number().nonnegative().optional(),
  warmupDays: z.number().nonnegative().optional(),
  population: z.number().nonnegative().optional(),
  workers: count.optional(),
  wallSeconds: z.number().nonnegative().optional(),
  events: z.number().nonnegative().optional(),
  createdAt: z.string().optional(),
  files: z.array(relativePath).optional(),
  baseline: folderName.optional(),
  variants: z.array(folderName).optional(),
  params: z.array(z.string()).optional(),
  points: z.array(z.array(z.unknown())).optional(),
  shard: z.object({ index: count.min(1), count: count.min(1), points: z.array(count) }).optional(),
}).superRefine((m, ctx) => {
  // What each kind's readers rely on.
  const needs = m.kind === 'sweep' ? ['params', 'points'] as const : m.kind === 'compare' ? ['baseline', 'variants'] as const : [];
  for (const field of needs) {
    if (m[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: `a ${m.kind} manifest needs ${field}` });
  }
});

/** Keys a manifest may not have: they would reach an object's prototype. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The parsed JSON of a manifest; throws on a key in FORBIDDEN_KEYS (at any depth). */
function parseManifestJson(text: string): unknown {
  return JSON.parse(text, (key, value: unknown) => {
    if (FORBIDDEN_KEYS.has(key)) throw new ResultsFolderError(`the key "${key}" is not allowed in a manifest`);
    return value;
  });
}

/** The manifest fields charts, the report and merge use; other fields are kept as they are. */
export type Manifest = z.infer<typeof manifestSchema>;

/** A folder that `chart`, `report` or `merge` cannot read; `userMessage` is the one line the CLI prints. */
export class ResultsFolderError extends UserError {}

/**
 * Reads and checks `<dir>/manifest.json`.
 * @throws ResultsFolderError when there is no such manifest, it is not a tiersim-results manifest,
 *   its formatVersion is not {@link RESULTS_FORMAT_VERSION}, its kind is unknown, or a field has the
 *   wrong type (a file entry or scenario name leaving the folder among them).
 */
export async function readManifest(dir: string): Promise<Manifest> {
  let manifest: Record<string, unknown> | undefined;
  try {
    const value = parseManifestJson(await readFile(join(dir, 'manifest.json'), 'utf8'));
    manifest = typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : undefined;
  } catch (err) {
    if (err instanceof ResultsFolderError) throw new ResultsFolderError(`${join(dir, 'manifest.json')}: ${err.message}`);
    manifest = undefined;
  }
  if (!manifest || manifest.format !== RESULTS_FORMAT) {
    throw new ResultsFolderError(`${dir} is not a tiersim results folder (no manifest.json with format "${RESULTS_FORMAT}")`);
  }
  if (manifest.formatVersion !== RESULTS_FORMAT_VERSION) {
    throw new ResultsFolderError(
      `${dir} holds results in format version ${String(manifest.formatVersion)}; this tiersim reads version ${RESULTS_FORMAT_VERSION}: run the simulation again to rewrite it`,
    );
  }
  if (manifest.kind !== 'run' && manifest.kind !== 'compare' && manifest.kind !== 'sweep') {
    throw new ResultsFolderError(`${dir} has an unknown results kind "${String(manifest.kind)}" (expected run, compare or sweep)`);
  }
  const checked = manifestSchema.safeParse(manifest);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const field = issue.path.map(String).join('.') || '(top level)';
    const more = checked.error.issues.length > 1 ? ` (and ${checked.error.issues.length - 1} more problem${checked.error.issues.length > 2 ? 's' : ''})` : '';
    throw new ResultsFolderError(`${join(dir, 'manifest.json')}: field ${field}: ${issue.message}${more}`);
  }
  return checked.data;
}

/**
 * `rel` (a path read from the manifest of `dir`) resolved inside `dir`.
 * @throws ResultsFolderError when it would leave the folder.
 */
export function insideResults(dir: string, rel: string): string {
  const path = resolveInside(dir, rel);
  if (path === undefined) throw new ResultsFolderError(`${join(dir, 'manifest.json')}: the entry ${JSON.stringify(rel)} leaves the results folder`);
  return path;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** Summary columns a table must have: all but `ci_method`, which folders written before it lack. */
const SUMMARY_REQUIRED = SUMMARY_COLUMNS.filter((c) => c !== 'ci_method');

/** The columns each results-folder table must have (docs/results-format.md). */
const TABLE_COLUMNS: Record<string, readonly string[]> = {
  summary: SUMMARY_REQUIRED,
  comparison: COMPARISON_COLUMNS,
  sweep: ['point', ...SUMMARY_REQUIRED],
  replications: ['replication', 'metric', 'tier', 'facility', 'group', 'value'],
  timeseries: ['replication', 'day', 'tier', 'metric', 'value'],
  wait_hist: ['tier', 'bin_low', 'bin_high', 'count'],
  flows: ['from_tier', 'to_tier', 'direction', 'mean', 'ci_low', 'ci_high', 'n'],
};

/**
 * Reads a table file of a results folder and checks its columns.
 * @throws ResultsFolderError naming the file when it cannot be read or lacks a column.
 */
export async function readCheckedTable(path: string, name: string): Promise<ColumnTable> {
  let table: ColumnTable;
  try {
    table = await readTable(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const empty = code === undefined && (await stat(path).then((st) => st.size === 0, () => false));
    const why = code === 'ENOENT' ? 'it is missing' : empty ? 'the table is empty (not even a header line)' : 'it is not a readable table';
    throw new ResultsFolderError(`${path}: ${why}`);
  }
  const have = table.columnNames();
  const missing = (TABLE_COLUMNS[name] ?? []).filter((c) => !have.includes(c));
  if (have.length === 0) throw new ResultsFolderError(`${path}: the table is empty (not even a header line)`);
  if (missing.length > 0) throw new ResultsFolderError(`${path}: the table lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  return table;
}

/**
 * Reads table `name` of a results folder from `name.csv`, else `name.arrow`; undefined when neither
 * exists and the manifest (if given) lists neither.
 * @throws ResultsFolderError when a listed table is missing, or a table is unreadable or lacks columns.
 */
export async function readResultTable(dir: string, name: string, manifest?: Manifest): Promise<ColumnTable | undefined> {
  for (const ext of ['csv', 'arrow']) {
    const path = join(dir, `${name}.${ext}`);
    if (await exists(path)) return readCheckedTable(path, name);
  }
  const listed = manifest?.files?.find((f) => f === `${name}.csv` || f === `${name}.arrow`);
  if (listed) throw new ResultsFolderError(`${join(dir, listed)}: listed in ${join(dir, 'manifest.json')} but missing`);
  return undefined;
}
