// The monitoring toolkit against a running, checkpointing job: metrics, watch, checkpoint health,
// back pressure, watermarks, TaskManagers, and logs streamed.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FlinkClient, fanOut, type JobStateChange, lines, NotFoundError } from '../../src/index.js';

const STATE_MACHINE = 'org.apache.flink.streaming.examples.statemachine.StateMachineExample';

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not seen within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function firstLines(stream: ReadableStream<Uint8Array>, count: number): Promise<string[]> {
  const out: string[] = [];
  for await (const line of lines(stream)) {
    out.push(line);
    if (out.length >= count) break;
  }
  return out;
}

describe.each(inject('flinkClusters'))('Flink $version: monitoring', (cluster) => {
  const flink = new FlinkClient({ baseUrl: cluster.url, timeoutMs: 60_000 });
  let jarId: string;
  let jobId: string;

  beforeAll(async () => {
    jarId = (await flink.jars.upload(cluster.jars.StateMachineExample)).id;
    jobId = (await flink.jars.run(jarId, { entryClass: STATE_MACHINE, parallelism: 2 })).jobId;
    await flink.jobs.waitUntilRunning(jobId, { timeoutMs: 90_000 });
  });

  afterAll(async () => {
    if (jobId) await flink.jobs.cancel(jobId).catch(() => undefined);
  });

  it('reads metrics as numbers, listed and selected, plain and aggregated', async () => {
    const jmNames = (await flink.metrics.jobManager()).map((m) => m.id);
    expect(jmNames).toContain('Status.JVM.Memory.Heap.Used');
    const [heap] = await flink.metrics.jobManager(['Status.JVM.Memory.Heap.Used']);
    expect(heap?.value).toBeGreaterThan(0);
    expect(heap?.raw).toBe(String(heap?.value));

    // The web front end fetches metrics every metrics.fetcher.update-interval (10 s): until then Flink
    // reports none (undefined, not 0), and waitUntilRunning returns as soon as the tasks run.
    const [restarts] = await eventually('the job metric numRestarts', async () => {
      const answer = await flink.metrics.job(jobId, ['numRestarts']);
      return answer[0]?.raw === undefined ? undefined : answer;
    });
    expect(restarts?.value).toBe(0);

    const job = await flink.jobs.get(jobId);
    const vertex = job.vertices[0] as (typeof job.vertices)[number];
    // The JobManager fetches task metrics every few seconds: the first answers may be empty.
    const vertexNames = await eventually('vertex metric names', async () => {
      const names = (await flink.metrics.vertex(jobId, vertex.id)).map((m) => m.id);
      return names.includes('0.numRecordsOut') ? names : undefined;
    });
    expect(vertexNames).toContain('1.numRecordsOut');
    const busy = await eventually('busy time aggregated', async () => {
      const [m] = await flink.metrics.subtasksAggregated(jobId, vertex.id, ['busyTimeMsPerSecond'], { agg: ['max', 'avg'] });
      return m?.max !== undefined ? m : undefined;
    });
    expect(busy.max).toBeGreaterThanOrEqual(0);
    expect(busy.min).toBeUndefined();
    const [subtaskOut] = await flink.metrics.subtask(jobId, vertex.id, 0, ['numRecordsOut']);
    expect(typeof subtaskOut?.value).toBe('number');

    const [tm] = await flink.taskManagers.list();
    const [tmHeap] = await flink.metrics.taskManager(tm?.id as string, ['Status.JVM.Memory.Heap.Used']);
    expect(tmHeap?.value).toBeGreaterThan(0);
    const [sum] = await flink.metrics.taskManagersAggregated(['Status.JVM.Memory.Heap.Used'], { agg: ['sum'] });
    expect(sum?.sum).toBeGreaterThan(0);
    const [jobsRestarts] = await flink.metrics.jobsAggregated(['numRestarts'], { agg: ['max'], jobs: [jobId] });
    expect(jobsRestarts?.max).toBe(0);

    // Flink answers an aggregate over an unknown job, TaskManager or vertex with []: the SDK looks
    // each one up and names the call in its NotFoundError; a known one with an unknown metric stays [].
    const unknown = 'ab'.repeat(16);
    const gone = await flink.metrics.jobsAggregated(['numRestarts'], { jobs: [unknown] }).catch((e) => e);
    expect(gone).toBeInstanceOf(NotFoundError);
    expect(gone.message).toMatch(/^metrics\.jobsAggregated: no such job on this cluster/);
    await expect(
      flink.metrics.taskManagersAggregated(['Status.JVM.Memory.Heap.Used'], { taskManagers: ['127.0.0.1:1-abcdef'] }),
    ).rejects.toThrow(/^metrics\.taskManagersAggregated: no such TaskManager on this cluster/);
    await expect(flink.metrics.subtasksAggregated(jobId, unknown, ['busyTimeMsPerSecond'])).rejects.toThrow(
      /^metrics\.subtasksAggregated: no such job or vertex on this cluster/,
    );
    expect(await flink.metrics.subtasksAggregated(jobId, vertex.id, ['noSuchMetric'])).toEqual([]);
  });

  it('reports checkpoint health once the job has checkpointed', async () => {
    const health = await eventually('a completed checkpoint', async () => {
      const h = await flink.checkpoints.health(jobId);
      return h.lastCompleted ? h : undefined;
    });
    expect(health.counts.completed).toBeGreaterThanOrEqual(1);
    expect(health.lastCompleted?.ageMs).toBeLessThan(120_000);
    expect(health.lastCompleted?.durationMs).toBeGreaterThanOrEqual(0);
    expect(health.lastCompleted?.sizeBytes).toBeGreaterThan(0);
  });

  it('reports back pressure and watermarks for every vertex', async () => {
    const job = await flink.jobs.get(jobId);
    const pressure = await flink.jobs.backpressure(jobId);
    expect(pressure.map((p) => p.vertexId)).toEqual(job.vertices.map((v) => v.id));
    const sampled = await eventually('a back pressure sample', async () => {
      const all = await flink.jobs.backpressure(jobId);
      return all.every((p) => p.level !== undefined) ? all : undefined;
    });
    for (const p of sampled) expect(['ok', 'low', 'high']).toContain(p.level);
    // Sources have no input watermark; the next vertex reports one per subtask, none arrived yet
    // (the example's events carry no event time).
    const downstream = job.vertices.at(-1) as (typeof job.vertices)[number];
    const watermarks = await eventually('watermark metrics', async () => {
      const w = await flink.jobs.watermarks(jobId, downstream.id);
      return w.length ? w : undefined;
    });
    expect(watermarks.map((w) => w.subtask)).toEqual([...Array(downstream.parallelism).keys()]);
    expect(watermarks.every((w) => w.watermark === undefined)).toBe(true);
  });

  it('lists and streams the logs of the JobManager and a TaskManager', async () => {
    const jmLogs = await flink.cluster.logs();
    expect(jmLogs.some((l) => l.name.endsWith('.log') && l.size > 0)).toBe(true);
    const jmHead = await firstLines(await flink.cluster.log(), 200);
    expect(jmHead.join('\n')).toMatch(/StandaloneSessionClusterEntrypoint|ClusterEntrypoint/);
    const named = jmLogs.find((l) => l.name.endsWith('.log'))?.name as string;
    expect((await firstLines(await flink.cluster.log(named), 5)).length).toBe(5);
    await (await flink.cluster.stdout()).cancel();

    const [tm] = await flink.taskManagers.list();
    const details = await flink.taskManagers.get(tm?.id as string);
    expect(details.slotsNumber).toBe(4);
    expect(details.freeSlots).toBeLessThan(4);
    expect((await flink.taskManagers.logs(details.id)).some((l) => l.name.endsWith('.log'))).toBe(true);
    const tmHead = await firstLines(await flink.taskManagers.log(details.id), 200);
    expect(tmHead.join('\n')).toMatch(/TaskExecutor|TaskManagerRunner/);
    await (await flink.taskManagers.stdout(details.id)).cancel();
  });

  it('fans out over jobs with a bounded number of calls at once', async () => {
    let running = 0;
    let peak = 0;
    const results = await fanOut(
      Array.from({ length: 12 }, (_, i) => i),
      async (i) => {
        running += 1;
        peak = Math.max(peak, running);
        const state = await flink.jobs.state(jobId);
        running -= 1;
        return `${i}:${state}`;
      },
      { limit: 3 },
    );
    expect(results).toHaveLength(12);
    expect(results[11]).toBe('11:RUNNING');
    expect(peak).toBe(3);
  });

  it('watches one job until it ends, and all jobs until told to stop', async () => {
    const other = (await flink.jars.run(jarId, { entryClass: STATE_MACHINE })).jobId;
    await flink.jobs.waitUntilRunning(other, { timeoutMs: 90_000 });
    const stopAll = new AbortController();
    const seenAll: JobStateChange[] = [];
    const watchingAll = (async () => {
      for await (const change of flink.jobs.watch(undefined, { intervalMs: 200, signal: stopAll.signal })) seenAll.push(change);
    })();
    const seenOne: JobStateChange[] = [];
    const watchingOne = (async () => {
      for await (const change of flink.jobs.watch(other, { intervalMs: 200 })) {
        seenOne.push(change);
        if (change.to === 'RUNNING') await flink.jobs.cancel(other);
      }
    })();
    await watchingOne; // ends by itself once the job is terminal
    expect(seenOne[0]).toMatchObject({ jobId: other, from: undefined, to: 'RUNNING' });
    expect(seenOne.at(-1)).toMatchObject({ jobId: other, to: 'CANCELED' });
    expect(seenOne.map((c) => c.to)).toEqual(expect.arrayContaining(['RUNNING', 'CANCELED']));
    for (let i = 1; i < seenOne.length; i++) {
      expect(seenOne[i]?.from).toBe(seenOne[i - 1]?.to);
      expect(seenOne[i]?.at).toBeGreaterThanOrEqual(seenOne[i - 1]?.at as number);
    }
    await eventually('the all-jobs watch seeing the cancellation', async () =>
      seenAll.some((c) => c.jobId === other && c.to === 'CANCELED') ? true : undefined,
    );
    stopAll.abort();
    await watchingAll;
    expect(seenAll.some((c) => c.jobId === jobId && c.from === undefined && c.to === 'RUNNING')).toBe(true);
  });
});
