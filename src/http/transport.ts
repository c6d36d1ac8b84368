import ky, { HTTPError, type Options as KyOptions, TimeoutError as KyTimeoutError, NetworkError } from 'ky';
import type { z } from 'zod';
import { AbortError, ConnectionError, FlinkError, InvalidInputError, InvalidResponseError, TimeoutError } from '../errors.js';
import { quickParse } from '../schemas/quick.js';
import {
  BACKOFF_LIMIT_MS,
  backoff,
  ErrorAnswer,
  errorData,
  isNetworkFailure,
  pause,
  RETRY_AFTER_STATUSES,
  RETRY_STATUSES,
  serverPause,
} from './direct.js';
import { apiErrorFor, snippet } from './errors.js';
import { type Endpoints, failover } from './failover.js';
import { pooledFetch } from './pool.js';
import { streamingPost, type UploadAnswer } from './stream-upload.js';
import type { TlsOptions } from './tls.js';
import { tlsConnectOptions } from './tls.js';

/**
 * Options of a {@link FlinkClient}; every one but `baseUrl` has a default.
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
export interface ClientOptions {
  /**
   * The JobManager's REST address, e.g. `http://127.0.0.1:8081`; may carry a path prefix
   * (`https://gw/flink`). With high availability, the addresses of every JobManager: requests fail
   * over between them on connection errors and 503s.
   */
  baseUrl: string | readonly string[];
  /** Deadline of one call, retries included, in milliseconds. Default 30 000. */
  timeoutMs?: number;
  /** Headers sent with every request (e.g. `Authorization`). */
  headers?: Record<string, string>;
  /** Aborts every call of this client when it fires. */
  signal?: AbortSignal;
  /** A fetch implementation (for tests, proxies, custom TLS dispatchers). Default: global fetch. */
  fetch?: typeof fetch;
  /** How often a call that is safe to repeat is retried on connection errors and 502/503/504. Default 2. */
  maxRetries?: number;
  /** Check every response against the SDK's schemas. Default true. */
  validateResponses?: boolean;
  /** TLS for `https` endpoints: a custom CA, client credentials for mutual TLS. */
  tls?: TlsOptions;
  /**
   * Most sockets open to each JobManager at once; further requests queue. Default 8, which keeps a
   * monitoring tool polling hundreds of jobs from flooding the JobManager's REST threads.
   */
  maxConnections?: number;
}

/**
 * Per-call options, accepted as the last argument of every SDK method.
 *
 * @example
 * ```ts
 * const quick: RequestOptions = { timeoutMs: 2_000, maxRetries: 0, headers: { 'X-Request-Id': crypto.randomUUID() }, signal };
 * const overview = await flink.cluster.overview(quick);
 * ```
 */
export interface RequestOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  headers?: Record<string, string>;
  maxRetries?: number;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Call<T> {
  method: HttpMethod;
  /** Path below `/v1` (the transport's API prefix), ids already encoded. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  json?: unknown;
  body?: BodyInit;
  /** Content type of `body` when fetch cannot infer it (streams). */
  contentType?: string;
  /** Response schema; without it the body is ignored. */
  schema?: z.ZodType<T>;
  /**
   * `safe`: repeating the request cannot do anything twice (reads; triggers that carry a client
   * trigger id; jar runs that carry a client job id). `never`: uploads, cancels, disposals.
   */
  retry: 'safe' | 'never';
  options?: RequestOptions | undefined;
  /** Told before each repeat of the request. */
  onRetry?: () => void;
  /** Hand back the body unread (see {@link Transport.stream}). */
  streamed?: boolean;
}

/** A call whose answer is streamed: the deadline covers the wait for the answer, not the body. */
export type StreamCall = Omit<Call<never>, 'schema' | 'json' | 'body' | 'contentType'>;

export interface CallResult<T> {
  data: T;
  /** How many times the request was sent again after a failure. */
  retries: number;
}

