// Rescaling a running job on real Flink: the adaptive scheduler takes new resource requirements and
// restarts the job at the new parallelism; the default scheduler (the shared cluster) refuses, and the
// SDK says what to configure. Each version gets an adaptive cluster of its own.
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { FlinkClient, parseFlinkVersion, UnsupportedByServerError } from '../../src/index.js';
import { runCli as cli } from '../support/cli-in-process.js';
import { ADAPTIVE_FLAGS, type ClusterInfo, startCluster, stopCluster } from '../support/clusters.js';

const TOP_SPEED = 'org.apache.flink.streaming.examples.windowing.TopSpeedWindowing';
// Rescale as soon as asked: no cool-down after the last rescale, no waiting for resources to settle
// (option names of 1.20 and of 2.x; each version ignores the other's).

afterEach(() => {
  vi.unstubAllEnvs();
});

describe.each(inject('flinkClusters'))('Flink $version: rescaling a running job', (shared) => {
  const name = `rescale-${shared.version.split('.').slice(0, 2).join('.')}`;
  let cluster: ClusterInfo;
  let flink: FlinkClient;

  beforeAll(async () => {
    await stopCluster(name);
    cluster = await startCluster(shared.version, name, ADAPTIVE_FLAGS);
    flink = new FlinkClient({ baseUrl: cluster.url, timeoutMs: 10_000 });
  });

  afterAll(async () => {
    await flink?.close();
    await stopCluster(name);
  });

  it('adaptive scheduler: every vertex to 2, then one vertex to 3; the job runs at what was asked', async () => {
    const jar = await flink.jars.upload(cluster.jars.TopSpeedWindowing);
    const { jobId } = await flink.jars.run(jar.id, { entryClass: TOP_SPEED, parallelism: 1 });
    await flink.jobs.waitUntilRunning(jobId, { timeoutMs: 90_000 });
    const before = await flink.jobs.resourceRequirements(jobId);
    const vertices = Object.keys(before);
    expect(vertices.length).toBeGreaterThanOrEqual(2);
    for (const v of vertices) expect(before[v]?.parallelism).toMatchObject({ lowerBound: 1, upperBound: 1 });

    let started = Date.now();
    const job = await (await flink.jobs.rescale(jobId, 2)).wait({ timeoutMs: 120_000 });
    const firstMs = Date.now() - started;
    expect(job.state).toBe('RUNNING');
    expect(job.vertices.map((v) => v.parallelism)).toEqual(vertices.map(() => 2));
    expect(await flink.jobs.resourceRequirements(jobId)).toEqual(
      Object.fromEntries(vertices.map((v) => [v, { parallelism: { lowerBound: 2, upperBound: 2 } }])),
    );

    const sink = job.vertices.at(-1)?.id as string;
    started = Date.now();
    const again = await (await flink.jobs.rescale(jobId, { [sink]: 3 })).wait({ timeoutMs: 120_000 });
    const secondMs = Date.now() - started;
    expect(again.vertices.map((v) => [v.id, v.parallelism])).toEqual(job.vertices.map((v) => [v.id, v.id === sink ? 3 : 2]));
    // The job kept its identity: rescaled in place, not resubmitted.
    expect(again.jid).toBe(jobId);
    expect((await flink.jobs.list()).filter((j) => j.state === 'RUNNING').map((j) => j.jid)).toEqual([jobId]);
    console.log(`Flink ${cluster.version}: rescaled 1 → 2 in ${firstMs} ms, one vertex 2 → 3 in ${secondMs} ms`);

    // Flink 2.3 records each rescale; older servers have no history endpoint (refused unsent).
    const { major, minor } = parseFlinkVersion(cluster.version);
    if (major < 2 || (major === 2 && minor < 3)) {
      await expect(flink.jobs.rescaleHistory(jobId)).rejects.toBeInstanceOf(UnsupportedByServerError);
    } else {
      const history = await flink.jobs.rescaleHistory(jobId);
      const asked = history.filter((r) => r.triggerCause === 'UPDATE_REQUIREMENT');
      expect(asked.map((r) => r.terminalState)).toEqual(['COMPLETED', 'COMPLETED']);
      expect(history.at(-1)?.triggerCause).toBe('INITIAL_SCHEDULE');
      expect(history.map((r) => r.startTimestampInMillis)).toEqual(history.map((r) => r.startTimestampInMillis).toSorted((a, b) => b - a));
    }

    // The CLI: back to 1 everywhere, waiting until the job runs with it.
    const back = await cli(cluster.url, ['--json', 'rescale', jobId, '-p', '1']);
    expect(back.stderr).toBe('');
    expect(back.code).toBe(0);
    expect(JSON.parse(back.stdout).vertices.map((v: { parallelism: number }) => v.parallelism)).toEqual(vertices.map(() => 1));
    expect((await flink.jobs.get(jobId)).vertices.map((v) => v.parallelism)).toEqual(vertices.map(() => 1));

    // More than the vertex's maximum parallelism: Flink's own refusal, typed, job untouched.
    const max = job.vertices[0]?.maxParallelism ?? 128;
    await expect(flink.jobs.rescale(jobId, max + 1)).rejects.toMatchObject({ name: 'BadRequestError', status: 400 });
    await (await flink.jobs.stop(jobId)).wait({ timeoutMs: 120_000 });
  });

  it('default scheduler: UnsupportedByServerError naming jobmanager.scheduler, the job untouched', async () => {
    const shared$ = new FlinkClient({ baseUrl: shared.url, timeoutMs: 10_000 });
    try {
      const jar = await shared$.jars.upload(shared.jars.TopSpeedWindowing);
      const { jobId } = await shared$.jars.run(jar.id, { entryClass: TOP_SPEED, parallelism: 1 });
      await shared$.jobs.waitUntilRunning(jobId, { timeoutMs: 90_000 });
      const err = await shared$.jobs.rescale(jobId, 2).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(UnsupportedByServerError);
      expect((err as Error).message).toContain('jobmanager.scheduler: adaptive');
      expect((err as Error).message).toContain(`Flink ${shared.version} said`);
      const viaCli = await cli(shared.url, ['rescale', jobId, '-p', '2']);
      expect(viaCli.code).toBe(6);
      expect(viaCli.stderr).toMatch(
        /^flink-rest: jobs\.rescale: this job runs on Flink's default scheduler.*jobmanager\.scheduler: adaptive/,
      );
      const job = await shared$.jobs.get(jobId);
      expect([job.state, ...job.vertices.map((v) => v.parallelism)]).toEqual(['RUNNING', ...job.vertices.map(() => 1)]);
      await shared$.jobs.cancel(jobId);
      await shared$.jobs.waitForState(jobId, ['CANCELED'], { timeoutMs: 60_000 });
    } finally {
      await shared$.close();
    }
  });
});
