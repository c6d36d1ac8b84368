import type { IncomingMessage, ServerResponse } from 'node:http';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import {
  AbortError,
  BadRequestError,
  FlinkClient,
  InvalidInputError,
  NotFoundError,
  Operation,
  OperationFailedError,
  type OperationJSON,
  TimeoutError,
  UnavailableError,
  UnknownOperationError,
  type WaitProgress,
} from '../../src/index.js';
import { client, flink, JOB } from '../support/nock.js';
import { startStub } from '../support/stub-server.js';
import { bodies, caught, FAST, HEX32, unmatchedRequests } from '../support/unit-helpers.js';

const TRIGGER = '0123456789abcdef0123456789abcdef';
const TRIGGER2 = 'fedcba9876543210fedcba9876543210';
const SAVEPOINT_STATUS = `/v1/jobs/${JOB}/savepoints/${TRIGGER}`;
const CHECKPOINT_STATUS = `/v1/jobs/${JOB}/checkpoints/${TRIGGER}`;
const IN_PROGRESS = { status: { id: 'IN_PROGRESS' } };
const LOCATION = 'file:/tmp/flink-savepoints/savepoint-a3f1c0-5d0b1e8f3c11';
const LEADER_ELECTION = { errors: ['Service temporarily unavailable due to an ongoing leader election. Please refresh.'] };

const STACK_TRACE = [
  'java.util.concurrent.CompletionException: java.util.concurrent.CompletionException: org.apache.flink.runtime.checkpoint.CheckpointException: Failure to finalize checkpoint.',
  '\tat org.apache.flink.runtime.scheduler.SchedulerBase.lambda$triggerSavepoint$9(SchedulerBase.java:1012)',
  '\tat java.base/java.util.concurrent.CompletableFuture.uniHandle(CompletableFuture.java:934)',
  'Caused by: org.apache.flink.runtime.checkpoint.CheckpointException: Failure to finalize checkpoint.',
  '\tat org.apache.flink.runtime.checkpoint.CheckpointCoordinator.finalizeCheckpoint(CheckpointCoordinator.java:1501)',
  '\t... 12 more',
  'Caused by: java.io.IOException: Permission denied',
  '\tat java.base/java.io.UnixFileSystem.createFileExclusively(Native Method)',
  '\t... 15 more',
].join('\n');
const FAILURE = { class: 'java.util.concurrent.CompletionException', 'stack-trace': STACK_TRACE, 'serialized-throwable': 'rO0ABXNy' };

/** A loopback server answering every status poll with `answer` (for waits that must time out or be aborted). */
async function statusStub(answer: (req: IncomingMessage, res: ServerResponse) => void = jsonAnswer(IN_PROGRESS)) {
  return startStub((req, res) => answer(req, res));
}
function jsonAnswer(body: unknown, status = 200) {
  return (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
}

describe('savepoints.trigger', () => {
  it('posts target-directory, cancel-job, formatType and a fresh 32-hex triggerId', async () => {
    const sent = bodies();
    flink()
      .post(`/v1/jobs/${JOB}/savepoints`, sent.match)
      .reply(202, () => ({ 'request-id': sent.list.at(-1)?.triggerId }));
    const op = await client().savepoints.trigger(JOB, {
      targetDirectory: 's3://bucket/savepoints',
      cancelJob: false,
      formatType: 'canonical',
    });
    const body = sent.list[0]!;
    expect(Object.keys(body).sort()).toEqual(['cancel-job', 'formatType', 'target-directory', 'triggerId']);
    expect(body).toMatchObject({ 'target-directory': 's3://bucket/savepoints', 'cancel-job': false, formatType: 'CANONICAL' });
    expect(body.triggerId).toMatch(HEX32);
    expect(op).toBeInstanceOf(Operation);
    expect(op.kind).toBe('savepoint');
    expect(op.triggerId).toBe(body.triggerId);
    expect(op.jobId).toBe(JOB);
  });

  it('sends cancel-job false and only the trigger id by default', async () => {
    const sent = bodies();
    flink().post(`/v1/jobs/${JOB}/savepoints`, sent.match).reply(202, { 'request-id': TRIGGER });
    await client().savepoints.trigger(JOB);
    expect(Object.keys(sent.list[0]!).sort()).toEqual(['cancel-job', 'triggerId']);
    expect(sent.list[0]!['cancel-job']).toBe(false);
  });

  it('resends the same trigger id after a 503, so that no second savepoint is taken', async () => {
    const sent = bodies();
    flink().post(`/v1/jobs/${JOB}/savepoints`, sent.match).reply(503, LEADER_ELECTION);
    flink()
      .post(`/v1/jobs/${JOB}/savepoints`, sent.match)
      .reply(202, () => ({ 'request-id': sent.list.at(-1)?.triggerId }));
    const op = await client().savepoints.trigger(JOB, { triggerId: TRIGGER });
    expect(sent.list.map((b) => b.triggerId)).toEqual([TRIGGER, TRIGGER]);
    expect(op.triggerId).toBe(TRIGGER);
  });

  it.each([
    ['a misspelt option', { targetDirectroy: '/sp' }, /unknown option "targetDirectroy" \(did you mean "targetDirectory"\?\)/],
    ['cancelJob as a string', { cancelJob: 'yes' }, /cancelJob must be true or false/],
    ['an unknown formatType', { formatType: 'json' }, /formatType must be one of CANONICAL, NATIVE/],
    ['a malformed triggerId', { triggerId: TRIGGER.slice(2) }, /triggerId must be 32 hexadecimal characters/],
  ])('refuses %s before sending', async (_what, options, message) => {
    const unmatched = unmatchedRequests();
    // biome-ignore lint/suspicious/noExplicitAny: wrong types on purpose
    const err = await caught(() => client().savepoints.trigger(JOB, options as any));
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err.message).toMatch(message);
    expect(unmatched).toEqual([]);
  });

  it('refuses a malformed job id before sending', async () => {
    const unmatched = unmatchedRequests();
    await expect(client().savepoints.trigger('job')).rejects.toBeInstanceOf(InvalidInputError);
    expect(unmatched).toEqual([]);
  });

  it('rejects a trigger answer without request-id as an unexpected response', async () => {
    flink().post(`/v1/jobs/${JOB}/savepoints`).reply(202, {});
    await expect(client().savepoints.trigger(JOB)).rejects.toMatchObject({ name: 'InvalidResponseError' });
  });
});

