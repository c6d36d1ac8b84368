// The REST API itself, through the generated types and a bare ky call: proves the cluster scripts,
// the spec corrections (multipart upload, run body, job shapes) and the server agree, below the SDK.
import { openAsBlob } from 'node:fs';
import { basename } from 'node:path';
import ky from 'ky';
import { describe, expect, inject, it } from 'vitest';
import type { Flink1_20, Flink2_2 } from '../../src/generated/index.js';

type Schemas = Flink1_20.components['schemas'] | Flink2_2.components['schemas'];
type S<K extends keyof Flink2_2.components['schemas']> = Schemas[K & keyof Schemas];

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    const value = await probe().catch((err) => {
      last = err;
      return undefined;
    });
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms${last ? `: ${last}` : ''}`);
}

describe.each(inject('flinkClusters'))('Flink $version REST API (raw)', (cluster) => {
  const api = ky.create({ prefix: `${cluster.url}/v1`, timeout: 30_000 });

  it('/config reports the version that was asked for', async () => {
    const config = await api.get('config').json<S<'DashboardConfiguration'>>();
    expect(config['flink-version']).toBe(cluster.version);
  });

  it('/overview shows one TaskManager with free slots', async () => {
    const overview = await api.get('overview').json<S<'ClusterOverviewWithVersion'>>();
    expect(overview.taskmanagers).toBe(1);
    expect(overview['slots-total']).toBe(4);
    expect(overview['flink-version']).toBe(cluster.version);
  });

  it('uploads a jar as multipart, runs it detached, sees RUNNING, cancels, sees CANCELED', async () => {
    const jar = cluster.jars.TopSpeedWindowing;
    const form = new FormData();
    form.append('jarfile', await openAsBlob(jar, { type: 'application/x-java-archive' }), basename(jar));
    const upload = await api.post('jars/upload', { body: form }).json<S<'JarUploadResponseBody'>>();
    expect(upload.status).toBe('success');
    const jarId = basename(upload.filename);
    expect(jarId.endsWith(`_${basename(jar)}`)).toBe(true);

    const jars = await api.get('jars').json<S<'JarListInfo'>>();
    expect(jars.files.map((f) => f.id)).toContain(jarId);

    const body: S<'JarRunRequestBody'> = {
      entryClass: 'org.apache.flink.streaming.examples.windowing.TopSpeedWindowing',
      programArgsList: [],
      parallelism: 1,
    };
    const { jobid } = await api.post(`jars/${jarId}/run`, { json: body }).json<S<'JarRunResponseBody'>>();
    expect(jobid).toMatch(/^[0-9a-f]{32}$/);

    await until('RUNNING', async () => {
      const job = await api.get(`jobs/${jobid}`).json<S<'JobDetailsInfo'>>();
      return job.state === 'RUNNING' ? job : undefined;
    });
    const overview = await api.get('jobs/overview').json<S<'MultipleJobsDetails'>>();
    const listed = overview.jobs.find((j) => j.jid === jobid);
    expect(listed?.state).toBe('RUNNING');
    expect(listed?.name).toContain('TopSpeedWindowing');

    const cancel = await api.patch(`jobs/${jobid}`, { searchParams: { mode: 'cancel' } });
    expect(cancel.status).toBe(202);
    const done = await until('CANCELED', async () => {
      const job = await api.get(`jobs/${jobid}`).json<S<'JobDetailsInfo'>>();
      return job.state === 'CANCELED' ? job : undefined;
    });
    expect(done['end-time']).toBeGreaterThan(done['start-time']);
    await api.delete(`jars/${jarId}`);
  });
});
