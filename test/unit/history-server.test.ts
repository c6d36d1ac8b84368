// One client for a JobManager and a HistoryServer: how the client learns which it talks to, that a
// JobManager pays nothing for it after the first answer, and that nothing a HistoryServer cannot
// answer is ever sent to one (a POST would hang).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { AbortError, FlinkClient, NotFoundError, UnavailableError, UnsupportedByServerError } from '../../src/index.js';
import { BASE, client, flink, JOB } from '../support/nock.js';
import { caught, unmatchedRequests } from '../support/unit-helpers.js';

const NOT_FOUND = { errors: ['File not found.'] };
const HS_CONFIG = {
  'refresh-interval': 10000,
  'flink-version': '2.2.1',
  features: { 'web-submit': false, 'web-cancel': false, 'web-history': true },
};
const OVERVIEW = {
  jobs: [{ jid: JOB, name: 'job', state: 'CANCELED', 'start-time': 1, 'end-time': 2, duration: 1, 'last-modification': 2, tasks: {} }],
};

/** A HistoryServer as a first read meets it: 404 "File not found." under /v1, its own /config without. */
function historyServer(config = HS_CONFIG) {
  flink().get('/v1/jobs/overview').reply(404, NOT_FOUND);
  flink().get('/config').reply(200, config);
}

/** A client that has to learn what it talks to. */
const fresh = () => client({ server: undefined });

