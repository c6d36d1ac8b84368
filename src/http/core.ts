import { Readable } from 'node:stream';
import ky, { type KyInstance, type Options as KyOptions } from 'ky';
import type { Dispatcher } from 'undici';
import type { ZodType, z } from 'zod';
import { InvalidInputError, InvalidResponseError } from '../errors.js';
import { parseOptions } from '../validate.js';
import { type FailedCall, innermost, mapError, redirectError, snippet } from './errors.js';
import { type Endpoints, failover } from './failover.js';
import { type ClientOptions, clientOptions, type RequestOptions, requestOptions } from './options.js';
import { type Pool, pool } from './pool.js';
import { fillPath, type HttpMethod } from './typed.js';

/** One request as resources hand it to the core. */
export interface Call<T = unknown> {
  method: HttpMethod;
  /** Path below the API version, parameters filled in and encoded. */
  path: string;
  query?: Record<string, string | number | boolean | undefined> | undefined;
  json?: unknown;
  /** Checks the answer; without it the answer is returned as parsed. */
  schema?: ZodType<T> | undefined;
  /**
   * `safe`: repeating the request cannot do anything twice (reads; triggers that carry a client
   * trigger id; jar runs that carry a client job id). `never`: cancels, disposals, uploads.
   */
  retry: 'safe' | 'never';
  options?: RequestOptions | undefined;
  /** Told before each repeat of the request. */
  onRetry?: () => void;
  /**
   * `json` (the default with a schema): parse the answer; `ignore` (the default without one): do
   * not read it; `body`: hand it back unread (a log file); `auto`: parse JSON, hand back the rest;
   * `text`: the answer's text, read whole within the deadline, unparsed (numbers beyond 2^53 intact).
   */
  answer?: 'json' | 'body' | 'ignore' | 'auto' | 'text';
  /** A body sent as it is read (a jar), never repeated. */
  upload?: {
    body: AsyncIterable<Uint8Array>;
    contentType: string;
    /** Bytes the body yields, when known (a file): sent as Content-Length instead of chunked. */
    length?: number | undefined;
  };
}

/** What {@link HttpCore.call} takes: the spec's fields of a request, and the rest of a {@link Call}. */
export interface CallInit extends Partial<Omit<Call, 'method' | 'path' | 'json' | 'query'>> {
  params?: Record<string, unknown> | undefined;
  query?: Record<string, string | number | boolean | undefined> | undefined;
  body?: unknown;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_RETRIES = 2;
const DEFAULT_CONNECTIONS = 8;
const MAX_BODY_BYTES = 64 * 1024 * 1024;
const NO_OPTIONS: z.output<typeof requestOptions> = {};

/** A 2xx answer as read inside the fetch: parsed, and its text for error messages. */
interface Answer {
  json: unknown;
  text: string;
}

/** What a call's ky hooks need to know of it. */
interface Context {
  call: Call;
  failed: FailedCall;
}

/**
 * The one HTTP layer of the SDK: every call goes through one ky instance (its retry with backoff and
 * Retry-After, the call's deadline as ky's total timeout, hooks that count repeats and map errors)
 * over the client's own connection pool. Answers are read inside the fetch ky calls, so that an
 * answer cut off mid-body is repeated within the same retry budget as any other failure.
 */
export class HttpCore {
  readonly #endpoints: readonly string[];
  readonly #failover: Endpoints | undefined;
  readonly #pool: Pool;
  readonly #send: typeof fetch;
  readonly #ky: KyInstance;
  readonly #prefix: string;
  readonly #timeoutMs: number;
  readonly #maxRetries: number;
  readonly #validate: boolean;
  readonly #signal: AbortSignal | undefined;

