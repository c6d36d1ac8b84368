import { HTTPError, TimeoutError as KyTimeoutError, NetworkError } from 'ky';
import {
  AbortError,
  ApiError,
  type ApiErrorDetails,
  BadRequestError,
  ConflictError,
  ConnectionError,
  FlinkError,
  InternalServerError,
  NotFoundError,
  TimeoutError,
  UnavailableError,
} from '../errors.js';

const SNIPPET = 200;

/** First characters of a body, on one line, for error messages. */
export function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > SNIPPET ? `${flat.slice(0, SNIPPET)}…` : flat;
}

// A Java stack trace starts at the first "\n\tat " (or "\nat ") line; what comes before is the message.
const STACK_START = /\r?\n\s*at [\w$.<>]+\(/;

/**
 * Splits Flink's `errors` strings into readable messages and the Java stack traces inside them.
 * Flink puts whole `toString()`s of exceptions there; the useful part for a person is the first
 * line and the innermost "Caused by:" line (e.g. the program's own exception of a failed jar run).
 */
export function splitFlinkErrors(errors: readonly string[]): { messages: string[]; stackTrace?: string } {
  const messages: string[] = [];
  const generic: string[] = [];
  const traces: string[] = [];
  for (const raw of errors) {
    const text = String(raw);
    const innermost = innermostCause(text);
    if (text.startsWith('<Exception on server side:')) {
      // A 500's second entry: the server-side exception, whose innermost cause is the news.
      const first = text.split('\n')[1]?.trim() ?? '';
      messages.push(innermost ?? first);
      traces.push(text);
      continue;
    }
    const at = text.search(STACK_START);
    const head = (at === -1 ? text : text.slice(0, at)).trim();
    if (at !== -1) traces.push(text.slice(at).trim());
    const first = head.split('\n')[0]?.trim() ?? '';
    if (first === '' && !innermost) continue;
    const message = innermost && !first.includes(innermost) ? `${first} (caused by ${innermost})` : first;
    // "Internal server error." says nothing the status does not; keep it after the real cause.
    (GENERIC.has(first) && !innermost ? generic : messages).push(message);
  }
  messages.push(...generic);
  return traces.length ? { messages, stackTrace: traces.join('\n\n') } : { messages };
}

const GENERIC = new Set(['Internal server error.', 'Internal server error']);

/** The last "Caused by:" line of a Java stack trace, without the prefix. */
export function innermostCause(text: string): string | undefined {
  return text
    .match(/^\s*Caused by: .*$/gm)
    ?.at(-1)
    ?.trim()
    .replace(/^Caused by: /, '');
}

// Flink answers some unknown ids with 500 and the Java exception that says so (Flink 2.3's job status:
// FlinkJobNotFoundException; a TaskManager's details: UnknownTaskExecutorException): they are not-founds.
const UNKNOWN_ID = /FlinkJobNotFoundException|UnknownTaskExecutorException/;

/** Builds the typed error for an HTTP error answer from Flink or whatever is in front of it, from `url`. */
export function apiErrorFor(status: number, method: string, path: string, body: unknown, url?: string): ApiError {
  const details: ApiErrorDetails = { status, method, path, errors: [], ...(url ? { url: url.replace(/[?#].*$/, '') } : {}) };
  const errors = (body as { errors?: unknown } | null)?.errors;
  if (body && typeof body === 'object' && Array.isArray(errors)) {
    const split = splitFlinkErrors(errors.map(String));
    details.errors = split.messages;
    details.stackTrace = split.stackTrace;
  } else if (body !== undefined && body !== null && body !== '') {
    details.bodySnippet = snippet(typeof body === 'string' ? body : JSON.stringify(body));
  }
  if (status === 413) {
    // Flink answers an over-long body with 413 and no error message: say which setting decides.
    const limit = `the request is larger than the server accepts (Flink's rest.server.max-content-length on the JobManager, 100 MiB by default)`;
    return new ApiError(
      details,
      `${method} ${path} failed with 413: ${details.errors[0] ?? limit}${details.errors[0] ? ` (${limit})` : ''}`,
    );
  }
  if (status === 400) return new BadRequestError(details);
  if (status === 404 || (status === 500 && UNKNOWN_ID.test(`${details.errors.join('\n')}\n${details.stackTrace ?? ''}`))) {
    return new NotFoundError(details);
  }
  if (status === 409) return new ConflictError(details);
  if (status === 503) return new UnavailableError(details);
  if (status >= 500) return new InternalServerError(details);
  return new ApiError(details);
}

/** What the error mapping needs to know of the call that failed. */
export interface FailedCall {
  method: string;
  /** The path as sent, below the API version. */
  path: string;
  timeoutMs: number;
  /** The client's and the call's own signals: one that fired makes any failure an AbortError. */
  callerSignals: readonly AbortSignal[];
  /** Every endpoint the call could have gone to. */
  endpoints: readonly string[];
  /** The failure of the attempt before the last retry, if any. */
  lastError?: unknown;
}

/**
 * Any failure of a call as the SDK's typed error: the caller's abort, the deadline, an HTTP error
 * answer (ky's HTTPError, with the body ky read), a redirect, or no answer at all.
 */
export function mapError(err: unknown, call: FailedCall): Error {
  const label = `${call.method} ${call.path}`;
  const aborted = call.callerSignals.find((s) => s.aborted);
  if (aborted) return new AbortError(`${label} aborted`, { cause: aborted.reason });
  if (err instanceof FlinkError) return err;
  if (err instanceof KyTimeoutError || (err instanceof Error && err.name === 'TimeoutError')) {
    // Not ky's error as the cause: it carries the request, headers and all, and causes get logged.
    // A deadline that passed while retrying says why the attempts failed (a refused connection is
    // no slow server).
    const last = call.lastError === undefined ? undefined : mapError(call.lastError, { ...call, lastError: undefined });
    return new TimeoutError(
      `${label} got no answer within ${call.timeoutMs} ms${last ? `; the last attempt: ${last.message}` : ''}`,
      call.timeoutMs,
      last ? { cause: last } : undefined,
    );
  }
  if (err instanceof HTTPError) {
    const { status, headers } = err.response;
    // A Response made from an upload's answer has no url of its own: the request's is the same.
    if (status >= 300 && status < 400) return redirectError(status, headers.get('location'), err.response.url || err.request.url, call);
    return apiErrorFor(status, call.method, call.path, err.data, err.response.url || err.request.url);
  }
  if (err instanceof NetworkError || err instanceof TypeError || isSocketError(err)) {
    const socketError = innermost(err as Error);
    return new ConnectionError(
      `${label}: cannot reach ${call.endpoints.join(' or ')}: ${describeSocketError(socketError)}`,
      call.method,
      call.path,
      { cause: socketError },
    );
  }
  return new ConnectionError(`${label} failed: ${err instanceof Error ? err.message : String(err)}`, call.method, call.path);
}

/** An error of the socket under a request (undici's own, or Node's with a code such as EPIPE). */
export function isSocketError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return (
    typeof code === 'string' &&
    (code.startsWith('UND_ERR_') || /^E[A-Z]+$/.test(code) || code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS'))
  );
}

/**
 * A redirect answer as a ConnectionError: the endpoint cannot be used as configured. Flink sends 301
 * to https when plain http reaches a port with security.ssl.rest.enabled; say so.
 */
export function redirectError(
  status: number,
  location: string | null | undefined,
  requested: string,
  call: { method: string; path: string },
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

/** The last of an error's causes: fetch wraps the socket's error (ECONNREFUSED, ECONNRESET, certificate errors) in causes. */
export function innermost(err: Error): Error {
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
  // The Fetch standard's port blocklist (6000, 6665–6669, 10080 …): refused before any connection.
  if (err.message === 'bad port') {
    return "bad port: fetch refuses this port by the Fetch standard's blocklist; serve Flink's REST API on another port (rest.port), or give the client a fetch that allows it";
  }
  return code && !err.message.includes(code) ? `${code} ${err.message}` : err.message;
}
