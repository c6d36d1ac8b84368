// jobs.rescale and jobs.resourceRequirements: the adaptive scheduler's resource requirements, as
// Flink 1.18+ serves them, with the default scheduler's refusal and every bad input.
import { describe, expect, it } from 'vitest';
import { InvalidInputError, JobStateError, TimeoutError, UnsupportedByServerError } from '../../src/index.js';
import { client, flink, JOB, serverVersion } from '../support/nock.js';
import { bodies, caught, FAST, unmatchedRequests } from '../support/unit-helpers.js';

const SOURCE = 'cbc357ccb763df2852fee8c4fc7d55f2';
const SINK = '90bea66de1c231edf33913ecd54406c1';
const PATH = `/v1/jobs/${JOB}/resource-requirements`;
const bounds = (lowerBound: number, upperBound: number) => ({ parallelism: { lowerBound, upperBound } });
const CURRENT = { [SOURCE]: bounds(1, 1), [SINK]: bounds(1, 1) };

function details(state: string, parallelism: [number, number], status = 'RUNNING') {
  const vertex = (id: string, name: string, p: number) => ({
    id,
    name,
    maxParallelism: 128,
    parallelism: p,
    status,
    'start-time': 1,
    'end-time': -1,
    duration: 1,
    tasks: {},
    metrics: {},
  });
  return {
    jid: JOB,
    name: 'CarTopSpeedWindowingExample',
    isStoppable: false,
    state,
    'start-time': 1,
    'end-time': -1,
    duration: 1,
    now: 2,
    timestamps: { RUNNING: 1 },
    vertices: [vertex(SOURCE, 'Source: Car data', parallelism[0]), vertex(SINK, 'GlobalWindows -> Sink', parallelism[1])],
    'status-counts': {},
    plan: { jid: JOB, name: 'x', type: 'STREAMING', nodes: [] },
  };
}

const DEFAULT_SCHEDULER_500 = {
  errors: [
    'Internal server error.',
    '<Exception on server side:\njava.lang.UnsupportedOperationException: The DefaultScheduler does not support changing the parallelism without a job restart. This feature is currently only expected to work with the AdaptiveScheduler.\n\tat org.apache.flink.runtime.scheduler.SchedulerNG.requestJobResourceRequirements(SchedulerNG.java:218)\n\nEnd of exception on server side>',
  ],
};

describe('jobs.resourceRequirements', () => {
  it('reads the bounds of every vertex', async () => {
    flink().get(PATH).reply(200, CURRENT);
    expect(await client().jobs.resourceRequirements(JOB)).toEqual(CURRENT);
  });

  it('turns the default scheduler refusal into UnsupportedByServerError that says what to configure', async () => {
    flink().get(PATH).reply(500, DEFAULT_SCHEDULER_500);
    serverVersion('2.2.1');
    const err = await caught(() => client().jobs.resourceRequirements(JOB));
    expect(err).toBeInstanceOf(UnsupportedByServerError);
    expect(err.message).toContain("jobs.resourceRequirements: this job runs on Flink's default scheduler");
    expect(err.message).toContain('jobmanager.scheduler: adaptive');
    expect(err.message).toContain('The DefaultScheduler does not support changing the parallelism');
    expect(err.serverVersion).toBe('2.2.1');
    expect(err.cause.status).toBe(500);
  });

  it('leaves other server errors alone', async () => {
    flink()
      .get(PATH)
      .reply(404, { errors: ['Job not found'] });
    const err = await caught(() => client().jobs.resourceRequirements(JOB));
    expect(err.name).toBe('NotFoundError');
  });
});

