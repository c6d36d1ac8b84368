// The HTTP core's contract: every call goes through one ky instance, with the same typed errors,
// retries after the same pauses, failover, one deadline, the caller's signals, no redirect followed,
// the 64 MiB cap, no secret in a message. Calls with and without a JSON body must end in the same
// error, word for word.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Call, HttpCore } from '../../src/http/core.js';
import type { ClientOptions } from '../../src/http/options.js';
import {
  AbortError,
  ApiError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  InternalServerError,
  InvalidInputError,
  InvalidResponseError,
  NotFoundError,
  TimeoutError,
  UnavailableError,
} from '../../src/index.js';
import { clusterOverview } from '../../src/schemas/cluster.js';
import { OVERVIEW } from '../support/fixtures.js';
import { type Stub, startStub } from '../support/stub-server.js';
import { caught } from '../support/unit-helpers.js';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

async function serve(handler: Handler): Promise<Stub> {
  const stub = await startStub(handler);
  open.push(stub);
  return stub;
}

/** An address nothing listens at. */
async function refusing(): Promise<string> {
  const stub = await startStub(() => {});
  await stub.close();
  return stub.url;
}

function transport(baseUrl: string | string[], options: Partial<ClientOptions> = {}): HttpCore {
  const t = new HttpCore({ baseUrl, timeoutMs: 2_000, maxRetries: 0, ...options });
  open.push(t);
  return t;
}

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Handler =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };

/** Answers in turn, the last one from then on. */
function inTurn(...handlers: Handler[]): Handler {
  let n = 0;
  return (req, res, body) => (handlers[Math.min(n++, handlers.length - 1)] as Handler)(req, res, body);
}

/** Closes the connection without answering: what a JobManager that dies mid-request does. */
const hangUp: Handler = (req) => req.socket.destroy();

const read = (extra: Partial<Call<unknown>> = {}): Call<unknown> => ({
  method: 'GET',
  path: '/overview',
  schema: clusterOverview,
  retry: 'safe',
  ...extra,
});

describe('the HTTP core: what is sent', () => {
  it('sends the client’s headers with the call’s own over them, credentials from the URL, and no content type', async () => {
    const seen: IncomingMessage['headers'][] = [];
    const stub = await serve((req, res) => {
      seen.push(req.headers);
      json(200, OVERVIEW)(req, res, '');
    });
    const t = transport(stub.url.replace('http://', 'http://ops:s3cret@'), { headers: { 'X-Team': 'ops', 'x-trace': 'client' } });
    await t.send(read({ options: { headers: { 'x-trace': 'call' } } }));
    await t.send(read());
    expect(seen[0]).toMatchObject({
      accept: 'application/json',
      'x-team': 'ops',
      'x-trace': 'call',
      authorization: `Basic ${Buffer.from('ops:s3cret').toString('base64')}`,
    });
    expect(seen[0]?.['content-type']).toBeUndefined();
    expect(seen[1]?.['x-trace']).toBe('client');
  });

  it('sends the same headers as the ky path does for a call with a body', async () => {
    const seen: IncomingMessage['headers'][] = [];
    const stub = await serve((req, res) => {
      seen.push(req.headers);
      json(200, OVERVIEW)(req, res, '');
    });
    // ky merges headers as plain objects: a name that differs only in case goes out with both values.
    const t = transport(stub.url, { headers: { 'X-Team': 'ops', 'X-Trace': 'client', 'X-Gone': undefined as unknown as string } });
    const options = { headers: { 'X-Call': '1', 'x-trace': 'call' } };
    await t.send(read({ method: 'POST', options }));
    await t.send(read({ method: 'POST', json: {}, options }));
    await t.send(read({ method: 'POST' }));
    await t.send(read({ method: 'POST', json: {} }));
    for (const [direct, viaKy] of [
      [seen[0], seen[1]],
      [seen[2], seen[3]],
    ]) {
      const { 'content-type': _type, 'content-length': _length, ...kyHeaders } = viaKy ?? {};
      const { 'content-length': _none, ...directHeaders } = direct ?? {};
      expect(directHeaders).toEqual(kyHeaders);
    }
    expect(seen[0]).toMatchObject({ 'x-team': 'ops', 'x-trace': 'client, call', 'x-call': '1' });
    expect(seen[2]).not.toHaveProperty('x-gone');
  });

  it('keeps the path prefix and writes the query as ky does, leaving undefined values out', async () => {
    const stub = await serve((_req, res) => {
      res.writeHead(202);
      res.end();
    });
    await transport(`${stub.url}/gateway/flink/`).send({
      method: 'PATCH',
      path: '/jobs/a3f1',
      query: { mode: 'cancel', targetDirectory: 'file:///tmp/a b&c', skip: undefined, drain: true },
      retry: 'never',
    });
    expect(stub.requests).toEqual([
      {
        method: 'PATCH',
        url: '/gateway/flink/v1/jobs/a3f1?mode=cancel&targetDirectory=file%3A%2F%2F%2Ftmp%2Fa+b%26c&drain=true',
        body: '',
      },
    ]);
  });

  it('refuses a header value fetch cannot send, at once, as an InvalidInputError that does not quote it, and sends nothing', async () => {
    const stub = await serve(json(200, OVERVIEW));
    const err = await caught(() => transport(stub.url, { maxRetries: 2 }).send(read({ options: { headers: { 'x-bad': 'a\nb' } } })));
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err.message).not.toContain('a\nb');
    expect(stub.requests).toHaveLength(0);
  });
});

