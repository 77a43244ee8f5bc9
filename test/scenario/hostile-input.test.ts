/**
 * Hostile input to the scenario reader: refused keys, YAML aliases, very many problems,
 * `extends:` of files that are not scenarios, secrets in values, large files, byte-order
 * marks, line ends and JSON syntax errors. Files are written into a temporary folder.
 */
import { errorOf } from '../helpers/scenario-error.js';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runCli } from '../helpers/cli.js';
import { applyOverrides, loadScenario, loadScenarioFromObject, mergeScenario, setAt } from '../../src/scenario/load.js';
import { displayPath } from '../../src/scenario/source.js';

const TINY = readFileSync('test/fixtures/scenarios/tiny.yaml', 'utf8');
const TINY_PATH = join(process.cwd(), 'test/fixtures/scenarios/tiny.yaml');
const dir = mkdtempSync(join(tmpdir(), 'tiersim-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => { process.exitCode = undefined; });

function write(name: string, text: string | Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}


/** The error lines of loading `file`, each file's shown path replaced by its bare name. */
function problems(file: string): string[] {
  return errorOf(() => loadScenario(file)).userMessage.split('\n').map((l) => l.split(`${displayPath(dir)}/`).join(''));
}

const REFUSED = 'cannot be used as a key (refused everywhere: __proto__, constructor, prototype)';

describe('refused keys: __proto__, constructor, prototype', () => {
  it('are refused in a file with extends:, in its parent and in a single file, at their line', () => {
    const child = write('child.yaml', `extends: ${TINY_PATH}\nname: child\nsimulation:\n  __proto__:\n    days: 1e308\n`);
    expect(problems(child)).toEqual([`child.yaml:4:3 simulation.__proto__: \`__proto__\` ${REFUSED}`]);
    const parent = write('parent.yaml', TINY.replace('seed: 11', 'seed: 11\n  constructor: {days: 5}'));
    const viaParent = write('via-parent.yaml', 'extends: parent.yaml\nname: child\n');
    expect(problems(viaParent)).toEqual([`parent.yaml:12:3 simulation.constructor: \`constructor\` ${REFUSED}`]);
    const single = write('single.json', JSON.stringify({ ...parse(TINY), prototype: 1 }, null, 1));
    expect(problems(single)).toEqual([`single.json:211:2 prototype: \`prototype\` ${REFUSED}`]);
  });

  it('mergeScenario() and setAt() never change a prototype, even called directly', () => {
    const child = JSON.parse('{"simulation": {"__proto__": {"days": 1e308}}}') as Record<string, unknown>;
    const merged = mergeScenario({ simulation: { seed: 1 } }, child) as { simulation: Record<string, unknown> };
    expect(Object.getPrototypeOf(merged.simulation)).toBe(Object.prototype);
    expect(merged.simulation.days).toBeUndefined();
    expect(Object.keys(merged.simulation)).toEqual(['seed', '__proto__']);
    const target: Record<string, unknown> = { tiers: { village: {} } };
    expect(setAt(target, ['tiers', 'village', '__proto__', 'beds'], 7)).toBe(`\`__proto__\` ${REFUSED}`);
    expect(setAt(target, ['constructor', 'prototype'], 7)).toBe(`\`constructor\` ${REFUSED}`);
    expect(({} as Record<string, unknown>).beds).toBeUndefined();
    // Content built in code with such a key is refused when validated.
    const raw = { ...parse(TINY), simulation: child.simulation };
    expect(errorOf(() => loadScenarioFromObject(raw, 'object.yaml')).userMessage).toBe(`object.yaml simulation.__proto__: \`__proto__\` ${REFUSED}`);
  });

  it('are refused in --param paths and values', () => {
    const raw = parse(TINY) as Record<string, unknown>;
    const msg = errorOf(() => applyOverrides(raw, [
      { path: 'tiers.village.__proto__', value: { beds: 7 } },
      { path: 'tiers.village', value: JSON.parse('{"__proto__": {"beds": 7}}') },
      { path: 'tiers.village.prototype.beds', value: 7 },
    ])).userMessage;
    expect(msg.split('\n')).toEqual([
      `--param tiers.village.__proto__: \`__proto__\` ${REFUSED}`,
      `--param tiers.village: the value has a refused key at __proto__: \`__proto__\` ${REFUSED}`,
      `--param tiers.village.prototype.beds: \`prototype\` ${REFUSED}`,
    ]);
  });
});

describe('YAML aliases', () => {
  const laughs = ['name: x', 'a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]',
    ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(', ')}]`)].join('\n');

  it('a billion laughs is refused at the alias that expands too far, also behind extends:', () => {
    write('laughs.yaml', `${laughs}\n`);
    const expected = ['laughs.yaml:7:8 f[0]: YAML aliases expand too far (a file expands to at most 100,000 values through aliases)'];
    expect(problems(join(dir, 'laughs.yaml'))).toEqual(expected);
    expect(problems(write('laughs-child.yaml', 'extends: laughs.yaml\nname: y\n'))).toEqual(expected);
  });

  it('more than 100 aliases, and a circular alias, are refused', () => {
    const many = write('many.yaml', `${TINY.replace('name: tiny', 'name: tiny\nx: &x 1')}\ny: [${Array(101).fill('*x').join(', ')}]\n`);
    expect(problems(many)[0]).toMatch(/^many\.yaml:82:\d+ y\[100\]: too many YAML aliases \(a file may use at most 100\)$/);
    expect(problems(write('circular.yaml', 'name: x\na: &a [1, *a]\n'))).toEqual([
      'circular.yaml:2:11 a[1]: YAML alias *a refers to a value that contains it (a circular alias)',
    ]);
    expect(problems(write('no-anchor.yaml', 'name: x\na: *nope\n*other : 1\n'))).toEqual([
      'no-anchor.yaml:2:4 a: YAML alias *nope has no anchor &nope before it',
      'no-anchor.yaml:3:1: YAML alias *other has no anchor &other before it',
    ]);
  });
});

describe('repeated keys', () => {
  it('are reported at the repeat, with the line of the first', () => {
    const file = write('repeat.yaml', TINY.replace('seed: 11', 'seed: 11\n  days: 50'));
    expect(problems(file)).toEqual(['repeat.yaml:12:3 simulation.days: key `days` is repeated (first at line 8)']);
  });
});

describe('deep nesting', () => {
  it('is refused past 64 levels, and never overflows the stack', () => {
    const deep = problems(write('deep.yaml', `name: x\na: ${'['.repeat(100)}${']'.repeat(100)}\n`));
    expect(deep).toHaveLength(1);
    expect(deep[0]).toMatch(/^deep\.yaml:2:\d+ a[[\]0]+…: nested too deeply \(at most 64 levels of mappings and lists\)$/);
    const deeper = problems(write('deeper.json', `{"a": ${'['.repeat(200_000)}${']'.repeat(200_000)}}`));
    expect(deeper[0]).toMatch(/^deeper\.json:1:\d+: nested too deeply to read \(at most 64 levels of mappings and lists\)$/);
  });
});

describe('very many problems', () => {
  it('40,000 unknown keys: the first 50 and a count, quickly', () => {
    const keys = Array.from({ length: 40_000 }, (_, i) => `  bogus${i}: 1`).join('\n');
    const file = write('keys.yaml', TINY.replace('simulation:\n', `simulation:\n${keys}\n`));
    const err = errorOf(() => loadScenario(file));
    const lines = err.userMessage.split('\n');
    expect(lines).toHaveLength(51);
    expect(lines[0]).toBe(`${displayPath(file)}:8 simulation.bogus0: unknown key \`bogus0\` (known keys: days, warmup, replications, seed)`);
    expect(lines[50]).toBe('and 39950 more problems');
    expect(err.count).toBe(40_000);
    expect(err.issues).toHaveLength(50);
  }, 20_000);

  it('130,000 invalid list items inside a distribution: no stack overflow', () => {
    const values = Array(130_000).fill('"x"').join(',');
    const file = write('items.yaml', TINY.replace('consultTime: 10 min', `consultTime: {dist: empirical, values: [${values}]}`));
    const lines = errorOf(() => loadScenario(file)).userMessage.split('\n');
    expect(lines[0]).toBe(`${displayPath(file)}:33 tiers.village.consultTime.values[0]: expected a duration such as "30 min", "2 h" or "7 d", got "x"`);
    expect(lines.at(-1)).toBe('and 129950 more problems');
  }, 20_000);
});