describe('jobs.rescale', () => {
  it('sets every vertex to one parallelism and waits until the job runs with it', async () => {
    const sent = bodies();
    flink().get(PATH).reply(200, CURRENT).put(PATH, sent.match).reply(200, {});
    flink()
      .get(`/v1/jobs/${JOB}`)
      .reply(200, details('RUNNING', [1, 1]))
      .get(`/v1/jobs/${JOB}`)
      .reply(200, details('RESTARTING', [1, 1], 'CANCELING'))
      .get(`/v1/jobs/${JOB}`)
      .reply(200, details('RUNNING', [3, 3], 'DEPLOYING'))
      .get(`/v1/jobs/${JOB}`)
      .reply(200, details('RUNNING', [3, 3]));
    const rescaling = await client().jobs.rescale(JOB, 3);
    expect(sent.list).toEqual([{ [SOURCE]: bounds(3, 3), [SINK]: bounds(3, 3) }]);
    expect(rescaling.requirements).toEqual(sent.list[0]);
    const polls: number[] = [];
    const job = await rescaling.wait({ ...FAST, onProgress: (p) => polls.push(p.polls) });
    expect(job.vertices.map((v) => v.parallelism)).toEqual([3, 3]);
    expect(polls).toEqual([1, 2, 3]);
  });

  it('changes only the vertices named, with bounds or an exact parallelism', async () => {
    const sent = bodies();
    flink()
      .get(PATH)
      .reply(200, { [SOURCE]: bounds(1, 2), [SINK]: bounds(2, 2) })
      .put(PATH, sent.match)
      .reply(200, {});
    flink()
      .get(`/v1/jobs/${JOB}`)
      .reply(200, details('RUNNING', [2, 4]));
    const rescaling = await client().jobs.rescale(JOB, { [SINK]: { upperBound: 4 } });
    expect(sent.list).toEqual([{ [SOURCE]: bounds(1, 2), [SINK]: bounds(1, 4) }]);
    expect((await rescaling.wait(FAST)).vertices[1]?.parallelism).toBe(4);
  });

  it('ends the wait with JobStateError when the job fails while rescaling', async () => {
    flink().get(PATH).reply(200, CURRENT).put(PATH).reply(200, {});
    flink()
      .get(`/v1/jobs/${JOB}`)
      .reply(200, details('FAILED', [1, 1], 'FAILED'));
    const err = await caught(async () => (await client().jobs.rescale(JOB, 2)).wait(FAST));
    expect(err).toBeInstanceOf(JobStateError);
    expect(err.state).toBe('FAILED');
  });

  it('times out naming the parallelism it waited for (too few slots)', async () => {
    flink().get(PATH).reply(200, CURRENT).put(PATH).reply(200, {});
    flink()
      .get(`/v1/jobs/${JOB}`)
      .times(100)
      .optionally()
      .reply(200, details('RUNNING', [1, 1]));
    const err = await caught(async () => (await client().jobs.rescale(JOB, 8)).wait({ ...FAST, timeoutMs: 150 }));
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.message).toContain(`job ${JOB} running at parallelism 8`);
  });

  it('on the default scheduler: UnsupportedByServerError, and nothing is changed', async () => {
    const unmatched = unmatchedRequests();
    flink().get(PATH).reply(500, DEFAULT_SCHEDULER_500);
    serverVersion('1.20.5');
    const err = await caught(() => client().jobs.rescale(JOB, 2));
    expect(err).toBeInstanceOf(UnsupportedByServerError);
    expect(err.message).toMatch(/^jobs\.rescale: this job runs on Flink's default scheduler.*Flink 1\.20\.5 said/);
    expect(unmatched).toEqual([]);
  });

  it('repeats the PUT after a lost answer: the same bounds again change nothing', async () => {
    const sent = bodies();
    flink()
      .get(PATH)
      .reply(200, CURRENT)
      .put(PATH, sent.match)
      .reply(503, { errors: ['leader election'] });
    flink().put(PATH, sent.match).reply(200, {});
    await client({ maxRetries: 1 }).jobs.rescale(JOB, 2);
    expect(sent.list).toHaveLength(2);
    expect(sent.list[1]).toEqual(sent.list[0]);
  });

  it.each([
    [0, 'parallelism must be a whole number ≥ 1; got 0'],
    [1.5, 'parallelism must be a whole number ≥ 1; got 1.5'],
    ['4', 'give a parallelism (e.g. 4) or an object'],
    [{}, 'give a parallelism (e.g. 4) or an object'],
    [[2], 'give a parallelism (e.g. 4) or an object'],
    [{ [SINK]: -1 }, `parallelism of vertex ${SINK} must be a whole number ≥ 1; got -1`],
    [{ [SINK]: { lowerBound: 3, upperBound: 2 } }, `vertex ${SINK}: lowerBound 3 is above upperBound 2`],
    [{ [SINK]: { upper: 2 } }, `vertex ${SINK} needs a parallelism ≥ 1 or { lowerBound?, upperBound }`],
    [{ [SINK]: { upperBound: 2, max: 3 } }, `vertex ${SINK} needs a parallelism ≥ 1 or { lowerBound?, upperBound }`],
  ])('refuses %j before sending anything', async (target, message) => {
    const unmatched = unmatchedRequests();
    const err = await caught(() => client().jobs.rescale(JOB, target as never));
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err.message).toContain(message);
    expect(unmatched).toEqual([]);
  });

  it('refuses a vertex the job does not have, naming the ones it has, before changing anything', async () => {
    const unmatched = unmatchedRequests();
    flink().get(PATH).reply(200, CURRENT);
    const err = await caught(() => client().jobs.rescale(JOB, { ffffffffffffffffffffffffffffffff: 2 }));
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err.message).toBe(`jobs.rescale: the job has no vertex ffffffffffffffffffffffffffffffff; its vertices: ${SOURCE}, ${SINK}`);
    expect(unmatched).toEqual([]);
  });

  it('refuses a malformed job id before sending', async () => {
    const unmatched = unmatchedRequests();
    expect(await caught(() => client().jobs.rescale('nope', 2))).toBeInstanceOf(InvalidInputError);
    expect(await caught(() => client().jobs.resourceRequirements('nope'))).toBeInstanceOf(InvalidInputError);
    expect(unmatched).toEqual([]);
  });
});

