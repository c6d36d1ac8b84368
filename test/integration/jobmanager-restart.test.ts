// A JobManager that crashes and comes back while a client waits on it: the wait ends, before its
// deadline, in a typed error (the restarted JobManager no longer knows the trigger id), and the same
// client goes on working. Each version gets a cluster of its own, since the crash loses its jobs.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ConnectionError, FlinkClient, NotFoundError, UnknownOperationError } from '../../src/index.js';
import { type ClusterInfo, flinkCluster, startCluster, stopCluster } from '../support/clusters.js';
import { eventually } from '../support/poll.js';

const STATE_MACHINE = 'org.apache.flink.streaming.examples.statemachine.StateMachineExample';

describe.each(inject('flinkClusters'))('Flink $version: the JobManager restarts during a wait', (shared) => {
  const name = `jm-restart-${shared.version.split('.').slice(0, 2).join('.')}`;
  let cluster: ClusterInfo;
  let flink: FlinkClient;

  beforeAll(async () => {
    await stopCluster(name);
    // Short heartbeats, so that the TaskManager notices the new JobManager in seconds, not a minute.
    cluster = await startCluster(shared.version, name, ['-D', 'heartbeat.interval=1000', '-D', 'heartbeat.timeout=5000']);
    flink = new FlinkClient({ baseUrl: cluster.url, timeoutMs: 5_000, maxRetries: 1 });
  });

  afterAll(async () => {
    await flink?.close();
    await stopCluster(name);
  });

  it('a wait across the crash ends before its deadline (UnknownOperationError); the client keeps working', async () => {
    const jar = await flink.jars.upload(cluster.jars.StateMachineExample);
    const { jobId } = await flink.jars.run(jar.id, { entryClass: STATE_MACHINE });
    await flink.jobs.waitUntilRunning(jobId, { timeoutMs: 90_000 });
    const op = await flink.savepoints.trigger(jobId, { formatType: 'native' });

    // The JobManager dies while op.wait() runs: right after its first poll, which found the savepoint
    // in progress (polls 1.1–1.5 s apart, so the kill lands before the next one). Had the savepoint
    // completed by the first poll, the wait simply returns it: both are what a caller may get.
    const polls: string[] = [];
    let firstPoll: () => void = () => {};
    const polled = new Promise<void>((resolve) => {
      firstPoll = resolve;
    });
    const waiting = op
      .wait({
        timeoutMs: 90_000,
        minDelayMs: 1_500,
        maxDelayMs: 1_500,
        onProgress: (p) => {
          polls.push(p.transientError?.name ?? 'IN_PROGRESS');
          firstPoll();
        },
      })
      .then(
        (result) => ({ result }),
        (error: Error) => ({ error }),
      );
    await Promise.race([polled, waiting]);
    await flinkCluster(['kill-jobmanager', '--name', name]);
    const killed = Date.now();
    // While the JobManager is down, calls fail as ConnectionError; the waiter rides it out.
    await expect(flink.cluster.overview({ maxRetries: 0 })).rejects.toBeInstanceOf(ConnectionError);
    await flinkCluster(['start-jobmanager', '--name', name]);
    const backMs = Date.now() - killed;
    const outcome = await waiting;
    const tookMs = Date.now() - killed;
    console.log(
      `Flink ${cluster.version}: JobManager killed during op.wait(), answering again after ${backMs} ms; the wait ended ${tookMs} ms after the kill with ` +
        `${'error' in outcome ? `${outcome.error.name}: ${outcome.error.message}` : `its result ${outcome.result.location}`}; polls: ${polls.join(',')}`,
    );
    expect(tookMs).toBeLessThan(90_000);
    if ('error' in outcome) {
      expect(outcome.error).toBeInstanceOf(UnknownOperationError);
      expect(polls).toContain('ConnectionError');
    } else {
      expect(outcome.result.location).toMatch(/savepoint-/);
    }
    // Without high availability the restarted JobManager knows nothing of the job either.
    await expect(flink.jobs.get(jobId)).rejects.toBeInstanceOf(NotFoundError);

    // The same client: the cluster answers, the TaskManager registers again, a new job runs.
    await eventually(async () => ((await flink.cluster.overview())['slots-available'] > 0 ? true : undefined), 90_000);
    const again = await flink.jars.upload(cluster.jars.StateMachineExample);
    const next = await flink.jars.run(again.id, { entryClass: STATE_MACHINE });
    await flink.jobs.waitUntilRunning(next.jobId, { timeoutMs: 90_000 });
    const { location } = await (await flink.savepoints.trigger(next.jobId, { formatType: 'native' })).wait({ timeoutMs: 60_000 });
    expect(location).toMatch(/savepoint-/);
  });
});
