// The operations issue 16 wrapped, against recorded answers: what each sends, how answers are read,
// what is refused before sending (versions a line lacks, disabled features, bad arguments).
import { describe, expect, it } from 'vitest';
import { renderFlameGraph } from '../../src/cli/commands/inspect.js';
import { FlinkError, foldedStacks, InvalidInputError, Operation, UnsupportedByServerError } from '../../src/index.js';
import { client, flink, JOB, serverVersion } from '../support/nock.js';
import { bodies, caught, FAST, unmatchedRequests } from '../support/unit-helpers.js';

const VERTEX = 'bc764cd8ddf7a0cff126f51c16239658';
const TM = '127.0.0.1:40503-c35718';
const GRAPH = {
  name: 'root',
  value: 10,
  children: [
    {
      name: 'java.lang.Thread.run:840',
      value: 10,
      children: [
        { name: 'org.example.Busy.spin:12', value: 7, children: [{ name: 'org.example.Busy.hash:30', value: 4 }] },
        { name: 'jdk.internal.misc.Unsafe.park:-2', value: 2 },
      ],
    },
  ],
};

describe('vertices.flameGraph', () => {
  it('asks again while Flink samples (-3), then returns the graph', async () => {
    const path = `/v1/jobs/${JOB}/vertices/${VERTEX}/flamegraph`;
    flink().get(path).query({ type: 'ON_CPU', subtaskindex: '1' }).times(2).reply(200, { endTimestamp: -3 });
    flink().get(path).query({ type: 'ON_CPU', subtaskindex: '1' }).reply(200, { endTimestamp: 1_700_000_000_000, data: GRAPH });
    const graph = await client().vertices.flameGraph(JOB, VERTEX, { type: 'on_cpu', subtask: 1 }, FAST);
    expect(graph).toEqual({ type: 'ON_CPU', subtask: 1, endTimestamp: 1_700_000_000_000, root: GRAPH });
  });

  it('says which setting enables flame graphs (-2), and that a vertex not running has none (-1)', async () => {
    const path = `/v1/jobs/${JOB}/vertices/${VERTEX}/flamegraph`;
    flink().get(path).query({ type: 'FULL' }).reply(200, { endTimestamp: -2 });
    serverVersion('2.2.1');
    const disabled = await caught(() => client().vertices.flameGraph(JOB, VERTEX));
    expect(disabled).toBeInstanceOf(UnsupportedByServerError);
    expect(disabled.message).toContain('set rest.flamegraph.enabled: true (Flink 2.2.1)');
    flink().get(path).query({ type: 'FULL' }).reply(200, { endTimestamp: -1 });
    const ended = await caught(() => client().vertices.flameGraph(JOB, VERTEX));
    expect(ended).toBeInstanceOf(FlinkError);
    expect(ended.message).toMatch(/its tasks are not running/);
  });

  it('refuses an unknown type or a negative subtask before sending', async () => {
    const sent = unmatchedRequests();
    const bad = await caught(() => client().vertices.flameGraph(JOB, VERTEX, { type: 'hot' as 'FULL' }));
    expect(bad).toBeInstanceOf(InvalidInputError);
    expect(bad.message).toBe('vertices.flameGraph: type must be one of FULL, ON_CPU, OFF_CPU; got "hot"');
    await expect(client().vertices.flameGraph(JOB, VERTEX, { subtask: -1 })).rejects.toThrow(/subtask must be a whole number ≥ 0/);
    await expect(client().vertices.flameGraph(JOB, VERTEX, { typ: 'FULL' } as never)).rejects.toThrow(/did you mean "type"/);
    expect(sent).toEqual([]);
  });

  it('folds stacks for flame graph tools: one line per stack, its own samples, root left out', () => {
    expect(foldedStacks(GRAPH).endsWith('\n')).toBe(true);
    const lines = foldedStacks(GRAPH).trimEnd().split('\n').sort();
    expect(lines).toEqual([
      'java.lang.Thread.run:840 1',
      'java.lang.Thread.run:840;jdk.internal.misc.Unsafe.park:-2 2',
      'java.lang.Thread.run:840;org.example.Busy.spin:12 3',
      'java.lang.Thread.run:840;org.example.Busy.spin:12;org.example.Busy.hash:30 4',
    ]);
    expect(foldedStacks({ name: 'root', value: 0 })).toBe('');
  });

  it('renders a tree for a terminal: shares, short names, single-call chains folded, small frames left out', () => {
    const text = renderFlameGraph({ type: 'FULL', subtask: undefined, endTimestamp: 1, root: GRAPH }, { minPercent: 25, fullNames: false });
    expect(text.split('\n')).toEqual(['100.0%     10  Thread.run:840', ' 70.0%      7    Busy.spin:12', ' 40.0%      4      Busy.hash:30']);
  });
});