describe('a HistoryServer behind the same client', () => {
  it('learns it from the first 404, reads without /v1, and remembers', async () => {
    historyServer();
    flink().get('/jobs/overview').reply(200, OVERVIEW);
    const flinkClient = fresh();
    expect((await flinkClient.jobs.list()).map((j) => j.jid)).toEqual([JOB]);
    expect(await flinkClient.serverKind()).toBe('historyserver');
    flink()
      .get(`/jobs/${JOB}/exceptions`)
      .reply(200, { exceptionHistory: { entries: [], truncated: false } });
    expect((await flinkClient.jobs.exceptions(JOB)).exceptionHistory.entries).toEqual([]);
  });

  it('serves every call a fresh client sends at once, the later 404 arriving after the kind is learnt', async () => {
    // Field fault (CLI `job JOB` on 2.3): the slower call's 404 found the kind set and was rethrown as is.
    historyServer();
    flink().get(`/v1/jobs/${JOB}/exceptions`).delay(200).reply(404, NOT_FOUND);
    flink().get('/jobs/overview').reply(200, OVERVIEW);
    flink()
      .get(`/jobs/${JOB}/exceptions`)
      .reply(200, { exceptionHistory: { entries: [], truncated: false } });
    const flinkClient = fresh();
    const [jobs, exceptions] = await Promise.all([flinkClient.jobs.list(), flinkClient.jobs.exceptions(JOB)]);
    expect(jobs.map((j) => j.jid)).toEqual([JOB]);
    expect(exceptions.exceptionHistory.entries).toEqual([]);
    expect(await flinkClient.serverKind()).toBe('historyserver');
  });

  it('asks /config once for the first calls a fresh client sends at once', async () => {
    flink().get('/v1/jobs/overview').reply(404, NOT_FOUND);
    flink().get(`/v1/jobs/${JOB}`).reply(404, NOT_FOUND);
    flink().get(`/v1/jobs/${JOB}/exceptions`).reply(404, NOT_FOUND);
    // Slow, so that all three 404s are in before it answers: one look-up serves them all.
    flink().get('/config').delay(150).reply(200, HS_CONFIG);
    flink().get('/jobs/overview').reply(200, OVERVIEW);
    flink().get(`/jobs/${JOB}`).reply(200, { jid: JOB, name: 'job', state: 'CANCELED', vertices: [] });
    flink()
      .get(`/jobs/${JOB}/exceptions`)
      .reply(200, { exceptionHistory: { entries: [], truncated: false } });
    const sent = unmatchedRequests();
    const flinkClient = fresh();
    const [jobs, details, exceptions] = await Promise.all([
      flinkClient.jobs.list(),
      flinkClient.request('GET', '/jobs/{jobid}', { params: { jobid: JOB } }),
      flinkClient.jobs.exceptions(JOB),
    ]);
    expect(jobs.map((j) => j.jid)).toEqual([JOB]);
    expect((details as { state: string }).state).toBe('CANCELED');
    expect(exceptions.exceptionHistory.entries).toEqual([]);
    expect(sent).toEqual([]);
  });

  it("a call that joined the look-up asks again with its own options when another call's signal ended it", async () => {
    // A real loopback server: an aborted request that nock holds back upsets undici's bookkeeping.
    const asked: string[] = [];
    const server = createServer((req, res) => {
      asked.push(req.url ?? '');
      const answer = (status: number, body: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.url?.startsWith('/v1/')) return setTimeout(() => answer(404, NOT_FOUND), req.url.endsWith('/exceptions') ? 20 : 0);
      if (req.url === '/config') return setTimeout(() => answer(200, HS_CONFIG), 400);
      answer(200, { exceptionHistory: { entries: [], truncated: false } });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    onTestFinished(() => new Promise<void>((r) => server.close(() => r())));
    const flinkClient = new FlinkClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    onTestFinished(() => flinkClient.close());
    const [hurried, patient] = await Promise.allSettled([
      flinkClient.request('GET', '/jobs/overview', { signal: AbortSignal.timeout(150) }),
      flinkClient.jobs.exceptions(JOB),
    ]);
    expect(hurried.status === 'rejected' && hurried.reason).toBeInstanceOf(AbortError);
    expect(patient.status === 'fulfilled' && patient.value.exceptionHistory.entries).toEqual([]);
    // The hurried call's look-up, then the patient one's own.
    expect(asked.filter((u) => u === '/config')).toHaveLength(2);
  });

  it('a failed look-up is not kept: the next call asks again', async () => {
    flink().get('/v1/jobs/overview').times(2).reply(404, NOT_FOUND);
    flink()
      .get('/config')
      .reply(503, { errors: ['starting'] });
    flink().get('/config').reply(200, HS_CONFIG);
    flink().get('/jobs/overview').reply(200, OVERVIEW);
    const flinkClient = client({ server: undefined, maxRetries: 0 });
    await expect(flinkClient.jobs.list()).rejects.toThrow(UnavailableError);
    expect((await flinkClient.jobs.list()).map((j) => j.jid)).toEqual([JOB]);
  });

  it('refuses writes before sending, even as the very first call', async () => {
    flink().get('/v1/config').reply(404, NOT_FOUND);
    // Once to learn what it is, once as the answer of the look-up itself.
    flink().get('/config').times(2).reply(200, HS_CONFIG);
    const sent = unmatchedRequests();
    const flinkClient = fresh();
    const stop = await caught(() => flinkClient.jobs.stop(JOB));
    expect(stop).toBeInstanceOf(UnsupportedByServerError);
    expect(stop.message).toBe(
      `POST /jobs/{jobid}/stop was not sent: ${BASE} is a Flink HistoryServer (2.2.1); it serves archived jobs read-only (GET); it answers a POST with an error, or rather never: the connection hangs. Ask the JobManager of a running cluster instead`,
    );
    expect(stop.serverVersion).toBe('HistoryServer 2.2.1');
    await expect(flinkClient.jobs.cancel(JOB)).rejects.toThrow(/^PATCH \/jobs\/\{jobid\} was not sent: .* HistoryServer/);
    await expect(flinkClient.request('DELETE', '/jars/{jarid}', { params: { jarid: 'x.jar' } })).rejects.toThrow(UnsupportedByServerError);
    // Its /config says web-submit false as well: an upload is refused as a HistoryServer's, not as jar submission turned off.
    const upload = await caught(() => flinkClient.jars.upload(new Blob([new Uint8Array([0x50, 0x4b, 3, 4])]), { filename: 'app.jar' }));
    expect(upload.message).toMatch(/^POST \/jars\/upload was not sent: .* is a Flink HistoryServer/);
    // What it does not archive is refused too.
    await expect(flinkClient.jobs.state(JOB)).rejects.toThrow(
      /^GET \/jobs\/\{jobid\}\/status was not sent: .* it keeps only what Flink archives/,
    );
    expect(sent).toEqual([]);
  });

  it('repeats an empty 200 (archives being unpacked), and names it when a job is not archived', async () => {
    historyServer();
    flink().get('/jobs/overview').reply(200, '');
    flink().get('/jobs/overview').reply(200, OVERVIEW);
    const flinkClient = fresh();
    expect(await flinkClient.jobs.list()).toHaveLength(1);
    flink().get(`/jobs/${JOB}`).reply(404, NOT_FOUND);
    const missing = await caught(() => flinkClient.jobs.get(JOB));
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing.message).toMatch(
      /^GET \/jobs\/a3f1c0de00000000000000000000beef: .* is a Flink HistoryServer \(2\.2\.1\), and it has no archive of this/,
    );
  });

  it("turns an archived error answer (200 with errors) into the JobManager's 404", async () => {
    historyServer({ ...HS_CONFIG, 'flink-version': '2.3.0' });
    flink().get('/jobs/overview').reply(200, OVERVIEW);
    const flinkClient = fresh();
    await flinkClient.jobs.list();
    flink()
      .get('/config')
      .reply(200, { ...HS_CONFIG, 'flink-version': '2.3.0' });
    flink()
      .get(`/jobs/${JOB}/rescales/overview`)
      .reply(200, { errors: ['The job has not enabled the `Adaptive` scheduler'] });
    const err = await caught(() => flinkClient.rescales.overview(JOB));
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.message).toMatch(/archived the JobManager's error answer: The job has not enabled the `Adaptive` scheduler$/);
  });
});

describe('a JobManager pays nothing for it', () => {
  it('a successful first answer settles it: no probe, then straight through', async () => {
    flink().get('/v1/jobs/overview').times(2).reply(200, OVERVIEW);
    const sent = unmatchedRequests();
    const flinkClient = fresh();
    await flinkClient.jobs.list();
    expect(await flinkClient.serverKind()).toBe('jobmanager');
    await flinkClient.jobs.list();
    flink().patch(`/v1/jobs/${JOB}`).query({ mode: 'cancel' }).reply(202, {});
    await flinkClient.jobs.cancel(JOB);
    expect(sent).toEqual([]);
  });

  it("a write as the first call asks /v1/config once; a JobManager's own 404 is no HistoryServer", async () => {
    flink().get('/v1/config').reply(200, { 'flink-version': '2.2.1' });
    flink().patch(`/v1/jobs/${JOB}`).query({ mode: 'cancel' }).times(2).reply(202, {});
    const flinkClient = fresh();
    await flinkClient.jobs.cancel(JOB);
    await flinkClient.jobs.cancel(JOB);
    flink()
      .get(`/v1/jobs/${JOB}`)
      .reply(404, { errors: [`Job ${JOB} not found`] });
    await expect(fresh().jobs.get(JOB)).rejects.toThrow(`Job ${JOB} not found`);
  });
});
