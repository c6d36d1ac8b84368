import { describe, expect, it } from 'vitest';
import {
  AbortError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  FlinkClient,
  InternalServerError,
  InvalidInputError,
  InvalidResponseError,
  NotFoundError,
  TimeoutError,
  UnavailableError,
} from '../../src/index.js';
import { OVERVIEW } from '../support/fixtures.js';
import { BASE, client, flink, JOB } from '../support/nock.js';
import { startStub } from '../support/stub-server.js';

const overview = OVERVIEW;

describe('transport', () => {
  it('reads /v1/overview and keeps fields it does not know', async () => {
    flink()
      .get('/v1/overview')
      .reply(200, { ...overview, 'slots-free-and-blocked': 0 });
    const answer = await client().cluster.overview();
    expect(answer['slots-available']).toBe(4);
    expect(answer['slots-free-and-blocked']).toBe(0);
  });

  it('keeps a path prefix and moves URL credentials into a header', async () => {
    flink()
      .get('/gateway/flink/v1/overview')
      .matchHeader('authorization', `Basic ${Buffer.from('ops:s3cret').toString('base64')}`)
      .reply(200, overview);
    const flinkClient = new FlinkClient({ baseUrl: 'http://ops:s3cret@flink.test:8081/gateway/flink/' });
    expect(flinkClient.baseUrl).toBe(`${BASE}/gateway/flink`);
    expect((await flinkClient.cluster.overview()).taskmanagers).toBe(1);
  });

  it('maps a 404 with Flink errors to NotFoundError carrying the message', async () => {
    flink()
      .get(`/v1/jobs/${JOB}`)
      .reply(404, {
        errors: [`org.apache.flink.runtime.rest.NotFoundException: Job ${JOB} not found\n\tat org.apache.flink.X.y(X.java:1)`],
      });
    const err = await client()
      .jobs.get(JOB)
      .catch((e) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.status).toBe(404);
    expect(err.message).toBe(`GET /jobs/${JOB} failed with 404: org.apache.flink.runtime.rest.NotFoundException: Job ${JOB} not found`);
    expect(err.stackTrace).toContain('at org.apache.flink.X.y');
    expect(err.message).not.toContain('\tat ');
  });

  it('shows the innermost cause of a failed jar run', async () => {
    const text = [
      'org.apache.flink.runtime.rest.handler.RestHandlerException: Could not execute application.',
      '\tat org.apache.flink.runtime.webmonitor.handlers.JarRunHandler.lambda$handleRequest$1(JarRunHandler.java:114)',
      "Caused by: org.apache.flink.client.program.ProgramInvocationException: The program's entry point class 'no.Such' was not found in the jar file.",
      '\tat org.apache.flink.client.program.PackagedProgram.loadMainClass(PackagedProgram.java:481)',
    ].join('\n');
    flink()
      .post('/v1/jars/x_job.jar/run')
      .reply(400, { errors: [text] });
    const err = await client()
      .jars.run('x_job.jar', { entryClass: 'no.Such' })
      .catch((e) => e);
    expect(err).toBeInstanceOf(BadRequestError);
    expect(err.message).toContain("entry point class 'no.Such' was not found in the jar file");
    expect(err.message).toContain('Could not execute application.');
  });

  it('maps 409 and 500', async () => {
    flink()
      .patch(`/v1/jobs/${JOB}`)
      .query({ mode: 'cancel' })
      .reply(409, { errors: ['Job is in state FINISHED'] });
    await expect(client().jobs.cancel(JOB)).rejects.toBeInstanceOf(ConflictError);
    flink()
      .get('/v1/overview')
      .reply(500, {
        errors: ['Internal server error.', '<Exception on server side:\njava.lang.IllegalStateException: boom\n\tat a.b(C.java:1)\n>'],
      });
    const err = await client({ maxRetries: 0 })
      .cluster.overview()
      .catch((e) => e);
    expect(err).toBeInstanceOf(InternalServerError);
    // The server-side cause first, the generic line after it; the Java frames kept apart.
    expect(err.errors).toEqual(['java.lang.IllegalStateException: boom', 'Internal server error.']);
    expect(err.message).toBe('GET /overview failed with 500: java.lang.IllegalStateException: boom');
    expect(err.stackTrace).toContain('at a.b(C.java:1)');
  });

  it('retries reads through a 503 leader election and succeeds', async () => {
    flink()
      .get('/v1/overview')
      .reply(503, { errors: ['Service temporarily unavailable due to an ongoing leader election. Please refresh.'] });
    flink().get('/v1/overview').reply(200, overview);
    expect((await client().cluster.overview()).taskmanagers).toBe(1);
  });

  it('gives up after maxRetries and reports UnavailableError', async () => {
    flink()
      .get('/v1/overview')
      .times(2)
      .reply(503, { errors: ['leader election'] });
    const err = await client({ maxRetries: 1 })
      .cluster.overview()
      .catch((e) => e);
    expect(err).toBeInstanceOf(UnavailableError);
  });

  it('never retries a cancel', async () => {
    flink()
      .patch(`/v1/jobs/${JOB}`)
      .query({ mode: 'cancel' })
      .reply(503, { errors: ['leader election'] });
    await expect(client().jobs.cancel(JOB)).rejects.toBeInstanceOf(UnavailableError);
  });

  it('reports an HTML error page with a short snippet', async () => {
    flink().get('/v1/overview').reply(502, '<html><body><h1>502 Bad Gateway</h1></body></html>', { 'content-type': 'text/html' });
    const err = await client({ maxRetries: 0 })
      .cluster.overview()
      .catch((e) => e);
    expect(err.status).toBe(502);
    expect(err.bodySnippet).toContain('502 Bad Gateway');
    expect(err.message).toContain('unexpected body');
  });

  it('rejects a 200 whose body is not JSON or not the expected shape', async () => {
    flink().get('/v1/overview').times(3).reply(200, '<html>login</html>');
    const notJson = await client()
      .cluster.overview()
      .catch((e) => e);
    expect(notJson).toBeInstanceOf(InvalidResponseError);
    expect(notJson.message).toContain('not JSON');
    flink().get('/v1/overview').reply(200, { taskmanagers: 'one' });
    const wrong = await client()
      .cluster.overview()
      .catch((e) => e);
    expect(wrong).toBeInstanceOf(InvalidResponseError);
    expect(wrong.message).toMatch(/unexpected answer at taskmanagers/);
  });

  it('repeats a safe read whose answer came garbled, and succeeds', async () => {
    flink().get('/v1/overview').reply(200, '{"taskmanagers": 1, "slots-to');
    flink().get('/v1/overview').reply(200, overview);
    expect((await client().cluster.overview()).taskmanagers).toBe(1);
  });

  it('never repeats an unsafe call whose answer came garbled', async () => {
    flink().post('/v1/savepoint-disposal').reply(200, '{"request-id": "0123');
    const err = await client()
      .savepoints.dispose('file:///tmp/sp')
      .catch((e) => e);
    expect(err).toBeInstanceOf(InvalidResponseError);
  });

  it('times out a slow answer, and a body that trickles past the deadline', async () => {
    const stub = await startStub((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"taskmanagers":');
      setTimeout(() => res.end('1}'), 2_000).unref();
    });
    try {
      const err = await new FlinkClient({ baseUrl: stub.url, timeoutMs: 200 }).cluster.overview().catch((e) => e);
      expect(err).toBeInstanceOf(TimeoutError);
      expect(err.timeoutMs).toBe(200);
      expect(err.message).toBe('GET /overview got no answer within 200 ms');
    } finally {
      await stub.close();
    }
  });

  it('stops at the caller’s AbortSignal', async () => {
    const stub = await startStub(() => {
      /* never answers */
    });
    try {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const started = Date.now();
      const err = await new FlinkClient({ baseUrl: stub.url }).cluster.overview({ signal: controller.signal }).catch((e) => e);
      expect(err).toBeInstanceOf(AbortError);
      expect(Date.now() - started).toBeLessThan(1_000);
    } finally {
      await stub.close();
    }
  });

  it('reports a refused connection as ConnectionError', async () => {
    const stub = await startStub(() => {});
    const url = stub.url;
    await stub.close();
    const err = await new FlinkClient({ baseUrl: url, maxRetries: 0 }).cluster.overview().catch((e) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).toContain(`cannot reach ${url}`);
    expect(err.message).toContain('ECONNREFUSED');
  });

  it('refuses bad client options before sending', () => {
    expect(() => new FlinkClient({ baseUrl: 'flink:8081' })).toThrow(InvalidInputError);
    expect(() => new FlinkClient({ baseUrl: 'ftp://flink' })).toThrow(/http or https/);
    expect(() => new FlinkClient({ baseUrl: BASE, timeoutMs: -1 })).toThrow(/timeoutMs/);
  });

  it('never puts URL credentials into error messages or JSON', async () => {
    flink()
      .get('/v1/overview')
      .reply(500, { errors: ['boom'] });
    const err = await new FlinkClient({ baseUrl: 'http://ops:s3cret@flink.test:8081', maxRetries: 0 }).cluster.overview().catch((e) => e);
    expect(`${err.message} ${JSON.stringify(err)}`).not.toContain('s3cret');
  });
});