describe('vertices, subtasks and their attempts', () => {
  it('reads a subtask attempt, whose busy time may be NaN', async () => {
    flink()
      .get(`/v1/jobs/${JOB}/vertices/${VERTEX}/subtasks/1/attempts/2`)
      .reply(200, {
        subtask: 1,
        status: 'RUNNING',
        attempt: 2,
        'start-time': 5,
        'end-time': -1,
        duration: 9,
        metrics: { 'accumulated-busy-time': 'NaN', 'write-records': 3 },
      });
    const attempt = await client().vertices.attempt(JOB, VERTEX, 1, 2);
    expect(attempt.metrics?.['accumulated-busy-time']).toBeNaN();
    expect(attempt.metrics?.['write-records']).toBe(3);
  });

  it('refuses bad subtask indexes and attempts before sending', async () => {
    const sent = unmatchedRequests();
    await expect(client().vertices.subtask(JOB, VERTEX, 1.5)).rejects.toThrow('vertices.subtask: subtask must be an index ≥ 0; got 1.5');
    await expect(client().vertices.attempt(JOB, VERTEX, 0, -1)).rejects.toThrow('vertices.attempt: attempt must be a number ≥ 0; got -1');
    await expect(client().vertices.get(JOB, 'Source')).rejects.toThrow(/vertex id must be 32 hexadecimal characters/);
    expect(sent).toEqual([]);
  });

  it('reads operator metrics in the order asked (1.20+), and refuses them on 1.19 before sending', async () => {
    serverVersion('1.20.5');
    flink()
      .get(`/v1/jobs/${JOB}/vertices/${VERTEX}/jm-operator-metrics`)
      .query({ get: 'b,a' })
      .reply(200, [
        { id: 'a', value: '1' },
        { id: 'b', value: 'x' },
      ]);
    expect(await client().vertices.operatorMetrics(JOB, VERTEX, ['b', 'a'])).toEqual([
      { id: 'b', value: undefined, raw: 'x' },
      { id: 'a', value: 1, raw: '1' },
    ]);
    // As every metrics call: a name Flink does not report keeps its place, with no value.
    serverVersion('1.20.5');
    flink()
      .get(`/v1/jobs/${JOB}/vertices/${VERTEX}/jm-operator-metrics`)
      .query({ get: 'a,gone' })
      .reply(200, [{ id: 'a', value: '2' }]);
    expect(await client().vertices.operatorMetrics(JOB, VERTEX, ['a', 'gone'])).toEqual([
      { id: 'a', value: 2, raw: '2' },
      { id: 'gone', value: undefined, raw: undefined },
    ]);
    serverVersion('1.19.3');
    const sent = unmatchedRequests();
    const old = await caught(() => client().vertices.operatorMetrics(JOB, VERTEX));
    expect(old).toBeInstanceOf(UnsupportedByServerError);
    expect(old.message).toBe('vertices.operatorMetrics needs Flink 1.20 or newer; the server runs Flink 1.19.3');
    expect(sent).toEqual([]);
  });
});

