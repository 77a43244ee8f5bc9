/**
 * No import cycle among the modules that run: checked on the compiled code in dist/ (built by
 * `npm run build`), where TypeScript has erased every import that names only types, by
 * `npx depcruise dist --config .dependency-cruiser.runtime.cjs` and test/architecture/layers.test.ts.
 * (Types may refer to each other within a layer; the layers themselves are checked on the sources
 * by .dependency-cruiser.cjs.)
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle: modules would no longer point one way.',
      from: { path: '^dist/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '[.](map|d[.]ts)$' },
  },
};
