/**
 * The layers of src/ point one way (docs/architecture.md), checked by dependency-cruiser with the
 * rules of .dependency-cruiser.cjs (on the sources, type-only imports included) and
 * .dependency-cruiser.runtime.cjs (no import cycle among the modules that run, on dist/ as
 * `npm test` builds it). Each check is also shown to catch a violation, on a small fixture.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve('.');
const DEPCRUISE = resolve('node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

interface Cruise {
  modules: Array<{ source: string; dependencies: Array<{ resolved: string }> }>;
  summary: { violations: Array<{ rule: { name: string }; from: string; to: string }>; totalCruised: number };
}

/** dependency-cruiser's JSON report of `target` (a folder) under `config`, run in `cwd`. */
function cruise(target: string, config: string, cwd = ROOT): Cruise {
  const out = execFileSync(process.execPath, [DEPCRUISE, target, '--config', resolve(ROOT, config), '--output-type', 'json'], {
    cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out) as Cruise;
}

describe('layers', () => {
  it('src/: every import points to a layer below (type-only imports too)', () => {
    const r = cruise('src', '.dependency-cruiser.cjs');
    // Not vacuous: the TypeScript sources were read, with their imports.
    expect(r.summary.totalCruised).toBeGreaterThan(80);
    const model = r.modules.find((m) => m.source === 'src/model/model.ts');
    expect(model?.dependencies.map((d) => d.resolved)).toEqual(expect.arrayContaining(['src/engine/index.ts', 'src/model/lever.ts']));
    expect(r.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`)).toEqual([]);
  });

  it('dist/: no import cycle among the modules that run', () => {
    const r = cruise('dist', '.dependency-cruiser.runtime.cjs');
    expect(r.summary.totalCruised).toBeGreaterThan(80);
    expect(r.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`)).toEqual([]);
  });

  it('the rules catch an upward type-only import and a cycle', () => {
    const fixture = resolve('test/fixtures/layers');
    const layers = cruise('src', '.dependency-cruiser.cjs', fixture);
    expect(layers.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`))
      .toContain('engine-imports-only-below: src/engine/clock.ts -> src/model/patient.ts');
    const cycles = cruise('dist', '.dependency-cruiser.runtime.cjs', fixture);
    expect(cycles.summary.violations.map((v) => v.rule.name)).toContain('no-circular');
  });
});
