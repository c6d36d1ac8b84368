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
  override name = 'FlinkError';

  /** The error as plain JSON: message and fields, never credentials or request headers. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message };
  }
}

/** What an {@link ApiError} knows of the failed request and Flink's answer. */
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
}

/** Flink (or something in front of it) answered with an HTTP error status. */
export class ApiError extends FlinkError {
  override name = 'ApiError';
  readonly status: number;
  readonly method: string;
  readonly path: string;
  readonly errors: string[];
  readonly stackTrace: string | undefined;
  readonly bodySnippet: string | undefined;

  constructor(details: ApiErrorDetails, message?: string) {
    super(message ?? describeApiError(details));
    this.status = details.status;
    this.method = details.method;
    this.path = details.path;
    this.errors = details.errors;
    this.stackTrace = details.stackTrace;
    this.bodySnippet = details.bodySnippet;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      status: this.status,
      method: this.method,
      path: this.path,
      errors: this.errors,
      ...(this.bodySnippet === undefined ? {} : { bodySnippet: this.bodySnippet }),
    };
  }
}

function describeApiError({ status, method, path, errors, bodySnippet }: ApiErrorDetails): string {
  const cause = errors[0] ?? (bodySnippet ? `unexpected body: ${bodySnippet}` : 'no error message');
  return `${method} ${path} failed with ${status}: ${cause}`;
}

/** 400: Flink rejected the request, e.g. a jar run whose program threw; `message` carries the program's exception line. */
export class BadRequestError extends ApiError {
  override name = 'BadRequestError';
}
/**
 * A jar run or plan failed inside the user's program (bad entry class, the program's main threw,
 * bad arguments). Flink answers these with 500 (`status` keeps what the server said), but the fault
 * is in the request, so it is a bad request; `message` names the program's own exception.
 */
export class ProgramInvocationError extends BadRequestError {
  override name = 'ProgramInvocationError';
}
/** 404: unknown job, jar, checkpoint or trigger id. */
export class NotFoundError extends ApiError {
  override name = 'NotFoundError';
}
/** 409: the request conflicts with the current state, e.g. cancelling a job that already finished. */
export class ConflictError extends ApiError {
  override name = 'ConflictError';
}
/** 5xx other than 503. */
export class InternalServerError extends ApiError {
  override name = 'InternalServerError';
}
/** 503: usually a leader election in progress; safe requests were already retried. */
export class UnavailableError extends ApiError {
  override name = 'UnavailableError';
}

/** No HTTP answer: connection refused or reset, DNS, TLS. */
export class ConnectionError extends FlinkError {
  override name = 'ConnectionError';
  constructor(
    message: string,
    readonly method: string,
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), method: this.method, path: this.path };
  }
}

/** A request or a wait ran past its deadline. */
export class TimeoutError extends FlinkError {
  override name = 'TimeoutError';
  constructor(
    message: string,
    readonly timeoutMs: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), timeoutMs: this.timeoutMs };
  }
}

/** The caller's AbortSignal fired. */
export class AbortError extends FlinkError {
  override name = 'AbortError';
}

/** The server answered 2xx with a body that is not what this Flink endpoint sends. */
export class InvalidResponseError extends FlinkError {
  override name = 'InvalidResponseError';
  constructor(
    message: string,
    readonly path: string,
    readonly bodySnippet: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), path: this.path, bodySnippet: this.bodySnippet };
  }
}

/** The caller passed something the SDK will not send: a malformed id, an unknown option, a file that is not a jar. */
export class InvalidInputError extends FlinkError {
  override name = 'InvalidInputError';
}

/** The connected Flink is too old (or too new) for this call; raised before anything is sent. */
export class UnsupportedByServerError extends FlinkError {
  override name = 'UnsupportedByServerError';
  constructor(
    readonly feature: string,
    readonly serverVersion: string,
    readonly sinceVersion: string,
  ) {
    super(`${feature} needs Flink ${sinceVersion} or newer; the server runs Flink ${serverVersion}`);
  }
  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      feature: this.feature,
      serverVersion: this.serverVersion,
      sinceVersion: this.sinceVersion,
    };
  }
}

/** An asynchronous operation (savepoint, stop, checkpoint, disposal) completed with a failure cause. */
export class OperationFailedError extends FlinkError {
  override name = 'OperationFailedError';
  constructor(
    message: string,
    readonly kind: string,
    readonly triggerId: string,
    /** Java class of Flink's failure cause, e.g. `java.util.concurrent.CompletionException`. */
    readonly causeClass: string | undefined,
    /** Flink's full stack trace of the failure, kept apart from the message. */
    readonly stackTrace: string | undefined,
  ) {
    super(message);
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), kind: this.kind, triggerId: this.triggerId, causeClass: this.causeClass };
  }
}

/** The server no longer knows a trigger id, e.g. after a JobManager restart or once `rest.async.store-duration` passed. */
export class UnknownOperationError extends FlinkError {
  override name = 'UnknownOperationError';
  constructor(
    message: string,
    readonly kind: string,
    readonly triggerId: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), kind: this.kind, triggerId: this.triggerId };
  }
}

/** A job ended in a state other than the one waited for. */
export class JobStateError extends FlinkError {
  override name = 'JobStateError';
  constructor(
    readonly jobId: string,
    readonly state: string,
    readonly expected: readonly string[],
  ) {
    super(`job ${jobId} ended ${state} while waiting for ${expected.join('/')}`);
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), jobId: this.jobId, state: this.state, expected: this.expected };
  }
}
