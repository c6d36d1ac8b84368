import type { z } from 'zod';
// A statement's results: fetched page by page by token, rows decoded as they come, the operation
// closed when the reader is done with it (which cancels a SELECT's collect job on the cluster).
import { AbortError, ConnectionError, FlinkError, InvalidInputError, InvalidResponseError, TimeoutError } from '../errors.js';
import type { RequestOptions } from '../http/options.js';
import { sleep } from '../operations/waiter.js';
import { parseOptions } from '../validate.js';
import { SqlExecutionError, SqlOperationNotFoundError, SqlSessionNotFoundError } from './errors.js';
import { notJson } from './http.js';
import { queryOptions, toArrayOptions } from './options.js';
import { type FetchPage, fetchPage, operationStatus, submitted } from './schemas.js';
import type { SessionContext } from './session-context.js';
import { hasLocalTimestamp, jsonCarries, parseType, type SqlColumn } from './types.js';
import { decodeRows, decoders, parsePage, type SqlRow } from './values.js';

/**
 * Options of {@link SqlSession.query}, {@link SqlSession.execute} and {@link SqlSession.submit}.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * const options: QueryOptions = {
 *   bigint: 'bigint',                     // exact BIGINT
 *   poll: { minMs: 50, maxMs: 2_000 },    // back-off while the query has nothing new
 *   executionConfig: { 'pipeline.name': 'orders-dashboard' },
 *   signal: controller.signal,            // aborting ends the loop and closes the operation
 * };
 * for await (const row of await session.query('SELECT * FROM orders', options)) console.log(row.values);
 * ```
 */
export type QueryOptions = z.input<typeof queryOptions>;

/**
 * Options of {@link SqlQuery.toArray}.
 *
 * @example
 * ```ts
 * const latest: ToArrayOptions = { maxRows: 100, timeoutMs: 30_000 };
 * const rows = await (await session.query('SELECT * FROM clicks')).toArray(latest);
 * ```
 */
export type ToArrayOptions = z.input<typeof toArrayOptions>;

/**
 * A statement's operation status, as the gateway names it.
 *
 * @example
 * ```ts
 * const rows = await session.query('SELECT * FROM orders');
 * const status: SqlOperationStatus = await rows.status(); // FINISHED once the job is submitted; rows keep coming
 * ```
 */
export type SqlOperationStatus =
  | 'INITIALIZED'
  | 'PENDING'
  | 'RUNNING'
  | 'FINISHED'
  | 'CANCELED'
  | 'CLOSED'
  | 'ERROR'
  | 'TIMEOUT'
  | (string & {});

const MAX_REFETCH = 5;
const SUBMIT_TIMEOUT_MS = 5 * 60_000;
const CLOSE_TIMEOUT_MS = 10_000;
const SETTLE_MS = 10_000;

/**
 * The results of one statement: for a SELECT its rows as they arrive, for other statements their
 * result (`OK`, SHOW rows, a job id). An async iterable of {@link SqlRow}s, to be read once: leaving
 * the loop (end of results, `break`, an error, the signal) closes the operation on the gateway, and
 * closing a SELECT's operation cancels its collect job on the cluster. `await using` closes it too.
 *
 * @example
 * ```ts
 * await using rows = await session.query<{ user: string; clicks: number }>('SELECT user, COUNT(*) AS clicks FROM clicks GROUP BY user');
 * console.log(rows.columns.map((c) => `${c.name} ${c.type.sql}`), rows.jobId);
 * for await (const row of rows) {
 *   console.log(row.op, row.values.user, row.values.clicks); // +I alice 1, -U alice 1, +U alice 2, …
 *   if (row.values.clicks > 100) break; // closes the operation: the job is cancelled
 * }
 * ```
 */
export class SqlQuery<T = Record<string, unknown>> implements AsyncIterable<SqlRow<T>>, AsyncDisposable {
  /** The statement's operation handle (a UUID). */
  readonly operationHandle: string;
  readonly statement: string;
  /** The result's columns with their parsed types. */
  columns: SqlColumn[] = [];
  /** `SUCCESS` (DDL, SET: one `OK` row) or `SUCCESS_WITH_CONTENT`. */
  resultKind: string | undefined;
  /** True for a SELECT's rows; false for DDL, SHOW, EXPLAIN, INSERT. */
  isQuery = false;
  /** The job behind the result: a SELECT's collect job, an INSERT's job. */
  jobId: string | undefined;
  /** The row format in use: `PLAIN_TEXT` when asked for, or when the gateway could not write JSON. */
  rowFormat: 'JSON' | 'PLAIN_TEXT';
  readonly #ctx: SessionContext;
  readonly #options: QueryOptions;
  #token = 0;
  #buffered: SqlRow<T>[] = [];
  #decode: ReturnType<typeof decoders> | undefined;
  #names: string[] = [];
  #done = false;
  /** The result ended (EOS), as opposed to #done, which close() sets too. */
  #ended = false;
  /** A row arrived: the job's collect sink is open. */
  #delivered = false;
  /** The gateway could not write this result as JSON (and the caller wanted nothing else). */
  #refusedJson = false;
  /** The first page (columns, job id) came: the statement's job, if any, is submitted. */
  #firstSeen = false;
  /** The statement failed or its session or operation is gone: no job to settle before closing. */
  #failed = false;
  #read = false;
  /** Set by toArray's deadline: the loop ends at its next turn (an async generator cannot be returned from mid-await). */
  #stopping = false;
  #closed: Promise<void> | undefined;

