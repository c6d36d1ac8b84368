// A JobManager that crashes and comes back while a client waits on it: the wait ends, before its
// deadline, in a typed error (the restarted JobManager no longer knows the trigger id), and the same
// client goes on working. Each version gets a cluster of its own, since the crash loses its jobs.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ConnectionError, FlinkClient, UnknownOperationError } from '../../src/index.js';
import { type ClusterInfo, flinkCluster, startCluster, stopCluster } from '../support/clusters.js';

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

  it('the wait ends in UnknownOperationError before its deadline; the client keeps working', async () => {
    const jar = await flink.jars.upload(cluster.jars.StateMachineExample);
    const { jobId } = await flink.jars.run(jar.id, { entryClass: STATE_MACHINE });
    await flink.jobs.waitUntilRunning(jobId, { timeoutMs: 90_000 });
    const op = await flink.savepoints.trigger(jobId, { formatType: 'native' });

    await flinkCluster(['kill-jobmanager', '--name', name]);
    const killed = Date.now();
    // While the JobManager is down, calls fail as ConnectionError; the waiter rides it out.
    await expect(flink.cluster.overview({ maxRetries: 0 })).rejects.toBeInstanceOf(ConnectionError);
    const polls: string[] = [];
    const waiting = op.wait({ timeoutMs: 90_000, onProgress: (p) => polls.push(p.transientError?.name ?? 'IN_PROGRESS') }).then(
      (result) => ({ result }),
      (error) => ({ error }),
    );
    await flinkCluster(['start-jobmanager', '--name', name]);
    const outcome = await waiting;
    const tookMs = Date.now() - killed;
    console.log(
      `Flink ${cluster.version}: JobManager killed; the wait ended after ${tookMs} ms with ${'error' in outcome ? outcome.error.name : 'a result'}; transient polls: ${polls.join(',')}`,
    );
    expect('error' in outcome && outcome.error).toBeInstanceOf(UnknownOperationError);
    expect(tookMs).toBeLessThan(90_000);
    expect(polls).toContain('ConnectionError');

    // The same client: the cluster answers, the TaskManager registers again, a new job runs.
    for (
      const deadline = Date.now() + 90_000;
      (await flink.cluster.overview())['slots-available'] === 0;
      await new Promise((r) => setTimeout(r, 250))
    ) {
      if (Date.now() > deadline) throw new Error('the TaskManager did not register again');
    }
    const again = await flink.jars.upload(cluster.jars.StateMachineExample);
    const next = await flink.jars.run(again.id, { entryClass: STATE_MACHINE });
    await flink.jobs.waitUntilRunning(next.jobId, { timeoutMs: 90_000 });
    const { location } = await (await flink.savepoints.trigger(next.jobId, { formatType: 'native' })).wait({ timeoutMs: 60_000 });
    expect(location).toMatch(/savepoint-/);
  });
});
