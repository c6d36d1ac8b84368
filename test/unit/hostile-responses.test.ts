// Whatever a server (or a proxy in front of it) answers, the SDK ends in a value or a typed error:
// property-based, 10,000 random answers per parser, plus the hand-picked nasty ones.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAnswer } from '../../src/http/core.js';
import { apiErrorFor } from '../../src/http/errors.js';
import { ApiError, FlinkError, InvalidResponseError, TimeoutError } from '../../src/index.js';
import * as schemas from '../../src/schemas/index.js';
import { client } from '../support/nock.js';
import { startStub } from '../support/stub-server.js';

const RUNS = 10_000;
const parsers = Object.entries(schemas).filter(([, value]) => typeof value === 'object' && value !== null && 'safeParse' in value) as [
  string,
  import('zod').ZodType,
][];

function outcome(text: string, schema: import('zod').ZodType): 'ok' | 'typed' {
  try {
    parseAnswer(text, { method: 'GET', path: '/fuzz', schema });
    return 'ok';
  } catch (err) {
    if (err instanceof InvalidResponseError && err.bodySnippet.length <= 201 && !err.message.includes('\n')) return 'typed';
    throw err;
  }
}

// JSON whose leaves are of every kind, nested a few levels: the shapes a wrong server might send.
const jsonish = fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.string(), fc.string({ unit: 'binary' }), fc.constant(''), fc.constant('null'));

describe('every parser takes any answer and ends in a value or an InvalidResponseError', () => {
  it('knows the parsers', () => {
    expect(parsers.length).toBeGreaterThanOrEqual(20);
  });

  it.each(parsers)('%s: 10,000 random answers', (_name, schema) => {
    fc.assert(
      fc.property(jsonish, fc.boolean(), (value, raw) => {
        const text = raw && typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
        expect(['ok', 'typed']).toContain(outcome(text, schema));
      }),
      { numRuns: RUNS },
    );
  });

  it('truncated JSON of a real answer is an InvalidResponseError', () => {
    const answer = JSON.stringify({
      jobs: [
        {
          jid: 'a'.repeat(32),
          name: 'x',
          state: 'RUNNING',
          'start-time': 1,
          'end-time': -1,
          duration: 1,
          'last-modification': 1,
          tasks: {},
        },
      ],
    });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: answer.length - 1 }), (cut) => {
        expect(outcome(answer.slice(0, cut), schemas.jobsOverview)).toBe('typed');
      }),
      { numRuns: 2_000 },
    );
  });

  it('unknown fields and unknown enum values pass through', () => {
    const job = {
      jid: 'a'.repeat(32),
      name: 'x',
      state: 'PAUSED_BY_A_NEWER_FLINK',
      'start-time': 1,
      'end-time': -1,
      duration: 1,
      'last-modification': 1,
      tasks: {},
      shiny: [1],
    };
    const parsed = parseAnswer(JSON.stringify({ jobs: [job] }), { method: 'GET', path: '/jobs/overview', schema: schemas.jobsOverview });
    expect(parsed.jobs[0]?.state).toBe('PAUSED_BY_A_NEWER_FLINK');
    expect((parsed.jobs[0] as Record<string, unknown>).shiny).toEqual([1]);
  });

  it('counts by name keep every name and refuse a value that is no number; a state must be a string', () => {
    const job = { jid: 'a'.repeat(32), name: 'x', state: 'RUNNING', 'start-time': 1, 'end-time': -1, duration: 1, 'last-modification': 1 };
    const overview = (over: object) => JSON.stringify({ jobs: [{ ...job, ...over }] });
    const call = { method: 'GET' as const, path: '/jobs/overview', schema: schemas.jobsOverview };
    expect(parseAnswer(overview({ tasks: { running: 2, 'a-new-state': 1 } }), call).jobs[0]?.tasks).toEqual({
      running: 2,
      'a-new-state': 1,
    });
    expect(() => parseAnswer(overview({ tasks: { running: '2' } }), call)).toThrow(/unexpected answer at jobs\.0\.tasks\.running/);
    expect(() => parseAnswer(overview({ tasks: [2] }), call)).toThrow(/unexpected answer at jobs\.0\.tasks/);
    expect(() => parseAnswer(overview({ tasks: {}, state: 7 }), call)).toThrow(/unexpected answer at jobs\.0\.state/);
  });
});

describe('every error answer becomes an ApiError with a one-line message', () => {
  it('10,000 random error bodies and statuses', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 400, max: 599 }),
        fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.string(), fc.record({ errors: fc.array(fc.string()) })),
        (status, body) => {
          const err = apiErrorFor(status, 'GET', '/jobs', body);
          expect(err).toBeInstanceOf(ApiError);
          expect(err.status).toBe(status);
          expect(typeof err.message).toBe('string');
          expect(err.message.startsWith(`GET /jobs failed with ${status}: `)).toBe(true);
          expect(err.errors.every((m) => typeof m === 'string')).toBe(true);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('nasty answers from a real socket', () => {
  it('an endless body is cut off at the size limit with a typed error', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 'x');
    const stub = await startStub((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const pump = () => {
        while (res.write(chunk)) {
          /* until the socket pushes back */
        }
        res.once('drain', pump);
      };
      res.on('close', () => res.removeAllListeners('drain'));
      pump();
    });
    try {
      const rss = process.memoryUsage().rss;
      const err = await client({ baseUrl: stub.url, timeoutMs: 30_000 })
        .cluster.overview()
        .catch((e) => e);
      expect(err).toBeInstanceOf(InvalidResponseError);
      expect(err.message).toContain('larger than 64 MiB');
      expect(process.memoryUsage().rss - rss).toBeLessThan(512 * 1024 * 1024);
    } finally {
      await stub.close();
    }
  }, 60_000);

  it('a slow-loris answer (a byte now and then) ends at the deadline', async () => {
    const stub = await startStub((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const timer = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(timer));
    });
    try {
      const started = Date.now();
      const err = await client({ baseUrl: stub.url, timeoutMs: 500 })
        .cluster.overview()
        .catch((e) => e);
      expect(err).toBeInstanceOf(TimeoutError);
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await stub.close();
    }
  });

  it('an empty 200 body is an InvalidResponseError; an empty error body an ApiError', async () => {
    const stub = await startStub((req, res) => {
      res.writeHead(req.url?.includes('jobs') ? 500 : 200);
      res.end();
    });
    try {
      const flink = client({ baseUrl: stub.url, maxRetries: 0 });
      const empty = await flink.cluster.overview().catch((e) => e);
      expect(empty).toBeInstanceOf(InvalidResponseError);
      expect(empty.message).toContain('(empty body)');
      const error = await flink.jobs.list().catch((e) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toBeInstanceOf(FlinkError);
      expect(error.message).toMatch(
        /^GET \/jobs\/overview failed with 500 at http:\/\/127\.0\.0\.1:\d+\/v1\/jobs\/overview: no error message$/,
      );
    } finally {
      await stub.close();
    }
  });
});
