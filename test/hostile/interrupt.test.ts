/**
 * Interrupting a real `tiersim run` at seeded random moments while it replaces earlier results (half
 * spread from start-up to past the end of the run, half just after the temporary folder appears): after SIGINT or SIGTERM no temporary folder remains and
 * the results folder holds either the earlier results, byte for byte, or complete new ones; after
 * SIGKILL the same, except that a temporary folder may remain, which the next run must remove.
 * Needs `npm run build` first (it runs bin/tiersim.js).
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO } from './corpus-base.js';

const BIN = join(REPO, 'bin/tiersim.js');
const ARGS = ['run', 'tiny.yaml', '--days', '20', '--warmup', '1', '-r', '2', '-j', '1', '--out', 'R', '--force', '-q'];
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGKILL', 'SIGINT', 'SIGTERM', 'SIGKILL', 'SIGINT', 'SIGKILL', 'SIGTERM'];
const LEFTOVER = /^\.R\.(tmp|old)-/;

const dir = mkdtempSync(join(tmpdir(), 'tiersim-interrupt-'));
copyFileSync(join(REPO, 'test/fixtures/scenarios/tiny.yaml'), join(dir, 'tiny.yaml'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Outcome { code: number | null; signal: NodeJS.Signals | null; stderr: string; ms: number }

/**
 * Runs the command; sends `signal` `delayMs` after the start, or, with `duringWrite`, `delayMs`
 * after the temporary results folder appears. Kills it after 30 s in any case.
 */
function runOnce(signal?: NodeJS.Signals, delayMs = 0, duringWrite = false, args = ARGS): Promise<Outcome> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    let timer: NodeJS.Timeout | undefined;
    const watcher = signal && duringWrite
      ? watch(dir, (_event, name) => {
        if (timer === undefined && name && /^\.R\.tmp-/.test(String(name))) timer = setTimeout(() => child.kill(signal), delayMs);
      })
      : undefined;
    if (signal && !duringWrite) timer = setTimeout(() => child.kill(signal), delayMs);
    const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code, sig) => {
      watcher?.close();
      clearTimeout(timer);
      clearTimeout(guard);
      resolve({ code, signal: sig, stderr, ms: performance.now() - t0 });
    });
  });
}

/** Every file below R: relative path -> content. */
function contents(): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (abs: string, rel: string) => {
    for (const name of readdirSync(abs)) {
      const a = join(abs, name);
      if (statSync(a).isDirectory()) walk(a, `${rel}${name}/`);
      else out.set(`${rel}${name}`, readFileSync(a));
    }
  };
  if (existsSync(join(dir, 'R'))) walk(join(dir, 'R'), '');
  return out;
}

const same = (a: Map<string, Buffer>, b: Map<string, Buffer>) => a.size === b.size && [...a].every(([k, v]) => b.get(k)?.equals(v));

/** Why R is not a complete results folder, or undefined when it is. */
function incomplete(files: Map<string, Buffer>): string | undefined {
  const text = files.get('manifest.json');
  if (!text) return 'R has no manifest.json';
  let listed: unknown;
  try { listed = (JSON.parse(text.toString()) as { files?: unknown }).files; } catch { return 'R/manifest.json is not JSON'; }
  if (!Array.isArray(listed) || listed.length === 0) return 'R/manifest.json lists no files';
  for (const f of listed) {
    if (typeof f !== 'string') return `R/manifest.json lists ${JSON.stringify(f)}`;
    if (f.endsWith('/')) { if (![...files.keys()].some((k) => k.startsWith(f))) return `R/${f} missing or empty`; }
    else if (!files.get(f)?.length) return `R/${f} missing or empty`;
  }
  return undefined;
}

const leftovers = () => readdirSync(dir).filter((n) => LEFTOVER.test(n));

describe('interrupted runs', () => {
  it('leave the earlier results or complete new ones, and no temporary folder', async () => {
    const problems: string[] = [];
    const control = await runOnce();
    expect(control.code, `the uninterrupted run failed: ${control.stderr.trim().split('\n')[0]}`).toBe(0);
    expect(incomplete(contents())).toBeUndefined();
    const random = seedrandom('tiersim-interrupt-1');
    for (const [i, signal] of SIGNALS.entries()) {
      const before = contents();
      const leftBefore = leftovers();
      // Every other interrupt anywhere from start-up to past the end; the others while results are written.
      const duringWrite = i % 2 === 1;
      const delay = Math.round(random() * (duringWrite ? 40 : control.ms * 1.3));
      const run = await runOnce(signal, delay, duringWrite);
      const what = `${signal} ${delay} ms after ${duringWrite ? 'the temporary folder appeared' : 'the start'} (run ${i + 1}; control run ${Math.round(control.ms)} ms)`;
      const after = contents();
      if (!same(before, after)) {
        const why = incomplete(after);
        if (why) problems.push(`${what}: R is neither the earlier results nor complete new ones: ${why}`);
      }
      if (signal !== 'SIGKILL') {
        const added = leftovers().filter((n) => !leftBefore.includes(n));
        if (added.length) problems.push(`${what}: left ${added.join(', ')}`);
      } else {
        const left = leftovers();
        const next = await runOnce();
        if (next.code !== 0) problems.push(`${what}: the next run failed: ${next.stderr.trim().split('\n')[0]}`);
        if (leftovers().length) problems.push(`${what}: the next run left ${leftovers().join(', ')} (before it: ${left.join(', ') || 'none'})`);
        const why = incomplete(contents());
        if (why) problems.push(`${what}: after the next run ${why}`);
      }
      // Start the next interrupt clean, so that one failure is reported once.
      for (const n of leftovers()) rmSync(join(dir, n), { recursive: true, force: true });
    }
    expect(problems, problems.join('\n')).toEqual([]);
  }, 120_000);

  it('a second writer of the same folder is refused while the first one runs', async () => {
    // Both with --report: the charts and report.html are written after the tables.
    const longer = [...ARGS.map((a, i) => (ARGS[i - 1] === '--days' ? '60' : a)), '--report'];
    const first = runOnce(undefined, 0, false, longer);
    const lockSeen = await new Promise<boolean>((resolve) => {
      const deadline = setTimeout(() => { watcher.close(); resolve(false); }, 3000);
      const watcher = watch(dir, (_event, name) => {
        if (name === '.R.lock') { clearTimeout(deadline); watcher.close(); resolve(true); }
      });
    });
    const second = await runOnce(undefined, 0, false, longer);
    const a = await first;
    const problems: string[] = [];
    if (a.code !== 0) problems.push(`the first run failed: ${a.stderr.trim().split('\n')[0]}`);
    if (!lockSeen) problems.push('no .R.lock appeared within 3 s of starting the first run');
    if (second.code !== 2) problems.push(`the second run ended with exit code ${second.code}, expected 2 (refused while the first writes R)`);
    else if (second.stderr.trim() === '') problems.push('the second run was refused without a message');
    const why = incomplete(contents());
    if (why) problems.push(`afterwards ${why}`);
    if (leftovers().length) problems.push(`afterwards ${leftovers().join(', ')} remain`);
    expect(problems, problems.join('\n')).toEqual([]);
  }, 60_000);
});
