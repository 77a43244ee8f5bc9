/**
 * Reading a results folder (docs/results-format.md): its manifest, checked for the tiersim-results
 * format and version before anything else is read, and its tables (CSV, or Arrow when only that
 * was written).
 */
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ColumnTable } from 'arquero';
import { readTable } from '../metrics/tables.js';

/** `manifest.format` of a tiersim results folder. */
export const RESULTS_FORMAT = 'tiersim-results';
/** The results-format version this tiersim reads and writes. */
export const RESULTS_FORMAT_VERSION = 1;

export type ResultsKind = 'run' | 'compare' | 'sweep';

/** The manifest fields charts and the report use; other fields are kept as they are. */
export interface Manifest {
  format: string;
  formatVersion: number;
  kind: ResultsKind;
  tiersimVersion?: string;
  scenario?: { name?: string; file?: string; hash?: string };
  seed?: number | string;
  replications?: number;
  days?: number;
  warmupDays?: number;
  workers?: number;
  wallSeconds?: number;
  events?: number;
  createdAt?: string;
  files?: string[];
  baseline?: string;
  variants?: string[];
  params?: string[];
  points?: unknown[][];
  [key: string]: unknown;
}

/** A folder that `chart` or `report` cannot read; `userMessage` is the one line the CLI prints. */
export class ResultsFolderError extends Error {
  readonly userMessage: string;
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'ResultsFolderError';
    this.userMessage = message;
  }
}

/**
 * Reads and checks `<dir>/manifest.json`.
 * @throws ResultsFolderError when there is no such manifest, it is not a tiersim-results manifest,
 *   its formatVersion is not {@link RESULTS_FORMAT_VERSION}, or its kind is unknown.
 */
export async function readManifest(dir: string): Promise<Manifest> {
  let manifest: Partial<Manifest> | undefined;
  try {
    manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Partial<Manifest>;
  } catch {
    manifest = undefined;
  }
  if (!manifest || typeof manifest !== 'object' || manifest.format !== RESULTS_FORMAT) {
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
  return manifest as Manifest;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** Reads table `name` of a results folder from `name.csv`, else `name.arrow`; undefined when neither exists. */
export async function readResultTable(dir: string, name: string): Promise<ColumnTable | undefined> {
  for (const ext of ['csv', 'arrow']) {
    const path = join(dir, `${name}.${ext}`);
    if (await exists(path)) return readTable(path);
  }
  return undefined;
}