describe('ids Flink does not know, whatever status it gives', () => {
  it('a 500 whose cause is FlinkJobNotFoundException (Flink 2.3 job status) or UnknownTaskExecutorException is a NotFoundError', async () => {
    flink()
      .get(`/v1/jobs/${JOB}/status`)
      .reply(500, {
        errors: [
          'Internal server error.',
          `<Exception on server side:\norg.apache.flink.runtime.messages.FlinkJobNotFoundException: Could not find Flink job (${JOB})\n\tat org.apache.flink.runtime.dispatcher.Dispatcher.lambda$requestJobStatus$46(Dispatcher.java:1760)\n\nEnd of exception on server side>`,
        ],
      });
    const job = await client()
      .jobs.state(JOB)
      .catch((e) => e);
    expect(job).toBeInstanceOf(NotFoundError);
    expect(job.status).toBe(500);
    expect(job.message).toContain(`Could not find Flink job (${JOB})`);
    flink()
      .get('/v1/taskmanagers/nope')
      .reply(500, {
        errors: [
          'Internal server error.',
          '<Exception on server side:\norg.apache.flink.runtime.resourcemanager.exceptions.UnknownTaskExecutorException: No TaskExecutor registered under nope.\n\tat x.y(Z.java:1)\n\nEnd of exception on server side>',
        ],
      });
    expect(
      await client()
        .taskManagers.get('nope')
        .catch((e) => e),
    ).toBeInstanceOf(NotFoundError);
  });
});
