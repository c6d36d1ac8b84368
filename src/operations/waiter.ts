import { z } from 'zod';
import {
  AbortError,
  ApiError,
  ConnectionError,
  type FlinkError,
  InvalidInputError,
  NotFoundError,
  TimeoutError,
  UnavailableError,
} from '../errors.js';
import { describe, options, parseOptions, positiveNumber } from '../validate.js';

const waitOptions = options({
  /** Give up after this many milliseconds. Default 10 minutes. */
  timeoutMs: positiveNumber().optional(),
  /** Stops waiting (an {@link AbortError}); the operation itself goes on. */
  signal: z.instanceof(AbortSignal, { error: (i) => `must be an AbortSignal; got ${describe(i.input)}` }).optional(),
  /** Called after every poll that found the operation still running. */
  onProgress: z
    .custom<(progress: WaitProgress) => void>((v) => typeof v === 'function', {
      error: (i) => `must be a function; got ${describe(i.input)}`,
    })
    .optional(),
  /** First pause between polls. Default 100 ms. */
  minDelayMs: positiveNumber().optional(),
  /** Longest pause between polls. Default 4 000 ms: with jitter, 3 – 4 s, so at most 20 polls a minute once warmed up. */
  maxDelayMs: positiveNumber().optional(),
});

/**
 * Options of every `wait()`.
 *
 * @example
 * ```ts
 * const stop = await flink.jobs.stop(jobId, { drain: true });
 * const options: WaitOptions = { timeoutMs: 15 * 60_000, signal: AbortSignal.timeout(20 * 60_000), maxDelayMs: 2_000 };
 * const { location } = await stop.wait(options);
 * ```
 */
export type WaitOptions = z.input<typeof waitOptions>;

/**
 * What `onProgress` of the {@link WaitOptions} is told after each poll.
 *
 * @example
 * ```ts
 * const report = ({ polls, elapsedMs, transientError }: WaitProgress) => {
 *   const note = transientError ? ` (rode out: ${transientError.message})` : '';
 *   console.log(`still saving after ${Math.round(elapsedMs / 1000)} s, ${polls} polls${note}`);
 * };
 * await (await flink.savepoints.trigger(jobId)).wait({ onProgress: report });
 * ```
 */
export interface WaitProgress {
  /** Polls made so far. */
  polls: number;
  elapsedMs: number;
  /** A transient error the last poll met (connection refused, 503) and that the waiter rode out. */
  transientError?: FlinkError;
  /** What the wait is held up by, when it is more than the operation itself, e.g. "tasks not running yet: Source (DEPLOYING)". */
  note?: string;
}

/** What one poll found: done with a value, or not yet (with a note on what is awaited, for progress and the timeout's message). */
export type PollOutcome<T> = { done: false; note?: string } | { done: true; value: T };

const DEFAULT_TIMEOUT_MS = 10 * 60_000;
const DEFAULT_MIN_DELAY_MS = 100;
const DEFAULT_MAX_DELAY_MS = 4_000;
const GROWTH = 1.5;

/**
 * The one polling loop of the SDK, shared by every asynchronous Flink operation: polls until `poll`
 * says done or throws, backing off exponentially with jitter, within a deadline, abortable.
 * Errors that mean "try again" (no connection, 503 during leader election, 5xx) are ridden out
 * until the deadline; everything else `poll` throws ends the wait at once.
 */
export async function waitFor<T>(
  what: string,
  poll: (pollOptions: { signal: AbortSignal; timeoutMs: number }) => Promise<PollOutcome<T>>,
  given?: WaitOptions,
): Promise<T> {
  const options = parseOptions(waitOptions, given, 'wait');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const minDelay = options.minDelayMs ?? DEFAULT_MIN_DELAY_MS;
  const maxDelay = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  if (minDelay > maxDelay) throw new InvalidInputError('wait: minDelayMs must not exceed maxDelayMs');

  const started = Date.now();
  const deadline = started + timeoutMs;
  const deadlineSignal = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadlineSignal]) : deadlineSignal;
  let delay = minDelay;
  let polls = 0;
  let lastTransient: FlinkError | undefined;
  let lastNote: string | undefined;

  const expired = () =>
    new TimeoutError(
      `${what} did not finish within ${timeoutMs} ms (${polls} polls)${lastNote ? `; ${lastNote}` : ''}${lastTransient ? `; last error: ${lastTransient.message}` : ''}`,
      timeoutMs,
      lastTransient ? { cause: lastTransient } : undefined,
    );

  for (;;) {
    if (options.signal?.aborted) throw new AbortError(`waiting for ${what} aborted`, { cause: options.signal.reason });
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw expired();
    polls += 1;
    let transient: FlinkError | undefined;
    let note: string | undefined;
    try {
      const outcome = await poll({ signal, timeoutMs: Math.max(1, Math.ceil(remaining)) });
      if (outcome.done) return outcome.value;
      note = outcome.note;
      lastNote = note;
    } catch (err) {
      if (options.signal?.aborted) throw new AbortError(`waiting for ${what} aborted`, { cause: options.signal.reason });
      if (deadlineSignal.aborted || Date.now() >= deadline) throw expired();
      if (!isTransient(err)) throw err;
      transient = err as FlinkError;
      lastTransient = transient;
    }
    options.onProgress?.({
      polls,
      elapsedMs: Date.now() - started,
      ...(transient ? { transientError: transient } : {}),
      ...(note ? { note } : {}),
    });
    // Jitter takes off up to a quarter, so that many waiters spread out yet never poll faster than 3/4 of the delay.
    const pause = Math.min(delay * (0.75 + Math.random() * 0.25), deadline - Date.now());
    if (pause > 0) await sleep(pause, signal);
    delay = Math.min(maxDelay, delay * GROWTH);
  }
}

function isTransient(err: unknown): boolean {
  if (err instanceof ConnectionError || err instanceof UnavailableError || err instanceof TimeoutError) return true;
  return err instanceof ApiError && err.status >= 500 && !(err instanceof NotFoundError);
}

/** Resolves after `ms`, or at once when `signal` fires. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
