// The README's quick start, copied as a new user would: `npm pack`, install the tarball into a fresh
// project, paste the snippet (with this cluster's address and jar), run it with Node.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FlinkClient } from '../../src/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'flink-rest-readme-'));
const app = join(work, 'app');

function quickStart(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Quick start'));
  const code = section.match(/```ts\n([\s\S]*?)```/)?.[1];
  if (!code) throw new Error('README has no ts block under "Quick start"');
  return code;
}

beforeAll(() => {
  // The package as npm would ship it (scripts/test builds dist/ before the tests run).
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'ignore' });
  const [{ filename }] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: root, encoding: 'utf8' }),
  );
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'quickstart', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', join(work, filename)], { cwd: app, stdio: 'ignore' });
}, 180_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.each(inject('flinkClusters'))('Flink $version: the README quick start', (cluster) => {
  it('runs as pasted into a fresh project', async () => {
    const code = quickStart()
      .replace("'http://127.0.0.1:8081'", JSON.stringify(cluster.url))
      .replace("'./StateMachineExample.jar'", JSON.stringify(cluster.jars.StateMachineExample));
    const file = join(app, `quickstart-${cluster.version}.mts`);
    writeFileSync(file, code);
    const output = execFileSync(process.execPath, [file], { cwd: app, encoding: 'utf8', timeout: 180_000 });
    expect(output).toMatch(/savepoint at file:\/.*savepoint-/);
    const resumed = output.match(/resumed as ([0-9a-f]{32})/)?.[1];
    expect(resumed).toBeDefined();
    const flink = new FlinkClient({ baseUrl: cluster.url });
    await flink.jobs.waitUntilRunning(resumed as string, { timeoutMs: 90_000 });
    await flink.jobs.cancel(resumed as string);
    expect(await flink.jobs.waitForState(resumed as string, ['CANCELED'], { timeoutMs: 60_000 })).toBe('CANCELED');
  });
});
