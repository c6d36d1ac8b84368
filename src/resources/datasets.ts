import type { RequestOptions } from '../http/options.js';
import { Operation } from '../operations/operation.js';
import { triggerResponse } from '../schemas/async.js';
import { type DataSet, dataSets } from '../schemas/diagnostics.js';
import { checkHexId } from '../validate.js';
import { Resource } from './context.js';

/**
 * Cluster data sets: intermediate results a job cached on the TaskManagers (`DataStream#cache()`
 * in batch mode) for later jobs to read; Flink's `/datasets` group. Deleting one is asynchronous:
 * its trigger id goes through the one waiter, like a savepoint's.
 *
 * @example
 * ```ts
 * for (const set of await flink.dataSets.list()) {
 *   await (await flink.dataSets.delete(set.id)).wait({ timeoutMs: 60_000 });
 * }
 * ```
 */
export class DataSets extends Resource {
  /**
   * `GET /datasets`: the cluster's data sets, each with its id and whether it is complete.
   *
   * @example
   * ```ts
   * const sets = await flink.dataSets.list();
   * console.log(`${sets.length} cached data sets, ${sets.filter((s) => s.isComplete).length} complete`);
   * ```
   */
  async list(options?: RequestOptions): Promise<DataSet[]> {
    return (await this.ctx.call('GET', '/datasets', { schema: dataSets, options })).dataSets;
  }

  /**
   * `DELETE /datasets/{datasetid}`: asks Flink to release a data set's partitions on every
   * TaskManager; returns the operation at once, `await op.wait()` for the end
   * (`GET /datasets/delete/{triggerid}`). Deleting a data set again does no harm, so the request is
   * repeated after a connection error like a read.
   *
   * @example
   * ```ts
   * const op = await flink.dataSets.delete('0123456789abcdef0123456789abcdef');
   * await op.wait({ timeoutMs: 60_000 });
   * console.log(JSON.stringify(op)); // {"kind":"dataset-deletion","triggerId":"…"}
   * ```
   */
  async delete(dataSetId: string, options?: RequestOptions): Promise<Operation<'dataset-deletion'>> {
    const datasetid = checkHexId(dataSetId, 'data set id');
    const answer = await this.ctx.call('DELETE', '/datasets/{datasetid}', {
      params: { datasetid },
      schema: triggerResponse,
      retry: 'safe',
      options,
    });
    return new Operation(this.ctx, 'dataset-deletion', checkHexId(answer['request-id'], 'trigger id'));
  }
}