describe('the HTTP core: the same errors with and without a body', () => {
  const SERVER_SIDE = '<Exception on server side:\njava.lang.IllegalStateException: boom\n\tat a.b(C.java:1)\n>';
  const cases: [string, () => Promise<{ handler: Handler; url?: string }>, new (...args: never[]) => Error, RegExp][] = [
    ['400 with Flink’s errors', async () => ({ handler: json(400, { errors: ['bad'] }) }), BadRequestError, /failed with 400: bad$/],
    ['404', async () => ({ handler: json(404, { errors: ['Job not found.'] }) }), NotFoundError, /404: Job not found\.$/],
    [
      '404 from a proxy in front, not from Flink (a base URL with the wrong path)',
      async () => ({
        handler: (_q, res) => {
          res.writeHead(404, { 'content-type': 'text/plain' });
          res.end('not here');
        },
      }),
      NotFoundError,
      /404 at http:\/\/127\.0\.0\.1:\d+\/v1\/[\w/]+: unexpected body: not here; this is no answer of Flink’s REST API: check the base URL, its path included$/,
    ],
    ['409', async () => ({ handler: json(409, { errors: ['Job is in state FINISHED'] }) }), ConflictError, /409/],
    [
      '500 with a server-side exception',
      async () => ({ handler: json(500, { errors: ['Internal server error.', SERVER_SIDE] }) }),
      InternalServerError,
      /500: java\.lang\.IllegalStateException: boom$/,
    ],
    ['503', async () => ({ handler: json(503, { errors: ['leader election'] }) }), UnavailableError, /503: leader election$/],
    [
      '401 from a gateway, as HTML',
      async () => ({
        handler: (_q, res) => {
          res.writeHead(401, { 'content-type': 'text/html' });
          res.end('<html><body>Sign in</body></html>');
        },
      }),
      ApiError,
      /401 at http:\/\/127\.0\.0\.1:\d+\/v1\/[\w/]+: unexpected body: <html><body>Sign in<\/body><\/html>$/,
    ],
    [
      '502 with broken JSON',
      async () => ({ handler: json(502, '{"errors": [') }),
      InternalServerError,
      /502 at http:\/\/127\.0\.0\.1:\d+\/v1\/[\w/]+: no error message$/,
    ],
    [
      '500 in Latin-1',
      async () => ({
        handler: (_q, res) => {
          res.writeHead(500, { 'content-type': 'text/plain; charset=iso-8859-1' });
          res.end(Buffer.from('caf\xe9 ferm\xe9', 'latin1'));
        },
      }),
      InternalServerError,
      /500 at http:\/\/127\.0\.0\.1:\d+\/v1\/[\w/]+: unexpected body: café fermé$/,
    ],
    ['200 that is not JSON', async () => ({ handler: json(200, '<html>login</html>') }), InvalidResponseError, /not JSON: <html>login/],
    [
      '200 of the wrong shape',
      async () => ({ handler: json(200, { taskmanagers: 'one' }) }),
      InvalidResponseError,
      /unexpected answer at taskmanagers/,
    ],
    [
      '301 to https',
      async () => ({
        handler: (req, res) => {
          res.writeHead(301, { location: `https://${req.headers.host}${req.url}`, 'content-length': '0' });
          res.end();
        },
      }),
      ConnectionError,
      /answered 301 with a redirect to https:\/\/127\.0\.0\.1:\d+\/v1\/overview; it speaks https .*use https:\/\/127\.0\.0\.1:\d+ as baseUrl$/,
    ],
    [
      '302 to a login page with a token',
      async () => ({
        handler: (_q, res) => {
          res.writeHead(302, { location: 'https://sso.example/login?token=SECRET', 'content-type': 'text/html' });
          res.end('<a href="https://sso.example/login?token=SECRET">moved</a>');
        },
      }),
      ConnectionError,
      /answered 302 with a redirect to https:\/\/sso\.example\/login; redirects are not followed/,
    ],
    ['no one listening', async () => ({ handler: () => {}, url: await refusing() }), ConnectionError, /cannot reach .*ECONNREFUSED/],
    [
      'a connection dropped before the answer',
      async () => ({ handler: hangUp }),
      ConnectionError,
      /cannot reach http:\/\/127\.0\.0\.1:\d+: /,
    ],
    ['no answer in time', async () => ({ handler: () => {} }), TimeoutError, /^POST \/overview got no answer within 300 ms$/],
  ];

  it.each(cases)('%s', async (_name, setup, type, message) => {
    const { handler, url } = await setup();
    const stub = await serve(handler);
    const t = transport(url ?? stub.url, { timeoutMs: 300, headers: { Authorization: 'Bearer tok-SECRET' } });
    const direct = await caught(() => t.send(read({ method: 'POST' })));
    const viaKy = await caught(() => t.send(read({ method: 'POST', json: { triggerId: 'x' } })));
    expect(direct).toBeInstanceOf(type);
    expect(direct.message).toMatch(message);
    expect(direct.constructor).toBe(viaKy.constructor);
    expect(direct.message).toBe(viaKy.message);
    expect(JSON.stringify(direct)).toBe(JSON.stringify(viaKy));
    expect(direct.stackTrace).toBe(viaKy.stackTrace);
    const said = `${direct.message} ${JSON.stringify(direct)} ${inspect(direct, { depth: 10, showHidden: true })}`;
    expect(said).not.toContain('SECRET');
    if (!url) expect(stub.requests.map((r) => r.method)).toEqual(['POST', 'POST']);
  });
});

