import { z } from 'zod';

type Latest = components['schemas'];

import { InvalidInputError, NotFoundError, OperationFailedError, UnknownOperationError } from '../errors.js';
import type { components } from '../generated/flink-2.3.js';
import type { RequestOptions } from '../http/options.js';
import type { ClientContext } from '../resources/context.js';
import { tasksRunning, verticesNotRunning } from '../resources/job-tasks.js';
import { type AsyncStatus, asyncStatus, type SerializedThrowable, triggerResponse } from '../schemas/async.js';
import { jobStatus } from '../schemas/jobs.js';
import { checkHexId, checkJobId, describe, hexId, nearest, parseOptions } from '../validate.js';
import { type PollOutcome, type WaitOptions, waitFor } from './waiter.js';

/**
 * What each kind of operation yields once it completed successfully.
 *
 * @example
 * ```ts
 * const stopped: OperationResults['stop'] = await (await flink.jobs.stop(jobId)).wait();
 * console.log(`resume from ${stopped.location}`);
 * ```
 */
export interface OperationResults {
  savepoint: { location: string };
  stop: { location: string };
  checkpoint: { checkpointId: number };
  'savepoint-disposal': undefined;
  'dataset-deletion': undefined;
}
/**
 * The asynchronous operations the SDK waits for: `savepoint`, `stop`, `checkpoint`, `savepoint-disposal`,
 * `dataset-deletion`.
 *
 * @example
 * ```ts
 * function describe(op: Operation): string {
 *   const what: Record<OperationKind, string> = {
 *     savepoint: 'savepoint',
 *     stop: 'stop with savepoint',
 *     checkpoint: 'checkpoint',
 *     'savepoint-disposal': 'disposal',
 *     'dataset-deletion': 'data set deletion',
 *   };
 *   return `${what[op.kind]} ${op.triggerId}`;
 * }
 * ```
 */
export type OperationKind = keyof OperationResults;

/**
 * The status of an operation at one moment.
 *
 * @example
 * ```ts
 * const op = await flink.savepoints.trigger(jobId);
 * const status: OperationStatus<{ location: string }> = await op.status();
 * if (status.state === 'COMPLETED') console.log(status.result.location);
 * else if (status.state === 'FAILED') console.error(status.error.message);
 * else console.log('still running');
 * ```
 */
export type OperationStatus<T> =
  | { state: 'IN_PROGRESS' }
  | { state: 'COMPLETED'; result: T }
  | { state: 'FAILED'; error: OperationFailedError };

/**
 * A handle as plain JSON, to store and resume later, possibly in another process.
 *
 * @example
 * ```ts
 * const saved: OperationJSON = (await flink.savepoints.trigger(jobId)).toJSON();
 * // { kind: 'savepoint', triggerId: '…', jobId: '…' }; later, perhaps elsewhere:
 * const { location } = await flink.operations.resume(saved, 'savepoint').wait();
 * ```
 */
export interface OperationJSON {
  kind: OperationKind;
  triggerId: string;
  jobId?: string;
}

interface KindSpec<K extends OperationKind> {
  needsJob: boolean;
  /** One look at the status of the operation with this trigger id. */
  status: (ctx: ClientContext, jobid: string, triggerid: string, options?: RequestOptions) => Promise<AsyncStatus>;
  result: (operation: NonNullable<AsyncStatus['operation']>) => OperationResults[K] | undefined;
}

const savepointStatus: KindSpec<'savepoint'>['status'] = (ctx, jobid, triggerid, options) =>
  ctx.call('GET', '/jobs/{jobid}/savepoints/{triggerid}', { params: { jobid, triggerid }, schema: asyncStatus, options });
const location = (op: NonNullable<AsyncStatus['operation']>) => (op.location ? { location: op.location } : undefined);

