import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlinkClient, InvalidInputError } from '../../src/index.js';
import { type Stub, startStub } from '../support/stub-server.js';

const SECRETS = ['pa55w0rd-SECRET', 'tok-SECRET-123', 'cookie-SECRET', 'p12-pass-SECRET'];

/** Everything a user might print or log about an error: message, stack, JSON, inspect, every cause. */
function everythingSaid(err: unknown): string {
  const parts: string[] = [];
  let current: unknown = err;
  for (let depth = 0; current && depth < 10; depth++) {
    parts.push(String(current), inspect(current, { depth: 10, showHidden: true }));
    if (current instanceof Error) parts.push(current.message, current.stack ?? '');
    try {
      parts.push(JSON.stringify(current));
    } catch {
      /* circular: inspect covered it */
    }
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join('\n');
}

let stub: Stub;
let url: string;

beforeAll(async () => {
  stub = await startStub((req, res) => {
    const route = req.url ?? '';
    if (route.includes('slow')) return; // never answers
    if (route.includes('/jobs/overview')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end('{"jobs": "not a list"}');
    }
    if (route.includes('/overview')) {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end('<html>sign in</html>');
    }
    if (route.includes('/jobs/')) {
      res.writeHead(404, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ errors: ['org.apache.flink.runtime.rest.NotFoundException: Job not found.\n\tat a.b(C.java:1)'] }));
    }
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ errors: ['Internal server error.', '<Exception on server side:\njava.lang.RuntimeException: boom\n>'] }));
  });
  url = stub.url.replace('http://', 'http://admin:pa55w0rd-SECRET@');
});

afterAll(() => stub.close());

describe('secrets never show', () => {
  const client = (base = url, timeoutMs = 2_000) =>
    new FlinkClient({
      baseUrl: base,
      timeoutMs,
      maxRetries: 0,
      headers: { Authorization: 'Bearer tok-SECRET-123', Cookie: 'session=cookie-SECRET' },
    });

  it('the client itself does not show them', async () => {
    const flink = client();
    await flink.jobs.get('0123456789abcdef0123456789abcdef').catch(() => undefined);
    const sent = stub.requests.at(-1);
    expect(sent?.url).toBe('/v1/jobs/0123456789abcdef0123456789abcdef');
    expect(flink.baseUrl).toBe(stub.url);
    const shown = `${inspect(flink, { depth: 10, showHidden: true })}${JSON.stringify(flink)}`;
    for (const secret of SECRETS) expect(shown).not.toContain(secret);
  });

  it('in no error, whatever went wrong', async () => {
    const flink = client();
    const refused = await startStub(() => {});
    const refusedUrl = refused.url.replace('http://', 'http://admin:pa55w0rd-SECRET@');
    await refused.close();
    const errors = await Promise.all([
      flink.jobs.get('0123456789abcdef0123456789abcdef').catch((e) => e), // 404
      flink.jobs.cancel('0123456789abcdef0123456789abcdef').catch((e) => e), // 404 on PATCH
      flink.cluster.jobManagerConfig().catch((e) => e), // 500
      flink.cluster.overview().catch((e) => e), // HTML with 200
      flink.jobs.list().catch((e) => e), // wrong shape
      client(`${url}/slow`, 200)
        .cluster.overview()
        .catch((e) => e), // timeout
      client(refusedUrl)
        .cluster.overview()
        .catch((e) => e), // connection refused
      flink.jars.upload('/no/such/file.jar').catch((e) => e), // bad input
      (async () => new FlinkClient({ baseUrl: url, tls: { ca: '/no/such/ca.pem', passphrase: 'p12-pass-SECRET' } }))().catch((e) => e),
      (async () => new FlinkClient({ baseUrl: 'ftp://admin:pa55w0rd-SECRET@host/' }))().catch((e) => e),
    ]);
    const names = errors.map((e) => e?.name);
    expect(names).toEqual([
      'NotFoundError',
      'NotFoundError',
      'InternalServerError',
      'InvalidResponseError',
      'InvalidResponseError',
      'TimeoutError',
      'ConnectionError',
      'InvalidInputError',
      'InvalidInputError',
      'InvalidInputError',
    ]);
    for (const err of errors) {
      const said = everythingSaid(err);
      for (const secret of SECRETS) expect(said, `${err.name}: ${err.message}`).not.toContain(secret);
    }
  });

  it('in operation handles', async () => {
    const op = client().operations.resume({
      kind: 'savepoint',
      triggerId: '0123456789abcdef0123456789abcdef',
      jobId: 'a3f1c0de00000000000000000000beef',
    });
    const shown = `${JSON.stringify(op)}${inspect(op, { depth: 10, showHidden: true })}`;
    for (const secret of SECRETS) expect(shown).not.toContain(secret);
  });
});

const client = () => new FlinkClient({ baseUrl: url, timeoutMs: 2_000 });

describe('headers fetch would refuse', () => {
  // fetch's own error quotes the value ("Headers.append: "Bearer …" is an invalid header value"),
  // so these are refused before fetch sees them, naming only the header.
  it.each([
    ['a line break', { Authorization: 'Bearer tok-SECRET-123\nX-Evil: 1' }],
    ['a carriage return', { Authorization: 'Bearer tok-SECRET-123\r' }],
    ['a NUL', { Authorization: 'Bearer tok-SECRET-123\u0000' }],
    ['a character beyond Latin-1', { Authorization: 'Bearer tok-SECRET-123€' }],
  ])('a value with %s: InvalidInputError naming the header, not the value, per call and per client', async (_what, headers) => {
    const err = await client()
      .jobs.list(undefined, { headers })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as Error).message).toBe(
      'GET /jobs/overview: the value of header "Authorization" is not a valid HTTP header value (a string without line breaks or characters beyond Latin-1); the value is not shown',
    );
    expect(everythingSaid(err)).not.toContain('tok-SECRET-123');
    const atStart = (() => {
      try {
        return new FlinkClient({ baseUrl: url, headers });
      } catch (e) {
        return e;
      }
    })();
    expect(atStart).toBeInstanceOf(InvalidInputError);
    expect(everythingSaid(atStart)).not.toContain('tok-SECRET-123');
  });

  it('a bad header name is refused too; Latin-1 values and tabs pass', async () => {
    const err = await client()
      .jobs.list(undefined, { headers: { 'X Bad': 'v' } })
      .catch((e: unknown) => e);
    expect((err as Error).message).toBe('GET /jobs/overview: "X Bad" is not a valid HTTP header name');
    const ok = await client()
      .cluster.config({ headers: { 'X-Note': 'caf\u00e9\tok' } })
      .catch((e: unknown) => e);
    expect(ok).not.toBeInstanceOf(InvalidInputError);
  });
});

describe('close()', () => {
  it('may be called more than once, also concurrently', async () => {
    const flink = client();
    await flink.cluster.config().catch(() => undefined); // the pool exists now
    await Promise.all([flink.close(), flink.close()]);
    await expect(flink.close()).resolves.toBeUndefined();
    await expect(new FlinkClient({ baseUrl: url }).close()).resolves.toBeUndefined();
  });
});
