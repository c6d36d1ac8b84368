import { readdirSync, readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

// The generated types of every Flink line, importable as `flink-rest/flink-1.20` and so on, and
// all of them as namespaces from `flink-rest/spec`. They hold types only: their JS is empty.
const specEntries = Object.fromEntries([
  ['spec', 'src/generated/index.ts'],
  ...readdirSync('src/generated')
    .filter((f) => /^flink-\d+\.\d+\.ts$/.test(f))
    .map((f) => [f.replace(/\.ts$/, ''), `src/generated/${f}`]),
]);

// ESM keeps ky as a dependency; CJS bundles it, since ky ships only ESM and require(esm) is not
// on by default in every Node 22 release. The spec entries have no JS of their own: built without
// rollup's tree shaking, they make no "Generated an empty chunk" warnings (a newcomer's first build
// and ./scripts/demo print nothing but the demo).
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
  {
    entry: specEntries,
    format: ['esm', 'cjs'],
    target: 'node22',
    dts: true,
    sourcemap: true,
  },
  {
    // The CLI: dist/cli.js with a shebang (plus the chunk it loads unless asked for --version); the
    // SDK comes from the same bundle's sources, the version from package.json at build time.
    entry: { cli: 'src/cli/bin.ts' },
    format: ['esm'],
    target: 'node22',
    banner: { js: '#!/usr/bin/env node' },
    define: { __FLINK_REST_VERSION__: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version) },
    sourcemap: true,
    treeshake: true,
  },
]);