describe('extends: and what messages quote', () => {
  it('extends: names only scenario files', () => {
    write('secret.txt', 'root:$6$saltsalt$hashhashhash:19000:0:99999:7:::\n');
    expect(problems(write('shadow.yaml', 'extends: secret.txt\nname: x\n'))).toEqual([
      'shadow.yaml:1 extends: expected a scenario file ending in .yaml, .yml, .json, got "secret.txt"',
    ]);
  });

  it('a long value, such as a secret in a parent, is quoted cut to 40 characters, and control characters escaped', () => {
    write('parent-secret.yaml', TINY.replace('seed: 11', 'seed: "password=hunter2-and-a-long-tail-of-secret-text-beyond"'));
    const lines = problems(write('secret-child.yaml', 'extends: parent-secret.yaml\nname: x\n'));
    expect(lines).toEqual(['parent-secret.yaml:11 simulation.seed: expected a non-negative integer, got "password=hunter2-and-a-long-tail-of-secr…"']);
    const key = `k\u0007${'x'.repeat(300)}`;
    const file = write('key.json', JSON.stringify({ ...parse(TINY), [key]: 1 }));
    const [line] = problems(file);
    expect(line).toMatch(/^key\.json:1 k\\u0007x+…: unknown key `k\\u0007x+…`$/);
    expect(line.length).toBeLessThan(200);
  });
});

