/**
 * Errors in scenario files, reported to the user as one line per problem:
 * `file:line field.path: what was expected, got what`.
 */
import { MAX_REPORTED_PROBLEMS, cleanText } from '../params/caps.js';

/** One problem found in a scenario. */
export interface ScenarioIssue {
  /** The file (or `--param`) where the offending value was set. */
  file: string;
  /** 1-based line of the value in `file`, when known. */
  line?: number;
  /** 1-based column, given for YAML syntax errors. */
  col?: number;
  /** Field path such as `tiers.county.beds` or `region.counties[0].name`; empty for the whole file. */
  path: string;
  /** Plain-language description, e.g. `expected a non-negative integer, got -5`. */
  message: string;
}

/** Formats one issue as `file:line[:col] path: message` (a long or odd field path is cut and escaped). */
export function formatIssue(issue: ScenarioIssue): string {
  let where = cleanText(issue.file, 300);
  if (issue.line !== undefined) where += `:${issue.line}`;
  if (issue.line !== undefined && issue.col !== undefined) where += `:${issue.col}`;
  return issue.path ? `${where} ${cleanText(issue.path, 120)}: ${issue.message}` : `${where}: ${issue.message}`;
}

/** Orders issues by file (in the order files first appear), then by line; otherwise keeps their order. */
export function sortIssues(issues: ScenarioIssue[]): ScenarioIssue[] {
  const fileOrder = new Map<string, number>();
  for (const i of issues) if (!fileOrder.has(i.file)) fileOrder.set(i.file, fileOrder.size);
  return [...issues].sort((a, b) =>
    fileOrder.get(a.file)! - fileOrder.get(b.file)!
    || (a.line ?? Infinity) - (b.line ?? Infinity)
    || (a.col ?? 0) - (b.col ?? 0));
}

/**
 * A scenario that cannot be read or is invalid. `userMessage` lists the issues, one per
 * line, sorted by file and line: the first 50, then a line `and N more problems`; the CLI
 * prints it and exits with `exitCode` (2). `issues` holds the listed issues, `count` all of them.
 */
export class ScenarioError extends Error {
  readonly exitCode = 2;
  /** The issues listed in the message (at most `MAX_REPORTED_PROBLEMS`), sorted. */
  readonly issues: ScenarioIssue[];
  /** How many problems were found in all. */
  readonly count: number;
  readonly userMessage: string;

  constructor(issues: ScenarioIssue[]) {
    const sorted = sortIssues(issues).slice(0, MAX_REPORTED_PROBLEMS);
    const more = issues.length - sorted.length;
    const lines = sorted.map(formatIssue);
    if (more > 0) lines.push(`and ${more} more problem${more === 1 ? '' : 's'}`);
    const text = lines.join('\n');
    super(text);
    this.name = 'ScenarioError';
    this.issues = sorted;
    this.count = issues.length;
    this.userMessage = text;
  }
}