  /** @param apiVersion the path under each endpoint that calls go to, `/v1` for a JobManager. */
  constructor(input: ClientOptions, apiVersion = '/v1') {
    const options = parseOptions(clientOptions, input, 'FlinkClient');
    const bases = typeof options.baseUrl === 'string' ? [options.baseUrl] : options.baseUrl;
    if (bases.length === 0) throw new InvalidInputError('FlinkClient: baseUrl must be a URL or a non-empty list of URLs');
    const parsed = bases.map((base) => parseBaseUrl(base));
    this.#endpoints = parsed.map((p) => p.url);
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#maxRetries = options.maxRetries ?? DEFAULT_RETRIES;
    this.#validate = options.validateResponses ?? true;
    this.#signal = options.signal;
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    const authorization = parsed.find((p) => p.authorization)?.authorization;
    if (authorization && !Object.keys(headers).some((k) => k.toLowerCase() === 'authorization')) headers.authorization = authorization;
    this.#pool = pool({ tls: options.tls, maxConnections: options.maxConnections ?? DEFAULT_CONNECTIONS }, options.fetch);
    this.#failover = this.#endpoints.length > 1 ? failover(this.#endpoints, this.#pool.fetch) : undefined;
    this.#send = this.#failover?.fetch ?? this.#pool.fetch;
    this.#prefix = `${this.#endpoints[0]}${apiVersion}`;
    this.#ky = ky.create({
      headers,
      // Never followed: fetch would turn a redirected POST into a GET (Flink answers plain http on
      // its TLS port with 301 to https), and a proxy's redirect leads to a login page, not the API.
      redirect: 'manual',
      // The call's deadline (totalTimeout) covers every attempt; a per-attempt timer would only add cost.
      timeout: false,
      retry: {
        methods: ['get', 'post', 'put', 'patch', 'delete'],
        statusCodes: [502, 503, 504],
        afterStatusCodes: [503],
        backoffLimit: 5_000,
        jitter: true,
        retryOnTimeout: false,
      },
      hooks: {
        beforeRetry: [({ options }) => (options.context as unknown as Context).call.onRetry?.()],
        beforeError: [({ error, options }) => mapError(error, (options.context as unknown as Context).failed)],
      },
    });
  }

  /** The endpoint requests go to first: the one that answered last. */
  get baseUrl(): string {
    return this.#failover?.current() ?? (this.#endpoints[0] as string);
  }

  /** Closes the client's connection pool; later calls fail with a ConnectionError. */
  async close(): Promise<void> {
    await this.#pool.close();
  }

  /**
   * A call by path template: `params` fill the template's `{name}`s (each encoded as one segment),
   * `body` is sent as JSON; GETs are safe to repeat unless `retry` says otherwise.
   */
  call<T>(method: HttpMethod, template: string, init: CallInit = {}): Promise<T> {
    const { params, query, body, retry, ...rest } = init;
    return this.send<T>({
      method,
      path: fillPath(method, template, params),
      query,
      json: body,
      retry: retry ?? (method === 'GET' ? 'safe' : 'never'),
      ...rest,
    } as Call<T>);
  }

  /** Sends one call and returns its answer: parsed (and checked), its body as a stream, or nothing. */
  async send<T>(call: Call<T>): Promise<T> {
    const label = `${call.method} ${call.path}`;
    const opts = call.options === undefined ? NO_OPTIONS : parseOptions(requestOptions, call.options, label);
    const timeoutMs = opts.timeoutMs ?? this.#timeoutMs;
    const callerSignals = [this.#signal, opts.signal].filter((s): s is AbortSignal => s !== undefined);
    const context: Context = {
      call: call as Call,
      failed: { method: call.method, path: call.path, timeoutMs, callerSignals, endpoints: this.#endpoints },
    };
    const answers = new WeakMap<Response, Answer>();
    const kyOptions: KyOptions = {
      method: call.method,
      totalTimeout: timeoutMs,
      retry: {
        limit: call.retry === 'safe' && !call.upload ? (opts.maxRetries ?? this.#maxRetries) : 0,
        shouldRetry: ({ error }) => {
          context.failed.lastError = error; // named if the deadline passes before the next attempt
          // An answer that arrived garbled is asked for again, like one that never arrived.
          if (error instanceof InvalidResponseError && error.message.includes('not JSON')) return true;
          // A port fetch refuses stays refused: no use asking again.
          return innermost(error).message === 'bad port' ? false : undefined;
        },
      },
      context: context as unknown as Record<string, unknown>,
      fetch: call.upload
        ? (request) => this.#upload(request as Request, call, answers)
        : (request, init) => this.#answer(request as Request, init ?? {}, call, answers),
      ...(callerSignals.length ? { signal: callerSignals.length === 1 ? callerSignals[0] : AbortSignal.any(callerSignals) } : {}),
      ...(opts.headers || call.upload
        ? { headers: { ...opts.headers, ...(call.upload ? { 'content-type': call.upload.contentType } : {}) } }
        : {}),
      ...(call.query ? { searchParams: call.query } : {}),
      ...(call.json !== undefined ? { json: call.json } : {}),
    };
    const response = await this.#ky(`${this.#prefix}${call.path}`, kyOptions);
    const answer = answers.get(response);
    if (call.answer === 'body' || (call.answer === 'auto' && !answer && !response.bodyUsed)) {
      return (response.body ?? new ReadableStream()) as T;
    }
    if (call.answer === 'text') return (answer?.text ?? '') as T;
    return answer === undefined ? (undefined as T) : checked(answer.json, () => answer.text, call, this.#validate);
  }

  /**
   * The fetch under ky for every call but uploads: sends through the pool (with failover) and, for
   * a 2xx answer whose JSON is wanted, reads and parses it here, so that an answer cut off mid-body
   * fails the attempt and ky repeats it.
   */
  async #answer(request: Request, init: RequestInit, call: Call, answers: WeakMap<Response, Answer>): Promise<Response> {
    const response = await this.#send(request, init);
    if (!response.ok || call.answer === 'body') return response;
    if (call.answer === 'auto' && !/[/+.-]json\b/i.test(response.headers.get('content-type') ?? 'application/json')) return response;
    if (call.answer === 'ignore' || (call.answer === undefined && !call.schema)) {
      await response.body?.cancel();
      return response;
    }
    const text = await collect(response.body as AsyncIterable<Uint8Array> | null, response.headers.get('content-length'), call);
    if (call.answer === 'text') {
      answers.set(response, { json: undefined, text });
      return response;
    }
    // Nothing at all is no answer for a schema to check, but a fine one for an operation without content.
    if (text !== '' || call.schema) answers.set(response, { json: parseJson(text, call), text });
    return response;
  }

  /**
   * POSTs a streamed body (a jar) over the pool's Agent: the file is read only as fast as the socket
   * takes it (fetch would read a streamed body ahead of the socket: about 1 GiB of memory for a 1 GiB
   * jar). An answer that comes before the body is all sent ends the upload at once: the socket is
   * destroyed and the body's source closed.
   */
  async #upload(request: Request, call: Call, answers: WeakMap<Response, Answer>): Promise<Response> {
    const upload = call.upload as NonNullable<Call['upload']>;
    const agent = await this.#pool.agent();
    // The endpoint in use: with failover, the one that answered last (jars stay on the JobManager they reach).
    const url = new URL(this.baseUrl + request.url.slice((this.#endpoints[0] as string).length));
    let answer: Dispatcher.ResponseData;
    try {
      answer = await agent.request({
        origin: url.origin,
        path: url.pathname + url.search,
        method: 'POST',
        headers: {
          ...Object.fromEntries(request.headers as unknown as Iterable<[string, string]>),
          ...(upload.length === undefined ? {} : { 'content-length': String(upload.length) }),
        },
        body: Readable.from(upload.body, { objectMode: false, highWaterMark: 1 << 16 }),
        signal: request.signal,
      });
    } catch (err) {
      // Flink's TLS port answers plain http with 301 and closes at once; an upload still sending
      // may see only the reset. One bodiless GET tells whether it redirects.
      throw (cutOff(err) && !request.signal.aborted && (await this.#redirectOf(request, call))) || err;
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(answer.headers)) {
      for (const v of Array.isArray(value) ? value : [value]) if (v !== undefined) headers.append(name, v);
    }
    const text = await collect(answer.body, headers.get('content-length'), call);
    const response = new Response(text === '' ? null : text, { status: answer.statusCode, headers });
    if (response.ok) answers.set(response, { json: parseJson(text, call), text });
    return response;
  }

  /** After an upload's connection was cut before any answer: the redirect the server answers with, if any. */
  async #redirectOf(upload: Request, call: Call): Promise<Error | undefined> {
    try {
      const response = await this.#send(`${this.#prefix}/config`, { headers: upload.headers, redirect: 'manual', signal: upload.signal });
      await response.body?.cancel();
      if (response.status < 300 || response.status >= 400) return undefined;
      return redirectError(response.status, response.headers.get('location'), `${this.baseUrl}/v1${call.path}`, call);
    } catch {
      return undefined;
    }
  }
}

/** A connection reset or closed under a request still being written. */
function cutOff(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === 'EPIPE' || code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** Parses an answer's text for a call as JSON; a failure says so, and is worth one more try. */
function parseJson(text: string, call: Pick<Call, 'method' | 'path'>): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InvalidResponseError(
      `${call.method} ${call.path}: the answer is not JSON: ${snippet(text) || '(empty body)'}`,
      call.path,
      snippet(text),
      { cause: err },
    );
  }
}

/**
 * A parsed answer checked against the call's schema, unless validation is off; `text` (the answer
 * as it came) is read only for the message of a failed check.
 */
export function checked<T>(json: unknown, text: () => string, call: Pick<Call<T>, 'method' | 'path' | 'schema'>, validate = true): T {
  if (!validate || !call.schema) return json as T;
  const parsed = call.schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : '(root)';
  throw new InvalidResponseError(
    `${call.method} ${call.path}: unexpected answer at ${where}: ${issue?.message ?? 'invalid'}`,
    call.path,
    snippet(text()),
    { cause: parsed.error },
  );
}

/** Parses an answer's text as JSON and checks it: the answer as a call would return it. */
export function parseAnswer<T>(text: string, call: Pick<Call<T>, 'method' | 'path' | 'schema'>, validate = true): T {
  return checked(parseJson(text, call), () => text, call, validate);
}

/** Reads a body as text, refusing more than MAX_BODY_BYTES whatever the headers claim. */
async function collect(
  body: AsyncIterable<Uint8Array> | null,
  length: string | null,
  call: Pick<Call, 'method' | 'path'>,
): Promise<string> {
  const tooLarge = () =>
    new InvalidResponseError(`${call.method} ${call.path}: the answer is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB`, call.path, '');
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (Number(length ?? '0') > MAX_BODY_BYTES) {
    await cancel(body);
    throw tooLarge();
  }
  for await (const chunk of body ?? []) {
    size += chunk.byteLength;
    if (size > MAX_BODY_BYTES) {
      await cancel(body);
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  // Decoded once at the end, so that a character split between chunks comes out whole.
  return Buffer.concat(chunks, size).toString('utf8');
}

async function cancel(body: AsyncIterable<Uint8Array> | null): Promise<void> {
  const b = body as { cancel?: () => Promise<void>; destroy?: () => void } | null;
  if (b?.cancel) await b.cancel().catch(() => undefined);
  else b?.destroy?.();
}

/** Normalises the base URL and moves credentials out of it, so that they never reach a message. */
export function parseBaseUrl(input: string): { url: string; authorization?: string } {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    const shown = JSON.stringify(input.replace(/\/\/[^/@]*@/, '//***@'));
    const port = /^https?:\/\/[^/?#]*:(\d+)(?:[/?#]|$)/i.exec(input)?.[1];
    if (port !== undefined && Number(port) > 65535)
      throw new InvalidInputError(`baseUrl: the port ${port} is out of range (0–65535); got ${shown}`);
    throw new InvalidInputError(`baseUrl must be an absolute http(s) URL such as http://127.0.0.1:8081; got ${shown}`);
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
