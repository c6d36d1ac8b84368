import type { z } from 'zod';
import { InvalidInputError } from '../errors.js';
import type { RequestOptions } from '../http/options.js';
import { parseOptions } from '../validate.js';
import { SqlSessionNotFoundError } from './errors.js';
import { SqlJob } from './job.js';
import { executeOptions } from './options.js';
import { type QueryOptions, SqlQuery } from './query.js';
import { closed, empty, sessionConfig } from './schemas.js';
import type { SessionContext } from './session-context.js';
import type { SqlColumn } from './types.js';
import type { SqlRow } from './values.js';

/**
 * What {@link SqlSession.execute} returns: the statement's whole result.
 *
 * @example
 * ```ts
 * const result: SqlResult = await session.execute('SHOW TABLES');
 * console.log(result.kind, result.rows.map((row) => row.fields[0])); // SUCCESS_WITH_CONTENT ['clicks', 'orders']
 * ```
 */
export interface SqlResult<T = Record<string, unknown>> {
  /** `SUCCESS` (DDL, SET, USE: one `OK` row) or `SUCCESS_WITH_CONTENT`. */
  kind: string;
  /** True for a SELECT's rows. */
  isQuery: boolean;
  columns: SqlColumn[];
  rows: SqlRow<T>[];
  /** The job the statement ran, if any. */
  jobId: string | undefined;
}

/**
 * Options of {@link SqlSession.execute}.
 *
 * @example
 * ```ts
 * const options: ExecuteOptions = { maxRows: 100_000, decimal: 'string' };
 * const { rows } = await session.execute('SELECT * FROM (VALUES (1.50), (2.25)) AS t(price)', options);
 * ```
 */
export type ExecuteOptions = z.input<typeof executeOptions>;

const DEFAULT_EXECUTE_ROWS = 10_000;

/**
 * A session on the SQL Gateway: its own catalog objects (temporary tables, views, functions) and
 * configuration, kept in the gateway's memory while it is open. It sends a heartbeat while open so
 * that it does not expire while a slow reader holds it; close it (`await using` does) to free the
 * gateway's resources. A gateway restart loses it ({@link SqlSessionNotFoundError}).
 *
 * @example
 * ```ts
 * await using session = await gateway.openSession({ properties: { 'execution.runtime-mode': 'streaming' } });
 * await session.execute(`CREATE TEMPORARY TABLE clicks (user STRING, url STRING) WITH ('connector' = 'datagen', 'rows-per-second' = '10')`);
 * for await (const row of await session.query('SELECT user, COUNT(*) AS n FROM clicks GROUP BY user')) console.log(row.op, row.values);
 * ```
 */
export class SqlSession implements AsyncDisposable {
  readonly #ctx: SessionContext;
  #timer: ReturnType<typeof setInterval> | undefined;
  #closed: Promise<void> | undefined;
  readonly #forget: () => void;

  /** @internal Sessions come from {@link SqlGateway.openSession} and {@link SqlGateway.session}. */
  constructor(
    /** The session handle (a UUID): another client may attach to it with {@link SqlGateway.session}. */
    readonly handle: string,
    ctx: SessionContext,
    heartbeatMs: number | false,
    forget: () => void,
  ) {
    this.#ctx = ctx;
    this.#forget = forget;
    if (heartbeatMs !== false) {
      this.#timer = setInterval(() => this.#beat(), heartbeatMs);
      this.#timer.unref?.();
    }
  }

