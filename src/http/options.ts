import { z } from 'zod';
import { countFrom0, describe, flag, options, positiveInt } from '../validate.js';
import { tlsOptions } from './tls.js';

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// What fetch accepts in a value: Latin-1 without control characters other than tab.
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

// Headers fetch would refuse are refused before anything is sent, without ever quoting a value:
// fetch's own error quotes it, and header values are credentials.
const headers = z
  .record(z.string(), z.unknown(), { error: (i) => `must be an object of name → value; got ${describe(i.input)}` })
  .check((ctx) => {
    for (const [name, value] of Object.entries(ctx.value)) {
      if (!HEADER_NAME.test(name)) {
        ctx.issues.push({ code: 'custom', input: name, message: `${JSON.stringify(name)} is not a valid HTTP header name` });
      } else if (value !== undefined && (typeof value !== 'string' || !HEADER_VALUE.test(value))) {
        ctx.issues.push({
          code: 'custom',
          input: '',
          message: `the value of header "${name}" is not a valid HTTP header value (a string without line breaks or characters beyond Latin-1); the value is not shown`,
        });
      }
    }
  }) as unknown as z.ZodType<Record<string, string>, Record<string, string>>;

const signal = z.instanceof(AbortSignal, { error: (i) => `must be an AbortSignal; got ${describe(i.input)}` });
const timeoutMs = positiveInt('a positive whole number of milliseconds');

/** The options every call takes as its last argument (the schema behind {@link RequestOptions}). */
export const requestOptions = options({
  /** Aborts the call (an {@link AbortError}). */
  signal: signal.optional(),
  /** Deadline of the call, retries and pauses between them included, in milliseconds; default the client's. */
  timeoutMs: timeoutMs.optional(),
  /** Headers for this call, over the client's. */
  headers: headers.optional(),
  /** Repeats of this call after connection errors and 502/503/504, when it is safe to repeat; default the client's. */
  maxRetries: countFrom0().optional(),
});

/**
 * Per-call options, accepted as the last argument of every SDK method. Unknown or ill-typed options
 * are an {@link InvalidInputError} before anything is sent.
 *
 * @example
 * ```ts
 * const quick: RequestOptions = { timeoutMs: 2_000, maxRetries: 0, headers: { 'X-Request-Id': crypto.randomUUID() }, signal };
 * const overview = await flink.cluster.overview(quick);
 * ```
 */
export type RequestOptions = z.input<typeof requestOptions>;

/** The schema behind {@link ClientOptions}. */
export const clientOptions = options({
  /**
   * The JobManager's REST address, e.g. `http://127.0.0.1:8081`; may carry a path prefix
   * (`https://gw/flink`). With high availability, the addresses of every JobManager: requests fail
   * over between them on connection errors and 503s.
   */
  baseUrl: z.union([z.string(), z.array(z.string()).readonly()], {
    error: (i) => `must be a URL or a non-empty list of URLs; got ${describe(i.input)}`,
  }),
  /** Deadline of one call, retries included, in milliseconds. Default 30 000. */
  timeoutMs: timeoutMs.optional(),
  /** Headers sent with every request (e.g. `Authorization`). */
  headers: headers.optional(),
  /** Aborts every call of this client when it fires. */
  signal: signal.optional(),
  /**
   * A fetch implementation (for tests, proxies, custom TLS dispatchers). Default: global fetch.
   * Jar uploads do not go through it: they stream over the client's own connection pool.
   */
  fetch: z
    .custom<typeof fetch>((v) => typeof v === 'function', { error: (i) => `must be a function; got ${describe(i.input)}` })
    .optional(),
  /** How often a call that is safe to repeat is retried on connection errors and 502/503/504. Default 2. */
  maxRetries: countFrom0().optional(),
  /** Check every response against the SDK's schemas. Default true. */
  validateResponses: flag().optional(),
  /** TLS for `https` endpoints: a custom CA, client credentials for mutual TLS. */
  tls: tlsOptions.optional(),
  /**
   * Most sockets open to each JobManager at once; further requests queue. Default 8, which keeps a
   * monitoring tool polling hundreds of jobs from flooding the JobManager's REST threads.
   */
  maxConnections: positiveInt().optional(),
  /**
   * Which Flink server `baseUrl` is: `jobmanager` (the REST API under `/v1`) or `historyserver`
   * (archived jobs, read-only). Default: learnt from the first answer, and before a write that comes
   * first with one `GET /v1/config`, since a HistoryServer never answers a POST.
   */
  server: z
    .enum(['jobmanager', 'historyserver'], { error: (i) => `must be "jobmanager" or "historyserver"; got ${describe(i.input)}` })
    .optional(),
});

/**
 * Options of a {@link FlinkClient}; every one but `baseUrl` has a default. A misspelt or ill-typed
 * option is an {@link InvalidInputError} naming it (with the option it was likely meant to be).
 *
 * @example
 * ```ts
 * const options: ClientOptions = {
 *   baseUrl: ['https://jm-1:8081', 'https://jm-2:8081'], // high availability: fail over between them
 *   headers: { Authorization: `Bearer ${process.env.FLINK_TOKEN}` },
 *   timeoutMs: 10_000,
 *   maxRetries: 3,
 * };
 * const flink = new FlinkClient(options);
 * ```
 */
export type ClientOptions = z.input<typeof clientOptions>;