  private constructor(ctx: SessionContext, statement: string, operationHandle: string, options: QueryOptions) {
    this.#ctx = ctx;
    this.statement = statement;
    this.operationHandle = operationHandle;
    this.#options = options;
    this.rowFormat = options.rowFormat === 'PLAIN_TEXT' ? 'PLAIN_TEXT' : 'JSON';
  }

  /** @internal Submits the statement and waits for its first answer: its columns, or its error. */
  static async start<T>(ctx: SessionContext, statement: string, options: QueryOptions = {}): Promise<SqlQuery<T>> {
    if (typeof statement !== 'string' || statement.trim() === '') throw new InvalidInputError('the statement must be a non-empty string');
    parseOptions(queryOptions, options, 'query');
    const version = await ctx.apiVersion(requestOptions(options));
    if (options.rowFormat === 'PLAIN_TEXT' && version === 'v1') {
      throw await ctx.unsupported('rowFormat PLAIN_TEXT', 'v2');
    }
    const { operationHandle } = await ctx.http.json({
      method: 'POST',
      path: `/${version}/sessions/${ctx.handle}/statements`,
      json: {
        statement,
        ...(options.executionConfig ? { executionConfig: options.executionConfig } : {}),
      },
      schema: submitted,
      retry: 'never',
      options: requestOptions(options, Math.max(SUBMIT_TIMEOUT_MS, options.timeoutMs ?? ctx.http.timeoutMs)),
      statement,
    });
    const query = new SqlQuery<T>(ctx, statement, operationHandle, options);
    try {
      await query.#first();
    } catch (err) {
      await query.close();
      throw err;
    }
    return query;
  }

