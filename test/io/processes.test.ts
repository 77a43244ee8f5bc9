/**
 * The output policy with real tiersim processes (bin/tiersim.js runs dist/, built by `npm test`'s
 * pretest): two runs on one --out, and SIGINT during a run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BIN = resolve('bin/tiersim.js');
const TINY = resolve('test/fixtures/scenarios/tiny.yaml');
let dir: string;

beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'tiersim-processes-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Done { code: number | null; signal: NodeJS.Signals | null; err: string }

/** Starts `tiersim run tiny.yaml ... --out out`; `exited` resolves when it ends. */
function startRun(out: string, extra: string[] = []): { child: ReturnType<typeof spawn>; exited: Promise<Done> } {
  const child = spawn(process.execPath, [BIN, 'run', TINY, '--days', '10', '--warmup', '1', '-r', '2', '-j', '1', '-q', '--out', out, ...extra], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => { err += String(d); });
  const exited = new Promise<Done>((res) => child.on('close', (code, signal) => res({ code, signal, err })));
  return { child, exited };
}

/** Resolves once `test()` is true (polled every 2 ms). */
function until(test: () => boolean): Promise<void> {
  return new Promise((res) => {
    const poll = setInterval(() => {
      if (test()) {
        clearInterval(poll);
        res();
      }
    }, 2);
  });
}

/** True when `out` is a whole results folder: its manifest and every file it lists. */
function complete(out: string): boolean {
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { files: string[] };
  return manifest.files.every((f) => existsSync(join(out, f)));
}

function createdAt(out: string): string {
  return (JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { createdAt: string }).createdAt;
}

/** What tiersim leaves next to `out` while writing: temporary folders and the lock. */
function leftovers(out: string): string[] {
  const name = out.split('/').pop()!;
  return readdirSync(dir).filter((f) => f.startsWith(`.${name}.`));
}

describe('real processes', () => {
  it('two runs on one --out: exactly one writes, the other exits 2 at once with the lock message', async () => {
    const out = join(dir, 'both');
    // The first is paused (SIGSTOP) once it holds the lock, so that the second surely starts while
    // the first is at work, however loaded the machine; it resumes when the second has ended.
    const a = startRun(out);
    await until(() => existsSync(join(dir, '.both.lock')) || a.child.exitCode !== null);
    a.child.kill('SIGSTOP');
    const b = startRun(out);
    await b.exited;
    a.child.kill('SIGCONT');
    const results = await Promise.all([a.exited, b.exited]);
    const codes = results.map((r) => r.code).sort();
    expect(codes).toEqual([0, 2]);
    const loser = results.find((r) => r.code === 2)!;
    expect(loser.err).toMatch(/^tiersim: .*both is being written by another tiersim \(pid \d+, started .+\); wait for it to finish, or choose another --out\n$/);
    expect(complete(out)).toBe(true);
    expect(leftovers(out)).toEqual([]);
  }, 30_000);

  it('SIGINT during a run leaves the earlier results whole (or the new ones), no temporary folder and no lock', async () => {
    const out = join(dir, 'interrupted');
    expect((await startRun(out).exited).code).toBe(0);
    let latest = createdAt(out);
    // At the moment the temporary folder appears (the write phase), and at a few fixed delays.
    const plans: Array<'write' | number> = ['write', 'write', 200, 700, 1200];
    const seen: string[] = [];
    for (const plan of plans) {
      const run = startRun(out, ['--force']);
      if (plan === 'write') {
        await until(() => readdirSync(dir).some((f) => f.startsWith('.interrupted.tmp-')) || run.child.exitCode !== null);
      } else {
        await new Promise((res) => setTimeout(res, plan));
      }
      run.child.kill('SIGINT');
      const done = await run.exited;
      seen.push(`${plan}:${done.code}`);
      if (done.code === 130) {
        expect(done.err).toBe(`tiersim: interrupted; nothing was written to ${out}\n`);
        expect(createdAt(out)).toBe(latest);
      } else {
        // Finished (0), or stopped by the signal itself while node was starting, before tiersim
        // had prepared anything, or after it had released everything and was about to exit.
        expect(done.code === 0 || done.signal === 'SIGINT', `${done.code} ${done.signal}`).toBe(true);
        expect(createdAt(out) >= latest).toBe(true);
        latest = createdAt(out);
      }
      expect(complete(out)).toBe(true);
      expect(leftovers(out)).toEqual([]);
    }
    // The runs interrupted while writing did exit through the handler.
    expect(seen.filter((s) => s.startsWith('write:')).some((s) => s.endsWith(':130'))).toBe(true);
  }, 60_000);

  it('SIGTERM exits 143 with the same cleanup', async () => {
    const out = join(dir, 'terminated');
    const run = startRun(out);
    // Once the lock is taken (the handlers are installed with it), during the simulation.
    await until(() => existsSync(join(dir, '.terminated.lock')) || run.child.exitCode !== null);
    run.child.kill('SIGTERM');
    const done = await run.exited;
    if (done.code === 143) {
      expect(done.err).toBe(`tiersim: interrupted; nothing was written to ${out}\n`);
      expect(existsSync(out)).toBe(false);
    } else {
      // The run finished between the lock's appearing and the signal (it may be stopped by the
      // signal itself after releasing everything): then its results are whole.
      expect(done.code === 0 || done.signal === 'SIGTERM', `${done.code} ${done.signal}`).toBe(true);
      expect(complete(out)).toBe(true);
    }
    expect(leftovers(out)).toEqual([]);
  }, 30_000);
});