/** What one call may spend, and how it learns it must stop: shared by its attempts. */
interface Budget {
  timeoutMs: number;
  /** How many times the request may be sent again. */
  limit: number;
  /** The client's and the call's own signals. */
  callerSignals: AbortSignal[];
  /** Fires when the call's time is up. */
  deadline: AbortSignal;
  /** Any of the above. */
  signal: AbortSignal;
  /** Stops the deadline once a streamed answer has started. */
  answered: () => void;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_RETRIES = 2;
const DEFAULT_CONNECTIONS = 8;
const MAX_BODY_BYTES = 64 * 1024 * 1024;

/**
 * The one HTTP layer of the SDK, Flink's errors mapped to the SDK's typed errors. Calls with a body
 * go through ky; calls without one (reads, cancels, deletes: nearly every call, polls included) take
 * a direct path to the pooled fetch by the same rules, since ky's per-request Request objects and
 * hooks cost as much as the request itself against a JobManager nearby.
 */
export class Transport {
  private readonly endpoints: readonly string[];
  private readonly failover: Endpoints | undefined;
  private readonly http: typeof ky;
  /** The direct path's fetch: `path` (from `/v1` on) to the endpoint, or to each in turn with failover. */
  private readonly direct: (path: string, init: RequestInit) => Promise<Response>;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly validate: boolean;
  private readonly signal: AbortSignal | undefined;
  private readonly closePool: () => Promise<void>;
  // Private fields: they hold credentials, and `util.inspect` of a client must not show them.
  readonly #headers: Record<string, string>;
  /** `#headers` without undefined values, as ky sends them. */
  readonly #plainHeaders: Record<string, string>;
  readonly #tlsConnect: Record<string, unknown> | undefined;
  /** Put between the base URL and every call's path: `/v1` for the JobManager; `''` for the SQL Gateway, whose paths name their own version. */
  private readonly prefix: string;

  constructor(options: ClientOptions, { apiPrefix = '/v1' }: { apiPrefix?: string } = {}) {
    this.prefix = apiPrefix;
    const bases = typeof options.baseUrl === 'string' ? [options.baseUrl] : options.baseUrl;
    if (!Array.isArray(bases) || bases.length === 0) throw new InvalidInputError('baseUrl must be a URL or a non-empty list of URLs');
    const parsed = bases.map((base) => parseBaseUrl(base));
    this.endpoints = parsed.map((p) => p.url);
    const url = this.endpoints[0] as string;
    const authorization = parsed.find((p) => p.authorization)?.authorization;
    this.timeoutMs = positiveInt(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, 'timeoutMs');
    this.maxRetries = nonNegativeInt(options.maxRetries ?? DEFAULT_RETRIES, 'maxRetries');
    this.validate = options.validateResponses ?? true;
    this.signal = options.signal;
    const headers: Record<string, string> = { accept: 'application/json', ...checkHeaders(options.headers, 'FlinkClient') };
    if (authorization && !Object.keys(headers).some((k) => k.toLowerCase() === 'authorization')) {
      headers.authorization = authorization;
    }
    const pool = pooledFetch(
      { tls: options.tls, maxConnections: positiveInt(options.maxConnections ?? DEFAULT_CONNECTIONS, 'maxConnections') },
      options.fetch,
    );
    this.closePool = pool.close;
    let fetchImpl = pool.fetch;
    const poolFetch = pool.fetch;
    this.direct = (path, init) => poolFetch(url + path, init);
    if (this.endpoints.length > 1) {
      this.failover = failover(this.endpoints, fetchImpl);
      fetchImpl = this.failover.fetch;
      this.direct = this.failover.send;
    }
    this.#headers = headers;
    this.#plainHeaders = definedOnly(headers);
    this.#tlsConnect = options.tls ? tlsConnectOptions(options.tls) : undefined;
    this.http = ky.create({
      prefix: `${url}${apiPrefix}`,
      headers,
      throwHttpErrors: true,
      fetch: fetchImpl,
      // Never followed: fetch would turn a redirected POST into a GET (Flink answers plain http on
      // its TLS port with 301 to https), and a proxy's redirect leads to a login page, not the API.
      redirect: 'manual',
    });
  }

  /** The endpoint requests go to first: the one that answered last. */
  get baseUrl(): string {
    return this.failover?.current() ?? (this.endpoints[0] as string);
  }

