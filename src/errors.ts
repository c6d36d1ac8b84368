import { nameErrorClasses } from './error-names.js';

/**
 * Every error the SDK throws is a {@link FlinkError}; catch the subclasses you can act on.
 *
 * @example
 * ```ts
 * try {
 *   await flink.jobs.cancel(jobId);
 * } catch (err) {
 *   if (err instanceof ConflictError) console.log('already finished');
 *   else throw err;
 * }
 * ```
 */
export class FlinkError extends Error {
  /**
   * The error as plain JSON: name, message and the subclass's own fields (`status`, `kind`,
   * `triggerId`, …), never credentials, request headers, the cause or a Java stack trace.
   *
   * @example
   * ```ts
   * try {
   *   await flink.jobs.stop(jobId);
   * } catch (err) {
   *   // structured logs: name, message and the subclass's fields, safe to ship anywhere
   *   if (err instanceof FlinkError) console.error(JSON.stringify({ level: 'error', error: err.toJSON() }));
   *   throw err;
   * }
   * ```
   */
  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [key, value] of Object.entries(this)) {
      if (value !== undefined && key !== 'stackTrace' && !(key in json)) json[key] = value;
    }
    return json;
  }
}

/**
 * What an {@link ApiError} knows of the failed request and Flink's answer.
 *
 * @example
 * ```ts
 * // A test double failing as Flink does for a job it does not know:
 * const details: ApiErrorDetails = { status: 404, method: 'GET', path: `/jobs/${jobId}`, errors: [`Job ${jobId} not found`] };
 * const notFound = new NotFoundError(details);
 * console.log(notFound.message); // GET /jobs/… failed with 404: Job … not found
 * ```
 */
export interface ApiErrorDetails {
  status: number;
  method: string;
  /** Path of the request, without query string or credentials. */
  path: string;
  /** Flink's messages from the `{"errors": [...]}` body, Java stack traces removed. */
  errors: string[];
  /** Java stack traces Flink put into the messages, kept apart from the message. */
  stackTrace?: string | undefined;
  /** A short start of a body that was not Flink's error JSON (e.g. a proxy's HTML page). */
  bodySnippet?: string | undefined;
  /**
   * The URL the answer came from, without query: named in the message of an answer that is not
   * Flink's (no `errors`), which says nothing of where the request went.
   */
  url?: string | undefined;
}

/**
 * Flink (or something in front of it) answered with an HTTP error status.
 *
 * @example
 * ```ts
 * try {
 *   await flink.jobs.list();
 * } catch (err) {
 *   if (!(err instanceof ApiError)) throw err;
 *   // Flink's own messages, or for a gateway's 401/403 page the start of its body
 *   console.error(`${err.method} ${err.path}: ${err.status}`, err.errors[0] ?? err.bodySnippet);
 * }
 * ```
 */
export class ApiError extends FlinkError {
  readonly status: number;
  readonly method: string;
  readonly path: string;
  readonly errors: string[];
  readonly stackTrace: string | undefined;
  readonly bodySnippet: string | undefined;

  constructor(details: ApiErrorDetails, message?: string, options?: ErrorOptions) {
    super(message ?? describeApiError(details), options);
    this.status = details.status;
    this.method = details.method;
    this.path = details.path;
    this.errors = details.errors;
    this.stackTrace = details.stackTrace;
    this.bodySnippet = details.bodySnippet;
  }
}

function describeApiError({ status, method, path, errors, bodySnippet, url }: ApiErrorDetails): string {
  const cause = errors[0] ?? (bodySnippet ? `unexpected body: ${bodySnippet}` : 'no error message');
  if (errors.length || !url) return `${method} ${path} failed with ${status}: ${cause}`;
  // Not Flink's answer: a proxy's, or a base URL whose path is wrong (then 404).
  const hint = status === 404 ? '; this is no answer of Flink’s REST API: check the base URL, its path included' : '';
  return `${method} ${path} failed with ${status} at ${url}: ${cause}${hint}`;
}

/**
 * 400: Flink rejected the request as malformed (a program that fails to start is a {@link ProgramInvocationError}).
 *
 * @example
 * ```ts
 * try {
 *   await flink.jars.run(jarId, { entryClass: 'com.example.OrdersJob', args: ['--input', 's3://orders/in'] });
 * } catch (err) {
 *   if (err instanceof BadRequestError) console.error(`Flink refused the job: ${err.message}`);
 *   else throw err;
 * }
 * ```
 */
