import { type Operation, type OperationJSON, operationFromJSON } from '../operations/operation.js';
import type { ClientContext } from './context.js';

/** Operations started earlier, perhaps by another process, rebuilt from their JSON. */
export class Operations {
  constructor(private readonly ctx: ClientContext) {}

  /**
   * Rebuilds a handle saved with `JSON.stringify(op)` (or `op.toJSON()`), to check or wait on it.
   *
   * @example
   * ```ts
   * const op = flink.operations.resume('{"kind":"savepoint","triggerId":"…","jobId":"…"}');
   * const { location } = await op.wait();
   * ```
   */
  resume(handle: OperationJSON | string): Operation {
    return operationFromJSON(this.ctx.transport, handle);
  }
}