  /** Polls until the first page (or EOS) and keeps its rows for the reader. */
  async #first(): Promise<void> {
    let attempt = 0;
    for (;;) {
      const page = await this.#fetch();
      if (page.resultType !== 'NOT_READY') {
        this.#buffered = await this.#accept(page);
        return;
      }
      await this.#wait(attempt++);
    }
  }

  /** Takes a page's metadata and rows; advances the token. */
  async #accept(page: FetchPage): Promise<SqlRow<T>[]> {
    if (this.columns.length === 0 && page.results?.columns?.length) this.#setColumns(page);
    if (this.#decode === undefined && this.columns.length > 0) {
      // TIMESTAMP_LTZ needs the session's time zone (the gateway writes wall-clock time in it).
      const timeZone = this.columns.some((c) => hasLocalTimestamp(c.type))
        ? await this.#ctx.timeZone(requestOptions(this.#options))
        : undefined;
      this.#decode = decoders(this.columns, { ...this.#options, timeZone });
    }
    this.resultKind ??= page.resultKind;
    this.isQuery ||= page.isQueryResult === true;
    this.jobId ??= page.jobID;
    const rows = decodeRows<T>(page.results?.data ?? [], this.#names, this.rowFormat === 'JSON' ? this.#decode : undefined, this.#path());
    this.#firstSeen = true;
    if (rows.length > 0) this.#delivered = true;
    if (page.resultType === 'EOS') {
      this.#done = true;
      this.#ended = true;
    } else {
      const next = /\/result\/(\d+)/.exec(page.nextResultUri ?? '')?.[1];
      this.#token = next === undefined ? this.#token + 1 : Number(next);
    }
    return rows;
  }

  #setColumns(page: FetchPage): void {
    this.columns = (page.results?.columns ?? []).map((c) => ({
      name: c.name,
      type: parseType(c.logicalType),
      ...(c.comment ? { comment: c.comment } : {}),
    }));
    this.#names = this.columns.map((c) => c.name);
    // Types JSON cannot carry: the gateway fails every JSON page of such a result; ask for text from the start.
    if (this.rowFormat === 'JSON' && this.#options.rowFormat !== 'JSON' && !this.columns.every((c) => jsonCarries(c.type))) {
      this.rowFormat = 'PLAIN_TEXT';
    }
  }

  #path(): string {
    return `/sessions/${this.#ctx.handle}/operations/${this.operationHandle}/result/${this.#token}`;
  }

  /**
   * One fetch of the current token. The same token is asked again after an answer lost on the way
   * (the gateway serves the last batch twice), so no row is lost or repeated.
   */
  async #fetch(settling = false): Promise<FetchPage> {
    // While settling before a close the caller's signal may have fired already: not for these fetches.
    const { signal: _signal, ...unsignalled } = this.#options;
    const options = requestOptions(settling ? unsignalled : this.#options);
    const version = await this.#ctx.apiVersion(options);
    for (let attempt = 0; ; attempt++) {
      const call = {
        method: 'GET' as const,
        path: `/${version}${this.#path()}`,
        query: version === 'v1' ? undefined : { rowFormat: this.rowFormat },
        retry: 'safe' as const,
        options,
        statement: this.statement,
      };
      let parsed: unknown;
      try {
        const text = await this.#ctx.http.text(call);
        try {
          parsed = parsePage(text);
        } catch (err) {
          throw notJson(call, text, err);
        }
      } catch (err) {
        if (!settling && this.#options.signal?.aborted)
          throw new AbortError(`${call.method} ${call.path} aborted`, {
            cause: this.#options.signal.reason,
          });
        if (err instanceof SqlExecutionError && /Could not map response to JSON/.test(err.rootCause) && this.rowFormat === 'JSON') {
          if (this.#options.rowFormat === 'JSON') {
            this.#refusedJson = true; // a result with columns: there may be a collect job to settle before closing
            throw err;
          }
          this.rowFormat = 'PLAIN_TEXT'; // this result's types have no JSON form: the same token again, as text
          continue;
        }
        const lost =
          err instanceof ConnectionError ||
          err instanceof TimeoutError ||
          (err instanceof InvalidResponseError && err.message.includes('not JSON'));
        if (!lost || attempt >= MAX_REFETCH) {
          if (!(err instanceof AbortError)) this.#failed = true;
          throw err;
        }
        if (settling) await new Promise((resolve) => setTimeout(resolve, backoff(attempt + 1)));
        else await this.#pause(backoff(attempt + 1));
        continue;
      }
      const page = fetchPage.safeParse(parsed);
      if (!page.success) {
        const issue = page.error.issues[0];
        throw new InvalidResponseError(
          `GET ${call.path}: unexpected answer at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
          call.path,
          '',
          { cause: page.error },
        );
      }
      return page.data;
    }
  }

  /**
   * The rows, fetched on until the end of results (never, for an unbounded query); leaving the loop
   * closes the operation. See the class.
   *
   * @example
   * ```ts
   * const rows = await session.query<{ id: number }>('SELECT id FROM orders');
   * for await (const row of rows) console.log(row.kind, row.values.id);
   * ```
   */
  async *[Symbol.asyncIterator](): AsyncGenerator<SqlRow<T>, void, undefined> {
    if (this.#read)
      throw new InvalidInputError(`the results of "${this.statement.slice(0, 60)}" are being or were read already: a query is read once`);
    if (this.#closed) throw new InvalidInputError(`the results of "${this.statement.slice(0, 60)}" were closed before they were read`);
    this.#read = true;
    try {
      const first = this.#buffered;
      this.#buffered = [];
      yield* first;
      let idle = 0;
      while (!this.#done && !this.#stopping) {
        let rows: SqlRow<T>[];
        try {
          const page = await this.#fetch();
          rows = page.resultType === 'NOT_READY' ? [] : await this.#accept(page);
          if (rows.length === 0 && !this.#done && !this.#stopping) await this.#wait(idle++);
        } catch (err) {
          // toArray's deadline, or close() from elsewhere: the rows so far are the answer.
          if (this.#stopping || this.#closed) break;
          throw err;
        }
        if (rows.length === 0) continue;
        idle = 0;
        yield* rows;
      }
    } finally {
      await this.close();
    }
  }

  /**
   * Reads up to `maxRows` rows (or what arrives within `timeoutMs`), then closes the operation.
   *
   * @example
   * ```ts
   * const sample = await (await session.query('SELECT * FROM clicks')).toArray({ maxRows: 10 });
   * console.table(sample.map((row) => row.values));
   * ```
   */
  async toArray(given: ToArrayOptions): Promise<SqlRow<T>[]> {
    const options = parseOptions(toArrayOptions, given, 'toArray');
    const { maxRows } = options;
    const rows: SqlRow<T>[] = [];
    const iterator = this[Symbol.asyncIterator]();
    const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => (this.#stopping = true), options.timeoutMs);
    try {
      while (rows.length < maxRows) {
        const next = await iterator.next();
        if (next.done) break;
        rows.push(next.value);
        if (this.#stopping) break;
      }
    } finally {
      clearTimeout(timer);
      await iterator.return(undefined);
    }
    return rows;
  }

  /**
   * The operation's status on the gateway.
   *
   * @example
   * ```ts
   * const rows = await session.query('SELECT * FROM clicks');
   * console.log(await rows.status()); // FINISHED: the job was submitted; rows keep arriving
   * ```
   */
  async status(options?: RequestOptions): Promise<SqlOperationStatus> {
    const version = await this.#ctx.apiVersion(options);
    const { status } = await this.#ctx.http.json({
      method: 'GET',
      path: `/${version}/sessions/${this.#ctx.handle}/operations/${this.operationHandle}/status`,
      schema: operationStatus,
      retry: 'safe',
      options,
    });
    return status;
  }

  /**
   * Closes the operation (again: a no-op): the gateway drops its buffered rows and cancels a SELECT's
   * collect job. An INSERT's job is not stopped (stop it through {@link SqlJob}). Never throws: a
   * session already gone has closed its operations.
   *
   * @example
   * ```ts
   * const rows = await session.query('SELECT * FROM clicks');
   * const [first] = await rows.toArray({ maxRows: 1 }); // toArray closes too
   * await rows.close();
   * console.log(first?.values);
   * ```
   */
  close(): Promise<void> {
    this.#done = true;
    this.#closed ??= this.#close();
    return this.#closed;
  }

  async #close(): Promise<void> {
    if (!this.#failed) await this.#settle();
    try {
      const version = await this.#ctx.apiVersion({
        timeoutMs: CLOSE_TIMEOUT_MS,
      });
      await this.#ctx.http.json({
        method: 'DELETE',
        path: `/${version}/sessions/${this.#ctx.handle}/operations/${this.operationHandle}/close`,
        retry: 'safe',
        // Not the query's signal: closing is what an aborted loop must still do.
        options: {
          timeoutMs: CLOSE_TIMEOUT_MS,
          ...(this.#options.headers ? { headers: this.#options.headers } : {}),
        },
      });
    } catch (err) {
      if (!(err instanceof SqlOperationNotFoundError || err instanceof SqlSessionNotFoundError || err instanceof FlinkError)) throw err;
      // best effort: the session's close or expiry closes it too
    }
  }

  /**
   * Waits, before a query's operation is closed, until its job's collect sink is open: until the
   * first row or the end of results arrives, at most 10 s. Closing cancels the job, and a collect sink
   * cancelled before it opened throws a NullPointerException on close that Flink escalates to a fatal
   * error: the whole TaskManager shuts down (FLINK-39330; seen on 2.2.1 when a query was closed at once).
   * A statement left before its first page (still being planned and submitted) is waited for too:
   * closing its operation then did not cancel the job it went on to submit.
   * The rows fetched meanwhile are dropped; text is asked for, which every type has.
   */
  async #settle(): Promise<void> {
    const deadline = Date.now() + SETTLE_MS;
    this.rowFormat = 'PLAIN_TEXT';
    for (let idle = 0; !this.#ended && !this.#delivered && Date.now() < deadline; idle++) {
      // Not a query (DDL, SHOW, INSERT): no collect job. Before the first page (left while the statement
      // was still being planned and submitted) it is not known yet: wait for the page as well.
      if (this.#firstSeen && !this.isQuery && !this.#refusedJson) return;
      try {
        const page = await this.#fetch(true);
        if (page.resultType !== 'NOT_READY') await this.#accept(page);
        if (!this.#ended && !this.#delivered) await new Promise((resolve) => setTimeout(resolve, Math.min(200, 10 * 2 ** idle)));
      } catch {
        return; // a failed job, a gone session: nothing left to protect
      }
    }
  }

  /**
   * Closes the operation: `await using rows = await session.query(…)`.
   *
   * @example
   * ```ts
   * {
   *   await using rows = await session.query('SELECT * FROM clicks');
   *   console.log(rows.columns);
   * } // closed here, the collect job cancelled
   * ```
   */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async #wait(idle: number): Promise<void> {
    const min = this.#options.poll?.minMs ?? 25;
    const max = Math.max(min, this.#options.poll?.maxMs ?? 500);
    await this.#pause(Math.min(max, min * 2 ** Math.min(idle, 20)));
  }

  async #pause(ms: number): Promise<void> {
    const signal = this.#options.signal;
    if (!signal) return new Promise((resolve) => setTimeout(resolve, ms));
    await sleep(ms, signal);
    if (signal.aborted) throw new AbortError(`reading the results of "${this.statement.slice(0, 60)}" aborted`, { cause: signal.reason });
  }
}

/** The pause before refetch number `attempt` (1, 2, …): a random part of 300 ms doubling, at most 5 s, as ky pauses. */
function backoff(attempt: number): number {
  return Math.min(5_000, Math.random() * 300 * 2 ** (attempt - 1));
}

/** The per-request options a statement's calls carry. */
function requestOptions(options: QueryOptions, timeoutMs?: number): RequestOptions {
  return {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
  };
}