describe('checkpoints, execution results, accumulators, heartbeats', () => {
  it('finds the latest completed checkpoint path, but not one that was not retained', async () => {
    const stats = (path: string | null) => ({
      counts: { restored: 0, total: 1, in_progress: 0, completed: 1, failed: 0 },
      summary: {},
      latest: { completed: { id: 4, status: 'COMPLETED', external_path: path } },
      history: [],
    });
    flink().get(`/v1/jobs/${JOB}/checkpoints`).reply(200, stats('file:/cp/chk-4'));
    expect(await client().checkpoints.latestPath(JOB)).toBe('file:/cp/chk-4');
    flink().get(`/v1/jobs/${JOB}/checkpoints`).reply(200, stats('<checkpoint-not-externalized>'));
    expect(await client().checkpoints.latestPath(JOB)).toBeUndefined();
    await expect(client().checkpoints.details(JOB, -1)).rejects.toThrow('checkpoints.details: checkpoint id must be a whole number ≥ 0');
  });

  it('gives the execution result only once the job ended', async () => {
    flink()
      .get(`/v1/jobs/${JOB}/execution-result`)
      .reply(200, { status: { id: 'IN_PROGRESS' } });
    expect(await client().jobs.executionResult(JOB)).toBeUndefined();
    const result = { id: JOB, 'application-status': 'SUCCEEDED', 'accumulator-results': { lines: 'rO0AB' }, 'net-runtime': 1234 };
    flink()
      .get(`/v1/jobs/${JOB}/execution-result`)
      .reply(200, { status: { id: 'COMPLETED' }, 'job-execution-result': result });
    expect(await client().jobs.executionResult(JOB)).toEqual(result);
  });

  it('sends includeSerializedValue only when asked, and a heartbeat with its expiry', async () => {
    flink()
      .get(`/v1/jobs/${JOB}/accumulators`)
      .query({ includeSerializedValue: 'true' })
      .reply(200, { 'job-accumulators': [], 'user-task-accumulators': [{ name: 'n', type: 'LongCounter', value: '3' }] });
    expect((await client().jobs.accumulators(JOB, { includeSerializedValue: true }))['user-task-accumulators']).toEqual([
      { name: 'n', type: 'LongCounter', value: '3' },
    ]);
    const beat = bodies();
    flink().patch(`/v1/jobs/${JOB}/clientHeartbeat`, beat.match).reply(202, {});
    await client().jobs.heartbeat(JOB, 1_800_000_000_000);
    expect(beat.list).toEqual([{ expiredTimestamp: 1_800_000_000_000 }]);
    await expect(client().jobs.heartbeat(JOB, Date.now() / 3 + 0.5)).rejects.toThrow(/expiresAt must be a time in ms/);
  });
});

describe('the profiler', () => {
  it('starts a run on a TaskManager, waits for it in the run list, downloads the result', async () => {
    serverVersion('2.2.1');
    const sent = bodies();
    const run = { status: 'RUNNING', mode: 'ALLOC', triggerTime: 100, finishedTime: null, duration: 2, message: null, outputFile: null };
    const tm = encodeURIComponent(TM);
    flink().post(`/v1/taskmanagers/${tm}/profiler`, sent.match).reply(200, run);
    flink()
      .get(`/v1/taskmanagers/${tm}/profiler`)
      .reply(200, { profilingList: [run] });
    const done = { ...run, status: 'FINISHED', finishedTime: 2200, message: 'Profiling Successful', outputFile: 'tm_ALLOC.html' };
    flink()
      .get(`/v1/taskmanagers/${tm}/profiler`)
      .reply(200, { profilingList: [{ ...run, triggerTime: 50, status: 'FINISHED' }, done] });
    const flinkClient = client();
    const profiling = await flinkClient.profiler.start({ mode: 'alloc', durationSeconds: 2, taskManagerId: TM });
    expect(sent.list).toEqual([{ mode: 'ALLOC', duration: 2 }]);
    expect(await profiling.wait(FAST)).toEqual(done);
    flink().get(`/v1/taskmanagers/${tm}/profiler/tm_ALLOC.html`).reply(200, '<!DOCTYPE html>', { 'content-type': 'text/plain' });
    expect(await new Response(await flinkClient.profiler.download('tm_ALLOC.html', TM)).text()).toBe('<!DOCTYPE html>');
  });

  it('names the setting when the profiler is off, and refuses it on 1.18 before sending', async () => {
    serverVersion('2.2.1');
    flink()
      .get('/v1/jobmanager/profiler')
      .reply(404, { errors: ['Unable to load requested file /v1/jobmanager/profiler.'] });
    const off = await caught(() => client().profiler.list());
    expect(off).toBeInstanceOf(UnsupportedByServerError);
    expect(off.message).toMatch(/^profiler: the profiler is disabled on this cluster; set rest\.profiling\.enabled: true/);
    serverVersion('1.18.1');
    const sent = unmatchedRequests();
    await expect(client().profiler.start()).rejects.toThrow('profiler needs Flink 1.19 or newer; the server runs Flink 1.18.1');
    expect(sent).toEqual([]);
  });

  it('reports a failed run with Flink message', async () => {
    serverVersion('2.3.0');
    const run = { status: 'RUNNING', mode: 'CPU', triggerTime: 7, duration: 1 };
    flink().post('/v1/jobmanager/profiler').reply(200, run);
    flink()
      .get('/v1/jobmanager/profiler')
      .reply(200, { profilingList: [{ ...run, status: 'FAILED', message: 'perf_events not available' }] });
    const profiling = await client().profiler.start({ mode: 'CPU', durationSeconds: 1 });
    await expect(profiling.wait(FAST)).rejects.toThrow('profiling run on the JobManager FAILED: perf_events not available');
    await expect(client().profiler.download('../x.html')).rejects.toThrow(InvalidInputError);
  });
});

