import { describe, expect, it } from 'vitest';
import { fanOut, InvalidInputError, type JobStateChange, NotFoundError } from '../../src/index.js';
import { checkpointHealth } from '../../src/resources/job-health.js';
import { watchJobs } from '../../src/resources/watch.js';
import type { CheckpointStats, JobDetails, JobOverview } from '../../src/schemas/index.js';
import { client, flink, JOB } from '../support/nock.js';
import { caught, unmatchedRequests } from '../support/unit-helpers.js';

const VERTEX = 'bc764cd8ddf7a0cff126f51c16239658';

function details(state: string, timestamps: Record<string, number>, now = 10_000): JobDetails {
  return {
    jid: JOB,
    name: 'job',
    isStoppable: false,
    state,
    'start-time': 1,
    'end-time': -1,
    duration: 1,
    now,
    timestamps,
    vertices: [],
    'status-counts': {},
  };
}

describe('jobs.watch', () => {
  it('reports transitions that came and went between two polls, in order', async () => {
    const polls = [
      details('RUNNING', { CREATED: 1, RUNNING: 2 }),
      details('RUNNING', { CREATED: 1, RUNNING: 7, RESTARTING: 5, FAILING: 4 }),
      details('CANCELED', { CREATED: 1, RUNNING: 7, RESTARTING: 5, FAILING: 4, CANCELLING: 8, CANCELED: 9 }),
    ];
    const seen: JobStateChange[] = [];
    for await (const change of watchJobs({ overview: async () => [], details: async () => polls.shift() as JobDetails }, JOB, {
      intervalMs: 1,
    })) {
      seen.push(change);
    }
    expect(seen.map((c) => `${c.from ?? '-'}>${c.to}@${c.at}`)).toEqual([
      '->RUNNING@2',
      'RUNNING>FAILING@4',
      'FAILING>RESTARTING@5',
      'RESTARTING>RUNNING@7',
      'RUNNING>CANCELLING@8',
      'CANCELLING>CANCELED@9',
    ]);
  });

  it('watching all jobs fetches details only of jobs that changed, and asks again while details lag', async () => {
    const overview = (state: string, lm: number): JobOverview[] => [
      { jid: JOB, name: 'job', state, 'start-time': 1, 'end-time': -1, duration: 1, 'last-modification': lm, tasks: {} },
    ];
    const overviews = [
      overview('RUNNING', 2),
      overview('RUNNING', 2),
      overview('CANCELED', 9),
      overview('CANCELED', 9),
      overview('CANCELED', 9),
    ];
    const detailAnswers = [
      details('RUNNING', { RUNNING: 2 }),
      details('RUNNING', { RUNNING: 2 }), // the server's cached details lag behind the overview
      details('CANCELED', { RUNNING: 2, CANCELED: 9 }),
    ];
    let detailCalls = 0;
    const stop = new AbortController();
    const seen: string[] = [];
    for await (const change of watchJobs(
      {
        overview: async () => {
          const next = overviews.shift();
          if (!next) stop.abort();
          return next ?? [];
        },
        details: async () => {
          detailCalls += 1;
          return detailAnswers.shift() as JobDetails;
        },
      },
      undefined,
      { intervalMs: 1, signal: stop.signal },
    )) {
      seen.push(`${change.from ?? '-'}>${change.to}`);
    }
    expect(seen).toEqual(['->RUNNING', 'RUNNING>CANCELED']);
    expect(detailCalls).toBe(3);
  });

  it('refuses a bad interval', async () => {
    await expect(client().jobs.watch(JOB, { intervalMs: 0 }).next()).rejects.toBeInstanceOf(InvalidInputError);
  });
});

describe('fanOut', () => {
  it('keeps order and the limit', async () => {
    let running = 0;
    let peak = 0;
    const out = await fanOut(
      [5, 1, 3, 2, 4],
      async (n) => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, n));
        running -= 1;
        return n * 10;
      },
      { limit: 2 },
    );
    expect(out).toEqual([50, 10, 30, 20, 40]);
    expect(peak).toBe(2);
    await expect(fanOut([1], async () => 1, { limit: 0 })).rejects.toBeInstanceOf(InvalidInputError);
  });
});

