// The SQL side's one way to HTTP: the SDK's one request core (one ky path over the client's own pool:
// retries, TLS, deadlines, signals), without the JobManager's /v1 since gateway paths name their API
// version. Also turns the gateway's 500s into the SQL errors they really are.
import type { z } from 'zod';
import { ApiError, InvalidResponseError } from '../errors.js';
import { HttpCore } from '../http/core.js';
import { innermostCause } from '../http/errors.js';
import type { ClientOptions, RequestOptions } from '../http/options.js';
import { SqlExecutionError, SqlOperationNotFoundError, SqlSessionNotFoundError } from './errors.js';

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

/** One call: the path from the version on (`/v4/sessions/…`), ids already encoded. */
export interface GatewayCall<T> {
  method: HttpMethod;
  path: string;
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  schema?: z.ZodType<T>;
  /** `safe`: repeating it cannot act twice (reads, heartbeats, closes); `never`: statements. */
  retry: 'safe' | 'never';
  options?: RequestOptions | undefined;
  /** The statement the call is about, for the message of a SQL error. */
  statement?: string;
}

export class GatewayHttp {
  readonly #core: HttpCore;
  readonly timeoutMs: number;

  constructor(options: ClientOptions) {
    this.#core = new HttpCore(options, '');
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  get baseUrl(): string {
    return this.#core.baseUrl;
  }

  close(): Promise<void> {
    return this.#core.close();
  }

  async json<T>(call: GatewayCall<T>): Promise<T> {
    const { statement: _statement, ...rest } = call;
    try {
      return await this.#core.send<T>(rest);
    } catch (err) {
      throw sqlError(err, call);
    }
  }

  /**
   * The answer's text, read whole within the call's deadline (by the core, which asks again for an
   * answer cut off mid-body). Result pages are parsed by the caller, which needs the numbers' source
   * text (BIGINT beyond 2^53) that JSON.parse alone would round.
   */
  async text(call: Omit<GatewayCall<never>, 'schema' | 'json'>): Promise<string> {
    const { statement: _statement, ...rest } = call;
    try {
      return await this.#core.send<string>({ ...rest, answer: 'text' });
    } catch (err) {
      throw sqlError(err, call);
    }
  }
}

const SESSION_GONE = /Session '([0-9a-f-]{36})' does not exist/;
const OPERATION_GONE = /Can not find the submitted operation in the OperationManager with the ([0-9a-f-]{36})/;
// Paths whose 500s are about the statement itself (the others fail only for gone sessions and operations).
const STATEMENT_PATH = /\/(statements|configure-session|result\/\d+)$/;

/** The gateway's 500s as what they are: a gone session or operation, or the statement's own failure. */
export function sqlError(err: unknown, call: Pick<GatewayCall<unknown>, 'method' | 'path' | 'statement'>): unknown {
  if (!(err instanceof ApiError) || err instanceof SqlExecutionError || err.status < 500 || err.status === 503) return err;
  const text = [...err.errors, err.stackTrace ?? ''].join('\n');
  const details = { status: err.status, method: err.method, path: err.path, errors: err.errors, stackTrace: err.stackTrace };
  const session = SESSION_GONE.exec(text)?.[1];
  if (session) return new SqlSessionNotFoundError(details, session);
  const operation = OPERATION_GONE.exec(text)?.[1];
  if (operation) return new SqlOperationNotFoundError(details, operation);
  if (call.statement === undefined || !STATEMENT_PATH.test(call.path.split('?')[0] ?? '')) return err;
  return new SqlExecutionError(details, { statement: call.statement, ...rootCause(text, err.errors[0] ?? 'the statement failed') });
}

/**
 * The innermost `Caused by:` of a Java stack trace: its message (with the lines that continue it,
 * e.g. the list of available connectors) and class, and the first `line N, column M` of the trace.
 */
export function rootCause(trace: string, fallback: string): { rootCause: string; causeClass?: string; line?: number; column?: number } {
  const at = trace.lastIndexOf('Caused by: ');
  let rootCause = fallback;
  let causeClass: string | undefined;
  if (at >= 0) {
    const block =
      trace.slice(at + 'Caused by: '.length).split(/\r?\n\s*at |\r?\n\s*\.\.\. \d+ more|\r?\n\s*End of exception on server side>/)[0] ?? '';
    const m = /^([\w$.]+(?:Exception|Error|Throwable)[\w$]*): ?([\s\S]*)$/.exec(block.trim());
    causeClass = m?.[1];
    rootCause = (m ? m[2] || (m[1] as string) : block).replace(/\s+/g, ' ').trim() || fallback;
  } else {
    rootCause = innermostCause(trace) ?? fallback;
  }
  if (rootCause.length > 1000) rootCause = `${rootCause.slice(0, 1000)}…`;
  const pos = /\bline (\d+), column (\d+)/.exec(trace);
  return { rootCause, ...(causeClass ? { causeClass } : {}), ...(pos ? { line: Number(pos[1]), column: Number(pos[2]) } : {}) };
}

/** A page that is not the gateway's JSON: named as such. */
export function notJson(call: Pick<GatewayCall<unknown>, 'method' | 'path'>, text: string, cause: unknown): InvalidResponseError {
  const head = text.replace(/\s+/g, ' ').slice(0, 200);
  return new InvalidResponseError(`${call.method} ${call.path}: the answer is not JSON: ${head || '(empty body)'}`, call.path, head, {
    cause,
  });
}