const KINDS: { [K in OperationKind]: KindSpec<K> } = {
  savepoint: { needsJob: true, status: savepointStatus, result: location },
  // Stop-with-savepoint reports through the savepoint status endpoint.
  stop: { needsJob: true, status: savepointStatus, result: location },
  checkpoint: {
    needsJob: true,
    status: (ctx, jobid, triggerid, options) =>
      ctx.call('GET', '/jobs/{jobid}/checkpoints/{triggerid}', { params: { jobid, triggerid }, schema: asyncStatus, options }),
    result: (op) => (typeof op.checkpointId === 'number' ? { checkpointId: op.checkpointId } : undefined),
  },
  'savepoint-disposal': {
    needsJob: false,
    status: (ctx, _jobid, triggerid, options) =>
      ctx.call('GET', '/savepoint-disposal/{triggerid}', { params: { triggerid }, schema: asyncStatus, options }),
    result: () => undefined,
  },
  'dataset-deletion': {
    needsJob: false,
    status: (ctx, _jobid, triggerid, options) =>
      ctx.call('GET', '/datasets/delete/{triggerid}', { params: { triggerid }, schema: asyncStatus, options }),
    result: () => undefined,
  },
};

// Flink's words for "the tasks are not running yet" (CheckpointFailureReason.NOT_ALL_REQUIRED_TASKS_RUNNING;
// the adaptive scheduler before it runs the job; a task that is still deploying).
const TASKS_NOT_RUNNING = /Not all required tasks are currently running|job is currently not executing|is not being executed at the moment/;

const KIND_NAMES = Object.keys(KINDS) as [OperationKind, ...OperationKind[]];
const operationJson = z.object({
  kind: z.enum(KIND_NAMES, {
    error: (i) => {
      const near = typeof i.input === 'string' ? nearest(i.input, KIND_NAMES) : undefined;
      return `must be one of ${KIND_NAMES.join(', ')}; got ${describe(i.input)}${near ? ` (did you mean "${near}"?)` : ''}`;
    },
  }),
  triggerId: z.string(),
  jobId: z.string().optional(),
});

/**
 * A Flink asynchronous operation, identified by its trigger id. `status()` looks once; `wait()`
 * polls until it completed and returns its result or throws {@link OperationFailedError}.
 *
 * @example
 * ```ts
 * const op = await flink.savepoints.trigger(jobId);
 * const saved = JSON.stringify(op);          // keep it, e.g. for another process
 * const { location } = await flink.operations.resume(saved, 'savepoint').wait({ timeoutMs: 120_000 });
 * ```
 */
export class Operation<K extends OperationKind = OperationKind> {
  readonly kind: K;
  readonly jobId: string | undefined;
  readonly #ctx: ClientContext;
  #triggerId: string;
  /** Triggers the operation anew (same options, a fresh trigger id); only handles the SDK's trigger methods made have it. */
  readonly #again: ((options: RequestOptions) => Promise<string>) | undefined;

  /** @internal Handles come from the SDK's trigger methods and {@link Operations.resume}. */
  constructor(ctx: ClientContext, kind: K, triggerId: string, jobId?: string, again?: (options: RequestOptions) => Promise<string>) {
    this.#ctx = ctx;
    this.kind = kind;
    this.#triggerId = triggerId;
    this.jobId = jobId;
    this.#again = again;
  }

  /**
   * The trigger id Flink knows the operation by. It changes when {@link Operation.wait} triggered
   * the operation again because Flink refused it while the job's tasks were still starting.
   *
   * @example
   * ```ts
   * const op = await flink.checkpoints.trigger(jobId);
   * console.log(`checkpoint triggered as ${op.triggerId}`);
   * ```
   */
  get triggerId(): string {
    return this.#triggerId;
  }