describe('Operation.wait', () => {
  const savepoint = () => client().operations.resume({ kind: 'savepoint', triggerId: TRIGGER, jobId: JOB }, 'savepoint');

  it('polls through IN_PROGRESS until COMPLETED and returns the location', async () => {
    flink().get(SAVEPOINT_STATUS).times(2).reply(200, IN_PROGRESS);
    flink()
      .get(SAVEPOINT_STATUS)
      .reply(200, { status: { id: 'COMPLETED' }, operation: { location: LOCATION } });
    const progress: WaitProgress[] = [];
    const result = await savepoint().wait({ ...FAST, onProgress: (p) => progress.push(p) });
    expect(result).toEqual({ location: LOCATION });
    expect(progress.map((p) => p.polls)).toEqual([1, 2]);
    for (const p of progress) {
      expect(p.elapsedMs).toBeGreaterThanOrEqual(0);
      expect(p.transientError).toBeUndefined();
    }
  });

  it('waits with the default back-off when given no options', async () => {
    flink().get(SAVEPOINT_STATUS).reply(200, IN_PROGRESS);
    flink()
      .get(SAVEPOINT_STATUS)
      .reply(200, { status: { id: 'COMPLETED' }, operation: { location: LOCATION } });
    const started = Date.now();
    expect(await savepoint().wait()).toEqual({ location: LOCATION });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('a trigger Flink failed with FlinkJobNotFoundException says whether the job ended (its state) or is unknown (NotFoundError)', async () => {
    const notFound = {
      class: 'java.util.concurrent.CompletionException',
      'stack-trace': `java.util.concurrent.CompletionException: org.apache.flink.runtime.messages.FlinkJobNotFoundException: Could not find Flink job (${JOB})\n\tat x`,
    };
    flink()
      .get(SAVEPOINT_STATUS)
      .reply(200, { status: { id: 'COMPLETED' }, operation: { 'failure-cause': notFound } });
    flink().get(`/v1/jobs/${JOB}/status`).reply(200, { status: 'FINISHED' });
    const ended = await caught(() => savepoint().wait(FAST));
    expect(ended).toBeInstanceOf(OperationFailedError);
    expect(ended.message).toBe(`savepoint ${TRIGGER} of job ${JOB} failed: the job is FINISHED; only a running job takes a savepoint`);
    expect(ended.stackTrace).toContain('FlinkJobNotFoundException');
    flink()
      .get(SAVEPOINT_STATUS)
      .reply(200, { status: { id: 'COMPLETED' }, operation: { 'failure-cause': notFound } });
    flink()
      .get(`/v1/jobs/${JOB}/status`)
      .reply(404, { errors: ['Job not found'] });
    const unknown = await caught(() => savepoint().wait(FAST));
    expect(unknown).toBeInstanceOf(NotFoundError);
    expect(unknown.message).toBe(`savepoint ${TRIGGER} of job ${JOB}: the JobManager does not know job ${JOB}`);
  });

  it('throws OperationFailedError with the innermost cause as message and the full trace apart', async () => {
    flink().get(SAVEPOINT_STATUS).reply(200, IN_PROGRESS);
    flink()
      .get(SAVEPOINT_STATUS)
      .reply(200, { status: { id: 'COMPLETED' }, operation: { 'failure-cause': FAILURE } });
    const err = await caught(() => savepoint().wait(FAST));
    expect(err).toBeInstanceOf(OperationFailedError);
    expect(err.message).toBe(`savepoint ${TRIGGER} of job ${JOB} failed: java.io.IOException: Permission denied`);
    expect(err.message).not.toContain('\tat ');
    expect(err.stackTrace).toBe(STACK_TRACE);
    expect(err.causeClass).toBe('java.util.concurrent.CompletionException');
    expect(err.kind).toBe('savepoint');
    expect(err.triggerId).toBe(TRIGGER);
    const json = err.toJSON();
    expect(json).toEqual({
      name: 'OperationFailedError',
      message: err.message,
      kind: 'savepoint',
      triggerId: TRIGGER,
      causeClass: 'java.util.concurrent.CompletionException',
    });
  });

  it('uses the first line of a trace without "Caused by:", or the class when there is no trace', async () => {
    flink()
      .get(SAVEPOINT_STATUS)
      .reply(200, {
        status: { id: 'COMPLETED' },
        operation: {
          'failure-cause': {
            class: 'java.lang.IllegalStateException',
            'stack-trace': 'java.lang.IllegalStateException: boom\n\tat a.b(C.java:1)',
          },
        },
      });
    expect((await caught(() => savepoint().wait(FAST))).message).toMatch(/failed: java\.lang\.IllegalStateException: boom$/);
    flink()
      .get(SAVEPOINT_STATUS)
      .reply(200, { status: { id: 'COMPLETED' }, operation: { 'failure-cause': { class: 'java.lang.OutOfMemoryError' } } });
    const bare = await caught(() => savepoint().wait(FAST));
    expect(bare.message).toMatch(/failed: java\.lang\.OutOfMemoryError$/);
    expect(bare.stackTrace).toBeUndefined();
  });

  it('reports a COMPLETED savepoint without a location as failed rather than inventing a result', async () => {
    flink()
      .get(SAVEPOINT_STATUS)
      .reply(200, { status: { id: 'COMPLETED' }, operation: {} });
    const err = await caught(() => savepoint().wait(FAST));
    expect(err).toBeInstanceOf(OperationFailedError);
    expect(err.message).toContain('completed without a result');
  });

  it('reports an unknown trigger id as UnknownOperationError after a single poll', async () => {
    let polls = 0;
    flink()
      .get(SAVEPOINT_STATUS)
      .times(2)
      .reply(() => {
        polls += 1;
        return [404, { errors: [`org.apache.flink.runtime.rest.NotFoundException: Operation not found under key: ${TRIGGER}`] }];
      });
    const progress: WaitProgress[] = [];
    const started = Date.now();
    const err = await caught(() => savepoint().wait({ ...FAST, timeoutMs: 5_000, onProgress: (p) => progress.push(p) }));
    expect(err).toBeInstanceOf(UnknownOperationError);
    expect(err.kind).toBe('savepoint');
    expect(err.triggerId).toBe(TRIGGER);
    expect(err.message).toContain('unknown to the server');
    expect(err.message).toContain('Operation not found under key');
    expect(err.cause).toBeInstanceOf(NotFoundError);
    expect(polls).toBe(1);
    expect(progress).toEqual([]);
    expect(Date.now() - started).toBeLessThan(1_000);
    // The unused second answer would fail the suite's pending-mock check.
    nock.cleanAll();
  });

  it('rides out 503s on the status endpoint itself (client retries off) and then succeeds', async () => {
    flink().get(SAVEPOINT_STATUS).times(2).reply(503, LEADER_ELECTION);
    flink().get(SAVEPOINT_STATUS).reply(200, IN_PROGRESS);
    flink()
      .get(SAVEPOINT_STATUS)
      .reply(200, { status: { id: 'COMPLETED' }, operation: { location: LOCATION } });
    const op = client({ maxRetries: 0 }).operations.resume({ kind: 'savepoint', triggerId: TRIGGER, jobId: JOB });
    const progress: WaitProgress[] = [];
    expect(await op.wait({ ...FAST, onProgress: (p) => progress.push(p) })).toEqual({ location: LOCATION });
    expect(progress.map((p) => p.polls)).toEqual([1, 2, 3]);
    expect(progress[0]?.transientError).toBeInstanceOf(UnavailableError);
    expect(progress[1]?.transientError).toBeInstanceOf(UnavailableError);
    expect(progress[2]?.transientError).toBeUndefined();
  });

  it('ends at once on an error that is not transient', async () => {
    flink()
      .get(SAVEPOINT_STATUS)
      .reply(400, { errors: ['bad request'] });
    await expect(savepoint().wait(FAST)).rejects.toBeInstanceOf(BadRequestError);
  });

  it('times out an operation that stays IN_PROGRESS', async () => {
    const stub = await statusStub();
    try {
      const op = new FlinkClient({ baseUrl: stub.url }).operations.resume({ kind: 'savepoint', triggerId: TRIGGER, jobId: JOB });
      const started = Date.now();
      const err = await caught(() => op.wait({ timeoutMs: 300, minDelayMs: 20, maxDelayMs: 50 }));
      const elapsed = Date.now() - started;
      expect(err).toBeInstanceOf(TimeoutError);
      expect(err.timeoutMs).toBe(300);
      expect(err.message).toMatch(new RegExp(`^savepoint ${TRIGGER} of job ${JOB} did not finish within 300 ms \\(\\d+ polls\\)$`));
      expect(elapsed).toBeGreaterThanOrEqual(250);
      expect(elapsed).toBeLessThan(1_000);
      expect(stub.requests.length).toBeGreaterThan(1);
      expect(stub.requests.every((r) => r.method === 'GET' && r.url === SAVEPOINT_STATUS)).toBe(true);
    } finally {
      await stub.close();
    }
  });

  it('times out within the deadline even when a poll hangs, naming the last transient error', async () => {
    let n = 0;
    const stub = await statusStub((req, res) => {
      n += 1;
      if (n === 1) return jsonAnswer(LEADER_ELECTION, 503)(req, res);
      // later polls never get an answer
    });
    try {
      const op = new FlinkClient({ baseUrl: stub.url, maxRetries: 0 }).operations.resume({
        kind: 'savepoint',
        triggerId: TRIGGER,
        jobId: JOB,
      });
      const started = Date.now();
      const err = await caught(() => op.wait({ timeoutMs: 300, ...FAST }));
      expect(err).toBeInstanceOf(TimeoutError);
      expect(err.message).toContain('last error: GET /jobs/');
      expect(err.cause).toBeInstanceOf(UnavailableError);
      expect(Date.now() - started).toBeLessThan(1_000);
    } finally {
      await stub.close();
    }
  });

  it('stops when the caller’s signal aborts between polls', async () => {
    const stub = await statusStub();
    try {
      const op = new FlinkClient({ baseUrl: stub.url }).operations.resume({ kind: 'savepoint', triggerId: TRIGGER, jobId: JOB });
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error('user pressed ^C')), 150);
      const started = Date.now();
      const err = await caught(() => op.wait({ signal: controller.signal, minDelayMs: 20, maxDelayMs: 40 }));
      expect(err).toBeInstanceOf(AbortError);
      expect(err.message).toContain(`waiting for savepoint ${TRIGGER} of job ${JOB} aborted`);
      expect(err.cause).toEqual(new Error('user pressed ^C'));
      expect(Date.now() - started).toBeLessThan(1_000);
    } finally {
      await stub.close();
    }
  });

  it('stops when the caller’s signal aborts during a poll that hangs', async () => {
    const stub = await statusStub(() => {
      /* never answers */
    });
    try {
      const op = new FlinkClient({ baseUrl: stub.url }).operations.resume({ kind: 'savepoint', triggerId: TRIGGER, jobId: JOB });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const started = Date.now();
      const err = await caught(() => op.wait({ signal: controller.signal }));
      expect(err).toBeInstanceOf(AbortError);
      expect(Date.now() - started).toBeLessThan(1_000);
    } finally {
      await stub.close();
    }
  });

  it('does not poll at all with an already aborted signal', async () => {
    const unmatched = unmatchedRequests();
    const err = await caught(() => savepoint().wait({ signal: AbortSignal.abort() }));
    expect(err).toBeInstanceOf(AbortError);
    expect(unmatched).toEqual([]);
  });

  it.each([
    [{ minDelayMs: 0 }, /minDelayMs must be a positive number; got 0/],
    [{ minDelayMs: -5 }, /minDelayMs must be a positive number/],
    [{ maxDelayMs: Number.NaN }, /maxDelayMs must be a positive number; got NaN/],
    [{ maxDelayMs: Number.POSITIVE_INFINITY }, /maxDelayMs must be a positive number/],
    [{ timeoutMs: 0 }, /timeoutMs must be a positive number/],
    [{ minDelayMs: 500, maxDelayMs: 100 }, /minDelayMs must not exceed maxDelayMs/],
    [{ minDelayMs: 5_000 }, /minDelayMs must not exceed maxDelayMs/],
  ])('refuses wait options %j before polling', async (options, message) => {
    const unmatched = unmatchedRequests();
    const err = await caught(() => savepoint().wait(options));
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err.message).toMatch(message);
    expect(unmatched).toEqual([]);
  });
});

