// What users trip over, each kind against real Flink (issue 15): an upload a server answers before
// reading it ends at once and leaves nothing open; jar submission turned off and a body over
// rest.server.max-content-length name the setting; a savepoint right after RUNNING rides out the
// tasks still deploying; ids in upper case work as in Flink; metrics come in the order asked.
import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiError, FlinkClient, NotFoundError, UnsupportedByServerError } from '../../src/index.js';
import { type ClusterInfo, startCluster, stopCluster } from '../support/clusters.js';
import { eventually } from '../support/poll.js';

const STATE_MACHINE = 'org.apache.flink.streaming.examples.statemachine.StateMachineExample';
const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

/** Runs a Node program from the built package; resolves with its exit code, output and how long it took to exit. */
async function node(args: string[], env: Record<string, string> = {}) {
  const started = Date.now();
  try {
    const { stdout, stderr } = await run(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, timeout: 60_000 });
    return { code: 0, stdout, stderr, ms: Date.now() - started };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string; killed?: boolean };
    if (e.killed) throw new Error(`the process did not end within 60 s: ${e.stderr ?? ''}`);
    return { code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '', ms: Date.now() - started };
  }
}

beforeAll(async () => {
  // scripts/test builds first; a run on its own builds when dist is missing or older than src.
  if (!existsSync(`${root}dist/index.js`) || statSync(`${root}dist/index.js`).mtimeMs < statSync(`${root}src/client.ts`).mtimeMs) {
    await run('npm', ['run', '--silent', 'build'], { cwd: root });
  }
});