  /**
   * Runs a statement and streams its result: for a SELECT, an async iterable of typed rows that
   * lasts as long as the query does (forever for an unbounded one) and closes the operation when the
   * loop ends. Resolves once the gateway has the result's columns; a parse or validation error
   * throws here ({@link SqlExecutionError}).
   *
   * @example
   * ```ts
   * const rows = await session.query<{ id: number; amount: number }>('SELECT id, amount FROM payments', { signal });
   * for await (const row of rows) {
   *   if (row.kind === 'INSERT') console.log(row.values.id, row.values.amount);
   * }
   * ```
   */
  query<T = Record<string, unknown>>(statement: string, options?: QueryOptions): Promise<SqlQuery<T>> {
    return SqlQuery.start<T>(this.#ctx, statement, options);
  }

  /**
   * Runs a statement with a bounded result (DDL, SET, SHOW, DESCRIBE, EXPLAIN, a small SELECT) and
   * returns all of it; the operation is closed.
   *
   * @example
   * ```ts
   * await session.execute(`CREATE TEMPORARY TABLE sink (id BIGINT) WITH ('connector' = 'blackhole')`);
   * const { rows } = await session.execute('EXPLAIN SELECT 1');
   * console.log(rows[0]?.fields[0]);
   * ```
   */
  async execute<T = Record<string, unknown>>(statement: string, options: ExecuteOptions = {}): Promise<SqlResult<T>> {
    const { maxRows = DEFAULT_EXECUTE_ROWS, ...queryOptions } = parseOptions(executeOptions, options, 'execute');
    const query = await SqlQuery.start<T>(this.#ctx, statement, queryOptions);
    const rows = await query.toArray({ maxRows: maxRows + 1 });
    if (rows.length > maxRows) {
      throw new InvalidInputError(
        `execute: "${statement.slice(0, 60)}" returned more than ${maxRows} rows; stream it with session.query(), or raise maxRows`,
      );
    }
    return { kind: query.resultKind ?? 'SUCCESS', isQuery: query.isQuery, columns: query.columns, rows, jobId: query.jobId };
  }

  /**
   * Runs an `INSERT`, a statement set (`EXECUTE STATEMENT SET BEGIN … END`) or `EXECUTE PLAN` and
   * returns its job, once submitted (with `table.dml-sync` = true, once it ended).
   *
   * @throws InvalidInputError when the statement starts no job (use execute) or is a query (use query).
   *
   * @example
   * ```ts
   * const job = await session.submit('INSERT INTO archive SELECT * FROM orders', { executionConfig: { 'pipeline.name': 'archive orders' } });
   * await job.wait(); // FINISHED, through the gateway's FlinkClient
   * ```
   */
  async submit(statement: string, options?: QueryOptions): Promise<SqlJob> {
    const query = await SqlQuery.start<Record<string, unknown>>(this.#ctx, statement, options);
    if (query.isQuery) {
      await query.close();
      throw new InvalidInputError(
        `submit: "${statement.slice(0, 60)}" is a query (its collect job is now cancelled); read it with session.query()`,
      );
    }
    const rows = await query.toArray({ maxRows: 100 });
    const jobId = query.jobId ?? (typeof rows[0]?.values['job id'] === 'string' ? (rows[0].values['job id'] as string) : undefined);
    if (!jobId)
      throw new InvalidInputError(`submit: "${statement.slice(0, 60)}" started no job; use session.execute() for statements without one`);
    return new SqlJob(jobId, statement, this.#ctx.flink);
  }

  /**
   * Runs a statement that configures the session, synchronously: SET, RESET, USE, CREATE/DROP/ALTER
   * of tables, views, functions, databases and catalogs, LOAD/UNLOAD MODULE, ADD JAR
   * (`POST /sessions/{h}/configure-session`, API V2 and later).
   *
   * @throws UnsupportedByServerError on a V1-only gateway, before sending.
   *
   * @example
   * ```ts
   * await session.configure(`CREATE TEMPORARY VIEW big_orders AS SELECT * FROM orders WHERE amount > 1000`);
   * ```
   */
  async configure(statement: string, options?: RequestOptions): Promise<void> {
    if (typeof statement !== 'string' || statement.trim() === '')
      throw new InvalidInputError('configure: the statement must be a non-empty string');
    const version = await this.#ctx.apiVersion(options);
    if (version === 'v1') throw await this.#ctx.unsupported('configure-session', 'v2');
    await this.#ctx.http.json({
      method: 'POST',
      path: `/${version}/sessions/${this.#ctx.handle}/configure-session`,
      json: { statement },
      schema: empty,
      retry: 'never',
      options,
      statement,
    });
  }

  /**
   * Sets session configuration (`SET 'key' = 'value'` for each), e.g. the runtime mode or the time zone.
   *
   * @example
   * ```ts
   * await session.set({ 'execution.runtime-mode': 'batch', 'table.local-time-zone': 'Europe/Berlin' });
   * ```
   */
  async set(properties: Record<string, string | number | boolean>, options?: RequestOptions): Promise<void> {
    if (properties === null || typeof properties !== 'object' || Array.isArray(properties)) {
      throw new InvalidInputError('set: properties must be an object of configuration keys to values');
    }
    for (const [key, value] of Object.entries(properties)) {
      if (!['string', 'number', 'boolean'].includes(typeof value))
        throw new InvalidInputError(`set: the value of "${key}" must be a string, number or boolean`);
      await this.#configureOrExecute(`SET ${quote(key)} = ${quote(String(value))}`, options);
    }
  }

  /**
   * Resets one key (or, without a key, every key set in the session) to the session's initial value.
   *
   * @example
   * ```ts
   * await session.reset('parallelism.default');
   * ```
   */
  async reset(key?: string, options?: RequestOptions): Promise<void> {
    if (key !== undefined && (typeof key !== 'string' || key === ''))
      throw new InvalidInputError('reset: the key must be a non-empty string');
    await this.#configureOrExecute(key === undefined ? 'RESET' : `RESET ${quote(key)}`, options);
  }

  async #configureOrExecute(statement: string, options?: RequestOptions): Promise<void> {
    if ((await this.#ctx.apiVersion(options)) === 'v1') await this.execute(statement, requestToQuery(options));
    else await this.configure(statement, options);
  }

  /**
   * The session's whole configuration: the gateway's, the session's properties and what SET changed.
   *
   * @example
   * ```ts
   * const config = await session.config();
   * console.log(config['execution.runtime-mode'], config['table.local-time-zone']);
   * ```
   */
  async config(options?: RequestOptions): Promise<Record<string, string>> {
    const version = await this.#ctx.apiVersion(options);
    return (
      await this.#ctx.http.json({
        method: 'GET',
        path: `/${version}/sessions/${this.#ctx.handle}`,
        schema: sessionConfig,
        retry: 'safe',
        options,
      })
    ).properties;
  }

  /**
   * Tells the gateway the session is in use (the session sends these by itself while open).
   *
   * @example
   * ```ts
   * await session.heartbeat(); // throws SqlSessionNotFoundError if it expired
   * ```
   */
  async heartbeat(options?: RequestOptions): Promise<void> {
    const version = await this.#ctx.apiVersion(options);
    await this.#ctx.http.json({ method: 'POST', path: `/${version}/sessions/${this.#ctx.handle}/heartbeat`, retry: 'safe', options });
  }

  async #beat(): Promise<void> {
    try {
      await this.heartbeat({ timeoutMs: 10_000 });
    } catch (err) {
      // A gone session never comes back: stop beating. Other failures are passing: the next beat tries again.
      if (err instanceof SqlSessionNotFoundError) this.#stop();
    }
  }