  /** Closes the client's connection pool; later calls fail with a ConnectionError. */
  async close(): Promise<void> {
    await this.closePool();
  }

  async request<T>(call: Call<T>): Promise<T> {
    return (await this.send(call)).data;
  }

  /**
   * POSTs a streamed body (a jar upload) to the endpoint in use, read only as fast as the socket
   * takes it. Never repeated. Errors map as for every other call.
   */
  async upload<T>(call: Omit<Call<T>, 'json' | 'body' | 'retry'> & { body: AsyncIterable<Uint8Array>; contentType: string }): Promise<T> {
    const opts = call.options ?? {};
    checkHeaders(opts.headers, `${call.method} ${call.path}`);
    const timeoutMs = positiveInt(opts.timeoutMs ?? this.timeoutMs, 'timeoutMs');
    const callerSignals = [this.signal, opts.signal].filter((s): s is AbortSignal => s !== undefined);
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = AbortSignal.any([deadline, ...callerSignals]);
    const budget: Budget = { timeoutMs, limit: 0, callerSignals, deadline, signal, answered: () => {} };
    const full: Call<T> = { method: call.method, path: call.path, retry: 'never', ...(call.schema ? { schema: call.schema } : {}) };
    let answer: UploadAnswer;
    try {
      answer = await streamingPost({
        url: `${this.baseUrl}${this.prefix}${call.path}`,
        headers: { ...this.#headers, ...opts.headers, 'content-type': call.contentType },
        body: call.body,
        signal,
        tls: this.#tlsConnect,
        maxBodyBytes: MAX_BODY_BYTES,
      });
    } catch (err) {
      const failure = this.mapError(
        err instanceof Error && err.name === 'AbortError' ? err : new TypeError('upload failed', { cause: err }),
        full,
        budget,
      );
      throw (cutOff(err) && !signal.aborted && (await this.redirectOf(full, opts.headers, signal))) || failure;
    }
    if (answer.status >= 300 && answer.status < 400) {
      throw redirectError(answer.status, answer.location, `${this.baseUrl}${this.prefix}${call.path}`, full);
    }
    if (answer.status >= 400) {
      let body: unknown = answer.text;
      try {
        body = JSON.parse(answer.text);
      } catch {
        /* not JSON: reported as a snippet */
      }
      throw apiErrorFor(answer.status, call.method, call.path, body);
    }
    return parseAnswer(answer.text, full, this.validate);
  }

  /**
   * After an upload's connection was cut before any answer: does the server redirect? Flink's TLS
   * port answers plain http with 301 and closes at once, and the reset can reach the client before
   * the answer does, which the kernel then drops. One bodiless GET tells; any other outcome leaves
   * the upload's own error standing.
   */
  private async redirectOf(
    call: Call<unknown>,
    headers: Record<string, string> | undefined,
    signal: AbortSignal,
  ): Promise<ConnectionError | undefined> {
    try {
      const response = await this.direct('/v1/config', { method: 'GET', headers: this.headersFor(headers), redirect: 'manual', signal });
      await response.body?.cancel();
      if (response.status < 300 || response.status >= 400) return undefined;
      return redirectError(response.status, response.headers.get('location'), `${this.baseUrl}${this.prefix}${call.path}`, call);
    } catch {
      return undefined;
    }
  }

  /** The answer's body as a stream of bytes, e.g. a log file, never read into memory as a whole. */
  async stream(call: StreamCall): Promise<ReadableStream<Uint8Array>> {
    return (await this.send<ReadableStream<Uint8Array>>({ ...call, streamed: true })).data;
  }

  async send<T>(call: Call<T>): Promise<CallResult<T>> {
    const opts = call.options ?? {};
    checkHeaders(opts.headers, `${call.method} ${call.path}`);
    const timeoutMs = positiveInt(opts.timeoutMs ?? this.timeoutMs, 'timeoutMs');
    const limit = call.retry === 'safe' ? nonNegativeInt(opts.maxRetries ?? this.maxRetries, 'maxRetries') : 0;
    const callerSignals = [this.signal, opts.signal].filter((s): s is AbortSignal => s !== undefined);
    // One deadline for the whole call: attempts, pauses between them and reading the body (for a
    // streamed answer, only until the answer starts).
    const deadlineTimer = new AbortController();
    const timer = setTimeout(() => deadlineTimer.abort(), timeoutMs);
    const deadline = deadlineTimer.signal;
    const budget: Budget = {
      timeoutMs,
      limit,
      callerSignals,
      deadline,
      signal: callerSignals.length ? AbortSignal.any([deadline, ...callerSignals]) : deadline,
      answered: () => clearTimeout(timer),
    };
    try {
      return call.json === undefined && call.body === undefined && call.contentType === undefined
        ? await this.plain(call, budget)
        : await this.attempt(call, budget);
    } catch (err) {
      clearTimeout(timer);
      throw err;
    } finally {
      if (!call.streamed) clearTimeout(timer);
    }
  }

  private async attempt<T>(call: Call<T>, budget: Budget): Promise<CallResult<T>> {
    const { timeoutMs, limit, deadline } = budget;
    const opts = call.options ?? {};
    const state = { retries: 0 };
    const fail = (err: unknown) => this.mapError(err, call, budget);
    // ky's default pause (300 ms doubling) with a random part of it: the same as ./direct.ts's backoff().
    const retry = {
      limit,
      methods: ['get', 'post', 'put', 'patch', 'delete'],
      statusCodes: RETRY_STATUSES,
      afterStatusCodes: RETRY_AFTER_STATUSES,
      maxRetryAfter: timeoutMs,
      backoffLimit: BACKOFF_LIMIT_MS,
      jitter: true,
      retryOnTimeout: false,
    };
    const kyOptions: KyOptions = {
      method: call.method.toLowerCase(),
      // The call's own deadline covers every attempt; ky's per-attempt timer would only add cost.
      timeout: false,
      totalTimeout: false,
      signal: budget.signal,
      retry,
      hooks: {
        beforeRetry: [
          () => {
            state.retries += 1;
            call.onRetry?.();
          },
        ],
      },
      ...(opts.headers || call.contentType
        ? { headers: { ...opts.headers, ...(call.contentType ? { 'content-type': call.contentType } : {}) } }
        : {}),
      // A streamed body is sent as it is read (fetch requires saying so).
      ...(call.body instanceof ReadableStream ? { duplex: 'half' as const } : {}),
      ...(call.query ? { searchParams: dropUndefined(call.query) } : {}),
      ...(call.json !== undefined ? { json: checkedJson(call) } : {}),
      ...(call.body !== undefined ? { body: call.body } : {}),
    };
    const path = call.path.replace(/^\//, '');
    // ky repeats what fails before an answer arrives; an answer cut off mid-body (a dropped
    // connection, a proxy's truncated or garbled reply) is repeated here, for safe calls only.
    for (;;) {
      // One budget of repeats for the call, whichever kind of failure used it up.
      retry.limit = limit - state.retries;
      let response: Response;
      try {
        response = await this.http(path, kyOptions);
      } catch (err) {
        throw fail(err);
      }
      const outcome = await this.read(response, call, state.retries, fail, budget.answered);
      if (!(outcome instanceof Error)) return outcome;
      if (!garbled(outcome) || state.retries >= limit || deadline.aborted) throw outcome;
      state.retries += 1;
      call.onRetry?.();
    }
  }

  /**
   * The direct path, for calls without a body: the pooled fetch called straight, and what ky does
   * for the other calls done here by the same rules: safe calls repeated on connection errors and
   * 502/503/504 after the same pauses (or the pause a 503 asks for), error bodies read as ky reads
   * them, redirects reported rather than followed.
   */
  private async plain<T>(call: Call<T>, budget: Budget): Promise<CallResult<T>> {
    const { timeoutMs, limit, deadline, signal } = budget;
    const fail = (err: unknown) => this.mapError(err, call, budget);
    const init: RequestInit = { method: call.method, headers: this.headersFor(call.options?.headers), redirect: 'manual', signal };
    const path = `${this.prefix}/${call.path.replace(/^\/+/, '')}${queryString(call.query)}`;
    let retries = 0;
    for (;;) {
      let response: Response | undefined;
      try {
        response = await this.direct(path, init);
      } catch (err) {
        if (retries >= limit || !isNetworkFailure(err)) throw fail(err);
      }
      let pauseMs: number;
      if (response === undefined) {
        pauseMs = backoff(retries + 1);
      } else if (response.ok) {
        const outcome = await this.read(response, call, retries, fail, budget.answered);
        if (!(outcome instanceof Error)) return outcome;
        if (!garbled(outcome) || retries >= limit || deadline.aborted) throw outcome;
        retries += 1;
        call.onRetry?.();
        continue; // at once, as the ky path does
      } else {
        const { status, headers } = response;
        const answer = new ErrorAnswer({ status, headers, url: response.url || this.baseUrl + path }, await errorData(response));
        if (retries >= limit || !RETRY_STATUSES.includes(status)) throw fail(answer);
        const asked = RETRY_AFTER_STATUSES.includes(status) ? serverPause(headers) : undefined;
        pauseMs = asked === undefined ? backoff(retries + 1) : Math.min(timeoutMs, asked);
      }
      try {
        await pause(pauseMs, signal);
      } catch (err) {
        throw fail(err);
      }
      retries += 1;
      call.onRetry?.();
    }
  }

  /**
   * A 2xx answer as the call wants it: streamed, ignored, or read and checked. A failure is handed
   * back, not thrown, so that the caller can repeat the call for an answer cut off mid-body.
   */
  private async read<T>(
    response: Response,
    call: Call<T>,
    retries: number,
    fail: (err: unknown) => Error,
    answered: () => void,
  ): Promise<CallResult<T> | Error> {
    try {
      if (call.streamed) {
        answered();
        return { data: (response.body ?? new ReadableStream()) as T, retries };
      }
      if (!call.schema) {
        await response.body?.cancel();
        return { data: undefined as T, retries };
      }
      const text = await readText(response, call);
      return { data: parseAnswer(text, call, this.validate), retries };
    } catch (err) {
      return err instanceof InvalidResponseError ? err : fail(err);
    }
  }

  /**
   * The client's headers with the call's own over them, merged as ky merges them: as plain objects,
   * so a name that differs only in case is sent with both values, as fetch joins them.
   */
  private headersFor(extra: Record<string, string> | undefined): Record<string, string> {
    return extra === undefined ? this.#plainHeaders : definedOnly({ ...this.#headers, ...extra });
  }

  private mapError(err: unknown, call: Call<unknown>, { timeoutMs, callerSignals, deadline }: Budget): Error {
    const label = `${call.method} ${call.path}`;
    const aborted = callerSignals.find((s) => s.aborted);
    if (aborted) return new AbortError(`${label} aborted`, { cause: aborted.reason });
    if (err instanceof FlinkError) return err;
    if (deadline.aborted || err instanceof KyTimeoutError) {
      // No cause: ky's errors carry the request, headers and all, and causes get logged.
      return new TimeoutError(`${label} got no answer within ${timeoutMs} ms`, timeoutMs);
    }
    if ((err instanceof HTTPError || err instanceof ErrorAnswer) && err.response.status >= 300 && err.response.status < 400) {
      return redirectError(err.response.status, err.response.headers.get('location'), err.response.url, call);
    }
    if (err instanceof HTTPError || err instanceof ErrorAnswer) {
      return apiErrorFor(err.response.status, call.method, call.path, err.data);
    }
    if (err instanceof NetworkError || err instanceof TypeError) {
      const socketError = innermost(err);
      return new ConnectionError(
        `${label}: cannot reach ${this.endpoints.join(' or ')}: ${describeSocketError(socketError)}`,
        call.method,
        call.path,
        { cause: socketError },
      );
    }
    return new ConnectionError(`${label} failed: ${err instanceof Error ? err.message : String(err)}`, call.method, call.path);
  }
}

/** A connection reset or closed under a request still being written. */
function cutOff(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'EPIPE' || code === 'ECONNRESET';
}

/**
 * A redirect answer as a ConnectionError: the endpoint cannot be used as configured. Flink sends 301
 * to https when plain http reaches a port with security.ssl.rest.enabled; say so.
 */
function redirectError(
  status: number,
  location: string | null | undefined,
  requested: string,
  call: Pick<Call<unknown>, 'method' | 'path'>,
): ConnectionError {
  const from = new URL(requested);
  let to: URL | undefined;
  try {
    to = location ? new URL(location, from) : undefined;
  } catch {
    /* unusable Location: reported without it */
  }
  const shown = to ? `${to.origin}${to.pathname}` : undefined; // no query: it may carry tokens
  const hint =
    from.protocol === 'http:' && to?.protocol === 'https:' && to.host === from.host
      ? `; it speaks https (Flink with security.ssl.rest.enabled redirects plain http): use https://${from.host} as baseUrl`
      : from.protocol === 'http:' && to === undefined
        ? `; if the server speaks https (Flink with security.ssl.rest.enabled redirects plain http), use https://${from.host}`
        : '; redirects are not followed: use the address the API answers at';
  return new ConnectionError(
    `${call.method} ${call.path}: ${from.origin} answered ${status} with a redirect${shown ? ` to ${shown}` : ''}${hint}`,
    call.method,
    call.path,
  );
}

// Flink's default rest.server.max-content-length: larger requests are refused by the server anyway.
const MAX_REQUEST_BYTES = 104_857_600;

/** The call's JSON body, refused before sending when Flink would refuse it for its size. */
function checkedJson(call: Call<unknown>): unknown {
  const size = Buffer.byteLength(JSON.stringify(call.json) ?? '');
  if (size > MAX_REQUEST_BYTES) {
    throw new InvalidInputError(
      `${call.method} ${call.path}: the request would be ${size} bytes, more than Flink accepts (rest.server.max-content-length, 100 MiB by default)`,
    );
  }
  return call.json;
}

/** Parses an answer's text for a call: JSON, then the call's schema unless validation is off. */
export function parseAnswer<T>(text: string, call: Pick<Call<T>, 'method' | 'path' | 'schema'>, validate = true): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new InvalidResponseError(
      `${call.method} ${call.path}: the answer is not JSON: ${snippet(text) || '(empty body)'}`,
      call.path,
      snippet(text),
      { cause: err },
    );
  }
  if (!validate || !call.schema) return json as T;
  const quick = quickParse(call.schema, json);
  if (quick !== undefined) return quick;
  const parsed = call.schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : '(root)';
  throw new InvalidResponseError(
    `${call.method} ${call.path}: unexpected answer at ${where}: ${issue?.message ?? 'invalid'}`,
    call.path,
    snippet(text),
    { cause: parsed.error },
  );
}

/** Reads the body as text, refusing more than MAX_BODY_BYTES whatever the headers claim. */
async function readText(response: Response, call: Call<unknown>): Promise<string> {
  const tooLarge = () =>
    new InvalidResponseError(`${call.method} ${call.path}: the answer is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB`, call.path, '');
  const length = response.headers.get('content-length');
  if (Number(length ?? '0') > MAX_BODY_BYTES) {
    await response.body?.cancel();
    throw tooLarge();
  }
  // A declared length is enforced by fetch itself: read it in one go.
  if (length !== null) return response.text();
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  // Decoded once at the end (cheaper than chunk by chunk), so a character split between chunks comes out whole.
  return UTF8.decode(chunks.length === 1 ? chunks[0] : joined(chunks, size));
}

// Decoding without { stream: true } keeps no state between calls: one decoder serves them all.
const UTF8 = new TextDecoder();

function joined(chunks: readonly Uint8Array[], size: number): Uint8Array {
  const all = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.byteLength;
  }
  return all;
}

