// The npm package as a user gets it: what `npm pack` would ship, and that both module systems load it,
// on this Node and on every other Node binary named in the arguments (e.g. a Node 22).
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' }));
const files = pack.files.map((f) => f.path);
const allowed = /^(dist\/|README\.md$|NOTICE$|CHANGELOG\.md$|LICENSE$|package\.json$)/;
const stray = files.filter((f) => !allowed.test(f));
if (stray.length) throw new Error(`npm pack would ship files outside dist/README/NOTICE: ${stray.join(', ')}`);
for (const needed of ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts', 'README.md']) {
  if (!files.includes(needed)) throw new Error(`npm pack is missing ${needed}`);
}
const esm = await import(new URL('../dist/index.js', import.meta.url).href);
const cjs = createRequire(import.meta.url)('../dist/index.cjs');
for (const [name, mod] of [
  ['import', esm],
  ['require', cjs],
]) {
  if (typeof mod.FlinkClient !== 'function') throw new Error(`${name}('flink-rest') has no FlinkClient`);
}
const dist = fileURLToPath(new URL('../dist/', import.meta.url));
for (const other of process.argv.slice(2)) {
  const probe = `import(${JSON.stringify(`${dist}index.js`)}).then((esm) => {
    const cjs = require(${JSON.stringify(`${dist}index.cjs`)});
    if (typeof esm.FlinkClient !== 'function' || typeof cjs.FlinkClient !== 'function') process.exit(1);
    console.log(process.version);
  })`;
  const version = execFileSync(other, ['-e', probe], { encoding: 'utf8' }).trim();
  console.log(`package: import and require load FlinkClient on Node ${version}`);
}
console.log(
  `package: ${files.length} files, ${(pack.unpackedSize / 1024).toFixed(0)} KiB unpacked; import and require both load FlinkClient`,
);