describe('file size, byte-order marks, line ends, JSON errors', () => {
  it('a file above 16 MiB is refused before it is read; a description of 100,001 characters is refused', () => {
    const big = write('big.yaml', `${TINY}# ${'x'.repeat(17 * 1024 * 1024)}\n`);
    expect(problems(big)).toEqual(['big.yaml: the file is 17.0 MiB; a scenario file may be at most 16.0 MiB']);
  });

  it('reads a JSON or YAML file with a UTF-8 byte-order mark', () => {
    const json = JSON.stringify(parse(TINY), null, 2);
    expect(loadScenario(write('bom.json', `\uFEFF${json}`)).name).toBe('tiny');
    expect(loadScenario(write('bom.yaml', `\uFEFF${TINY}`)).name).toBe('tiny');
  });

  it('reads CRLF and CR-only line ends with the right line numbers', () => {
    const bad = TINY.replace('beds: 40', 'beds: -40');
    const expected = (name: string) => [`${name}:47 tiers.county.beds: expected a non-negative integer, got -40`];
    expect(problems(write('crlf.yaml', bad.replace(/\n/g, '\r\n')))).toEqual(expected('crlf.yaml'));
    expect(problems(write('cr.yaml', bad.replace(/\n/g, '\r')))).toEqual(expected('cr.yaml'));
    expect(loadScenario(write('cr-ok.yaml', TINY.replace(/\n/g, '\r'))).name).toBe('tiny');
    const json = JSON.stringify(parse(bad), null, 2);
    expect(problems(write('cr.json', json.replace(/\n/g, '\r')))[0]).toMatch(/^cr\.json:\d+ tiers\.county\.beds: /);
  });

  it('every JSON syntax error has a line and column, without quoting the file', () => {
    const json = JSON.stringify(parse(TINY), null, 2);
    expect(problems(write('end.json', `${json.slice(0, json.indexOf('"replications"'))}\n\n`))).toEqual([
      'end.json:6:17: JSON syntax error: Expected double-quoted property name',
    ]);
    expect(problems(write('cut.json', json.slice(0, json.indexOf('"replications"') + 5)))).toEqual([
      'cut.json:7:9: JSON syntax error: Unterminated string',
    ]);
    expect(problems(write('token.json', json.replace('"days": 40', '"days": tru')))).toEqual([
      'token.json:5:16: JSON syntax error: Unexpected token \',\'',
    ]);
    expect(problems(write('open.json', '{\n  "name": "x",\n  "a": [1, 2'))).toEqual([
      'open.json:3:12: JSON syntax error: Expected \',\' or \']\' after array element',
    ]);
    expect(problems(write('empty.json', ''))).toEqual(['empty.json:1:1: JSON syntax error: Unexpected end of JSON input']);
  });
});

describe('the CLI on hostile files', () => {
  it('validate and run report the problem and exit with 2, never an internal error', async () => {
    const file = write('uniform.yaml', TINY.replace('consultTime: 10 min', 'consultTime: {dist: uniform, min: 2, max: 1}'));
    const expected = `${displayPath(file)}:33 tiers.village.consultTime.max: expected max >= min (2), got 1`;
    const v = await runCli('validate', file);
    expect([v.code, v.err]).toEqual([2, `${expected}\n`]);
    const r = await runCli('run', file, '-q', '-o', join(dir, 'out'));
    expect([r.code, r.err]).toEqual([2, `tiersim: ${expected}\n`]);
  });

  it('--seed is an integer from 0 to 2^53 - 1, read from its digits', async () => {
    for (const seed of ['1e308', '9007199254740993', '-1', '1.5']) {
      const r = await runCli('run', TINY_PATH, '-q', '--seed', seed, '-o', join(dir, 'out'));
      expect(r.code, seed).toBe(2);
      expect(r.err, seed).toContain(`--seed must be an integer from 0 to 2^53 - 1 (9007199254740991) written in digits, got "${seed}"`);
    }
  });

  it('the warm-up error says where each value came from', async () => {
    const r = await runCli('run', TINY_PATH, '-q', '--days', '5', '-o', join(dir, 'out'));
    expect([r.code, r.err]).toEqual([2, `tiersim: simulation.warmup in ${displayPath(TINY_PATH)}:9 (10 days) must be shorter than --days (5)\n`]);
    const w = await runCli('run', TINY_PATH, '-q', '--warmup', '50', '-o', join(dir, 'out'));
    expect([w.code, w.err]).toEqual([2, `tiersim: --warmup (50 days) must be shorter than simulation.days in ${displayPath(TINY_PATH)}:8 (40)\n`]);
  });
});