describe('checkpoint health', () => {
  it('summarises the latest completed and failed checkpoints', () => {
    const stats = {
      counts: { restored: 0, total: 5, in_progress: 0, completed: 4, failed: 1 },
      summary: {},
      history: [],
      latest: {
        completed: {
          id: 4,
          status: 'COMPLETED',
          latest_ack_timestamp: 9_000,
          end_to_end_duration: 120,
          checkpointed_size: 2048,
          external_path: 'file:/cp/chk-4',
        },
        failed: { id: 5, status: 'FAILED', failure_timestamp: 9_500, failure_message: 'Checkpoint expired before completing.' },
      },
    } as CheckpointStats;
    expect(checkpointHealth(stats, 10_000)).toEqual({
      counts: stats.counts,
      lastCompleted: { id: 4, completedAt: 9_000, ageMs: 1_000, durationMs: 120, sizeBytes: 2048, path: 'file:/cp/chk-4' },
      lastFailed: { id: 5, failedAt: 9_500, ageMs: 500, cause: 'Checkpoint expired before completing.' },
    });
  });
});

describe('metrics', () => {
  it('turns numeric strings into numbers and keeps the rest', async () => {
    flink()
      .get(`/v1/jobs/${JOB}/vertices/${VERTEX}/subtasks/0/metrics`)
      .query({ get: 'a,b,c' })
      .reply(200, [{ id: 'a', value: '42' }, { id: 'b', value: 'n/a' }, { id: 'c' }]);
    expect(await client().metrics.subtask(JOB, VERTEX, 0, ['a', 'b', 'c'])).toEqual([
      { id: 'a', value: 42, raw: '42' },
      { id: 'b', value: undefined, raw: 'n/a' },
      { id: 'c', value: undefined, raw: undefined },
    ]);
  });

  it('answers in the order asked, a name Flink does not report without a value (never 0)', async () => {
    flink()
      .get(`/v1/jobs/${JOB}/metrics`)
      .query({ get: 'uptime,numRestarts,noSuchMetric' })
      .reply(200, [
        { id: 'numRestarts', value: '13174' },
        { id: 'uptime', value: '0' },
      ]);
    const [uptime, restarts, unknown] = await client().metrics.job(JOB, ['uptime', 'numRestarts', 'noSuchMetric']);
    expect(uptime).toEqual({ id: 'uptime', value: 0, raw: '0' });
    expect(restarts).toEqual({ id: 'numRestarts', value: 13174, raw: '13174' });
    expect(unknown).toEqual({ id: 'noSuchMetric', value: undefined, raw: undefined });
  });

  it('an unknown job: Flink answers its metrics with [], the SDK with a NotFoundError', async () => {
    flink().get(`/v1/jobs/${JOB}/metrics`).query({ get: 'uptime' }).reply(200, []);
    flink()
      .get(`/v1/jobs/${JOB}/status`)
      .reply(404, { errors: [`Job ${JOB} not found`] });
    const err = await caught(() => client().metrics.job(JOB, ['uptime']));
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.message).toContain(`Job ${JOB} not found`);
    // A known job without the metric yet: no error, no value.
    flink().get(`/v1/jobs/${JOB}/metrics`).query({ get: 'uptime' }).reply(200, []);
    flink().get(`/v1/jobs/${JOB}/status`).reply(200, { status: 'RUNNING' });
    expect(await client().metrics.job(JOB, ['uptime'])).toEqual([{ id: 'uptime', value: undefined, raw: undefined }]);
  });

  it('asks for aggregates by name and refuses bad names or aggregations', async () => {
    flink()
      .get('/v1/taskmanagers/metrics')
      .query({ get: 'x', agg: 'max,sum' })
      .reply(200, [{ id: 'x', max: 3, sum: 5 }]);
    expect(await client().metrics.taskManagersAggregated(['x'], { agg: ['max', 'sum'] })).toEqual([{ id: 'x', max: 3, sum: 5 }]);
    await expect(client().metrics.jobsAggregated(['a,b'])).rejects.toBeInstanceOf(InvalidInputError);
    await expect(client().metrics.jobsAggregated(['a'], { agg: ['median' as 'max'] })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(client().metrics.taskManager('../x', ['a'])).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('refuses empty lists and bad items with the option named, before sending; each subtask asked once', async () => {
    const sent = unmatchedRequests();
    const refused = async (call: Promise<unknown>) => ((await caught(() => call)) as Error).message;
    expect(await refused(client().metrics.jobsAggregated(['x'], { agg: [] }))).toBe(
      'metrics.jobsAggregated: agg must be a non-empty list of aggregations (min, max, avg, sum, skew); leave it out for all',
    );
    expect(await refused(client().metrics.jobsAggregated(['x'], { agg: ['maximum' as 'max'] }))).toBe(
      'metrics.jobsAggregated: agg.0 must be one of min, max, avg, sum, skew; got "maximum"',
    );
    expect(await refused(client().metrics.jobsAggregated(['x'], { jobs: [] }))).toMatch(/jobs must be a non-empty list of job ids/);
    expect(await refused(client().metrics.taskManagersAggregated(['x'], { taskManagers: [] }))).toMatch(/taskManagers must be a non-empty/);
    expect(await refused(client().metrics.taskManagersAggregated(['x'], { taskManagers: ['a/b'] }))).toBe(
      'metrics.taskManagersAggregated: taskManagers.0 must be a TaskManager id from taskManagers.list(); got "a/b"',
    );
    expect(await refused(client().metrics.subtasksAggregated(JOB, VERTEX, ['x'], { subtasks: [-1] }))).toBe(
      'metrics.subtasksAggregated: subtasks.0 must be a whole number ≥ 0; got -1',
    );
    expect(await refused(client().metrics.job(JOB, ['ok', 'a,b']))).toBe(
      'metrics.job: names must be a non-empty array of metric names without commas; got "a,b"',
    );
    expect(await refused(client().vertices.operatorMetrics(JOB, VERTEX, []))).toMatch(
      /^vertices.operatorMetrics: names must .* got an empty list$/,
    );
    expect(sent).toEqual([]);
    flink()
      .get(`/v1/jobs/${JOB}/vertices/${VERTEX}/subtasks/metrics`)
      .query({ get: 'x', subtasks: '0,1' })
      .reply(200, [{ id: 'x', sum: 3 }]);
    expect(await client().metrics.subtasksAggregated(JOB, VERTEX, ['x'], { subtasks: [0, 1, 0] })).toEqual([{ id: 'x', sum: 3 }]);
  });

  it('an empty aggregate for named jobs, TaskManagers or a vertex: each looked up, an unknown one a NotFoundError naming the call', async () => {
    // A repeated id: asked for, and looked up, once.
    flink().get('/v1/jobs/metrics').query({ get: 'uptime', jobs: JOB }).reply(200, []);
    flink()
      .get(`/v1/jobs/${JOB}/status`)
      .reply(500, { errors: [`org.apache.flink.runtime.messages.FlinkJobNotFoundException: Could not find Flink job (${JOB})`] });
    const err = await caught(() => client().metrics.jobsAggregated(['uptime'], { jobs: [JOB, JOB.toUpperCase()] }));
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.message).toMatch(
      /^metrics.jobsAggregated: no such job on this cluster \(its metrics came back empty; GET \/jobs\/.*Could not find Flink job/,
    );
    // A known vertex whose answer is empty (an unknown metric name): the empty answer as it came.
    flink().get(`/v1/jobs/${JOB}/vertices/${VERTEX}/subtasks/metrics`).query({ get: 'nope' }).reply(200, []);
    flink().get(`/v1/jobs/${JOB}/vertices/${VERTEX}`).reply(200, { id: VERTEX });
    expect(await client().metrics.subtasksAggregated(JOB, VERTEX, ['nope'])).toEqual([]);
    // TaskManagers: each unknown one named by the call.
    flink().get('/v1/taskmanagers/metrics').query({ get: 'x', taskmanagers: 'tm-1' }).reply(200, []);
    flink()
      .get('/v1/taskmanagers/tm-1')
      .reply(404, { errors: ['TaskManager tm-1 does not exist'] });
    await expect(client().metrics.taskManagersAggregated(['x'], { taskManagers: ['tm-1'] })).rejects.toThrow(
      /^metrics\.taskManagersAggregated: no such TaskManager on this cluster \(its metrics came back empty; .*tm-1 does not exist/,
    );
  });
});
