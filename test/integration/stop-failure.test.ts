// A stop-with-savepoint whose savepoint is written and whose job then fails while stopping (issue 15 §6,
// Flink's StopWithSavepointStoppingException), against real Flink: the savepoint's path is a field of
// the error and in its message, the savepoint is on disk and a job restores from it, the CLI prints it.
//
// FailOnStop.jar (scripts/flink-examples/src, our own job) takes no periodic checkpoints and fails on
// the completion notice of the stop's synchronous savepoint: the savepoint is complete, then the task
// fails. Both schedulers report it, in different shapes: the default scheduler fails the operation with
// StopWithSavepointStoppingException itself; the adaptive scheduler with "Stop with savepoint operation
// could not be completed", caused by StopWithSavepointStoppingException, caused by the task's failure.
// A second cluster per line runs the adaptive scheduler.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FlinkClient, OperationFailedError } from '../../src/index.js';
import { type ClusterInfo, startCluster, stopCluster } from '../support/clusters.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = `${root}dist/cli.js`;
const SCHEDULERS = ['default', 'adaptive'] as const;
type Scheduler = (typeof SCHEDULERS)[number];

/** The newest modification time of the files under `dir`. */
function newest(dir: string): number {
  return Math.max(
    ...readdirSync(dir, { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile())
      .map((e) => statSync(`${e.parentPath}/${e.name}`).mtimeMs),
  );
}

/** The built CLI against `url`; resolves with its exit code and output. */
async function cli(url: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args], {
      env: { ...process.env, FLINK_REST_URL: url, NO_COLOR: '' },
      timeout: 180_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string; killed?: boolean };
    if (e.killed) throw new Error(`the CLI did not end within 180 s: ${e.stderr ?? ''}`);
    return { code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** A savepoint Flink reported: a directory under the cluster's savepoint directory, with its metadata written. */
function expectSavepointOnDisk(location: string | undefined, cluster: ClusterInfo): void {
  expect(location).toMatch(/^file:\/.*\/savepoint-[0-9a-f]{6}-[0-9a-f]{12}$/);
  const dir = fileURLToPath(location as string);
  expect(dir.startsWith(`${fileURLToPath(cluster.savepointDir)}/`)).toBe(true);
  expect(existsSync(`${dir}/_metadata`), `${dir}/_metadata`).toBe(true);
}

// scripts/test builds first; a run on its own builds when dist/cli.js is missing or older than src/.
beforeAll(async () => {
  if (!existsSync(bin) || statSync(bin).mtimeMs < newest(`${root}src`)) {
    await promisify(execFile)('npm', ['run', '--silent', 'build'], { cwd: root });
  }
}, 300_000);

describe.each(inject('flinkClusters'))('Flink $version: a stop whose savepoint is written, then the job fails', (shared) => {
  const line = shared.version.split('.').slice(0, 2).join('.');
  const adaptiveName = `stop-failure-adaptive-${line}`;
  const clusters = {} as Record<Scheduler, ClusterInfo>;
  const clients = {} as Record<Scheduler, FlinkClient>;
  const jars = {} as Record<Scheduler, string>;

  beforeAll(async () => {
    await stopCluster(adaptiveName); // left over by an interrupted run
    clusters.default = shared;
    clusters.adaptive = await startCluster(shared.version, adaptiveName, ['-D', 'jobmanager.scheduler=adaptive']);
    for (const s of SCHEDULERS) {
      clients[s] = new FlinkClient({ baseUrl: clusters[s].url, timeoutMs: 20_000 });
      jars[s] = (await clients[s].jars.upload(clusters[s].jars.FailOnStop)).id;
    }
  });

  afterAll(async () => {
    await clients.default?.jars.delete(jars.default).catch(() => undefined);
    await Promise.all(SCHEDULERS.map((s) => clients[s]?.close()));
    await stopCluster(adaptiveName);
  });

  /** Runs FailOnStop (from a savepoint if given) and waits until its tasks run. */
  async function running(s: Scheduler, savepointPath?: string): Promise<string> {
    const { jobId } = await clients[s].jars.run(jars[s], savepointPath ? { savepointPath, allowNonRestoredState: true } : {});
    await clients[s].jobs.waitUntilRunning(jobId, { timeoutMs: 90_000 });
    return jobId;
  }

  for (const s of SCHEDULERS) {
    it(`${s} scheduler: OperationFailedError keeps the savepoint as savepointLocation and in its message; a job restores from it`, async () => {
      const flink = clients[s];
      const jobId = await running(s);
      const stop = await flink.jobs.stop(jobId);
      const err = await stop.wait({ timeoutMs: 120_000 }).then(
        (result) => result,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(OperationFailedError);
      const failed = err as OperationFailedError;
      expect(failed.stackTrace).toContain('org.apache.flink.runtime.scheduler.stopwithsavepoint.StopWithSavepointStoppingException');
      expectSavepointOnDisk(failed.savepointLocation, clusters[s]);
      const location = failed.savepointLocation as string;
      expect(failed.message).toContain(`restore from ${location}`);
      expect(failed.kind).toBe('stop');
      expect(failed.triggerId).toBe(stop.triggerId);
      if (s === 'adaptive') expect(failed.message).toContain('FailOnStop: fails on purpose'); // the innermost cause
      console.log(`Flink ${shared.version}, ${s} scheduler: ${failed.causeClass}; ${failed.message}`);
      // the job failed for good (no restarts), and the savepoint is still there afterwards
      expect(await flink.jobs.waitForState(jobId, ['FAILED'], { timeoutMs: 60_000 })).toBe('FAILED');
      expectSavepointOnDisk(location, clusters[s]);

      const restored = await running(s, location);
      expect((await flink.checkpoints.stats(restored)).latest.restored?.external_path).toBe(location);
      await flink.jobs.cancel(restored);
      expect(await flink.jobs.waitForState(restored, ['CANCELED'], { timeoutMs: 60_000 })).toBe('CANCELED');
    });

    it(`${s} scheduler: \`flink-rest ${s === 'adaptive' ? '--json ' : ''}stop JOB\` exits 1 and prints the savepoint's path on stderr`, async () => {
      const jobId = await running(s);
      const out = await cli(clusters[s].url, s === 'adaptive' ? ['--json', 'stop', jobId] : ['stop', jobId]);
      expect(out.code, out.stderr).toBe(1);
      expect(out.stdout).toBe('');
      let location: string | undefined;
      if (s === 'adaptive') {
        const { error, exitCode } = JSON.parse(out.stderr);
        expect(exitCode).toBe(1);
        expect(error.name).toBe('OperationFailedError');
        location = error.savepointLocation;
        expect(error.message).toContain(`restore from ${location}`);
      } else {
        expect(out.stderr).toMatch(/^flink-rest: stop [0-9a-f]{32} of job [0-9a-f]{32} failed: /);
        location = /restore from (file:\S+)\n$/.exec(out.stderr)?.[1];
      }
      expectSavepointOnDisk(location, clusters[s]);
      expect(await clients[s].jobs.waitForState(jobId, ['FAILED'], { timeoutMs: 60_000 })).toBe('FAILED');
    });
  }
});