describe('the HTTP core: retries', () => {
  // No pauses unless a test wants them: the random part of every backoff is 0.
  beforeEach(() => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('repeats a safe read on 502, 503, 504 and a dropped connection, telling each repeat', async () => {
    const stub = await serve(inTurn(json(502, 'bad gateway'), json(503, { errors: ['x'] }), json(504, ''), hangUp, json(200, OVERVIEW)));
    let told = 0;
    await transport(stub.url, { maxRetries: 4 }).send(read({ onRetry: () => told++ }));
    expect(told).toBe(4);
    expect(stub.requests).toHaveLength(5);
  });

  it('gives up after maxRetries with the last answer’s error', async () => {
    const stub = await serve(inTurn(json(503, { errors: ['first'] }), json(503, { errors: ['second'] }), json(503, { errors: ['last'] })));
    const err = await caught(() => transport(stub.url, { maxRetries: 2 }).send(read()));
    expect(err).toBeInstanceOf(UnavailableError);
    expect(err.errors).toEqual(['last']);
    expect(stub.requests).toHaveLength(3);
  });

  it('never repeats a 500, nor a call that is not safe to repeat', async () => {
    const failing = await serve(json(500, { errors: ['boom'] }));
    await expect(transport(failing.url, { maxRetries: 2 }).send(read())).rejects.toBeInstanceOf(InternalServerError);
    expect(failing.requests).toHaveLength(1);
    const electing = await serve(json(503, { errors: ['leader election'] }));
    const cancel = { method: 'PATCH', path: '/jobs/a3f1', query: { mode: 'cancel' }, retry: 'never' } as const;
    await expect(transport(electing.url, { maxRetries: 2 }).send(cancel)).rejects.toBeInstanceOf(UnavailableError);
    const dropping = await serve(hangUp);
    await expect(transport(dropping.url, { maxRetries: 2 }).send(cancel)).rejects.toBeInstanceOf(ConnectionError);
    expect([electing.requests.length, dropping.requests.length]).toEqual([1, 1]);
  });

  it('repeats a garbled answer at once, from the same budget as every other repeat (on the ky path too)', async () => {
    for (const extra of [{}, { method: 'POST', json: {} }] as const) {
      const stub = await serve(inTurn(json(200, '{"taskmanagers": 1, "slo'), json(503, {}), json(503, {}), json(200, OVERVIEW)));
      let told = 0;
      const err = await caught(() => transport(stub.url, { maxRetries: 2 }).send(read({ ...extra, onRetry: () => told++ })));
      expect(err).toBeInstanceOf(UnavailableError);
      expect(stub.requests).toHaveLength(3);
      expect(told).toBe(2);
    }
  });

  it('pauses between repeats as ky does: a random part of 300 ms, doubling, at most 5 s', async () => {
    const random = vi.spyOn(Math, 'random');
    random.mockReturnValue(0.999_999);
    const stub = await serve(inTurn(json(503, {}), json(503, {}), json(200, OVERVIEW)));
    const started = Date.now();
    await transport(stub.url, { maxRetries: 2 }).send(read());
    expect(Date.now() - started).toBeGreaterThanOrEqual(850);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('pauses as long as a 503’s Retry-After asks', async () => {
    const stub = await serve(inTurn(json(503, {}, { 'retry-after': '1' }), json(200, OVERVIEW)));
    const started = Date.now();
    await transport(stub.url, { maxRetries: 1 }).send(read());
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('pauses as long as a rate-limit reset header asks, when there is no Retry-After', async () => {
    const stub = await serve(inTurn(json(503, {}, { 'ratelimit-reset': '1' }), json(200, OVERVIEW)));
    const started = Date.now();
    await transport(stub.url, { maxRetries: 1 }).send(read());
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });
});

describe('the HTTP core: several endpoints', () => {
  it('moves on from an endpoint that is down or electing, keeps the query, and sticks to the one that answered', async () => {
    const down = await refusing();
    const electing = await serve(json(503, { errors: ['leader election'] }));
    const leader = await serve(json(200, OVERVIEW));
    const t = transport([down, `${electing.url}/`, leader.url]);
    await t.send(read({ query: { a: 1 } }));
    expect(t.baseUrl).toBe(leader.url);
    await t.send(read());
    expect(electing.requests.map((r) => r.url)).toEqual(['/v1/overview?a=1']);
    expect(leader.requests.map((r) => r.url)).toEqual(['/v1/overview?a=1', '/v1/overview']);
  });

  it('repeats the whole round when every endpoint is electing, and reports 503 when that lasts', async () => {
    const a = await serve(json(503, { errors: ['election a'] }));
    const b = await serve(inTurn(json(503, { errors: ['election b'] }), json(200, OVERVIEW)));
    const t = transport([a.url, b.url], { maxRetries: 1 });
    let retries = 0;
    await t.send(read({ onRetry: () => retries++ }));
    expect(retries).toBe(1);
    // The round's last answer came from b, so b is asked first the next time.
    expect([a.requests.length, b.requests.length]).toEqual([1, 2]);
    const c = await serve(json(503, { errors: ['election c'] }));
    const d = await serve(json(503, { errors: ['election d'] }));
    const err = await caught(() => transport([c.url, d.url], { maxRetries: 1 }).send(read()));
    expect(err).toBeInstanceOf(UnavailableError);
    expect(err.errors).toEqual(['election c']);
    expect([c.requests.length, d.requests.length]).toEqual([2, 2]);
  });

  it('names every endpoint when none can be reached', async () => {
    const urls = [await refusing(), await refusing()];
    const err = await caught(() => transport(urls).send(read()));
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).toContain(`cannot reach ${urls[0]} or ${urls[1]}`);
  });
});

describe('the HTTP core: deadline and signals', () => {
  it('ends at the caller’s signal, the client’s signal, or one that fired before the call', async () => {
    const stub = await serve(() => {});
    const call = new AbortController();
    setTimeout(() => call.abort(new Error('user pressed Ctrl-C')), 50);
    const perCall = await caught(() => transport(stub.url).send(read({ options: { signal: call.signal } })));
    expect(perCall).toBeInstanceOf(AbortError);
    expect(perCall.message).toBe('GET /overview aborted');
    expect(perCall.cause).toEqual(new Error('user pressed Ctrl-C'));
    const client = new AbortController();
    setTimeout(() => client.abort(), 50);
    await expect(transport(stub.url, { signal: client.signal }).send(read())).rejects.toBeInstanceOf(AbortError);
    const before = stub.requests.length;
    await expect(transport(stub.url).send(read({ options: { signal: AbortSignal.abort() } }))).rejects.toBeInstanceOf(AbortError);
    expect(stub.requests).toHaveLength(before);
  });

  it('ends a pause between repeats at once when the caller aborts', async () => {
    const stub = await serve(json(503, {}, { 'retry-after': '60' }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const err = await caught(() =>
      transport(stub.url, { maxRetries: 2, timeoutMs: 30_000 }).send(read({ options: { signal: controller.signal } })),
    );
    expect(err).toBeInstanceOf(AbortError);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('holds one deadline over attempts and pauses: a long Retry-After ends in a TimeoutError', async () => {
    const stub = await serve(json(503, {}, { 'retry-after': '60' }));
    const started = Date.now();
    const err = await caught(() => transport(stub.url, { maxRetries: 2, timeoutMs: 300 }).send(read()));
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.timeoutMs).toBe(300);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(err.message).toMatch(/got no answer within 300 ms; the last attempt: GET \/overview failed with 503/);
    expect(err.cause).toBeInstanceOf(UnavailableError);
  });

  it('a deadline that passes while retrying a refused connection names it: no slow server, nobody listening', async () => {
    const url = await refusing();
    const err = await caught(() => transport(url, { maxRetries: 50, timeoutMs: 150 }).send(read()));
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.message).toMatch(/got no answer within 150 ms; the last attempt: GET \/overview: cannot reach .*ECONNREFUSED/);
    expect(err.cause).toBeInstanceOf(ConnectionError);
  });

  it('times out an error body that trickles past the deadline', async () => {
    const stub = await serve((_q, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.write('{"errors": [');
    });
    const err = await caught(() => transport(stub.url, { timeoutMs: 300 }).send(read()));
    expect(err).toBeInstanceOf(TimeoutError);
  });

  it('a streamed answer is bound by the deadline until it starts, not while it is read', async () => {
    const stub = await serve((_q, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first line\n');
      setTimeout(() => res.end('last line\n'), 500);
    });
    const body = await transport(stub.url, { timeoutMs: 200 }).send<ReadableStream>({
      method: 'GET',
      path: '/jobmanager/log',
      retry: 'safe',
      answer: 'body',
    });
    expect(await new Response(body).text()).toBe('first line\nlast line\n');
    const silent = await serve(() => {});
    const err = await caught(() =>
      transport(silent.url, { timeoutMs: 200 }).send({ method: 'GET', path: '/jobmanager/log', retry: 'safe', answer: 'body' }),
    );
    expect(err).toBeInstanceOf(TimeoutError);
  });

  it('leaves no timer behind: a process with a finished call exits', async () => {
    const stub = await serve(json(200, OVERVIEW));
    const t = transport(stub.url, { timeoutMs: 60_000 });
    await t.send(read());
    const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    for (let i = 0; i < 5; i++) await t.send(read({ schema: i % 2 ? undefined : clusterOverview }));
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBeLessThanOrEqual(before);
  });
});

describe('the HTTP core: what is read', () => {
  it('refuses an answer that declares more than 64 MiB before reading it', async () => {
    const stub = await serve((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(65 * 1024 * 1024) });
      res.write('{"jobs": [');
    });
    const started = Date.now();
    const err = await caught(() => transport(stub.url, { timeoutMs: 5_000 }).send(read()));
    expect(err).toBeInstanceOf(InvalidResponseError);
    expect(err.message).toBe('GET /overview: the answer is larger than 64 MiB');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('reads an error body as ky does: JSON when it says so, text otherwise, nothing when too large', async () => {
    const failing = async (body: string | Uint8Array | null, type?: string) => {
      const stub = await serve((_q, res) => {
        res.writeHead(500, type ? { 'content-type': type } : {});
        res.end(body ?? undefined);
      });
      return caught(() => transport(stub.url).send(read()));
    };
    expect((await failing('{"errors": ["x"]}', 'application/problem+json')).errors).toEqual(['x']);
    expect((await failing('{"errors": ["x"]}', 'text/plain')).bodySnippet).toBe('{"errors": ["x"]}');
    for (const [body, type] of [
      ['{"errors": [', 'application/json'],
      ['', 'application/json'],
      [null, undefined],
      [new Uint8Array(11 * 1024 * 1024), 'text/plain'],
    ] as const) {
      const err = await failing(body, type);
      expect([err.errors, err.bodySnippet]).toEqual([[], undefined]);
    }
  });

  it('ignores the body of a call without a schema, and returns nothing', async () => {
    const stub = await serve(json(202, { 'request-id': 'x' }));
    expect(await transport(stub.url).send({ method: 'DELETE', path: '/jars/x.jar', retry: 'never' })).toBeUndefined();
  });

  it('fails with a ConnectionError once the client is closed', async () => {
    const stub = await serve(json(200, OVERVIEW));
    const t = new HttpCore({ baseUrl: stub.url, maxRetries: 0 });
    await t.send(read());
    await t.close();
    const err = await caught(() => t.send(read()));
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).toContain('the client was closed');
  });
});
