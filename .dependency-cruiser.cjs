/**
 * The layers of src/ and the one direction their imports may point (docs/architecture.md), checked
 * by `npx depcruise src --config .dependency-cruiser.cjs` and by test/architecture/layers.test.ts.
 * Type-only imports count: a layer may not even name a type of a layer above it. Import cycles
 * are checked on the compiled code, where only imports that run remain
 * (.dependency-cruiser.runtime.cjs): the swc parser used here cannot tell type-only imports apart.
 */
// Each layer may import only itself and the layers listed after it.
const LAYERS = [
  ['cli', ['run', 'report', 'metrics', 'scenario', 'levers', 'model', 'parallel', 'io', 'params', 'engine']],
  ['run', ['parallel', 'report', 'metrics', 'scenario', 'levers', 'model', 'io', 'params', 'engine']],
  ['report', ['metrics', 'io', 'params']],
  ['parallel', ['levers', 'model', 'engine']],
  ['metrics', ['io', 'params']],
  ['scenario', ['levers', 'model', 'params', 'engine']],
  ['levers', ['model', 'params', 'engine']],
  ['model', ['params', 'engine']],
  ['params', ['engine']],
  ['io', []],
  ['engine', []],
];

module.exports = {
  forbidden: [
    {
      name: 'version-imports-nothing',
      severity: 'error',
      comment: 'src/version.ts is read by every layer, so it may import nothing of src.',
      from: { path: '^src/version[.]ts$' },
      to: { path: '^src/' },
    },
    ...LAYERS.map(([layer, allowed]) => ({
      name: `${layer}-imports-only-below`,
      severity: 'error',
      comment: `src/${layer} may import only ${allowed.length ? allowed.map((l) => `src/${l}`).join(', ') : 'nothing else in src'} (docs/architecture.md).`,
      from: { path: `^src/${layer}/` },
      // src/version.ts (the version string) may be read by any layer.
      to: { path: '^src/', pathNot: [`^src/${layer}/`, ...allowed.map((l) => `^src/${l}/`), '^src/version[.]ts$'] },
    })),
  ],
  options: {
    parser: 'swc',
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
  },
};
