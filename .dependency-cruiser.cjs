/**
 * The layers of src/ and the one direction their imports may point (docs/architecture.md), checked
 * by `npx depcruise src --config .dependency-cruiser.cjs` and by test/architecture/layers.test.ts.
 * Type-only imports count: a layer may not even name a type of a layer above it.
 */
// Each layer may import only itself and the layers listed after it.
const LAYERS = [
  ['cli', ['run', 'report', 'metrics', 'scenario', 'levers', 'model', 'parallel', 'io', 'engine']],
  ['run', ['parallel', 'report', 'metrics', 'scenario', 'levers', 'model', 'io', 'engine']],
  ['report', ['metrics', 'io']],
  ['parallel', ['levers', 'model', 'scenario', 'engine']],
  ['metrics', ['io']],
  ['scenario', ['levers', 'model', 'engine']],
  ['levers', ['model', 'engine']],
  ['model', ['engine']],
  ['io', []],
  ['engine', []],
];

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle: the layers would no longer point one way.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    ...LAYERS.map(([layer, allowed]) => ({
      name: `${layer}-imports-only-below`,
      severity: 'error',
      comment: `src/${layer} may import only ${allowed.length ? allowed.map((l) => `src/${l}`).join(', ') : 'nothing else in src'} (docs/architecture.md).`,
      from: { path: `^src/${layer}/` },
      to: { path: '^src/', pathNot: [`^src/${layer}/`, ...allowed.map((l) => `^src/${l}/`)] },
    })),
  ],
  options: {
    parser: 'swc',
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
  },
};
