// The Flink ops guide's workflow, end to end through FlinkClient on a real cluster: upload, run with
// -D config and parallelism, list, savepoint (waited and detached), stop with savepoint, resume from
// it, checkpoint, cancel, dispose. Then the failure paths users meet.
import { createReadStream, existsSync, openAsBlob } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import {
  ApiError,
  BadRequestError,
  ConflictError,
  FlinkClient,
  InvalidInputError,
  NotFoundError,
  OperationFailedError,
  ProgramInvocationError,
} from '../../src/index.js';

const STATE_MACHINE = 'org.apache.flink.streaming.examples.statemachine.StateMachineExample';
// Flink 2.x's StateMachineExample keeps async state, which canonical savepoints do not support yet
// ("Not supported yet."): native ones work on every version.
const NATIVE = 'NATIVE';

/** Polls `probe` until it returns a value, within a deadline. */
async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not seen within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const localPath = (location: string) =>
  location.startsWith('file:') ? fileURLToPath(new URL(location.replace(/^file:\/*/, 'file:///'))) : location;

describe.each(inject('flinkClusters'))('Flink $version: ops-guide workflow through FlinkClient', (cluster) => {
  const flink = new FlinkClient({ baseUrl: cluster.url, timeoutMs: 60_000 });
  const state: { jarId?: string; jobId?: string; savepoint?: string; stopSavepoint?: string; resumedJobId?: string } = {};

  it('knows the server version', async () => {
    expect((await flink.cluster.version()).raw).toBe(cluster.version);
    expect((await flink.cluster.overview())['slots-available']).toBeGreaterThan(0);
  });

  it('uploads the StateMachineExample jar, streamed from disk', async () => {
    const jar = await flink.jars.upload(cluster.jars.StateMachineExample);
    expect(jar.id).toMatch(/_StateMachineExample\.jar$/);
    expect((await flink.jars.list()).map((j) => j.id)).toContain(jar.id);
    state.jarId = jar.id;
  });

  it('uploads from a stream and from a Blob as well; the streamed jar yields a plan', async () => {
    const streamed = await flink.jars.upload(createReadStream(cluster.jars.TopSpeedWindowing), { filename: 'streamed.jar' });
    const blob = await flink.jars.upload(await openAsBlob(cluster.jars.TopSpeedWindowing), { filename: 'blob.jar' });
    const ids = (await flink.jars.list()).map((j) => j.id);
    expect(ids).toEqual(expect.arrayContaining([streamed.id, blob.id]));
    const { plan } = await flink.jars.plan(streamed.id, {
      entryClass: 'org.apache.flink.streaming.examples.windowing.TopSpeedWindowing',
      parallelism: 3,
    });
    expect(plan.nodes.length).toBeGreaterThan(0);
    expect(plan.nodes.some((n) => n.parallelism === 3)).toBe(true);
    await flink.jars.delete(streamed.id);
    await flink.jars.delete(blob.id);
    expect((await flink.jars.list()).map((j) => j.id)).not.toContain(streamed.id);
  });

  it('runs it detached with -D config and parallelism, under a client-chosen job id', async () => {
    const { jobId } = await flink.jars.run(state.jarId as string, {
      entryClass: STATE_MACHINE,
      parallelism: 2,
      config: { 'pipeline.max-parallelism': 120 },
    });
    state.jobId = jobId;
    await flink.jobs.waitUntilRunning(jobId, { timeoutMs: 90_000 });
    const job = await flink.jobs.get(jobId);
    expect(job.maxParallelism).toBe(120);
    expect(Math.max(...job.vertices.map((v) => v.parallelism))).toBe(2);
    // The example enables checkpointing itself (every 2 s), which wins over cluster defaults.
    expect((await flink.checkpoints.config(jobId)).interval).toBe(2_000);
  });

  it('lists the job as running, like bin/flink list', async () => {
    const running = await flink.jobs.list({ groups: ['running'] });
    const mine = running.find((j) => j.jid === state.jobId);
    expect(mine?.state).toBe('RUNNING');
    expect(mine?.name).toMatch(/State machine/i);
  });

  it('takes a savepoint and waits for it', async () => {
    const op = await flink.savepoints.trigger(state.jobId as string, { formatType: NATIVE });
    expect(op.triggerId).toMatch(/^[0-9a-f]{32}$/);
    const polls: number[] = [];
    const { location } = await op.wait({ timeoutMs: 120_000, onProgress: (p) => polls.push(p.polls) });
    expect(localPath(location).startsWith(`${localPath(cluster.savepointDir)}/savepoint-`)).toBe(true);
    expect(existsSync(localPath(location))).toBe(true);
    state.savepoint = location;
  });

  it('takes a detached savepoint and finishes the wait from its JSON in another client', async () => {
    const op = await flink.savepoints.trigger(state.jobId as string, {
      formatType: 'native',
      targetDirectory: `file://${cluster.dir}/detached-savepoints`,
    });
    const saved = JSON.stringify(op);
    expect(JSON.parse(saved)).toEqual({ kind: 'savepoint', triggerId: op.triggerId, jobId: state.jobId });
    const other = new FlinkClient({ baseUrl: cluster.url });
    const { location } = await other.operations.resume(saved, 'savepoint').wait({ timeoutMs: 120_000 });
    expect(existsSync(localPath(location))).toBe(true);
    const stats = await flink.checkpoints.stats(state.jobId as string);
    expect(stats.latest.savepoint?.external_path).toBe(location);
  });

  it('stops the job with a savepoint', async () => {
    const op = await flink.jobs.stop(state.jobId as string, { formatType: NATIVE });
    const { location } = await op.wait({ timeoutMs: 120_000 });
    expect(existsSync(localPath(location))).toBe(true);
    expect(await flink.jobs.waitForState(state.jobId as string, ['FINISHED'], { timeoutMs: 60_000 })).toBe('FINISHED');
    state.stopSavepoint = location;
  });

  it('runs again from that savepoint with allowNonRestoredState and claim mode', async () => {
    const { jobId } = await flink.jars.run(state.jarId as string, {
      entryClass: STATE_MACHINE,
      savepointPath: state.stopSavepoint as string,
      allowNonRestoredState: true,
      claimMode: 'NO_CLAIM',
    });
    state.resumedJobId = jobId;
    await flink.jobs.waitUntilRunning(jobId, { timeoutMs: 90_000 });
    const stats = await flink.checkpoints.stats(jobId);
    expect(stats.latest.restored?.external_path).toBe(state.stopSavepoint);
  });

  it('triggers a full checkpoint and sees it in the statistics', async () => {
    const op = await flink.checkpoints.trigger(state.resumedJobId as string, { type: 'full' });
    const { checkpointId } = await op.wait({ timeoutMs: 120_000 });
    expect(checkpointId).toBeGreaterThan(0);
    // Checkpoint statistics are cached by the server for a few seconds: poll until ours shows.
    const entry = await eventually(async () => {
      const stats = await flink.checkpoints.stats(state.resumedJobId as string);
      return stats.history.find((c) => c.id === checkpointId);
    });
    expect(entry.status).toBe('COMPLETED');
    expect(entry.checkpoint_type).toMatch(/CHECKPOINT/);
  });

  it('cancels; the list shows CANCELED; cancel is idempotent, but a finished job cannot be cancelled', async () => {
    const jobId = state.resumedJobId as string;
    await flink.jobs.cancel(jobId);
    expect(await flink.jobs.waitForState(jobId, ['CANCELED'], { timeoutMs: 60_000 })).toBe('CANCELED');
    const all = await flink.jobs.list();
    expect(all.find((j) => j.jid === jobId)?.state).toBe('CANCELED');
    expect((await flink.jobs.list({ groups: ['terminated'] })).map((j) => j.jid)).toContain(jobId);
    await expect(flink.jobs.cancel(jobId)).resolves.toBeUndefined();
    const finished = await flink.jobs.cancel(state.jobId as string).catch((e) => e);
    expect(finished).toBeInstanceOf(ConflictError);
    expect(finished.status).toBe(409);
  });

  it('disposes the first savepoint: its directory is gone', async () => {
    const path = state.savepoint as string;
    expect(existsSync(localPath(path))).toBe(true);
    const op = await flink.savepoints.dispose(path);
    await op.wait({ timeoutMs: 60_000 });
    expect(existsSync(localPath(path))).toBe(false);
  });

  describe('failure paths', () => {
    it('a bad entry class is a ProgramInvocationError naming the class', async () => {
      const err = await flink.jars.run(state.jarId as string, { entryClass: 'com.example.NoSuchJob' }).catch((e) => e);
      expect(err).toBeInstanceOf(ProgramInvocationError);
      // An ApiError of its own since issue 14: neither a malformed request nor Flink's own failure.
      expect(err).toBeInstanceOf(ApiError);
      expect(err).not.toBeInstanceOf(BadRequestError);
      expect(err.message).toContain('com.example.NoSuchJob');
      expect(err.message).not.toContain('\tat ');
    });

    it('an unknown job is a NotFoundError', async () => {
      const err = await flink.jobs.get('0123456789abcdef0123456789abcdef').catch((e) => e);
      expect(err).toBeInstanceOf(NotFoundError);
      expect(err.status).toBe(404);
    });

    it('an unknown jar is a NotFoundError for run, plan and delete (Flink answers 500 and 400)', async () => {
      const missing = '00000000-0000-0000-0000-000000000000_gone.jar';
      const errors = await Promise.all([
        flink.jars.run(missing).catch((e) => e),
        flink.jars.plan(missing).catch((e) => e),
        flink.jars.delete(missing).catch((e) => e),
      ]);
      expect(errors.map((e) => [e.name, e.status])).toEqual([
        ['NotFoundError', 500],
        ['NotFoundError', 500],
        ['NotFoundError', 400],
      ]);
      for (const e of errors) expect(e.message).toContain(`no jar ${missing} on this JobManager`);
    });

    it('a savepoint into an unwritable directory fails with Flink’s cause', async () => {
      const { jobId } = await flink.jars.run(state.jarId as string, { entryClass: STATE_MACHINE });
      await flink.jobs.waitUntilRunning(jobId, { timeoutMs: 90_000 });
      try {
        const op = await flink.savepoints.trigger(jobId, {
          formatType: NATIVE,
          targetDirectory: 'file:///proc/flink-rest-cannot-write-here',
        });
        const err = await op.wait({ timeoutMs: 120_000 }).catch((e) => e);
        expect(err).toBeInstanceOf(OperationFailedError);
        expect(err.triggerId).toBe(op.triggerId);
        expect(err.stackTrace).toContain('/proc/flink-rest-cannot-write-here');
      } finally {
        await flink.jobs.cancel(jobId);
        await flink.jobs.waitForState(jobId, ['CANCELED'], { timeoutMs: 60_000 });
      }
    });

    it('a checkpoint of a finished job is refused with a typed error', async () => {
      const err = await flink.checkpoints
        .trigger(state.jobId as string)
        .then((op) => op.wait({ timeoutMs: 60_000 }))
        .catch((e) => e);
      // Flink accepts the trigger, then completes it with FlinkJobNotFoundException; the job's
      // status tells an ended job from an unknown one.
      expect(err).toBeInstanceOf(OperationFailedError);
      expect(err.kind).toBe('checkpoint');
      expect(err.message).toMatch(/ failed: the job is FINISHED; only a running job takes a checkpoint$/);
      expect(err.stackTrace).toContain(`FlinkJobNotFoundException: Could not find Flink job (${state.jobId})`);
    });

    it('a savepoint of, or a wait for, a job the JobManager does not know is a NotFoundError at once', async () => {
      const unknown = 'fedcba9876543210fedcba9876543210';
      const started = Date.now();
      const savepoint = await flink.savepoints
        .trigger(unknown)
        .then((op) => op.wait({ timeoutMs: 60_000 }))
        .catch((e) => e);
      expect(savepoint).toBeInstanceOf(NotFoundError);
      expect(savepoint.message).toContain(`the JobManager does not know job ${unknown}`);
      const running = await flink.jobs.waitUntilRunning(unknown, { timeoutMs: 60_000 }).catch((e) => e);
      expect(running).toBeInstanceOf(NotFoundError);
      expect(Date.now() - started).toBeLessThan(20_000); // not the deadlines (2 × 60 s)
    });

    it('a misspelt option is refused before anything is sent', async () => {
      // @ts-expect-error: the misspelling is the point
      const err = await flink.jobs.stop(state.jobId as string, { drian: true }).catch((e) => e);
      expect(err).toBeInstanceOf(InvalidInputError);
      expect(err.message).toContain('did you mean "drain"');
    });
  });
});
