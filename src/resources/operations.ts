import { InvalidInputError } from '../errors.js';
import { type Operation, type OperationJSON, type OperationKind, operationFromJSON } from '../operations/operation.js';
import { Resource } from './context.js';

/**
 * Operations started earlier, perhaps by another process, rebuilt from their JSON.
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * // written by another process with JSON.stringify(await flink.jobs.stop(jobId))
 * const stop = flink.operations.resume(await readFile('stop.json', 'utf8'), 'stop');
 * const { location } = await stop.wait();
 * ```
 */
export class Operations extends Resource {
  /**
   * Rebuilds a handle saved with `JSON.stringify(op)` (or `op.toJSON()`), to check or wait on it.
   *
   * @example
   * ```ts
   * const op = flink.operations.resume('{"kind":"savepoint","triggerId":"…","jobId":"…"}', 'savepoint');
   * const { location } = await op.wait();
   * ```
   *
   * @param kind - the kind you expect; the result is typed for it, and a handle of another kind is refused.
   */
  resume<K extends OperationKind = OperationKind>(handle: OperationJSON | string, kind?: K): Operation<K> {
    const operation = operationFromJSON(this.ctx, handle);
    if (kind !== undefined && operation.kind !== kind) {
      throw new InvalidInputError(`operations.resume: the handle is a ${operation.kind} operation, not a ${kind}`);
    }
    return operation as Operation<K>;
  }
}