describe('jobs.rescaleHistory', () => {
  const entry = (uuid: string, start: number, cause: string, state: string | null) => ({
    rescaleUuid: uuid,
    resourceRequirementsUuid: 'r',
    rescaleAttemptId: 1,
    vertices: {},
    slots: {},
    schedulerStates: [],
    startTimestampInMillis: start,
    endTimestampInMillis: state ? start + 200 : null,
    terminalState: state,
    triggerCause: cause,
    terminatedReason: state ? 'SUCCEEDED' : null,
  });

  it('Flink 2.3: the rescales, newest first, an in-progress one included', async () => {
    serverVersion('2.3.0');
    flink()
      .get(`/v1/jobs/${JOB}/rescales/history`)
      .reply(200, [
        entry('a', 100, 'INITIAL_SCHEDULE', 'COMPLETED'),
        entry('c', 300, 'UPDATE_REQUIREMENT', null),
        entry('b', 200, 'UPDATE_REQUIREMENT', 'COMPLETED'),
      ]);
    const history = await client().jobs.rescaleHistory(JOB);
    expect(history.map((r) => [r.rescaleUuid, r.terminalState])).toEqual([
      ['c', null],
      ['b', 'COMPLETED'],
      ['a', 'COMPLETED'],
    ]);
  });

  it('before 2.3: UnsupportedByServerError, nothing sent', async () => {
    const unmatched = unmatchedRequests();
    serverVersion('2.2.1');
    const err = await caught(() => client().jobs.rescaleHistory(JOB));
    expect(err).toBeInstanceOf(UnsupportedByServerError);
    expect(err.message).toBe('jobs.rescales needs Flink 2.3 or newer; the server runs Flink 2.2.1');
    expect(unmatched).toEqual([]);
  });
});
