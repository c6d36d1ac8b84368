// The SQL Gateway's errors, in the FlinkError family (re-exported from the package root). The gateway
// answers unknown sessions, unknown operations and failed statements alike with HTTP 500 and a Java
// stack trace; these classes say which it was and carry the statement's own cause.
import { nameErrorClasses } from '../error-names.js';
import { ApiError, type ApiErrorDetails, FlinkError, NotFoundError } from '../errors.js';

/**
 * A SQL statement failed: a parse or validation error, an unknown table, a job that failed while its
 * rows were read. The gateway reports it on the fetch of the statement's results as HTTP 500 with a
 * Java stack trace; `message` is the statement's own cause (the innermost `Caused by:` line, with its
 * position when Flink gave one), `stackTrace` the rest.
 *
 * @example
 * ```ts
 * try {
 *   await session.execute('SELECT * FROM orders_typo');
 * } catch (err) {
 *   if (!(err instanceof SqlExecutionError)) throw err;
 *   console.error(err.message); // Object 'orders_typo' not found (line 1, column 15) in: SELECT * FROM orders_typo
 *   console.error(err.causeClass, err.line, err.column); // org.apache.calcite.sql.validate.SqlValidatorException 1 15
 * }
 * ```
 */
export class SqlExecutionError extends ApiError {
  /** The statement as sent. */
  readonly statement: string;
  /** The innermost cause's message, e.g. `Object 'orders_typo' not found`. */
  readonly rootCause: string;
  /** The innermost cause's Java class, e.g. `org.apache.calcite.sql.validate.SqlValidatorException`. */
  readonly causeClass: string | undefined;
  /** Where in the statement Flink found the fault (1-based), when it said. */
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(
    details: ApiErrorDetails,
    cause: {
      statement: string;
      rootCause: string;
      causeClass?: string | undefined;
      line?: number | undefined;
      column?: number | undefined;
    },
  ) {
    const where = cause.line === undefined ? '' : ` (line ${cause.line}, column ${cause.column})`;
    super(details, `${cause.rootCause}${where} in: ${shorten(cause.statement)}`);
    this.statement = cause.statement;
    this.rootCause = cause.rootCause;
    this.causeClass = cause.causeClass;
    this.line = cause.line;
    this.column = cause.column;
  }
}

/**
 * The gateway does not know the session: it was closed, it expired (`sql-gateway.session.idle-timeout`,
 * 10 minutes by default, without a request or heartbeat), or the gateway restarted and lost it (a
 * gateway keeps sessions in memory only). Open a new session; its tables and settings must be
 * created again. The gateway answers 500; `status` keeps that.
 *
 * @example
 * ```ts
 * try {
 *   await session.execute('SHOW TABLES');
 * } catch (err) {
 *   if (!(err instanceof SqlSessionNotFoundError)) throw err;
 *   console.warn(`session ${err.sessionHandle} is gone (expired or the gateway restarted); opening a new one`);
 *   const fresh = await gateway.openSession();
 *   await fresh.execute('SHOW TABLES');
 * }
 * ```
 */
export class SqlSessionNotFoundError extends NotFoundError {
  constructor(
    details: ApiErrorDetails,
    readonly sessionHandle: string,
  ) {
    super(
      details,
      `SQL Gateway session ${sessionHandle} does not exist: closed, expired (sql-gateway.session.idle-timeout) or lost in a gateway restart; open a new session`,
    );
  }
}

/**
 * The gateway does not know the operation (a statement's handle): it was closed (a query is closed
 * when its loop ends), or its session was closed or lost. The gateway answers 500; `status` keeps that.
 *
 * @example
 * ```ts
 * const rows = await session.query('SELECT * FROM orders');
 * await rows.close();
 * try {
 *   await rows.status();
 * } catch (err) {
 *   if (err instanceof SqlOperationNotFoundError) console.log(`operation ${err.operationHandle} is closed`);
 *   else throw err;
 * }
 * ```
 */
export class SqlOperationNotFoundError extends NotFoundError {
  constructor(
    details: ApiErrorDetails,
    readonly operationHandle: string,
  ) {
    super(details, `SQL Gateway operation ${operationHandle} does not exist: it was closed, or its session is gone`);
  }
}

/**
 * A value cannot be delivered as asked without losing digits: a BIGINT beyond ±2^53 or a DECIMAL
 * with more than 15 significant digits read as a JavaScript number. Ask for `bigint: 'bigint'` (or
 * `'string'`) and `decimal: 'string'` in the query's options.
 *
 * @example
 * ```ts
 * try {
 *   for await (const row of await session.query('SELECT id FROM payments')) console.log(row.values.id);
 * } catch (err) {
 *   if (!(err instanceof SqlValueError)) throw err;
 *   for await (const row of await session.query('SELECT id FROM payments', { bigint: 'bigint' })) console.log(row.values.id);
 * }
 * ```
 */
export class SqlValueError extends FlinkError {
  constructor(
    message: string,
    /** The column (or nested field path) whose value it was. */
    readonly column: string,
    /** The value as the gateway sent it. */
    readonly text: string,
  ) {
    super(message);
  }
}

function shorten(statement: string): string {
  const flat = statement.replace(/\s+/g, ' ').trim();
  return flat.length > 160 ? `${flat.slice(0, 160)}…` : flat;
}

nameErrorClasses({ SqlExecutionError, SqlSessionNotFoundError, SqlOperationNotFoundError, SqlValueError });
