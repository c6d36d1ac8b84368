import type { z } from 'zod';
import { InvalidResponseError } from '../errors.js';
import type { RequestOptions } from '../http/options.js';
import { Operation, type TriggerSpec, trigger, triggerIdOption } from '../operations/operation.js';
import { triggerResponse } from '../schemas/async.js';
import { flag, options, parseArg, text } from '../validate.js';
import { Resource } from './context.js';
import { savepointTarget } from './jobs.js';

const savepointOptions = options({
  ...savepointTarget,
  /** Cancel the job once the savepoint is taken (prefer jobs.stop). */
  cancelJob: flag().optional(),
  ...triggerIdOption,
});
const SAVEPOINT = {
  kind: 'savepoint',
  where: 'savepoints.trigger',
  schema: savepointOptions,
  body: (opts) => ({ 'target-directory': opts.targetDirectory, 'cancel-job': opts.cancelJob ?? false, formatType: opts.formatType }),
} satisfies TriggerSpec<'savepoint', typeof savepointOptions>;

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
export type SavepointOptions = z.input<typeof savepointOptions>;

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
export class Savepoints extends Resource {
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
  async trigger(jobId: string, given?: SavepointOptions, options?: RequestOptions): Promise<Operation<'savepoint'>> {
    return trigger(this.ctx, SAVEPOINT, jobId, given, options);
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
    const path = parseArg(text(), savepointPath, 'savepoints.dispose: savepointPath');
    const answer = await this.ctx.call('POST', '/savepoint-disposal', {
      body: { 'savepoint-path': path },
      schema: triggerResponse,
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
    return new Operation(this.ctx, 'savepoint-disposal', triggerId);
  }
}
