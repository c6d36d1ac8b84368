import { describe, expect, it } from 'vitest';
import { UnsupportedByServerError } from '../../src/index.js';
import { client, flink, JOB, serverVersion } from '../support/nock.js';

const APP = 'c0ffee00c0ffee00c0ffee00c0ffee00';

describe('application mode (Flink 2.3+)', () => {
  it('refuses run-application on Flink 2.2 before sending, naming both versions', async () => {
    serverVersion('2.2.1');
    const err = await client()
      .jars.runApplication('x_job.jar', { entryClass: 'a.B' })
      .catch((e) => e);
    expect(err).toBeInstanceOf(UnsupportedByServerError);
    expect(err.message).toBe('jars.runApplication needs Flink 2.3 or newer; the server runs Flink 2.2.1');
    expect(err.serverVersion).toBe('2.2.1');
    expect(err.sinceVersion).toBe('2.3');
  });

  it('refuses the applications resource on Flink 1.20', async () => {
    serverVersion('1.20.5');
    const flinkClient = client();
    await expect(flinkClient.applications.list()).rejects.toBeInstanceOf(UnsupportedByServerError);
    await expect(flinkClient.applications.cancel(APP)).rejects.toThrow(/applications needs Flink 2\.3/);
  });

  it('runs an application on 2.3 with a client-chosen application id and the run options', async () => {
    serverVersion('2.3.0');
    let sent: Record<string, unknown> = {};
    flink()
      .post('/v1/jars/x_job.jar/run-application', (body) => {
        sent = body;
        return true;
      })
      .reply(202, () => ({ applicationid: sent.applicationId }));
    const { applicationId } = await client().jars.runApplication('x_job.jar', {
      entryClass: 'a.B',
      args: ['--x', '1'],
      parallelism: 2,
      config: { 'pipeline.max-parallelism': 120 },
      claimMode: 'no_claim',
      jobId: JOB,
    });
    expect(applicationId).toMatch(/^[0-9a-f]{32}$/);
    expect(sent).toEqual({
      entryClass: 'a.B',
      programArgsList: ['--x', '1'],
      parallelism: 2,
      flinkConfiguration: { 'pipeline.max-parallelism': '120' },
      claimMode: 'NO_CLAIM',
      applicationId,
      jobId: JOB,
    });
  });

  it('lists, gets and cancels applications', async () => {
    serverVersion('2.3.0');
    const app = { id: APP, name: 'job', status: 'RUNNING', 'start-time': 2, 'end-time': -1, duration: 5, jobs: { RUNNING: 1 } };
    flink()
      .get('/v1/applications/overview')
      .reply(200, { applications: [{ ...app, id: JOB, 'start-time': 1 }, app] });
    flink()
      .get(`/v1/applications/${APP}`)
      .reply(200, { ...app, jobs: [] });
    flink().post(`/v1/applications/${APP}/cancel`).reply(202, {});
    const flinkClient = client();
    expect((await flinkClient.applications.list()).map((a) => a.id)).toEqual([APP, JOB]);
    expect((await flinkClient.applications.get(APP)).status).toBe('RUNNING');
    await expect(flinkClient.applications.cancel(APP)).resolves.toBeUndefined();
  });
});