export class BadRequestError extends ApiError {}
/**
 * A jar run or plan failed inside the user's program (bad entry class, the program's main threw,
 * bad arguments). Flink answers these with 500 (`status` keeps what the server said); the fault is
 * neither a malformed request nor Flink's own, so this is an {@link ApiError} of its own kind;
 * `message` names the program's own exception.
 *
 * @example
 * ```ts
 * try {
 *   await flink.jars.run(jarId, { entryClass: 'com.example.OrdersJob' });
 * } catch (err) {
 *   if (!(err instanceof ProgramInvocationError)) throw err;
 *   console.error(err.message); // POST /jars/…/run: the program failed: <the program's exception>
 *   if (err.stackTrace) console.debug(err.stackTrace);
 * }
 * ```
 */
export class ProgramInvocationError extends ApiError {}
/**
 * 404: unknown job, jar, checkpoint or trigger id.
 *
 * @example
 * ```ts
 * const state = await flink.jobs.state(jobId).catch((err) => {
 *   if (err instanceof NotFoundError) return 'no such job'; // never ran here, or finished long ago and expired
 *   throw err;
 * });
 * console.log(`${jobId}: ${state}`);
 * ```
 */
export class NotFoundError extends ApiError {}
/**
 * 409: the request conflicts with the current state, e.g. cancelling a job that already finished.
 *
 * @example
 * ```ts
 * await flink.jobs.cancel(jobId).catch((err) => {
 *   if (!(err instanceof ConflictError)) throw err; // the job already ended: nothing left to cancel
 * });
 * console.log(await flink.jobs.state(jobId));
 * ```
 */
export class ConflictError extends ApiError {}
/**
 * 5xx other than 503.
 *
 * @example
 * ```ts
 * try {
 *   await flink.checkpoints.stats(jobId);
 * } catch (err) {
 *   if (!(err instanceof InternalServerError)) throw err;
 *   console.error(`JobManager failed with ${err.status}: ${err.errors[0] ?? 'no message'}`); // Flink's innermost cause
 *   if (err.stackTrace) console.debug(err.stackTrace);
 * }
 * ```
 */
export class InternalServerError extends ApiError {}
/**
 * 503: usually a leader election in progress; safe requests were already retried.
 *
 * @example
 * ```ts
 * try {
 *   console.log(await flink.cluster.overview());
 * } catch (err) {
 *   if (!(err instanceof UnavailableError)) throw err;
 *   console.warn('JobManager leader election in progress; skipping this poll'); // its retries are spent
 * }
 * ```
 */
export class UnavailableError extends ApiError {}

/**
 * No HTTP answer: connection refused or reset, DNS, TLS.
 *
 * @example
 * ```ts
 * const reachable = await flink.cluster.overview({ maxRetries: 0, timeoutMs: 5_000 }).then(
 *   () => true,
 *   (err) => {
 *     if (err instanceof ConnectionError) return false; // refused, reset, DNS or TLS failure
 *     throw err;
 *   },
 * );
 * ```
 */
