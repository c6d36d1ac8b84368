// High availability: ZooKeeper (from Flink's own distribution) and two JobManagers; the client is
// given both and the leading JobManager is killed right after a savepoint was triggered. The client
// finds the new leader, which recovered the job; the lost savepoint is triggered again (the
// documented contract of UnknownOperationError) and the workflow finishes: the same job, exactly
// once, every savepoint accounted for. Newest selected version only; its own cluster.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FlinkClient, NotFoundError, UnknownOperationError } from '../../src/index.js';
import { type ClusterInfo, flinkCluster, stopCluster } from '../support/clusters.js';
import { eventually } from '../support/poll.js';

const shared = inject('flinkClusters').at(-1) as ClusterInfo;
const line = shared.version.split('.').slice(0, 2).join('.');
const name = `ha-${line}`;
const STATE_MACHINE = 'org.apache.flink.streaming.examples.statemachine.StateMachineExample';
const NATIVE = { formatType: 'native' } as const;

interface HaInfo extends ClusterInfo {
  urls: string[];
  zookeeper: string;
  processes: Record<'jm1' | 'jm2' | 'tm' | 'zk', number | null>;
}

const haInfo = async () => JSON.parse(await flinkCluster(['info', '--name', name])) as HaInfo;
const savepointName = (location: string) => location.split('/').at(-1) as string;