/** fetch wraps the socket error (ECONNREFUSED, ECONNRESET, certificate errors) in causes. */
function innermost(err: Error): Error {
  let cause: Error = err;
  while (cause.cause instanceof Error) cause = cause.cause;
  return cause;
}

// TLS failures in words a user can act on: Node's own text speaks of OpenSSL internals, or suggests
// --use-system-ca where this client's tls.ca is the fix.
const UNTRUSTED_SERVER = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
]);

function describeSocketError(err: Error & { code?: string }): string {
  const code = err.code ?? '';
  if (UNTRUSTED_SERVER.has(code)) {
    const what = err.message.replace(/;\s*if the root CA is installed locally.*$/s, '');
    return `${code} ${what}: the server's certificate is not signed by a CA this client trusts (give that CA as tls.ca)`;
  }
  // The server's TLS alert about our certificate: 42 bad certificate (none sent), 46 certificate
  // unknown (Java's answer to one its truststore lacks), 48 unknown CA, 116 certificate required.
  if (/^ERR_SSL_.*ALERT_(BAD_CERTIFICATE|CERTIFICATE_UNKNOWN|UNKNOWN_CA|CERTIFICATE_REQUIRED)$/.test(code)) {
    return `${code}: the server refused the client certificate, none given or one it does not trust (mutual TLS, e.g. Flink's security.ssl.rest.authentication-enabled: give tls.cert and tls.key, or tls.pfx, signed by a CA in the server's truststore)`;
  }
  return code && !err.message.includes(code) ? `${code} ${err.message}` : err.message;
}

