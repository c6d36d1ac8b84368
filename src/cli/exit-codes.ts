import {
  AbortError,
  ConflictError,
  ConnectionError,
  FlinkError,
  InvalidInputError,
  JobStateError,
  NotFoundError,
  OperationFailedError,
  TimeoutError,
  UnavailableError,
  UnknownOperationError,
  UnsupportedByServerError,
} from '../errors.js';

/** The CLI's exit codes, stable for scripts. */
export const EXIT = {
  ok: 0,
  /** An operation or job failed (savepoint failure, job ended FAILED or CANCELED in attached mode). */
  failed: 1,
  /** Bad usage or invalid input. */
  usage: 2,
  notFound: 3,
  conflict: 4,
  /** No connection, timeout, or the cluster is unavailable (leader election). */
  unreachable: 5,
  /** The server's Flink version lacks the feature. */
  unsupported: 6,
  /** Interrupted (Ctrl-C). */
  interrupted: 130,
} as const;

export const EXIT_CODES_HELP = `Exit codes:
  0    ok
  1    the operation or job failed (a failed savepoint, a job that ended FAILED or CANCELED)
  2    bad usage or invalid input
  3    not found (job, jar, trigger id)
  4    conflict (e.g. cancelling a finished job)
  5    no connection, timeout, or cluster unavailable
  6    the server's Flink version lacks the feature
  130  interrupted (Ctrl-C)`;

export function exitCodeFor(err: unknown): number {
  if (err instanceof AbortError) return EXIT.interrupted;
  if (err instanceof InvalidInputError) return EXIT.usage;
  if (err instanceof UnsupportedByServerError) return EXIT.unsupported;
  if (err instanceof NotFoundError || err instanceof UnknownOperationError) return EXIT.notFound;
  if (err instanceof ConflictError) return EXIT.conflict;
  if (err instanceof ConnectionError || err instanceof TimeoutError || err instanceof UnavailableError) return EXIT.unreachable;
  if (err instanceof OperationFailedError || err instanceof JobStateError) return EXIT.failed;
  if (err instanceof FlinkError) return EXIT.failed;
  return EXIT.failed;
}