describe('Operation.status', () => {
  const op = () => client().operations.resume({ kind: 'savepoint', triggerId: TRIGGER, jobId: JOB }, 'savepoint');

  it('looks once and reports each state', async () => {
    flink().get(SAVEPOINT_STATUS).reply(200, IN_PROGRESS);
    expect(await op().status()).toEqual({ state: 'IN_PROGRESS' });
    flink()
      .get(SAVEPOINT_STATUS)
      .reply(200, { status: { id: 'COMPLETED' }, operation: { location: LOCATION } });
    expect(await op().status()).toEqual({ state: 'COMPLETED', result: { location: LOCATION } });
    flink()
      .get(SAVEPOINT_STATUS)
      .reply(200, { status: { id: 'COMPLETED' }, operation: { 'failure-cause': FAILURE } });
    const failed = await op().status();
    expect(failed.state).toBe('FAILED');
    if (failed.state === 'FAILED') expect(failed.error).toBeInstanceOf(OperationFailedError);
  });

  it('treats a status id it does not know as still in progress', async () => {
    flink()
      .get(SAVEPOINT_STATUS)
      .reply(200, { status: { id: 'QUEUED' } });
    expect(await op().status()).toEqual({ state: 'IN_PROGRESS' });
  });

  it('accepts null for the absent fields, as Flink 1.x sends them', async () => {
    flink()
      .get(SAVEPOINT_STATUS)
      .reply(200, { status: { id: 'COMPLETED' }, operation: { location: LOCATION, 'failure-cause': null } });
    expect(await op().status()).toEqual({ state: 'COMPLETED', result: { location: LOCATION } });
  });
});