/** An answer cut off mid-body or garbled on the way: worth asking again for, when the call is safe to repeat. */
function garbled(failure: Error): boolean {
  return failure instanceof ConnectionError || (failure instanceof InvalidResponseError && failure.message.includes('not JSON'));
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// What fetch accepts in a value: Latin-1 without control characters other than tab.
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * Refuses headers fetch would refuse, before anything is sent, without ever quoting a value: fetch's
 * own error quotes it, and header values are credentials.
 */
function checkHeaders<H extends Record<string, string> | undefined>(headers: H, where: string): H {
  if (headers === undefined) return headers;
  if (headers === null || typeof headers !== 'object' || Array.isArray(headers)) {
    throw new InvalidInputError(`${where}: headers must be an object of name → value`);
  }
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name)) throw new InvalidInputError(`${where}: ${JSON.stringify(name)} is not a valid HTTP header name`);
    if (value === undefined) continue;
    if (typeof value !== 'string' || !HEADER_VALUE.test(value)) {
      throw new InvalidInputError(
        `${where}: the value of header "${name}" is not a valid HTTP header value (a string without line breaks or characters beyond Latin-1); the value is not shown`,
      );
    }
  }
  return headers;
}

function definedOnly(headers: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name] = value;
  return out;
}

/** `?a=1&b=2` as ky writes `searchParams`: undefined values left out, nothing when none is left. */
function queryString(query: Call<unknown>['query']): string {
  if (!query) return '';
  const search = new URLSearchParams(dropUndefined(query)).toString();
  return search ? `?${search}` : '';
}