describe.each(inject('flinkClusters'))('Flink $version: what users trip over', (shared) => {
  const line = shared.version.split('.').slice(0, 2).join('.');
  const name = `restricted-${line}`;
  let restricted: ClusterInfo;
  let flink: FlinkClient;

  beforeAll(async () => {
    flink = new FlinkClient({ baseUrl: shared.url, timeoutMs: 20_000 });
    await stopCluster(name);
    restricted = await startCluster(shared.version, name, ['-D', 'web.submit.enable=false', '-D', 'rest.server.max-content-length=4096']);
  });

  afterAll(async () => {
    await flink?.close();
    await stopCluster(name);
  });

  it('an upload answered before it is read (a wrong path prefix) ends at once; the process then exits by itself', async () => {
    const script = [
      `import { FlinkClient } from './dist/index.js';`,
      `const flink = new FlinkClient({ baseUrl: process.env.URL, timeoutMs: 60_000 });`,
      `const err = await flink.jars.upload(process.env.JAR).catch((e) => e);`,
      `console.log(JSON.stringify({ name: err?.name, status: err?.status, message: err?.message }));`,
      `await flink.close();`,
    ].join('\n');
    const out = await node(['--input-type=module', '-e', script], {
      URL: `${shared.url}/no-such-prefix`,
      JAR: shared.jars.StateMachineExample,
    });
    expect(out.code, out.stderr).toBe(0);
    const err = JSON.parse(out.stdout);
    expect(err.name).toMatch(/NotFoundError|BadRequestError/);
    // Flink's static handler answers at once; the 5 MiB jar is not sent to the end first, and nothing keeps the process up.
    expect(out.ms).toBeLessThan(20_000);
    console.log(
      `Flink ${shared.version}: upload to a wrong prefix → ${err.status} ${err.name}; the process exited ${out.ms} ms after start`,
    );
  });

  it('jar submission turned off: the upload is refused before sending, naming web.submit.enable; the CLI exits 6 at once', async () => {
    const off = new FlinkClient({ baseUrl: restricted.url });
    try {
      const err = await off.jars.upload(restricted.jars.StateMachineExample).catch((e) => e);
      expect(err).toBeInstanceOf(UnsupportedByServerError);
      expect(err.setting).toBe('web.submit.enable');
      const list = await off.jars.list().catch((e) => e);
      expect(list).toBeInstanceOf(UnsupportedByServerError);
    } finally {
      await off.close();
    }
    const cli = await node(['dist/cli.js', 'jars', 'upload', restricted.jars.StateMachineExample], { FLINK_REST_URL: restricted.url });
    expect(cli.code).toBe(6);
    expect(cli.stderr).toContain('web.submit.enable');
    expect(cli.ms).toBeLessThan(20_000);
  });

  it('a request body over rest.server.max-content-length is a 413 naming the setting', async () => {
    const small = new FlinkClient({ baseUrl: restricted.url });
    try {
      const err = await small.savepoints.trigger('0'.repeat(32), { targetDirectory: `file:///tmp/${'x'.repeat(8_000)}` }).catch((e) => e);
      expect(err).toBeInstanceOf(ApiError);
      expect(err.status).toBe(413);
      expect(err.message).toContain('rest.server.max-content-length');
    } finally {
      await small.close();
    }
  });

  it('a savepoint asked for as soon as the job says RUNNING completes: a refusal while its tasks deploy is ridden out', async () => {
    const jar = await flink.jars.upload(shared.jars.StateMachineExample);
    const { jobId } = await flink.jars.run(jar.id, { entryClass: STATE_MACHINE, parallelism: 2 });
    try {
      await flink.jobs.waitForState(jobId, ['RUNNING'], { timeoutMs: 90_000, minDelayMs: 20, maxDelayMs: 50 });
      const notes: string[] = [];
      const op = await flink.savepoints.trigger(jobId, { formatType: 'NATIVE' });
      const { location } = await op.wait({ timeoutMs: 120_000, onProgress: (p) => p.note && notes.push(p.note) });
      expect(location).toMatch(/savepoint-/);
      console.log(
        `Flink ${shared.version}: savepoint right after RUNNING at ${location}; ${notes.length ? notes.join(' | ') : 'Flink did not refuse it'}`,
      );
      // waitUntilRunning reads the job overview, which Flink does not cache: it returns as soon as the tasks run.
      const started = Date.now();
      const details = await flink.jobs.waitUntilRunning(jobId.toUpperCase(), { timeoutMs: 30_000 });
      expect(details.jid).toBe(jobId);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await flink.jobs.cancel(jobId).catch(() => undefined);
      await flink.jars.delete(jar.id).catch(() => undefined);
    }
  });

  it('ids in upper case work as in Flink; metrics come in the order asked, unknown ones without a value, an unknown job as NotFoundError', async () => {
    const jar = await flink.jars.upload(shared.jars.StateMachineExample);
    const { jobId } = await flink.jars.run(jar.id, { entryClass: STATE_MACHINE, jobId: 'ABCDEF0123456789ABCDEF0123456789' });
    try {
      expect(jobId).toBe('abcdef0123456789abcdef0123456789');
      await flink.jobs.waitUntilRunning(jobId, { timeoutMs: 90_000 });
      expect((await flink.jobs.get(jobId.toUpperCase())).jid).toBe(jobId);
      // Flink's web front end fetches metrics every metrics.fetcher.update-interval (10 s): until then
      // a metric has no value, which the SDK says as undefined (not 0).
      const first = (await flink.metrics.job(jobId.toUpperCase(), ['uptime', 'numRestarts', 'noSuchMetric'])).map((m) => m.raw);
      const asked = await eventually(async () => {
        const metrics = await flink.metrics.job(jobId, ['uptime', 'numRestarts', 'noSuchMetric']);
        return metrics[0]?.raw === undefined ? undefined : metrics;
      }, 60_000);
      console.log(
        `Flink ${shared.version}: metrics right after RUNNING ${JSON.stringify(first)}, then ${JSON.stringify(asked.map((m) => m.raw))}`,
      );
      const [uptime, restarts, unknown] = asked;
      expect(uptime?.id).toBe('uptime');
      expect(uptime?.value).toBeGreaterThan(0);
      expect(restarts).toEqual({ id: 'numRestarts', value: 0, raw: '0' });
      expect(unknown).toEqual({ id: 'noSuchMetric', value: undefined, raw: undefined });
      const unknownJob = 'deadbeef0000000000000000deadbeef';
      expect(await flink.metrics.job(unknownJob, ['uptime']).catch((e) => e)).toBeInstanceOf(NotFoundError);
      // Flink 2.3 answers an unknown job's status with 500 (FlinkJobNotFoundException): still a not-found,
      // so a wait for it ends at once instead of riding it out as a server error.
      expect(await flink.jobs.state(unknownJob).catch((e) => e)).toBeInstanceOf(NotFoundError);
      const started = Date.now();
      expect(await flink.jobs.waitForState(unknownJob, ['RUNNING'], { timeoutMs: 30_000 }).catch((e) => e)).toBeInstanceOf(NotFoundError);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await flink.jobs.cancel(jobId).catch(() => undefined);
      await flink.jars.delete(jar.id).catch(() => undefined);
    }
  });
});