export class ConnectionError extends FlinkError {
  constructor(
    message: string,
    readonly method: string,
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * A request or a wait ran past its deadline.
 *
 * @example
 * ```ts
 * const op = await flink.savepoints.trigger(jobId);
 * try {
 *   console.log((await op.wait({ timeoutMs: 60_000 })).location);
 * } catch (err) {
 *   if (!(err instanceof TimeoutError)) throw err;
 *   console.warn(`no savepoint after ${err.timeoutMs} ms; it goes on, resume with ${JSON.stringify(op)}`);
 * }
 * ```
 */
export class TimeoutError extends FlinkError {
  constructor(
    message: string,
    readonly timeoutMs: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The caller's AbortSignal fired.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * process.once('SIGINT', () => controller.abort());
 * try {
 *   await flink.jobs.waitUntilRunning(jobId, { signal: controller.signal });
 * } catch (err) {
 *   if (err instanceof AbortError) console.log('stopped waiting; the job itself goes on');
 *   else throw err;
 * }
 * ```
 */
export class AbortError extends FlinkError {}

/**
 * The server answered 2xx with a body that is not what this Flink endpoint sends.
 *
 * @example
 * ```ts
 * try {
 *   await flink.jobs.list();
 * } catch (err) {
 *   // e.g. a single sign-on proxy answering 200 with its login page
 *   if (err instanceof InvalidResponseError) console.error(`not Flink's answer at ${err.path}: ${err.bodySnippet}`);
 *   else throw err;
 * }
 * ```
 */
export class InvalidResponseError extends FlinkError {
  constructor(
    message: string,
    readonly path: string,
    readonly bodySnippet: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The caller passed something the SDK will not send: a malformed id, an unknown option, a file that is not a jar.
 *
 * @example
 * ```ts
 * try {
 *   console.log(await flink.jobs.get(process.argv[2] ?? ''));
 * } catch (err) {
 *   if (err instanceof InvalidInputError) console.error(err.message); // job id must be 32 hexadecimal characters …; nothing was sent
 *   else throw err;
 * }
 * ```
 */
export class InvalidInputError extends FlinkError {}

/**
 * The connected Flink cannot do this: it is too old (or too new) for the call, raised before anything
 * is sent, or, for {@link Jobs.rescale}, the job runs on a scheduler that cannot rescale (`message`
 * says which).
 *
 * @example
 * ```ts
 * try {
 *   console.log((await flink.jars.runApplication(jarId)).applicationId);
 * } catch (err) {
 *   if (!(err instanceof UnsupportedByServerError)) throw err;
 *   console.warn(`Flink ${err.serverVersion} lacks ${err.feature} (since ${err.sinceVersion}); running a plain job`);
 *   console.log((await flink.jars.run(jarId)).jobId);
 * }
 * ```
 */
export class UnsupportedByServerError extends FlinkError {
  constructor(
    readonly feature: string,
    readonly serverVersion: string,
    readonly sinceVersion: string,
    /** Why, when the version alone does not explain it. */
    reason?: string,
    options?: ErrorOptions & { setting?: string },
  ) {
    super(reason ?? `${feature} needs Flink ${sinceVersion} or newer; the server runs Flink ${serverVersion}`, options);
    if (options?.setting) this.setting = options.setting;
  }
  /** The server setting that switches the feature on, when a setting (not the version) is the reason, e.g. `web.submit.enable`. */
  readonly setting?: string;
}

/**
 * An asynchronous operation (savepoint, stop, checkpoint, disposal) completed with a failure cause.
 *
 * @example
 * ```ts
 * const op = await flink.savepoints.trigger(jobId, { targetDirectory: 's3://flink/savepoints' });
 * try {
 *   await op.wait();
 * } catch (err) {
 *   if (!(err instanceof OperationFailedError)) throw err;
 *   console.error(`${err.kind} ${err.triggerId}: ${err.message}`); // Flink's innermost cause
 *   if (err.stackTrace) console.debug(err.stackTrace);
 * }
 * ```
 */
export class OperationFailedError extends FlinkError {
  constructor(
    message: string,
    readonly kind: string,
    readonly triggerId: string,
    /** Java class of Flink's failure cause, e.g. `java.util.concurrent.CompletionException`. */
    readonly causeClass: string | undefined,
    /** Flink's full stack trace of the failure, kept apart from the message. */
    readonly stackTrace: string | undefined,
    /**
     * A stop whose savepoint was written before the job failed to stop (Flink's
     * StopWithSavepointStoppingException): the savepoint's path. It is consistent: restore from it.
     */
    readonly savepointLocation?: string,
  ) {
    super(message);
  }
}

/**
 * The server no longer knows a trigger id, e.g. after a JobManager restart or once
 * `rest.async.store-duration` passed: a {@link NotFoundError} (404) of a trigger id.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * const op = flink.operations.resume(readFileSync('savepoint-op.json', 'utf8'), 'savepoint');
 * try {
 *   console.log((await op.wait()).location);
 * } catch (err) {
 *   if (!(err instanceof UnknownOperationError)) throw err;
 *   // the server forgot the trigger id: the job's latest savepoint tells whether one completed
 *   console.log((await flink.checkpoints.stats(jobId)).latest.savepoint?.external_path);
 * }
 * ```
 */
export class UnknownOperationError extends NotFoundError {
  constructor(
    details: ApiErrorDetails,
    message: string,
    readonly kind: string,
    readonly triggerId: string,
    options?: ErrorOptions,
  ) {
    super(details, message, options);
  }
}

/**
 * A job ended in a state other than the one waited for.
 *
 * @example
 * ```ts
 * try {
 *   await flink.jobs.waitUntilRunning(jobId);
 * } catch (err) {
 *   if (!(err instanceof JobStateError)) throw err;
 *   const [last] = (await flink.jobs.exceptions(err.jobId)).exceptionHistory.entries;
 *   console.error(`job ended ${err.state} instead of ${err.expected.join('/')}: ${last?.exceptionName ?? 'no exception recorded'}`);
 * }
 * ```
 */
export class JobStateError extends FlinkError {
  constructor(
    readonly jobId: string,
    readonly state: string,
    readonly expected: readonly string[],
  ) {
    super(`job ${jobId} ended ${state} while waiting for ${expected.join('/')}`);
  }
}

nameErrorClasses({
  FlinkError,
  ApiError,
  BadRequestError,
  ProgramInvocationError,
  NotFoundError,
  ConflictError,
  InternalServerError,
  UnavailableError,
  ConnectionError,
  TimeoutError,
  AbortError,
  InvalidResponseError,
  InvalidInputError,
  UnsupportedByServerError,
  OperationFailedError,
  UnknownOperationError,
  JobStateError,
});
