// The README's SQL example, run as written (Node strips its types) against each line's real gateway,
// with the package as built into dist/.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { gatewaysUnderTest } from '../support/sql-gateways.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = join(root, '.cache', `readme-sql-${process.pid}`);
const run = promisify(execFile);

function example(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const code = readme.slice(readme.indexOf('## Flink SQL (SQL Gateway)')).match(/```ts\n([\s\S]*?)```/)?.[1];
  if (!code) throw new Error('README has no ts block under "Flink SQL (SQL Gateway)"');
  return code;
}

// scripts/test builds before the tests; a run on its own builds when dist/ is missing.
beforeAll(async () => {
  if (!existsSync(join(root, 'dist/index.js'))) await run('npm', ['run', '--silent', 'build'], { cwd: root });
  mkdirSync(dir, { recursive: true });
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(gatewaysUnderTest(inject('sqlGateways')))('the README’s SQL example on the Flink $line line', (gw) => {
  it('runs as written: a changelog read until a count reaches 10, an INSERT stopped with a savepoint', async () => {
    const code = example()
      .replace("from 'flink-rest'", `from ${JSON.stringify(pathToFileURL(join(root, 'dist/index.js')).href)}`)
      .replace("'http://127.0.0.1:8081'", JSON.stringify(gw.cluster.url))
      .replace("'http://127.0.0.1:8083'", JSON.stringify(gw.url));
    const file = join(dir, `example-${gw.line}.mts`);
    writeFileSync(file, code);
    const { stdout } = await run(process.execPath, [file], { timeout: 180_000 });
    expect(stdout).toMatch(/^\+I [123] 1$/m);
    expect(stdout).toMatch(/^-U [123] \d+$/m);
    expect(stdout).toMatch(/^\+U [123] 10$/m);
    expect(stdout).toMatch(/^stopped [0-9a-f]{32}; savepoint at file:\/.+$/m);
  });
});