describe(`Flink ${shared.version} with ZooKeeper high availability`, () => {
  let info: HaInfo;

  beforeAll(async () => {
    await stopCluster(name);
    const t0 = Date.now();
    // A long checkpoint history, so that every savepoint since the failover stays in the statistics.
    const urls = (await flinkCluster(['start', '--ha', '--version', line, '--name', name, '-D', 'web.checkpoints.history=1000']))
      .trim()
      .split('\n')
      .at(-1);
    info = await haInfo();
    expect(urls).toBe(info.urls.join(','));
    expect(Object.values(info.processes).every((pid) => typeof pid === 'number')).toBe(true);
    console.log(`HA cluster ${name} (ZooKeeper ${info.zookeeper}) up at ${urls} in ${Date.now() - t0} ms`);
  });

  afterAll(async () => {
    await stopCluster(name);
    // Everything of it is gone, ZooKeeper included.
    expect(Object.values((await haInfo()).processes)).toEqual([null, null, null, null]);
  });

  it('kill the leading JobManager after a savepoint trigger: the client fails over and finishes the workflow', async () => {
    const flink = new FlinkClient({ baseUrl: info.urls, timeoutMs: 20_000 });
    try {
      const jar = await flink.jars.upload(info.jars.StateMachineExample);
      const { jobId } = await flink.jars.run(jar.id, { entryClass: STATE_MACHINE });
      await flink.jobs.waitUntilRunning(jobId, { timeoutMs: 90_000 });
      const first = await (await flink.savepoints.trigger(jobId, NATIVE)).wait({ timeoutMs: 60_000 });

      const pending = await flink.savepoints.trigger(jobId, NATIVE);
      const leader = (await flinkCluster(['kill-jobmanager', '--name', name, '--which', 'leader'])).trim().split('\n').at(-1);
      const killed = Date.now();
      // What the waiter rode out meanwhile, by kind: told in the log line below.
      const transient = new Map<string, number>();
      const note = (e: Error) => {
        const key = `${e.name}: ${e.message.replace(/^\w+ \S+ failed with /, '').slice(0, 300)}`;
        transient.set(key, (transient.get(key) ?? 0) + 1);
      };
      const waited = pending.wait({ timeoutMs: 120_000, onProgress: (p) => p.transientError && note(p.transientError) }).then(
        (result) => ({ result, at: Date.now() }),
        (error: Error) => ({ error, at: Date.now() }),
      );

      // Failover: the first request that succeeds after the kill, answered by the other JobManager.
      await eventually(() => flink.cluster.overview({ timeoutMs: 3_000, maxRetries: 0 }).catch(() => undefined), 120_000, 100);
      const failoverMs = Date.now() - killed;
      const survivor = flink.baseUrl;
      expect(survivor).not.toBe(leader);
      expect(info.urls).toContain(survivor);
      expect((await flinkCluster(['leader', '--name', name])).trim()).toBe(survivor);

      // The new leader recovered the job from ZooKeeper and the HA storage: same id, RUNNING again.
      const recovered = await flink.jobs.waitUntilRunning(jobId, { timeoutMs: 120_000 });
      const recoveredMs = Date.now() - killed;
      expect(recovered.jid).toBe(jobId);

      // The savepoint triggered before the kill: its trigger id died with the old leader's caches.
      const outcome = await waited;
      let second: { location: string };
      if ('error' in outcome) {
        expect(outcome.error).toBeInstanceOf(UnknownOperationError);
        second = await (await flink.savepoints.trigger(jobId, NATIVE)).wait({ timeoutMs: 60_000 });
      } else {
        second = outcome.result;
      }
      const stopped = await (await flink.jobs.stop(jobId, NATIVE)).wait({ timeoutMs: 60_000 });
      expect(await flink.jobs.waitForState(jobId, ['FINISHED'], { timeoutMs: 60_000 })).toBe('FINISHED');
      console.log(
        `leader ${leader} killed: first successful request on ${survivor} after ${failoverMs} ms, job ${jobId} RUNNING again after ${recoveredMs} ms; ` +
          `the wait on the savepoint triggered before the kill ended after ${outcome.at - killed} ms with ` +
          `${'error' in outcome ? `${outcome.error.name}: ${outcome.error.message}` : 'its result'} (ridden out: ${[...transient].map(([k, n]) => `${n}× ${k}`).join(' | ') || 'nothing'})`,
      );

      // Exactly one job with that id, no job started twice.
      const jobs = await flink.jobs.list();
      expect(jobs.map((j) => [j.jid, j.state])).toEqual([[jobId, 'FINISHED']]);

      // Every savepoint that was reported exists once on disk. The only other one allowed is that of
      // the lost trigger id, if it completed before the JobManager died (nobody was told about it).
      const made = [first, second, stopped].map((s) => savepointName(s.location));
      expect(new Set(made).size).toBe(3);
      const onDisk = readdirSync(fileURLToPath(info.savepointDir)).filter((d) => d.startsWith('savepoint-'));
      expect(onDisk).toEqual(expect.arrayContaining(made));
      const unreported = onDisk.filter((d) => !made.includes(d));
      expect(unreported.length).toBeLessThanOrEqual('error' in outcome ? 1 : 0);
      // The new leader's statistics: the savepoints taken since it recovered the job, each once.
      const stats = await flink.checkpoints.stats(jobId);
      const since = stats.history
        .filter((c) => c.is_savepoint && c.status === 'COMPLETED')
        .map((c) => savepointName(c.external_path ?? ''));
      expect(since.sort()).toEqual(('error' in outcome ? [second, stopped] : [stopped]).map((s) => savepointName(s.location)).sort());
      console.log(`savepoints on disk: ${onDisk.length} (${unreported.length} of the lost trigger); since the failover: ${since.length}`);

      // The jar was stored by the dead JobManager: the survivor does not have it. Upload it again and
      // resume from the stop savepoint on the new leader.
      expect((await flink.jars.list()).map((j) => j.id)).not.toContain(jar.id);
      // (Flink answers a run of a jar it does not have with 500 "Jar file … does not exist": not found.)
      const missing = await flink.jars.run(jar.id, { entryClass: STATE_MACHINE }).catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(NotFoundError);
      expect((missing as Error).message).toContain(`no jar ${jar.id} on this JobManager`);
      const again = await flink.jars.upload(info.jars.StateMachineExample);
      const resumed = await flink.jars.run(again.id, { entryClass: STATE_MACHINE, savepointPath: stopped.location });
      await flink.jobs.waitUntilRunning(resumed.jobId, { timeoutMs: 90_000 });
      expect((await flink.checkpoints.stats(resumed.jobId)).latest.restored?.external_path).toBe(stopped.location);
      await flink.jobs.cancel(resumed.jobId);
      expect(await flink.jobs.waitForState(resumed.jobId, ['CANCELED'], { timeoutMs: 60_000 })).toBe('CANCELED');
    } finally {
      await flink.close();
    }
  });
});