function dropUndefined(query: Record<string, string | number | boolean | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(query)) if (v !== undefined) out[k] = String(v);
  return out;
}

/** Normalises the base URL and moves credentials out of it, so that they never reach a message. */
export function parseBaseUrl(input: string): { url: string; authorization?: string } {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new InvalidInputError(
      `baseUrl must be an absolute http(s) URL such as http://127.0.0.1:8081; got ${JSON.stringify(redact(input))}`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidInputError(`baseUrl must use http or https; got ${url.protocol}`);
  }
  let authorization: string | undefined;
  if (url.username || url.password) {
    const user = decodeURIComponent(url.username);
    const pass = decodeURIComponent(url.password);
    authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
    url.username = '';
    url.password = '';
  }
  url.search = '';
  url.hash = '';
  // A base ending in /v1 is accepted too: the SDK adds /v1 itself.
  const clean = url.toString().replace(/\/+$/, '').replace(/\/v1$/, '');
  return authorization ? { url: clean, authorization } : { url: clean };
}

function redact(input: string): string {
  return input.replace(/\/\/[^/@]*@/, '//***@');
}

function positiveInt(value: number, name: string): number {
  if (!Number.isInteger(value) || value <= 0) throw new InvalidInputError(`${name} must be a positive integer; got ${value}`);
  return value;
}

function nonNegativeInt(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0) throw new InvalidInputError(`${name} must be a whole number ≥ 0; got ${value}`);
  return value;
}
