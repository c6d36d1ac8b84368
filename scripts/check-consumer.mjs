// The package from the consumer's side: `npm pack`, install the tarball into a fresh project, then
// import it (ESM), require it (CJS), typecheck a TypeScript consumer under moduleResolution node16
// and bundler, and run the CLI from node_modules/.bin — on this Node and on every other Node binary
// given as an argument. Usage: node scripts/check-consumer.mjs [/path/to/node22 ...]
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'flink-rest-consumer-'));
const run = (cmd, args, cwd = work) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

try {
  const [{ filename }] = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], root));
  const app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, version: '0.0.0' }));
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', join(work, filename)], app);

  const esm = `import { FlinkClient, NotFoundError } from 'flink-rest';
const flink = new FlinkClient({ baseUrl: 'http://127.0.0.1:8081' });
if (typeof flink.jobs.list !== 'function' || typeof NotFoundError !== 'function') process.exit(1);
console.log('esm ok');`;
  const cjs = `const { FlinkClient } = require('flink-rest');
if (typeof new FlinkClient({ baseUrl: 'http://127.0.0.1:8081' }).savepoints.trigger !== 'function') process.exit(1);
console.log('cjs ok');`;
  writeFileSync(join(app, 'esm.mjs'), esm);
  writeFileSync(join(app, 'cjs.cjs'), cjs);

  // A TypeScript consumer, typechecked as a user would, including the versioned spec types.
  writeFileSync(
    join(app, 'consumer.ts'),
    `import { FlinkClient, type JobOverview, OperationFailedError } from 'flink-rest';
import type { components } from 'flink-rest/flink-1.20';
import type { Flink2_2 } from 'flink-rest/spec';

type RunBody120 = components['schemas']['JarRunRequestBody'];
const legacy: RunBody120 = { programArgs: '--a b' };
type RunBody22 = Flink2_2.components['schemas']['JarRunRequestBody'];
// @ts-expect-error: programArgs was removed in Flink 2.0
const modern: RunBody22 = { programArgs: '--a b' };

export async function names(flink: FlinkClient): Promise<string[]> {
  const jobs: JobOverview[] = await flink.jobs.list();
  try {
    await (await flink.savepoints.trigger(jobs[0]?.jid ?? '')).wait({ timeoutMs: 1 });
  } catch (err) {
    if (err instanceof OperationFailedError) console.log(err.stackTrace);
  }
  return [legacy.programArgs ?? '', String(modern), ...jobs.map((j) => j.name)];
}
`,
  );
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  for (const [module, resolution] of [
    ['node16', 'node16'],
    ['esnext', 'bundler'],
  ]) {
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          module,
          moduleResolution: resolution,
          target: 'es2022',
          lib: ['es2023', 'dom'],
          types: ['node'],
          typeRoots: [join(root, 'node_modules/@types')],
        },
        files: ['consumer.ts'],
      }),
    );
    run(process.execPath, [tsc, '-p', 'tsconfig.json'], app);
    console.log(`consumer: typechecks under moduleResolution ${resolution}`);
  }

  const args = process.argv.slice(2);
  const runtime = (name) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  for (const [name, cmd, flags] of [
    ['Bun', runtime('bun'), []],
    ['Deno', runtime('deno'), ['run', '--allow-read', '--allow-env']],
  ]) {
    if (!cmd) continue;
    const version = run(cmd, ['--version']).split('\n')[0];
    const said = run(cmd, [...flags, 'esm.mjs'], app);
    if (said !== 'esm ok') throw new Error(`${name}: ${said}`);
    console.log(`consumer: import works on ${name} (${version})`);
  }
  for (const node of [process.execPath, ...args.filter((a) => !a.startsWith('--'))]) {
    const version = run(node, ['--version']);
    run(node, ['esm.mjs'], app);
    run(node, ['cjs.cjs'], app);
    const cli = run(node, [join(app, 'node_modules/.bin/flink-rest'), '--version'], app);
    console.log(`consumer: import, require and node_modules/.bin/flink-rest (${cli}) work on Node ${version}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
