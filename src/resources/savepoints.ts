import { InvalidInputError, InvalidResponseError } from '../errors.js';
import type { RequestOptions } from '../http/transport.js';
import { newTriggerId, Operation } from '../operations/operation.js';
import { triggerResponse } from '../schemas/async.js';
import { checkBoolean, checkHexId, checkJobId, checkOneOf, checkOptions, checkString } from '../validate.js';
import type { ClientContext } from './context.js';
import { seg } from './context.js';
import { SAVEPOINT_FORMATS, type SavepointFormat } from './jobs.js';

/**
 * Options of {@link Savepoints.trigger}.
 *
 * @example
 * ```ts
 * // bin/flink savepoint -type native <job> hdfs:///savepoints
 * const options: SavepointOptions = { targetDirectory: 'hdfs:///savepoints', formatType: 'native' };
 * const { location } = await (await flink.savepoints.trigger(jobId, options)).wait();
 * ```
 */
export interface SavepointOptions {
  /** Where the savepoint goes; default: the cluster's `execution.checkpointing.savepoint-dir`. */
  targetDirectory?: string;
  /** Cancel the job once the savepoint is taken (prefer jobs.stop). */
  cancelJob?: boolean;
  formatType?: SavepointFormat | Lowercase<SavepointFormat>;
  /** Your own trigger id (32 hex); by default a fresh one, so that a retried request never takes two savepoints. */
  triggerId?: string;
}
const SAVEPOINT_OPTIONS = ['targetDirectory', 'cancelJob', 'formatType', 'triggerId'] as const;

/**
 * Savepoints: trigger (bin/flink savepoint) and dispose (bin/flink savepoint --dispose).
 *
 * @example
 * ```ts
 * const { location } = await (await flink.savepoints.trigger(jobId)).wait();
 * // … once a newer savepoint exists:
 * await (await flink.savepoints.dispose(location)).wait();
 * ```
 */
export class Savepoints {
  constructor(private readonly ctx: ClientContext) {}

  /**
   * `POST /jobs/{jobid}/savepoints`: returns the operation at once ("detached");
   * `await op.wait()` gives `{ location }`.
   *
   * @example
   * ```ts
   * const op = await flink.savepoints.trigger(jobId, { targetDirectory: 'file:///savepoints' });
   * console.log(JSON.stringify(op)); // detached: print the handle and exit, or wait:
   * const { location } = await op.wait();
   * ```
   */
  async trigger(jobId: string, savepointOptions?: SavepointOptions, options?: RequestOptions): Promise<Operation<'savepoint'>> {
    checkJobId(jobId);
    const opts = checkOptions(savepointOptions, SAVEPOINT_OPTIONS, 'savepoints.trigger');
    const triggerId = opts.triggerId === undefined ? newTriggerId() : checkHexId(opts.triggerId, 'triggerId');
    const body = {
      'target-directory': checkString(opts.targetDirectory, 'targetDirectory', 'savepoints.trigger'),
      'cancel-job': checkBoolean(opts.cancelJob, 'cancelJob', 'savepoints.trigger') ?? false,
      formatType: checkOneOf(opts.formatType, SAVEPOINT_FORMATS, 'formatType', 'savepoints.trigger'),
      triggerId,
    };
    await this.ctx.transport.request({
      method: 'POST',
      path: `/jobs/${seg(jobId)}/savepoints`,
      json: body,
      schema: triggerResponse,
      retry: 'safe',
      options,
    });
    return new Operation(this.ctx.transport, 'savepoint', triggerId, jobId);
  }

  /**
   * `POST /savepoint-disposal`: deletes a savepoint's files through the JobManager. Flink takes no
   * client trigger id here, so the request is never repeated automatically.
   *
   * @example
   * ```ts
   * const disposal = await flink.savepoints.dispose(savepointPath); // bin/flink savepoint --dispose
   * await disposal.wait({ timeoutMs: 60_000 });
   * ```
   */
  async dispose(savepointPath: string, options?: RequestOptions): Promise<Operation<'savepoint-disposal'>> {
    const path = checkString(savepointPath, 'savepointPath', 'savepoints.dispose');
    if (path === undefined) throw new InvalidInputError('savepoints.dispose: savepointPath is required');
    const answer = await this.ctx.transport.request({
      method: 'POST',
      path: '/savepoint-disposal',
      json: { 'savepoint-path': path },
      schema: triggerResponse,
      retry: 'never',
      options,
    });
    const triggerId = answer['request-id'];
    if (!/^[0-9a-f]{32}$/.test(triggerId)) {
      throw new InvalidResponseError(
        `POST /savepoint-disposal: the answer's request-id is not a trigger id`,
        '/savepoint-disposal',
        triggerId.slice(0, 80),
      );
    }
    return new Operation(this.ctx.transport, 'savepoint-disposal', triggerId);
  }
}