  /**
   * One look at the operation's status. A trigger id the server does not know (it restarted, or
   * the result expired) throws {@link UnknownOperationError}.
   *
   * @example
   * ```ts
   * const op = await flink.checkpoints.trigger(jobId);
   * const status = await op.status({ timeoutMs: 5_000 });
   * console.log(status.state); // IN_PROGRESS, COMPLETED or FAILED
   * ```
   */
  async status(options?: RequestOptions): Promise<OperationStatus<OperationResults[K]>> {
    let answer: AsyncStatus;
    try {
      answer = await KINDS[this.kind].status(this.#ctx, this.jobId ?? '', this.triggerId, options);
    } catch (err) {
      if (err instanceof NotFoundError && !(err instanceof UnknownOperationError)) {
        const { status, method, path, errors, stackTrace, bodySnippet } = err;
        throw new UnknownOperationError(
          { status, method, path, errors, stackTrace, bodySnippet },
          `${this.describe()} is unknown to the server: it may have restarted, or the result expired (rest.async.store-duration); ${err.errors[0] ?? ''}`.trim(),
          this.kind,
          this.triggerId,
          { cause: err },
        );
      }
      throw err;
    }
    if (answer.status.id !== 'COMPLETED') return { state: 'IN_PROGRESS' };
    const operation = answer.operation ?? {};
    const cause = operation['failure-cause'] ?? operation.failureCause;
    if (cause) return { state: 'FAILED', error: this.failure(cause) };
    const result = KINDS[this.kind].result(operation) as OperationResults[K];
    if (result === undefined && this.kind !== 'savepoint-disposal' && this.kind !== 'dataset-deletion') {
      return { state: 'FAILED', error: this.failure({ class: undefined, 'stack-trace': 'completed without a result' }) };
    }
    return { state: 'COMPLETED', result };
  }

  /**
   * Polls until the operation completed; see {@link WaitOptions} for deadline, abort and progress.
   * Throws {@link OperationFailedError} when Flink reports a failure, {@link TimeoutError} at the
   * deadline (the operation goes on: wait again later), {@link AbortError} when the signal fires.
   *
   * @example
   * ```ts
   * const op = await flink.savepoints.trigger(jobId);
   * const { location } = await op.wait({
   *   timeoutMs: 5 * 60_000,
   *   signal,
   *   onProgress: ({ polls, elapsedMs }) => console.log(`poll ${polls}, ${elapsedMs} ms`),
   * });
   * ```
   */
  wait(options?: WaitOptions): Promise<OperationResults[K]> {
    // Flink refuses a savepoint, stop or checkpoint while the job's tasks are still being deployed
    // (its state already says RUNNING). Such a refusal made nothing: wait for the tasks, then trigger again.
    let tasksStarting = false;
    return waitFor(
      this.describe(),
      async (request): Promise<PollOutcome<OperationResults[K]>> => {
        if (tasksStarting) {
          const jobid = this.jobId as string;
          if (!(await tasksRunning(this.#ctx, jobid, request))) {
            return { done: false, note: `tasks not running yet: ${await verticesNotRunning(this.#ctx, jobid, request)}` };
          }
          const again = this.#again as (options: RequestOptions) => Promise<string>;
          this.#triggerId = await again(request);
          tasksStarting = false;
          return { done: false, note: `the job's tasks run: triggered again as ${this.#triggerId}` };
        }
        const status = await this.status(request);
        if (status.state === 'IN_PROGRESS') return { done: false };
        if (status.state === 'COMPLETED') return { done: true, value: status.result };
        const why = `${status.error.message}\n${status.error.stackTrace ?? ''}`;
        if (this.jobId && JOB_NOT_FOUND.test(why)) throw await this.#jobGone(status.error, request);
        if (!this.#again || !TASKS_NOT_RUNNING.test(why)) throw status.error;
        tasksStarting = true;
        return { done: false, note: "Flink refused: not all of the job's tasks run yet; waiting for them, then triggering again" };
      },
      options,
    );
  }

  /**
   * The handle as plain JSON, to store and later {@link Operations.resume}. `JSON.stringify(op)` calls it.
   *
   * @example
   * ```ts
   * import { writeFile } from 'node:fs/promises';
   * const op = await flink.jobs.stop(jobId);
   * await writeFile('stop.json', JSON.stringify(op)); // resume with flink.operations.resume
   * ```
   */
  toJSON(): OperationJSON {
    return this.jobId ? { kind: this.kind, triggerId: this.triggerId, jobId: this.jobId } : { kind: this.kind, triggerId: this.triggerId };
  }

  /**
   * Flink accepts a trigger for any job id and fails the operation with FlinkJobNotFoundException
   * when the job is unknown or no longer running: say which, from the job's status. An unknown job
   * is a {@link NotFoundError}; one that ended keeps the operation's failure, with its state.
   */
  async #jobGone(failed: OperationFailedError, request: RequestOptions): Promise<Error> {
    const jobid = this.jobId as string;
    let state: string;
    try {
      ({ status: state } = await this.#ctx.call('GET', '/jobs/{jobid}/status', { params: { jobid }, schema: jobStatus, options: request }));
    } catch (err) {
      if (!(err instanceof NotFoundError)) return failed;
      const { status, method, path, errors, stackTrace, bodySnippet } = err;
      return new NotFoundError(
        { status, method, path, errors, stackTrace, bodySnippet },
        `${this.describe()}: the JobManager does not know job ${jobid}`,
        { cause: failed },
      );
    }
    return new OperationFailedError(
      `${this.describe()} failed: the job is ${state}; only a running job takes a ${this.kind === 'stop' ? 'stop with savepoint' : this.kind}`,
      this.kind,
      this.triggerId,
      failed.causeClass,
      failed.stackTrace,
    );
  }

  private describe(): string {
    return `${this.kind} ${this.triggerId}${this.jobId ? ` of job ${this.jobId}` : ''}`;
  }

  private failure(cause: SerializedThrowable): OperationFailedError {
    const trace = cause['stack-trace'];
    const { message, causeClass } = summarizeThrowable(cause);
    // Flink's StopWithSavepointStoppingException: the savepoint is written, the job then failed to stop.
    const written = /A savepoint has been created at: (.+?), but the corresponding job/.exec(trace ?? '')?.[1];
    if (!written) return new OperationFailedError(`${this.describe()} failed: ${message}`, this.kind, this.triggerId, causeClass, trace);
    // The default scheduler reports only that exception, the adaptive one the task's failure under it.
    const why = message.includes('A savepoint has been created at') ? 'the job failed while stopping' : message;
    return new OperationFailedError(
      `${this.describe()} failed: ${why}; its savepoint was written before that and is consistent: restore from ${written}`,
      this.kind,
      this.triggerId,
      causeClass,
      trace,
      written,
    );
  }
}

/** Flink's failure of a trigger for a job it does not run (unknown, or ended). */
const JOB_NOT_FOUND = /FlinkJobNotFoundException/;

/** The most telling line of a Java failure: the innermost "Caused by:" or else the first line. */
export function summarizeThrowable(cause: SerializedThrowable): { message: string; causeClass: string | undefined } {
  const trace = cause['stack-trace'] ?? '';
  const causes = trace.match(/^\s*Caused by: .*$/gm);
  const line = (causes?.at(-1)?.replace(/^\s*Caused by: /, '') ?? trace.split('\n')[0] ?? '').trim();
  return { message: line || cause.class || 'unknown failure', causeClass: cause.class };
}

/** A zod issue with the field it is about: `triggerId: expected string, received undefined`. */
function issueAt(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'invalid';
  return issue.path.length ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message;
}

/** Rebuilds a handle from {@link Operation.toJSON} output, validating it. */
export function operationFromJSON(ctx: ClientContext, json: unknown): Operation {
  const input = typeof json === 'string' ? safeJsonParse(json) : json;
  const parsed = operationJson.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    // A field's own "must be …" message names it first; other problems show the expected shape.
    if (issue?.path.length === 1 && issue.message.startsWith('must ')) {
      throw new InvalidInputError(`operations.resume: ${String(issue.path[0])} ${issue.message}`);
    }
    throw new InvalidInputError(
      `operations.resume: expected {"kind": "${KIND_NAMES.join('|')}", "triggerId": "…", "jobId": "…"}; ${issueAt(issue)}`,
    );
  }
  const { kind, jobId } = parsed.data;
  const triggerId = checkHexId(parsed.data.triggerId, 'trigger id');
  return new Operation(ctx, kind, triggerId, KINDS[kind].needsJob ? checkHexId(jobId, `job id of a ${kind} operation`) : undefined);
}

function safeJsonParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidInputError('operations.resume: the handle is not valid JSON');
  }
}

/** A fresh client-side trigger id: Flink dedupes triggers that carry the same one. */
export function newTriggerId(): string {
  return crypto.randomUUID().replaceAll('-', '');
}

/** What each trigger sends: the spec's request body of its POST. */
interface TriggerBodies {
  savepoint: Latest['SavepointTriggerRequestBody'];
  stop: Latest['StopWithSavepointRequestBody'];
  checkpoint: Latest['CheckpointTriggerRequestBody'];
}
type Send<K extends keyof TriggerBodies> = (
  ctx: ClientContext,
  jobid: string,
  body: TriggerBodies[K],
  options?: RequestOptions,
) => Promise<unknown>;

// Safe to repeat: Flink dedupes a trigger by its id.
const TRIGGERS: { [K in keyof TriggerBodies]: Send<K> } = {
  savepoint: (ctx, jobid, body, options) =>
    ctx.call('POST', '/jobs/{jobid}/savepoints', { params: { jobid }, body, schema: triggerResponse, retry: 'safe', options }),
  stop: (ctx, jobid, body, options) => ctx.call('POST', '/jobs/{jobid}/stop', { params: { jobid }, body, retry: 'safe', options }),
  checkpoint: (ctx, jobid, body, options) =>
    ctx.call('POST', '/jobs/{jobid}/checkpoints', { params: { jobid }, body, schema: triggerResponse, retry: 'safe', options }),
};

/** The option every trigger takes: the caller's own trigger id. */
export const triggerIdOption = {
  /** Your own trigger id (32 hex); by default a fresh one, so that a retried request never acts twice. */
  triggerId: hexId().optional(),
};

/**
 * The flow every trigger (savepoint, stop, checkpoint) shares: the job id and options checked, the
 * caller's trigger id or a fresh one, the POST that carries it, and the handle to wait on.
 */
export async function trigger<K extends keyof TriggerBodies, S extends z.ZodType<{ triggerId?: string | undefined }>>(
  ctx: ClientContext,
  spec: TriggerSpec<K, S>,
  jobId: string,
  given: unknown,
  options: RequestOptions | undefined,
): Promise<Operation<K>> {
  const jobid = checkJobId(jobId);
  const opts = parseOptions(spec.schema, given, spec.where);
  const send = async (triggerId: string, request: RequestOptions | undefined) => {
    await TRIGGERS[spec.kind](ctx, jobid, { ...spec.body(opts), triggerId } as TriggerBodies[K], request);
    return triggerId;
  };
  const triggerId = await send(opts.triggerId ?? newTriggerId(), options);
  // Triggered again (after Flink refused while tasks started) under a fresh id: the refused one is taken.
  return new Operation(ctx, spec.kind, triggerId, jobid, (request) => send(newTriggerId(), { ...options, ...request }));
}

/** A trigger method: its kind, its name in messages, its options and the request body they make. */
export interface TriggerSpec<K extends keyof TriggerBodies, S extends z.ZodType> {
  kind: K;
  where: string;
  schema: S;
  body: (opts: z.output<S>) => Omit<TriggerBodies[K], 'triggerId'>;
}
