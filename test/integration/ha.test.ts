// High availability: ZooKeeper and two JobManagers; the client is given both and the leader is
// killed mid-workflow. The client finds the new leader, which recovered the job, and the workflow
// finishes: no job lost or doubled, every savepoint accounted for. Newest selected version.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FlinkClient } from '../../src/index.js';
import { type ClusterInfo, flinkCluster, stopCluster } from '../support/clusters.js';

const shared = inject('flinkClusters').at(-1) as ClusterInfo;
const line = shared.version.split('.').slice(0, 2).join('.');
const name = `ha-${line}`;
const STATE_MACHINE = 'org.apache.flink.streaming.examples.statemachine.StateMachineExample';

describe(`Flink ${shared.version} with ZooKeeper high availability`, () => {
  let info: ClusterInfo & { urls: string[] };

  beforeAll(async () => {
    await stopCluster(name);
    const t0 = Date.now();
    await flinkCluster(['start', '--ha', '--version', line, '--name', name]);
    info = JSON.parse(await flinkCluster(['info', '--name', name]));
    console.log(
      `HA cluster ${name} (ZooKeeper ${(info as unknown as { zookeeper: string }).zookeeper}) up at ${info.urls.join(', ')} in ${Date.now() - t0} ms`,
    );
  });

  afterAll(async () => {
    await stopCluster(name);
  });

  it('kill the leading JobManager mid-workflow: the client finishes the workflow on the new leader', async () => {
    const flink = new FlinkClient({ baseUrl: info.urls, timeoutMs: 20_000 });
    try {
      const jar = await flink.jars.upload(info.jars.StateMachineExample);
      const { jobId } = await flink.jars.run(jar.id, { entryClass: STATE_MACHINE });
      await flink.jobs.waitUntilRunning(jobId, { timeoutMs: 90_000 });
      const first = await (await flink.savepoints.trigger(jobId, { formatType: 'native' })).wait({ timeoutMs: 60_000 });

      const leader = (await flinkCluster(['kill-jobmanager', '--name', name, '--leader'])).trim().split('\n').at(-1);
      const killed = Date.now();
      // The new leader recovers the job from ZooKeeper and the HA storage; the waiter rides out the
      // refused connections and the 5xx answers of the election meanwhile.
      await flink.jobs.waitUntilRunning(jobId, { timeoutMs: 120_000 });
      const failoverMs = Date.now() - killed;
      expect(flink.baseUrl).not.toBe(leader);

      const second = await (await flink.savepoints.trigger(jobId, { formatType: 'native' })).wait({ timeoutMs: 60_000 });
      const stopped = await (await flink.jobs.stop(jobId, { formatType: 'native' })).wait({ timeoutMs: 60_000 });
      expect(await flink.jobs.waitForState(jobId, ['FINISHED'], { timeoutMs: 60_000 })).toBe('FINISHED');
      console.log(`leader ${leader} killed; job ${jobId} RUNNING again on ${flink.baseUrl} after ${failoverMs} ms`);

      const jobs = await flink.jobs.list();
      expect(jobs.filter((j) => j.jid === jobId)).toHaveLength(1);
      expect(jobs).toHaveLength(1);
      const onDisk = readdirSync(fileURLToPath(info.savepointDir)).filter((d) => d.startsWith('savepoint-'));
      const made = [first.location, second.location, stopped.location].map((l) => l.split('/').at(-1));
      expect(new Set(made).size).toBe(3);
      expect(onDisk.sort()).toEqual([...made].sort());
    } finally {
      await flink.close();
    }
  });
});
