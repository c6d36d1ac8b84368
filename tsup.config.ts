import { defineConfig } from 'tsup';

// ESM keeps ky as a dependency; CJS bundles it, since ky ships only ESM and require(esm) is not
// on by default in every Node 22 release.
export default defineConfig([
  {
    entry: { index: 'src/index.ts' },
    format: ['esm'],
    target: 'node22',
    dts: true,
    sourcemap: true,
    clean: true,
    treeshake: true,
  },
  {
    entry: { index: 'src/index.ts' },
    format: ['cjs'],
    target: 'node22',
    dts: true,
    sourcemap: true,
    noExternal: ['ky'],
    treeshake: true,
  },
]);
