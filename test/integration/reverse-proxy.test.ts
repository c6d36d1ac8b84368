// Flink behind an ingress: a path prefix and a bearer token, the whole job lifecycle through it.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiError, FlinkClient } from '../../src/index.js';
import { startReverseProxy } from '../support/reverse-proxy.js';

const TOP_SPEED = 'org.apache.flink.streaming.examples.windowing.TopSpeedWindowing';
const TOKEN = 'Bearer ingress-token-7f3a';
const bin = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** flink-rest with these arguments, no address from the environment. */
function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { FLINK_REST_URL: _url, ...env } = process.env;
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env: { ...env, NO_COLOR: '' }, timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe.each(inject('flinkClusters'))('Flink $version behind a reverse proxy with a path prefix and auth', (cluster) => {
  let proxy: Awaited<ReturnType<typeof startReverseProxy>>;
  beforeAll(async () => {
    proxy = await startReverseProxy(cluster.url, '/gateway/flink', TOKEN);
  });
  afterAll(() => proxy?.close());

  it('runs, savepoints and cancels a job through the ingress', async () => {
    const flink = new FlinkClient({ baseUrl: proxy.url, headers: { Authorization: TOKEN }, timeoutMs: 60_000 });
    expect((await flink.cluster.version()).raw).toBe(cluster.version);
    const jar = await flink.jars.upload(cluster.jars.TopSpeedWindowing);
    const { jobId } = await flink.jars.run(jar.id, { entryClass: TOP_SPEED });
    await flink.jobs.waitUntilRunning(jobId, { timeoutMs: 90_000 });
    const { location } = await (await flink.savepoints.trigger(jobId)).wait({ timeoutMs: 60_000 });
    expect(location).toMatch(/savepoint-/);
    await flink.jobs.cancel(jobId);
    expect(await flink.jobs.waitForState(jobId, ['CANCELED'], { timeoutMs: 60_000 })).toBe('CANCELED');
    await flink.jars.delete(jar.id);
  });

  it('the CLI reaches it as bin/flink does: rest.path after -m host:port, or from -D', async () => {
    const { host, port } = new URL(proxy.url);
    const header = ['-H', `Authorization: ${TOKEN}`];
    const byM = await cli(['overview', '-m', `${host}/gateway/flink`, ...header]);
    expect({ code: byM.code, stderr: byM.stderr }).toEqual({ code: 0, stderr: '' });
    expect(byM.stdout).toContain(`Flink ${cluster.version}`);
    expect(byM.stdout).toContain(`at http://${host}/gateway/flink`);
    const byDefine = await cli(['list', '-a', '-Drest.address=127.0.0.1', `-Drest.port=${port}`, '-Drest.path=gateway/flink', ...header]);
    expect({ code: byDefine.code, stderr: byDefine.stderr }).toEqual({ code: 0, stderr: '' });
    expect(byDefine.stdout).toMatch(/Terminated Jobs|No running jobs/);
  });

  it('without the token the ingress answers 401, reported with a snippet of its page', async () => {
    const err = await new FlinkClient({ baseUrl: proxy.url, maxRetries: 0 }).cluster.overview().catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(401);
    expect(err.message).toContain('401 Authorization Required');
  });
});
