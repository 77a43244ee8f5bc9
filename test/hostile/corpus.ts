/**
 * The hostile-input corpus: a deterministic (seeded) list of cases, each an input to tiersim and
 * the behaviour it must get. See docs/testing-hostile.md for what it covers and how to add a case.
 */
import seedrandom from 'seedrandom';
import { TINY_TEXT, runCase } from './corpus-base.js';
import { csvCases, hugeCases, optionCases, pathCases, validCases } from './corpus-cli.js';
import { distributionCases, extendsCases, prototypeCases, sessionCases, syntaxCases } from './corpus-inputs.js';
import { mutationCases } from './corpus-mutations.js';
import { resultsCases } from './corpus-results.js';
import type { HostileCase } from './types.js';

export type { HostileCase } from './types.js';

/** The seed of the corpus used by the test suite. */
export const CORPUS_SEED = 'tiersim-hostile-1';

/**
 * Random damage to the tiny scenario: flipped bytes, deleted lines, swapped lines. Whatever the
 * result, the answer must be a clean exit 0 or 2 in time, writing only the results folder.
 */
function fuzzCases(random: () => number): HostileCase[] {
  const lines = TINY_TEXT.split('\n');
  const pick = (n: number) => Math.floor(random() * n);
  const cases: HostileCase[] = [];
  for (let i = 0; i < 40; i++) {
    const bytes = Buffer.from(TINY_TEXT);
    const flips = 1 + pick(4);
    for (let f = 0; f < flips; f++) bytes[pick(bytes.length)] = pick(256);
    cases.push(runCase(`fuzz:bytes-${i}`, 'fuzz', `${flips} random bytes changed`, bytes, { expect: 'either', timeoutMs: 8000 }));
  }
  for (let i = 0; i < 25; i++) {
    const at = pick(lines.length);
    cases.push(runCase(`fuzz:drop-line-${i}`, 'fuzz', `line ${at + 1} deleted`, lines.filter((_, k) => k !== at).join('\n'), { expect: 'either', timeoutMs: 8000 }));
  }
  for (let i = 0; i < 25; i++) {
    const a = pick(lines.length);
    const b = pick(lines.length);
    const swapped = [...lines];
    [swapped[a], swapped[b]] = [swapped[b], swapped[a]];
    cases.push(runCase(`fuzz:swap-lines-${i}`, 'fuzz', `lines ${a + 1} and ${b + 1} swapped`, swapped.join('\n'), { expect: 'either', timeoutMs: 8000 }));
  }
  return cases;
}

/**
 * Builds the corpus. The same seed gives the same cases (ids, files and arguments).
 * @throws Error when two cases share an id.
 */
export function buildCorpus(seed: string = CORPUS_SEED): HostileCase[] {
  const random = seedrandom(seed);
  const cases = [
    ...validCases(),
    ...mutationCases(),
    ...distributionCases(),
    ...sessionCases(),
    ...syntaxCases(random),
    ...extendsCases(),
    ...prototypeCases(),
    ...hugeCases(),
    ...pathCases(),
    ...optionCases(),
    ...resultsCases(),
    ...csvCases(),
    ...fuzzCases(random),
  ];
  const seen = new Set<string>();
  for (const c of cases) {
    if (seen.has(c.id)) throw new Error(`hostile corpus: duplicate case id ${c.id}`);
    seen.add(c.id);
  }
  return cases;
}
