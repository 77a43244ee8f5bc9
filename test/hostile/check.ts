/** Judging hostile-case results against the required behaviour, and the grouped failure summary. */
import type { CaseResult, HostileCase } from './types.js';

/** Kinds of failure, as counted in the summary. */
export type ProblemKind =
  | 'hung' | 'died' | 'crash' | 'internal-error' | 'stack-trace' | 'bad-message' | 'no-file-line'
  | 'accepted-bad-input' | 'refused-good-input' | 'wrote-outside' | 'changed-existing' | 'leftover'
  | 'echoed-input' | 'csv-injection' | 'escaped-error';

export interface Failure {
  case: HostileCase;
  result: CaseResult;
  problems: Array<{ kind: ProblemKind; detail: string }>;
}

const FILE_LINE = /\S+\.(ya?ml|json):\d+/;
const STACK = /\n\s+at /;
const MAX_MESSAGE_LINES = 60;

/** Every way `result` falls short of what `c` requires; empty when the case passed. */
export function judge(c: HostileCase, result: CaseResult): Failure['problems'] {
  const problems: Failure['problems'] = [];
  const add = (kind: ProblemKind, detail: string) => problems.push({ kind, detail });
  if (result.hung) {
    add('hung', `no answer within ${c.timeoutMs ?? 20_000} ms`);
    return problems;
  }
  if (result.died) {
    add('died', result.died);
    return problems;
  }
  const output = `${result.stdout}\n${result.stderr}`;
  const code = result.exitCode;
  if (code !== 0 && code !== 2) add('crash', `exit code ${code}`);
  if (/internal error/i.test(output)) add('internal-error', firstLine(output.slice(output.search(/internal error/i))));
  if (STACK.test(output)) add('stack-trace', firstLine(output.slice(output.search(STACK) + 1)));
  if (code === 2) {
    const message = result.stderr.trim();
    const lines = message === '' ? 0 : message.split('\n').length;
    if (lines === 0) add('bad-message', 'exit code 2 with nothing on stderr');
    else if (lines > MAX_MESSAGE_LINES) add('bad-message', `${lines} lines on stderr (at most ${MAX_MESSAGE_LINES})`);
    if (c.expectLine && !FILE_LINE.test(message)) add('no-file-line', `no file:line in "${firstLine(message)}"`);
  }
  if (c.expect === 'error' && code === 0) add('accepted-bad-input', 'exit code 0, expected 2');
  if (c.expect === 'ok' && code === 2) add('refused-good-input', `exit code 2, expected 0: ${firstLine(result.stderr)}`);
  for (const text of c.forbidOutput ?? []) if (output.includes(text)) add('echoed-input', `output contains ${JSON.stringify(text.slice(0, 30))}`);
  for (const w of result.wroteOutside) add('wrote-outside', w);
  for (const w of result.changedExisting) add('changed-existing', w);
  for (const w of result.leftovers) add('leftover', w);
  for (const w of result.csvProblems) add('csv-injection', w);
  for (const w of result.escaped) add('escaped-error', firstLine(w));
  return problems;
}

/** The failures of a run, in corpus order. */
export function failures(cases: readonly HostileCase[], results: readonly CaseResult[]): Failure[] {
  return cases.flatMap((c, i) => {
    const problems = judge(c, results[i]);
    return problems.length ? [{ case: c, result: results[i], problems }] : [];
  });
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}

const table = (counts: Map<string, number>, total?: Map<string, number>) =>
  [...counts].sort((a, b) => b[1] - a[1]).map(([k, n]) => `  ${k.padEnd(22)} ${String(n).padStart(5)}${total ? ` of ${total.get(k)}` : ''}`).join('\n');

/**
 * A readable summary: failing cases per category and per kind of problem, then the first few
 * failing cases of each category with their description, exit code and first line of stderr.
 */
export function summarise(cases: readonly HostileCase[], failed: readonly Failure[], examplesPerCategory = 4): string {
  const totals = new Map<string, number>();
  for (const c of cases) totals.set(c.category, (totals.get(c.category) ?? 0) + 1);
  const byCategory = new Map<string, number>();
  const byKind = new Map<string, number>();
  for (const f of failed) {
    byCategory.set(f.case.category, (byCategory.get(f.case.category) ?? 0) + 1);
    for (const kind of new Set(f.problems.map((p) => p.kind))) byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
  }
  const parts = [
    `${failed.length} of ${cases.length} hostile cases failed.`,
    '', 'Failing cases by category:', table(byCategory, totals),
    '', 'Failing cases by kind of problem (a case can have several):', table(byKind),
  ];
  for (const [category] of [...byCategory].sort((a, b) => b[1] - a[1])) {
    parts.push('', `First failures in ${category}:`);
    for (const f of failed.filter((x) => x.case.category === category).slice(0, examplesPerCategory)) {
      parts.push(`  ${f.case.id}: ${f.case.description}`);
      parts.push(`    exit ${f.result.hung ? 'none (hung)' : f.result.exitCode}; stderr: ${firstLine(f.result.stderr) || '(empty)'}`);
      for (const p of f.problems.slice(0, 3)) parts.push(`    - ${p.kind}: ${p.detail}`);
    }
  }
  return parts.join('\n');
}