describe('data sets, cluster shutdown, 2.3 rescales and applications', () => {
  it('deletes a data set through the one waiter', async () => {
    const trigger = 'c0ffee00000000000000000000000001';
    flink().delete(`/v1/datasets/${VERTEX}`).reply(202, { 'request-id': trigger });
    flink()
      .get(`/v1/datasets/delete/${trigger}`)
      .reply(200, { status: { id: 'IN_PROGRESS' } });
    flink()
      .get(`/v1/datasets/delete/${trigger}`)
      .reply(200, { status: { id: 'COMPLETED' }, operation: {} });
    const op = await client().dataSets.delete(VERTEX);
    expect(op).toBeInstanceOf(Operation);
    expect(op.toJSON()).toEqual({ kind: 'dataset-deletion', triggerId: trigger });
    await expect(op.wait(FAST)).resolves.toBeUndefined();
    flink()
      .get(`/v1/datasets/delete/${trigger}`)
      .reply(200, { status: { id: 'COMPLETED' }, operation: { 'failure-cause': { 'stack-trace': 'java.io.IOException: gone' } } });
    await expect(client().operations.resume(op.toJSON(), 'dataset-deletion').wait(FAST)).rejects.toThrow(
      'dataset-deletion c0ffee00000000000000000000000001 failed: java.io.IOException: gone',
    );
  });

  it('shuts the cluster down only with { confirm: true }', async () => {
    const sent = unmatchedRequests();
    for (const given of [undefined, {}, { confirm: false }, { confirm: 'yes' }]) {
      const refused = await caught(() => client().cluster.shutdown(given as never));
      expect(refused).toBeInstanceOf(InvalidInputError);
      expect(refused.message).toMatch(/^cluster\.shutdown: confirm must be true to shut the cluster down/);
    }
    await expect(client().cluster.shutdown({ confirm: true, force: true } as never)).rejects.toThrow(/unknown option "force"/);
    expect(sent).toEqual([]);
    flink().delete('/v1/cluster').reply(200, {});
    await client().cluster.shutdown({ confirm: true });
  });

  it('reads 2.3 rescales with NaN statistics, and refuses them on 2.2 before sending', async () => {
    serverVersion('2.3.0');
    const counts = { completed: 0, failed: 0, ignored: 0, inProgress: 0 };
    const nan = { min: 0, max: 0, avg: 0, p50: 'NaN', p90: 'NaN', p95: 'NaN', p99: 'NaN', p999: 'NaN' };
    flink().get(`/v1/jobs/${JOB}/rescales/summary`).reply(200, { rescalesCounts: counts, rescalesDurationStatsInMillis: nan });
    const summary = await client().rescales.summary(JOB);
    expect(summary.rescalesDurationStatsInMillis?.p99).toBeNaN();
    serverVersion('2.2.1');
    const sent = unmatchedRequests();
    await expect(client().rescales.config(JOB)).rejects.toThrow('rescales needs Flink 2.3 or newer; the server runs Flink 2.2.1');
    await expect(client().rescales.details(JOB, 'not a uuid')).rejects.toThrow(/rescaleId must be a rescaleUuid/);
    serverVersion('2.2.1');
    await expect(client().applications.jobManagerConfig(JOB)).rejects.toThrow(
      'applications needs Flink 2.3 or newer; the server runs Flink 2.2.1',
    );
    expect(sent).toEqual([]);
  });
});
