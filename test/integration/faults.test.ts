// Retries without duplicates, against a real Flink behind a fault-injecting proxy: triggers and jar
// runs carry client-chosen ids, so a request repeated after the server acted never acts twice.
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FlinkClient } from '../../src/index.js';
import { type Fault, type FaultProxy, startFaultProxy } from '../support/fault-proxy.js';

const TOP_SPEED = 'org.apache.flink.streaming.examples.windowing.TopSpeedWindowing';
const N = 100;
// First attempts of the operations that change state get these faults in turn; repeats pass.
const MUTATION_FAULTS: Fault[] = ['drop-after', 'unavailable', 'truncate', 'html-502', 'delay', 'pass'];
// Every 4th read gets a fault too.
const READ_FAULTS: Fault[] = ['unavailable', 'drop-after', 'truncate', 'html-502'];

function plan() {
  let mutations = 0;
  let reads = 0;
  return ({ method, attempt, key }: { method: string; attempt: number; key: string | undefined }): Fault => {
    if (attempt > 1) return 'pass';
    if (method === 'POST' && key) return MUTATION_FAULTS[mutations++ % MUTATION_FAULTS.length] as Fault;
    if (method === 'GET' && reads++ % 4 === 3) return READ_FAULTS[(reads >> 2) % READ_FAULTS.length] as Fault;
    return 'pass';
  };
}

describe.each(inject('flinkClusters'))('Flink $version: faults injected, no duplicates', (cluster) => {
  const direct = new FlinkClient({ baseUrl: cluster.url, timeoutMs: 60_000 });
  let proxy: FaultProxy;
  let flink: FlinkClient;
  let jarId: string;
  let jobId: string;

  beforeAll(async () => {
    proxy = await startFaultProxy(cluster.url, plan());
    flink = new FlinkClient({ baseUrl: proxy.url, timeoutMs: 20_000, maxRetries: 3 });
    jarId = (await direct.jars.upload(cluster.jars.TopSpeedWindowing)).id;
    jobId = (await direct.jars.run(jarId, { entryClass: TOP_SPEED })).jobId;
    await direct.jobs.waitUntilRunning(jobId, { timeoutMs: 90_000 });
  });

  afterAll(async () => {
    await proxy?.close();
    if (jobId) await direct.jobs.cancel(jobId).catch(() => undefined);
  });

  it(`${N} savepoint triggers make exactly ${N} savepoints`, async () => {
    const dir = `${cluster.dir}/fault-savepoints-${Date.now()}`;
    const started = Date.now();
    const locations = new Set<string>();
    const failures: string[] = [];
    for (let i = 0; i < N; i++) {
      const t0 = Date.now();
      try {
        const op = await flink.savepoints.trigger(jobId, { targetDirectory: `file://${dir}` });
        locations.add((await op.wait({ timeoutMs: 60_000 })).location);
      } catch (err) {
        failures.push(`${i}: ${(err as Error).name}: ${(err as Error).message}`);
        expect(Date.now() - t0).toBeLessThan(20_000 + 60_000 + 5_000);
      }
    }
    const onDisk = readdirSync(dir).filter((name) => name.startsWith('savepoint-'));
    console.log(
      `Flink ${cluster.version}: ${N} savepoints through faults in ${((Date.now() - started) / 1000).toFixed(1)} s; injected ${JSON.stringify(proxy.injected)}; on disk ${onDisk.length}`,
    );
    expect(failures).toEqual([]);
    expect(locations.size).toBe(N);
    expect(onDisk.length).toBe(N);
    expect(proxy.injected['drop-after']).toBeGreaterThanOrEqual(N / MUTATION_FAULTS.length);
  });

  it(`${N} job submissions make exactly ${N} jobs`, async () => {
    const before = new Set((await direct.jobs.list()).map((j) => j.jid));
    const started = Date.now();
    const submitted: string[] = [];
    const failures: string[] = [];
    for (let i = 0; i < N; i++) {
      try {
        const run = await flink.jars.run(jarId, { entryClass: TOP_SPEED });
        submitted.push(run.jobId);
        await direct.jobs.cancel(run.jobId);
      } catch (err) {
        failures.push(`${i}: ${(err as Error).name}: ${(err as Error).message}`);
      }
    }
    const created = (await direct.jobs.list()).filter((j) => !before.has(j.jid));
    // Whatever the outcome, no job of this test may keep its slot.
    for (const job of created)
      if (job.state === 'RUNNING' || job.state === 'CREATED') await direct.jobs.cancel(job.jid).catch(() => undefined);
    console.log(
      `Flink ${cluster.version}: ${N} submissions through faults in ${((Date.now() - started) / 1000).toFixed(1)} s; injected ${JSON.stringify(proxy.injected)}; new jobs ${created.length}`,
    );
    expect(failures).toEqual([]);
    expect(new Set(submitted).size).toBe(N);
    expect(created.length).toBe(N);
    expect(new Set(created.map((j) => j.jid))).toEqual(new Set(submitted));
    for (const id of submitted) await direct.jobs.waitForState(id, ['CANCELED'], { timeoutMs: 60_000 });
  });
});
