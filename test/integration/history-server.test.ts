// Jobs outlive their cluster in the HistoryServer. Each line gets a cluster of its own that archives
// finished jobs (jobmanager.archive.fs.dir) with a HistoryServer reading them (scripts/flink-cluster
// --history-server), on the adaptive scheduler so that 2.3 has rescales to tell of, with flame
// graphs and the profiler left off. A bounded job ends FINISHED, a checkpointing one is cancelled (on 2.3
// after a rescale). The same FlinkClient, pointed at the HistoryServer, reads what
// the cluster archived and refuses writes before sending; at the end the cluster is shut down over
// REST and the HistoryServer still serves its jobs.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import {
  ConnectionError,
  FlinkClient,
  InvalidInputError,
  NotFoundError,
  parseFlinkVersion,
  UnsupportedByServerError,
} from '../../src/index.js';
import { runCli as cli } from '../support/cli-in-process.js';
import { ADAPTIVE_FLAGS, type ClusterInfo, flinkCluster, stopCluster } from '../support/clusters.js';
import { eventually } from '../support/poll.js';

const STATE_MACHINE = 'org.apache.flink.streaming.examples.statemachine.StateMachineExample';
const TOP_SPEED = 'org.apache.flink.streaming.examples.windowing.TopSpeedWindowing';

type HistoryCluster = ClusterInfo & { historyServer: string };
const lines = inject('flinkClusters').map((c) => c.version);
const nameOf = (version: string) => `history-${version.split('.').slice(0, 2).join('.')}`;
let started: Promise<HistoryCluster[]>;

beforeAll(async () => {
  // One start for all lines at once: they come up side by side.
  started = Promise.all(
    lines.map(async (version) => {
      await stopCluster(nameOf(version));
      await flinkCluster(['start', '--version', version, '--name', nameOf(version), '--history-server', ...ADAPTIVE_FLAGS]);
      return JSON.parse(await flinkCluster(['info', '--name', nameOf(version)])) as HistoryCluster;
    }),
  );
  await started;
});