describe('stop operations', () => {
  it('poll the savepoint status endpoint and return the location', async () => {
    flink().post(`/v1/jobs/${JOB}/stop`).reply(202, { 'request-id': TRIGGER });
    flink()
      .get(SAVEPOINT_STATUS)
      .reply(200, { status: { id: 'COMPLETED' }, operation: { location: LOCATION } });
    const op = await client().jobs.stop(JOB, { triggerId: TRIGGER });
    expect(await op.wait(FAST)).toEqual({ location: LOCATION });
  });

  it('name the stop in a failure', async () => {
    flink()
      .get(SAVEPOINT_STATUS)
      .reply(200, { status: { id: 'COMPLETED' }, operation: { 'failure-cause': FAILURE } });
    const op = client().operations.resume({ kind: 'stop', triggerId: TRIGGER, jobId: JOB }, 'stop');
    const err = await caught(() => op.wait(FAST));
    expect(err).toBeInstanceOf(OperationFailedError);
    expect(err.kind).toBe('stop');
    expect(err.message).toMatch(/^stop .* failed: java\.io\.IOException: Permission denied$/);
  });
});

describe('checkpoints', () => {
  it.each([
    [undefined, 'CONFIGURED'],
    [{}, 'CONFIGURED'],
    [{ type: 'full' }, 'FULL'],
    [{ type: 'FULL' }, 'FULL'],
    [{ type: 'incremental' }, 'INCREMENTAL'],
    [{ type: 'configured' }, 'CONFIGURED'],
  ] as const)('trigger %j sends checkpointType %s', async (options, type) => {
    const sent = bodies();
    flink()
      .post(`/v1/jobs/${JOB}/checkpoints`, sent.match)
      .reply(202, () => ({ 'request-id': sent.list.at(-1)?.triggerId }));
    const op = await client().checkpoints.trigger(JOB, options);
    expect(Object.keys(sent.list[0]!).sort()).toEqual(['checkpointType', 'triggerId']);
    expect(sent.list[0]!.checkpointType).toBe(type);
    expect(sent.list[0]!.triggerId).toMatch(HEX32);
    expect(op.kind).toBe('checkpoint');
    expect(op.triggerId).toBe(sent.list[0]!.triggerId);
  });

  it('refuses a bad checkpoint type or option before sending', async () => {
    const unmatched = unmatchedRequests();
    // @ts-expect-error not a checkpoint type
    const type = await caught(() => client().checkpoints.trigger(JOB, { type: 'savepoint' }));
    expect(type).toBeInstanceOf(InvalidInputError);
    expect(type.message).toContain('type must be one of CONFIGURED, FULL, INCREMENTAL');
    // @ts-expect-error misspelt on purpose
    const option = await caught(() => client().checkpoints.trigger(JOB, { typ: 'FULL' }));
    expect(option.message).toContain('did you mean "type"');
    expect(unmatched).toEqual([]);
  });

  it('wait returns the checkpoint id', async () => {
    flink().post(`/v1/jobs/${JOB}/checkpoints`).reply(202, { 'request-id': TRIGGER });
    flink().get(CHECKPOINT_STATUS).reply(200, IN_PROGRESS);
    flink()
      .get(CHECKPOINT_STATUS)
      .reply(200, { status: { id: 'COMPLETED' }, operation: { checkpointId: 42, failureCause: null } });
    const op = await client().checkpoints.trigger(JOB, { type: 'full', triggerId: TRIGGER });
    expect(await op.wait(FAST)).toEqual({ checkpointId: 42 });
  });

  it('wait reports failureCause (the checkpoint spelling) as OperationFailedError', async () => {
    flink()
      .get(CHECKPOINT_STATUS)
      .reply(200, {
        status: { id: 'COMPLETED' },
        operation: {
          failureCause: {
            class: 'org.apache.flink.runtime.checkpoint.CheckpointException',
            'stack-trace':
              'org.apache.flink.runtime.checkpoint.CheckpointException: Checkpoint triggering task Source: Custom Source (1/2) of job a3f1 is not being executed at the moment.\n\tat org.apache.flink.runtime.checkpoint.CheckpointCoordinator.x(CheckpointCoordinator.java:1)',
          },
        },
      });
    const op = client().operations.resume({ kind: 'checkpoint', triggerId: TRIGGER, jobId: JOB }, 'checkpoint');
    const err = await caught(() => op.wait(FAST));
    expect(err).toBeInstanceOf(OperationFailedError);
    expect(err.kind).toBe('checkpoint');
    expect(err.causeClass).toBe('org.apache.flink.runtime.checkpoint.CheckpointException');
    expect(err.message).toContain('is not being executed at the moment.');
  });

  it('stats: parses counts, latest and history', async () => {
    const completed = {
      className: 'completed',
      id: 7,
      status: 'COMPLETED',
      is_savepoint: false,
      savepointFormat: null,
      trigger_timestamp: 1_700_000_010_000,
      latest_ack_timestamp: 1_700_000_010_120,
      checkpointed_size: 4_096,
      state_size: 8_192,
      end_to_end_duration: 120,
      alignment_buffered: 0,
      processed_data: 0,
      persisted_data: 0,
      num_subtasks: 4,
      num_acknowledged_subtasks: 4,
      checkpoint_type: 'CHECKPOINT',
      tasks: {},
      external_path: 'file:/tmp/checkpoints/a3f1/chk-7',
      discarded: false,
    };
    const failed = {
      ...completed,
      className: 'failed',
      id: 8,
      status: 'FAILED',
      external_path: undefined,
      failure_timestamp: 1_700_000_020_000,
      failure_message: 'Checkpoint expired before completing.',
    };
    flink()
      .get(`/v1/jobs/${JOB}/checkpoints`)
      .reply(200, {
        counts: { restored: 1, total: 8, in_progress: 0, completed: 7, failed: 1 },
        summary: { state_size: { min: 0, max: 8_192, avg: 4_096, p50: 4_096, p90: 8_192, p95: 8_192, p99: 8_192, p999: 8_192 } },
        latest: {
          completed,
          savepoint: null,
          failed,
          restored: { id: 3, restore_timestamp: 1_700_000_000_500, is_savepoint: true, external_path: 'file:/tmp/savepoints/savepoint-1' },
        },
        history: [failed, completed],
      });
    const stats = await client().checkpoints.stats(JOB);
    expect(stats.counts).toEqual({ restored: 1, total: 8, in_progress: 0, completed: 7, failed: 1 });
    expect(stats.latest.completed?.external_path).toBe('file:/tmp/checkpoints/a3f1/chk-7');
    expect(stats.latest.savepoint).toBeNull();
    expect(stats.latest.failed?.failure_message).toBe('Checkpoint expired before completing.');
    expect(stats.latest.restored?.external_path).toBe('file:/tmp/savepoints/savepoint-1');
    expect(stats.history.map((h) => h.id)).toEqual([8, 7]);
    expect(stats.history[1]?.num_subtasks).toBe(4);
  });

  it('stats: accepts a job that never checkpointed', async () => {
    flink()
      .get(`/v1/jobs/${JOB}/checkpoints`)
      .reply(200, {
        counts: { restored: 0, total: 0, in_progress: 0, completed: 0, failed: 0 },
        summary: {},
        latest: { completed: null, savepoint: null, failed: null, restored: null },
        history: [],
      });
    const stats = await client().checkpoints.stats(JOB);
    expect(stats.history).toEqual([]);
    expect(stats.latest.completed).toBeNull();
  });

  it('config: parses the checkpointing configuration', async () => {
    flink()
      .get(`/v1/jobs/${JOB}/checkpoints/config`)
      .reply(200, {
        mode: 'exactly_once',
        interval: 10_000,
        timeout: 600_000,
        min_pause: 0,
        max_concurrent: 1,
        externalization: { enabled: true, delete_on_cancellation: false },
        state_backend: 'HashMapStateBackend',
        checkpoint_storage: 'FileSystemCheckpointStorage',
        unaligned_checkpoints: false,
        tolerable_failed_checkpoints: 0,
        aligned_checkpoint_timeout: 0,
        checkpoints_after_tasks_finish: true,
        state_changelog_enabled: false,
        changelog_periodic_materialization_interval: 600_000,
        changelog_storage: 'memory',
      });
    const config = await client().checkpoints.config(JOB);
    expect(config.mode).toBe('exactly_once');
    expect(config.interval).toBe(10_000);
    expect(config.externalization).toEqual({ enabled: true, delete_on_cancellation: false });
    expect(config.max_concurrent).toBe(1);
  });

  it('config: reports a job without checkpointing as NotFoundError', async () => {
    flink()
      .get(`/v1/jobs/${JOB}/checkpoints/config`)
      .reply(404, { errors: ['Checkpointing is not enabled for this job (a3f1c0de00000000000000000000beef).'] });
    await expect(client().checkpoints.config(JOB)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('stats and config refuse a malformed job id before sending', async () => {
    const unmatched = unmatchedRequests();
    expect(await caught(() => client().checkpoints.stats('x'))).toBeInstanceOf(InvalidInputError);
    expect(await caught(() => client().checkpoints.config('x'))).toBeInstanceOf(InvalidInputError);
    expect(unmatched).toEqual([]);
  });

  // BUG: stats() and config() are not `async`, so a malformed job id throws synchronously from
  // a method typed as returning a Promise instead of rejecting it.
  it('stats reports a malformed job id as a rejected promise', async () => {
    let promise: Promise<unknown> | undefined;
    expect(() => {
      promise = client().checkpoints.stats('x');
    }).not.toThrow();
    await expect(promise).rejects.toBeInstanceOf(InvalidInputError);
  });
});

describe('savepoints.dispose', () => {
  const DISPOSAL_STATUS = `/v1/savepoint-disposal/${TRIGGER}`;

  it('posts the savepoint path, polls the disposal and resolves undefined', async () => {
    const sent = bodies();
    flink().post('/v1/savepoint-disposal', sent.match).reply(200, { 'request-id': TRIGGER });
    flink().get(DISPOSAL_STATUS).reply(200, IN_PROGRESS);
    flink()
      .get(DISPOSAL_STATUS)
      .reply(200, { status: { id: 'COMPLETED' }, operation: {} });
    const op = await client().savepoints.dispose(LOCATION);
    expect(sent.list).toEqual([{ 'savepoint-path': LOCATION }]);
    expect(op.kind).toBe('savepoint-disposal');
    expect(op.triggerId).toBe(TRIGGER);
    expect(op.jobId).toBeUndefined();
    expect(op.toJSON()).toEqual({ kind: 'savepoint-disposal', triggerId: TRIGGER });
    await expect(op.wait(FAST)).resolves.toBeUndefined();
  });

  it('accepts a COMPLETED disposal without an operation object', async () => {
    flink()
      .get(DISPOSAL_STATUS)
      .reply(200, { status: { id: 'COMPLETED' } });
    const op = client().operations.resume({ kind: 'savepoint-disposal', triggerId: TRIGGER });
    await expect(op.wait(FAST)).resolves.toBeUndefined();
  });

  it('reports a failed disposal', async () => {
    flink()
      .get(DISPOSAL_STATUS)
      .reply(200, {
        status: { id: 'COMPLETED' },
        operation: {
          'failure-cause': {
            class: 'java.io.FileNotFoundException',
            'stack-trace': `java.io.FileNotFoundException: Cannot find checkpoint or savepoint file/directory '${LOCATION}' on file system 'file'.`,
          },
        },
      });
    const err = await caught(() => client().operations.resume({ kind: 'savepoint-disposal', triggerId: TRIGGER }).wait(FAST));
    expect(err).toBeInstanceOf(OperationFailedError);
    expect(err.message).toBe(
      `savepoint-disposal ${TRIGGER} failed: java.io.FileNotFoundException: Cannot find checkpoint or savepoint file/directory '${LOCATION}' on file system 'file'.`,
    );
  });

  it('is never retried: a 503 on the trigger is reported and sent once', async () => {
    const scope = flink().post('/v1/savepoint-disposal').once().reply(503, LEADER_ELECTION);
    await expect(client().savepoints.dispose(LOCATION)).rejects.toBeInstanceOf(UnavailableError);
    expect(scope.isDone()).toBe(true);
  });

  it('refuses an empty or non-string path before sending', async () => {
    const unmatched = unmatchedRequests();
    expect(await caught(() => client().savepoints.dispose(''))).toBeInstanceOf(InvalidInputError);
    // biome-ignore lint/suspicious/noExplicitAny: wrong type on purpose
    expect(await caught(() => client().savepoints.dispose(42 as any))).toBeInstanceOf(InvalidInputError);
    expect(unmatched).toEqual([]);
  });

  // BUG: a missing path is a TypeError, not the InvalidInputError every other bad input gives.
  it('refuses a missing path with InvalidInputError', async () => {
    // biome-ignore lint/suspicious/noExplicitAny: missing on purpose
    expect(await caught(() => client().savepoints.dispose(undefined as any))).toBeInstanceOf(InvalidInputError);
  });
});

describe('operation handles as JSON', () => {
  it('toJSON gives kind, triggerId and jobId', async () => {
    flink().post(`/v1/jobs/${JOB}/savepoints`).reply(202, { 'request-id': TRIGGER });
    const op = await client().savepoints.trigger(JOB, { triggerId: TRIGGER });
    expect(op.toJSON()).toEqual({ kind: 'savepoint', triggerId: TRIGGER, jobId: JOB });
    expect(JSON.parse(JSON.stringify(op))).toEqual({ kind: 'savepoint', triggerId: TRIGGER, jobId: JOB });
  });

  it.each([
    ['savepoint', `/v1/jobs/${JOB}/savepoints/${TRIGGER2}`, { location: LOCATION }, { location: LOCATION }],
    ['stop', `/v1/jobs/${JOB}/savepoints/${TRIGGER2}`, { location: LOCATION }, { location: LOCATION }],
    ['checkpoint', `/v1/jobs/${JOB}/checkpoints/${TRIGGER2}`, { checkpointId: 9 }, { checkpointId: 9 }],
    ['savepoint-disposal', `/v1/savepoint-disposal/${TRIGGER2}`, {}, undefined],
  ] as const)('a %s handle survives JSON.stringify and resume(string), polling %s', async (kind, path, operation, result) => {
    // Saved by another process, with a client of its own.
    const original = new FlinkClient({ baseUrl: 'http://elsewhere.test:8081' }).operations.resume({
      kind,
      triggerId: TRIGGER2,
      ...(kind === 'savepoint-disposal' ? {} : { jobId: JOB }),
    });
    const saved = JSON.stringify(original);
    flink()
      .get(path)
      .reply(200, { status: { id: 'COMPLETED' }, operation });
    const resumed = client().operations.resume(saved);
    expect(resumed).toBeInstanceOf(Operation);
    expect(resumed.toJSON()).toEqual(original.toJSON());
    expect(await resumed.wait(FAST)).toEqual(result);
  });

  it('resumes from a parsed object too, and types the result by the expected kind', async () => {
    flink()
      .get(CHECKPOINT_STATUS)
      .reply(200, { status: { id: 'COMPLETED' }, operation: { checkpointId: 3 } });
    const handle: OperationJSON = { kind: 'checkpoint', triggerId: TRIGGER, jobId: JOB };
    const op = client().operations.resume(handle, 'checkpoint');
    const { checkpointId } = await op.wait(FAST);
    expect(checkpointId).toBe(3);
  });

  it('drops a job id from a disposal handle', () => {
    const op = client().operations.resume({ kind: 'savepoint-disposal', triggerId: TRIGGER, jobId: JOB });
    expect(op.jobId).toBeUndefined();
    expect(op.toJSON()).toEqual({ kind: 'savepoint-disposal', triggerId: TRIGGER });
  });

  it.each([
    [
      'a kind it does not know',
      { kind: 'rescale', triggerId: TRIGGER, jobId: JOB },
      /^operations\.resume: kind must be one of savepoint, stop, checkpoint, savepoint-disposal, dataset-deletion; got "rescale"$/,
    ],
    [
      'a misspelt kind',
      { kind: 'savepiont', triggerId: TRIGGER, jobId: JOB },
      /kind must be one of .*; got "savepiont" \(did you mean "savepoint"\?\)$/,
    ],
    ['a missing kind', { triggerId: TRIGGER, jobId: JOB }, /kind must be one of .*; got undefined$/],
    ['a malformed trigger id', { kind: 'savepoint', triggerId: 'abc', jobId: JOB }, /trigger id must be 32 hexadecimal characters/],
    [
      'a trigger id with a non-hex letter',
      { kind: 'savepoint', triggerId: `${TRIGGER.slice(1)}z`, jobId: JOB },
      /trigger id must be 32 hexadecimal/,
    ],
    ['a numeric trigger id', { kind: 'checkpoint', triggerId: 123, jobId: JOB }, /expected \{"kind".*; triggerId: /],
    ['a handle without trigger id', { kind: 'savepoint' }, /; triggerId: .*undefined/],
    ['a savepoint without job id', { kind: 'savepoint', triggerId: TRIGGER }, /job id of a savepoint operation must be 32 hexadecimal/],
    ['a stop without job id', { kind: 'stop', triggerId: TRIGGER }, /job id of a stop operation/],
    ['a checkpoint with a malformed job id', { kind: 'checkpoint', triggerId: TRIGGER, jobId: 'j' }, /job id of a checkpoint operation/],
    ['text that is not JSON', '{kind: savepoint}', /the handle is not valid JSON/],
    ['JSON that is not an object', '"savepoint"', /expected \{"kind"/],
    ['null', null, /expected \{"kind"/],
  ])('resume refuses %s', (_what, handle, message) => {
    const unmatched = unmatchedRequests();
    // biome-ignore lint/suspicious/noExplicitAny: malformed on purpose
    expect(() => client().operations.resume(handle as any)).toThrow(InvalidInputError);
    // biome-ignore lint/suspicious/noExplicitAny: malformed on purpose
    expect(() => client().operations.resume(handle as any)).toThrow(message);
    expect(unmatched).toEqual([]);
  });

  it('resume refuses a handle of another kind than expected', () => {
    const saved = JSON.stringify({ kind: 'stop', triggerId: TRIGGER, jobId: JOB });
    expect(() => client().operations.resume(saved, 'savepoint')).toThrow(InvalidInputError);
    expect(() => client().operations.resume(saved, 'savepoint')).toThrow('the handle is a stop operation, not a savepoint');
    expect(client().operations.resume(saved, 'stop').kind).toBe('stop');
  });
});

describe('a stop whose savepoint was written before the job failed to stop', () => {
  it('keeps the savepoint path as a field and in the message (StopWithSavepointStoppingException)', async () => {
    const path = 'file:/tmp/savepoints/savepoint-a3f1c0-1b2c3d4e5f60';
    const trace = [
      `org.apache.flink.runtime.scheduler.stopwithsavepoint.StopWithSavepointStoppingException: A savepoint has been created at: ${path}, but the corresponding job ${JOB} failed during stopping. The savepoint is consistent, but might have uncommitted transactions. If you want to commit the transaction please restart a job from this savepoint.`,
      '\tat org.apache.flink.runtime.scheduler.adaptive.StopWithSavepoint.onFailure(StopWithSavepoint.java:150)',
      'Caused by: java.lang.RuntimeException: sink failed while committing',
    ].join('\n');
    flink()
      .post(`/v1/jobs/${JOB}/stop`)
      .reply(202, { 'request-id': TRIGGER })
      .get(SAVEPOINT_STATUS)
      .reply(200, {
        status: { id: 'COMPLETED' },
        operation: { 'failure-cause': { class: 'org.apache.flink.util.SerializedThrowable', 'stack-trace': trace } },
      });
    const stop = await client().jobs.stop(JOB, { triggerId: TRIGGER });
    const err = await caught(() => stop.wait(FAST));
    expect(err).toBeInstanceOf(OperationFailedError);
    expect(err.savepointLocation).toBe(path);
    expect(err.message).toContain('sink failed while committing');
    expect(err.message).toContain(`restore from ${path}`);
    expect(err.toJSON()).toMatchObject({ kind: 'stop', savepointLocation: path });
  });
});

describe('operations right after a job starts', () => {
  const overview = (tasks: Record<string, number>, state = 'RUNNING') => ({
    jobs: [
      {
        jid: JOB,
        name: 'orders',
        state,
        'start-time': 1,
        'end-time': -1,
        duration: 5,
        'last-modification': 1,
        tasks: { total: 2, ...tasks },
      },
    ],
  });
  const details = {
    jid: JOB,
    name: 'orders',
    isStoppable: false,
    state: 'RUNNING',
    'start-time': 1,
    'end-time': -1,
    duration: 5,
    now: 6,
    timestamps: { RUNNING: 1 },
    vertices: [
      {
        id: 'a'.repeat(32),
        name: 'Source: orders',
        parallelism: 1,
        status: 'DEPLOYING',
        'start-time': 1,
        'end-time': -1,
        duration: 5,
        tasks: {},
      },
      {
        id: 'b'.repeat(32),
        name: 'Sink: totals',
        parallelism: 1,
        status: 'RUNNING',
        'start-time': 1,
        'end-time': -1,
        duration: 5,
        tasks: {},
      },
    ],
    'status-counts': {},
  };
  const refused = {
    status: { id: 'COMPLETED' },
    operation: {
      'failure-cause': {
        class: 'org.apache.flink.runtime.checkpoint.CheckpointException',
        'stack-trace':
          'org.apache.flink.runtime.checkpoint.CheckpointException: Not all required tasks are currently running.\n\tat org.apache.flink.runtime.checkpoint.DefaultCheckpointPlanCalculator.checkTasksStarted(DefaultCheckpointPlanCalculator.java:143)',
      },
    },
  };

  it('a savepoint refused while tasks deploy is triggered again once they run, within the same wait', async () => {
    const triggers = bodies<{ triggerId: string }>();
    flink()
      .post(`/v1/jobs/${JOB}/savepoints`, triggers.match)
      .times(2)
      .reply(202, () => ({ 'request-id': triggers.list.at(-1)?.triggerId }));
    flink().get(`/v1/jobs/${JOB}/savepoints/${TRIGGER}`).reply(200, refused);
    flink()
      .get('/v1/jobs/overview')
      .reply(200, overview({ deploying: 1, running: 1 }));
    flink().get(`/v1/jobs/${JOB}`).reply(200, details);
    flink()
      .get('/v1/jobs/overview')
      .reply(200, overview({ running: 2 }));
    flink()
      .get(/\/v1\/jobs\/[0-9a-f]{32}\/savepoints\/[0-9a-f]{32}$/)
      .reply(200, { status: { id: 'COMPLETED' }, operation: { location: LOCATION } });
    const op = await client().savepoints.trigger(JOB, { triggerId: TRIGGER });
    const notes: string[] = [];
    const result = await op.wait({ ...FAST, onProgress: (p) => p.note && notes.push(p.note) });
    expect(result).toEqual({ location: LOCATION });
    // nock hands other requests to a body matcher too: keep the triggers' bodies
    const sent = [...new Set(triggers.list.map((b) => b?.triggerId).filter(Boolean))];
    expect(sent).toHaveLength(2);
    expect(sent[0]).toBe(TRIGGER);
    expect(op.triggerId).toBe(sent[1]);
    expect(notes[0]).toContain('not all of the job');
    expect(notes[1]).toBe('tasks not running yet: Source: orders (DEPLOYING)');
    expect(notes[2]).toContain('triggered again');
  });

  it('past the deadline the error names the tasks that do not run', async () => {
    flink().post(`/v1/jobs/${JOB}/checkpoints`).reply(202, { 'request-id': TRIGGER });
    flink().get(CHECKPOINT_STATUS).reply(200, refused);
    flink()
      .get('/v1/jobs/overview')
      .times(1_000)
      .reply(200, overview({ deploying: 1, running: 1 }));
    flink().get(`/v1/jobs/${JOB}`).times(1_000).reply(200, details);
    const op = await client().checkpoints.trigger(JOB, { triggerId: TRIGGER });
    const err = await caught(() => op.wait({ ...FAST, timeoutMs: 300 }));
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.message).toContain('tasks not running yet: Source: orders (DEPLOYING)');
    nock.cleanAll();
  });

  it('a handle resumed from JSON does not trigger again: the refusal is the error', async () => {
    flink().get(SAVEPOINT_STATUS).reply(200, refused);
    const op = client().operations.resume({ kind: 'savepoint', triggerId: TRIGGER, jobId: JOB });
    const err = await caught(() => op.wait(FAST));
    expect(err).toBeInstanceOf(OperationFailedError);
    expect(err.message).toContain('Not all required tasks are currently running');
  });

  it('jobs.waitUntilRunning reads the job overview (not cached by Flink) until every task runs', async () => {
    flink()
      .get('/v1/jobs/overview')
      .reply(200, overview({ deploying: 2 }, 'RUNNING'));
    flink()
      .get('/v1/jobs/overview')
      .reply(200, overview({ running: 1, finished: 1 }));
    flink()
      .get(`/v1/jobs/${JOB}`)
      .reply(200, { ...details, vertices: details.vertices.map((v) => ({ ...v, status: 'RUNNING' })) });
    const job = await client().jobs.waitUntilRunning(JOB, FAST);
    expect(job.name).toBe('orders');
  });

  it('jobs.waitUntilRunning of a job the JobManager does not know is a NotFoundError at once; one just submitted is waited for', async () => {
    flink().get('/v1/jobs/overview').reply(200, { jobs: [] });
    flink()
      .get(`/v1/jobs/${JOB}/status`)
      .reply(404, { errors: ['org.apache.flink.runtime.rest.NotFoundException: Job not found'] });
    const started = Date.now();
    await expect(client().jobs.waitUntilRunning(JOB, { timeoutMs: 60_000 })).rejects.toBeInstanceOf(NotFoundError);
    expect(Date.now() - started).toBeLessThan(5_000);
    // Not in the overview yet but known: polled again.
    flink().get('/v1/jobs/overview').reply(200, { jobs: [] });
    flink().get(`/v1/jobs/${JOB}/status`).reply(200, { status: 'INITIALIZING' });
    flink()
      .get('/v1/jobs/overview')
      .reply(200, overview({ running: 2 }));
    flink()
      .get(`/v1/jobs/${JOB}`)
      .reply(200, { ...details, vertices: details.vertices.map((v) => ({ ...v, status: 'RUNNING' })) });
    expect((await client().jobs.waitUntilRunning(JOB, FAST)).name).toBe('orders');
  });
});