  #stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /**
   * Closes the session on the gateway (again: a no-op) and stops its heartbeat: every operation of it
   * is closed and SELECT jobs are cancelled; INSERT jobs go on. A session the gateway already lost
   * counts as closed.
   *
   * @example
   * ```ts
   * const session = await gateway.openSession();
   * try {
   *   await session.execute('SHOW CATALOGS');
   * } finally {
   *   await session.close();
   * }
   * ```
   */
  close(options?: RequestOptions): Promise<void> {
    this.#stop();
    this.#closed ??= (async () => {
      try {
        const version = await this.#ctx.apiVersion(options);
        await this.#ctx.http.json({
          method: 'DELETE',
          path: `/${version}/sessions/${this.#ctx.handle}`,
          schema: closed,
          retry: 'safe',
          options,
        });
      } catch (err) {
        if (!(err instanceof SqlSessionNotFoundError)) {
          this.#closed = undefined; // not closed: a later close() tries again
          throw err;
        }
      }
      this.#forget();
    })();
    return this.#closed;
  }

  /**
   * Closes the session: `await using session = await gateway.openSession()`.
   *
   * @example
   * ```ts
   * {
   *   await using session = await gateway.openSession();
   *   await session.execute('SHOW DATABASES');
   * } // closed here
   * ```
   */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /**
   * `{handle}`: what another process needs to attach with {@link SqlGateway.session}.
   *
   * @example
   * ```ts
   * console.log(JSON.stringify(session)); // {"handle":"…"}
   * ```
   */
  toJSON(): { handle: string } {
    return { handle: this.handle };
  }
}

/** A SQL string literal: single quotes, inner ones doubled. */
function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function requestToQuery(options: RequestOptions | undefined): QueryOptions {
  return {
    ...(options?.signal ? { signal: options.signal } : {}),
    ...(options?.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options?.headers ? { headers: options.headers } : {}),
  };
}