afterAll(async () => {
  await Promise.allSettled(lines.map((version) => stopCluster(nameOf(version))));
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe.each(lines.map((version, i) => ({ version, i })))('Flink $version: the HistoryServer', ({ version, i }) => {
  const line = parseFlinkVersion(version);
  const has23 = line.major > 2 || (line.major === 2 && line.minor >= 3);
  let cluster: HistoryCluster;
  let flink: FlinkClient;
  let history: FlinkClient;
  let finished: string;
  let canceled: string;
  let vertices: string[];
  let finishedVertices: string[];
  let checkpointId: number;

  beforeAll(async () => {
    cluster = (await started)[i] as HistoryCluster;
    flink = new FlinkClient({ baseUrl: cluster.url, timeoutMs: 60_000 });
    history = new FlinkClient({ baseUrl: cluster.historyServer, timeoutMs: 60_000 });
  });

  afterAll(async () => {
    await flink?.close();
    await history?.close();
  });

  it('runs a job to its end, and rescales and cancels another; flame graphs and the profiler say they are off', async () => {
    // A bounded run of TopSpeedWindowing (its cars from a file) ends FINISHED.
    const cars = join(await mkdtemp(join(tmpdir(), 'flink-rest-history-')), 'cars.txt');
    await writeFile(cars, '(0,55,15.7,1000)\n(1,45,10.2,1000)\n(0,60,25.7,2000)\n(1,50,20.2,2000)\n');
    const topSpeed = await flink.jars.upload(cluster.jars.TopSpeedWindowing);
    finished = (await flink.jars.run(topSpeed.id, { entryClass: TOP_SPEED, args: ['--input', cars] })).jobId;
    await flink.jobs.waitForState(finished, ['FINISHED'], { timeoutMs: 90_000 });
    finishedVertices = (await flink.jobs.get(finished)).vertices.map((v) => v.id);

    const jar = await flink.jars.upload(cluster.jars.StateMachineExample);
    canceled = (await flink.jars.run(jar.id, { entryClass: STATE_MACHINE, parallelism: 1 })).jobId;
    const job = await flink.jobs.waitUntilRunning(canceled, { timeoutMs: 90_000 });
    vertices = job.vertices.map((v) => v.id);
    await expect(flink.vertices.flameGraph(canceled, vertices[0] as string)).rejects.toThrow(/set rest\.flamegraph\.enabled: true/);
    const off = await flink.profiler.list().catch((err) => err);
    expect(off).toBeInstanceOf(UnsupportedByServerError);
    expect(off.message).toMatch(/set rest\.profiling\.enabled: true/);
    if (has23) {
      await (await flink.jobs.rescale(canceled, 2)).wait({ timeoutMs: 120_000 });
      const overview = await eventually(async () => {
        const o = await flink.rescales.overview(canceled);
        return o.rescalesCounts.completed >= 1 && o.latest.completed ? o : undefined;
      }, 60_000);
      const uuid = overview.latest.completed?.rescaleUuid as string;
      const details = await flink.rescales.details(canceled, uuid);
      expect(details).toMatchObject({ rescaleUuid: uuid, terminalState: 'COMPLETED' });
      expect(Object.keys(details.vertices ?? {}).sort()).toEqual([...vertices].sort());
      const summary = await flink.rescales.summary(canceled);
      expect(summary.rescalesCounts.completed).toBe(overview.rescalesCounts.completed);
      expect((await flink.rescales.config(canceled)).rescaleHistoryMax).toBe(20);
    } else {
      // Refused before sending, naming the version.
      const refused = await flink.rescales.overview(canceled).catch((err) => err);
      expect(refused).toBeInstanceOf(UnsupportedByServerError);
      expect(refused.message).toBe(`rescales needs Flink 2.3 or newer; the server runs Flink ${version}`);
      await expect(flink.applications.exceptions('0123456789abcdef0123456789abcdef')).rejects.toThrow(`the server runs Flink ${version}`);
    }
    await eventually(async () => ((await flink.checkpoints.stats(canceled)).counts.completed > 0 ? true : undefined), 60_000);
    checkpointId = (await flink.checkpoints.stats(canceled)).latest.completed?.id as number;
    await flink.jobs.cancel(canceled);
    await flink.jobs.waitForState(canceled, ['CANCELED'], { timeoutMs: 60_000 });
  });

  it('serves the archived jobs through the same client: list, details, exceptions, checkpoints, config, vertices, accumulators', async () => {
    const listed = await eventually(async () => {
      const jobs = await history.jobs.list();
      return [finished, canceled].every((id) => jobs.some((j) => j.jid === id)) ? jobs : undefined;
    }, 60_000);
    expect(listed.find((j) => j.jid === finished)?.state).toBe('FINISHED');
    expect(listed.find((j) => j.jid === canceled)?.state).toBe('CANCELED');
    expect(await history.serverKind()).toBe('historyserver');
    expect((await history.cluster.version()).raw).toBe(version);

    const job = await history.jobs.get(canceled);
    expect(job).toMatchObject({ jid: canceled, state: 'CANCELED', name: 'State machine job' });
    expect(job.vertices.map((v) => v.id)).toEqual(vertices);
    expect((await history.jobs.exceptions(canceled)).exceptionHistory.entries).toEqual([]);
    expect((await history.jobs.config(canceled)).name).toBe('State machine job');
    expect((await history.jobs.plan(canceled)).plan.nodes.map((n) => n.id).sort()).toEqual([...vertices].sort());
    expect((await history.jobs.accumulators(finished))['user-task-accumulators']).toEqual([]);
    // Log URLs from the patterns scripts/flink-cluster gives the HistoryServer.
    expect(await history.jobs.jobManagerLogUrl(canceled)).toBe(`http://logs.example/jobmanager/${canceled}`);
    const config = await history.jobs.jobManagerConfig(canceled);
    expect(config.find((e) => e.key === 'jobmanager.archive.fs.dir')?.value).toContain(`${nameOf(version)}/archive`);

    const stats = await history.checkpoints.stats(canceled);
    expect(stats.counts.completed).toBeGreaterThan(0);
    expect(await history.checkpoints.details(canceled, checkpointId)).toMatchObject({ id: checkpointId, status: 'COMPLETED' });
    const sink = vertices.at(-1) as string;
    expect((await history.checkpoints.subtasks(canceled, checkpointId, sink)).subtasks[0]?.status).toBe('completed');

    const last = finishedVertices.at(-1) as string;
    const vertex = await history.vertices.get(finished, last);
    expect(vertex.subtasks.every((s) => s.status === 'FINISHED')).toBe(true);
    expect((await history.vertices.subtaskTimes(finished, last)).subtasks[0]?.timestamps.FINISHED).toBeGreaterThan(0);
    expect((await history.vertices.taskManagers(finished, last)).taskmanagers).toHaveLength(1);
    expect((await history.vertices.attempt(finished, last, 0, 0)).status).toBe('FINISHED');
    expect((await history.vertices.attemptAccumulators(finished, last, 0, 0))['user-accumulators']).toEqual([]);
    if (has23) expect((await history.rescales.overview(canceled)).rescalesCounts.completed).toBeGreaterThanOrEqual(1);

    // What a HistoryServer does not keep is refused before sending, naming it.
    await expect(history.jobs.state(finished)).rejects.toThrow(/GET \/jobs\/\{jobid\}\/status was not sent: .* is a Flink HistoryServer/);
    const missing = await history.jobs.get('0123456789abcdef0123456789abcdef').catch((err) => err);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing.message).toMatch(/HistoryServer .*has no archive of this/);
  });

  it('refuses writes before sending, naming the HistoryServer (it would never answer a POST)', async () => {
    // A fresh client has seen no answer yet: it learns what the server is before any write.
    const fresh = new FlinkClient({ baseUrl: cluster.historyServer, timeoutMs: 120_000 });
    try {
      const t0 = Date.now();
      const writes = await Promise.all([
        fresh.jobs.cancel(finished).catch((err) => err),
        fresh.jobs.stop(finished).catch((err) => err),
        fresh.savepoints.trigger(finished).catch((err) => err),
        fresh.jars.upload(cluster.jars.StateMachineExample).catch((err) => err),
        fresh.request('POST', '/jobs/{jobid}/stop', { params: { jobid: finished }, body: { drain: false } }).catch((err) => err),
      ]);
      expect(Date.now() - t0).toBeLessThan(10_000);
      for (const err of writes) {
        expect(err).toBeInstanceOf(UnsupportedByServerError);
        expect(err.message).toMatch(/was not sent: http:\/\/127\.0\.0\.1:\d+ is a Flink HistoryServer/);
      }
      expect(writes[1].message).toContain('POST /jobs/{jobid}/stop was not sent');
    } finally {
      await fresh.close();
    }
  });

  it('-m at a HistoryServer: list -a, job details, exceptions, checkpoints; cancel refused', async () => {
    const m = cluster.historyServer.replace('http://', '');
    const list = await cli(cluster.url, ['-m', m, 'list', '-a']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`Terminated Jobs[^]*${finished} : CarTopSpeedWindowingExample \\(FINISHED\\)`));
    expect(list.stdout).toContain(`${canceled} : State machine job (CANCELED)`);
    const info = await cli(cluster.url, ['-m', m, 'job', canceled]);
    expect({ code: info.code, stderr: info.stderr }).toEqual({ code: 0, stderr: '' });
    expect(info.stdout).toContain(`Job ${canceled} "State machine job": CANCELED`);
    expect((await cli(cluster.url, ['-m', m, 'exceptions', canceled])).stdout).toBe(`No exceptions recorded for job ${canceled}.\n`);
    expect((await cli(cluster.url, ['-m', m, 'checkpoints', canceled])).stdout).toMatch(
      /^Checkpoints of job [0-9a-f]{32}: [1-9]\d* completed/,
    );
    const cancel = await cli(cluster.url, ['-m', m, 'cancel', finished]);
    expect(cancel.code).toBe(6);
    expect(cancel.stderr).toMatch(/^flink-rest: PATCH \/jobs\/\{jobid\} was not sent: .* HistoryServer/);
  });

  it('shuts the cluster down only when the caller says it means it; its jobs outlive it in the HistoryServer', async () => {
    await expect(flink.cluster.shutdown({} as never)).rejects.toThrow(InvalidInputError);
    await expect(flink.cluster.shutdown({ confirm: 'yes' } as never)).rejects.toThrow(/confirm must be true to shut the cluster down/);
    expect((await flink.cluster.overview()).taskmanagers).toBe(1);
    await flink.cluster.shutdown({ confirm: true });
    await eventually(
      async () =>
        flink.cluster.overview({ timeoutMs: 2_000, maxRetries: 0 }).then(
          () => undefined,
          (err) => (err instanceof ConnectionError ? true : undefined),
        ),
      60_000,
    );
    const jobs = await history.jobs.list();
    expect(jobs.map((j) => j.jid)).toEqual(expect.arrayContaining([finished, canceled]));
    expect((await history.jobs.get(canceled)).state).toBe('CANCELED');
  });
});
