import type { FlinkClient } from '../client.js';
import { InvalidInputError } from '../errors.js';
import type { RequestOptions } from '../http/options.js';
import type { Operation } from '../operations/operation.js';
import type { WaitOptions } from '../operations/waiter.js';
import type { StopOptions } from '../resources/jobs.js';
import type { JobState } from '../schemas/common.js';
import type { JobDetails } from '../schemas/jobs.js';

/**
 * The job an `INSERT`, a statement set or `EXECUTE PLAN` submitted. The gateway detaches it: closing
 * the operation or the session does not stop it. Waiting and stopping go to the JobManager through
 * the {@link FlinkClient} given to the {@link SqlGateway} (`flink` option).
 *
 * @example
 * ```ts
 * const gateway = new SqlGateway({ baseUrl: 'http://127.0.0.1:8083', flink: new FlinkClient({ baseUrl: 'http://127.0.0.1:8081' }) });
 * await using session = await gateway.openSession({ properties: { 'execution.runtime-mode': 'batch' } });
 * const job = await session.submit('INSERT INTO daily_totals SELECT day, SUM(amount) FROM payments GROUP BY day');
 * console.log(job.jobId, await job.wait()); // … FINISHED
 * ```
 */
export class SqlJob {
  constructor(
    /** The job's id (32 hex), as the JobManager knows it. */
    readonly jobId: string,
    /** The statement that submitted it. */
    readonly statement: string,
    private readonly flink: FlinkClient | undefined,
  ) {}

  /**
   * Waits until the job reaches one of `states` (default FINISHED) on the JobManager; throws
   * {@link JobStateError} when it ends in another (FAILED, CANCELED).
   *
   * @example
   * ```ts
   * const job = await session.submit('INSERT INTO archive SELECT * FROM orders');
   * await job.wait({ timeoutMs: 10 * 60_000 });
   * ```
   */
  async wait(options?: WaitOptions & { states?: readonly JobState[] }): Promise<JobState> {
    const { states = ['FINISHED'], ...wait } = options ?? {};
    return this.#client('wait').jobs.waitForState(this.jobId, states, wait);
  }

  /**
   * Waits until the job and all its tasks run (a job RUNNING may still be deploying its tasks, and a
   * savepoint then fails with "Not all required tasks are currently running"); throws
   * {@link JobStateError} when it ends first. Returns the job's details.
   *
   * @example
   * ```ts
   * const job = await session.submit('INSERT INTO enriched SELECT * FROM clicks');
   * await job.waitUntilRunning({ timeoutMs: 120_000 });
   * const { location } = await (await job.stop()).wait();
   * ```
   */
  async waitUntilRunning(options?: WaitOptions): Promise<JobDetails> {
    return this.#client('waitUntilRunning').jobs.waitUntilRunning(this.jobId, options);
  }

  /**
   * Stops the job with a savepoint (bin/flink stop), through the JobManager; returns the operation to wait on.
   *
   * @example
   * ```ts
   * const job = await session.submit('INSERT INTO enriched SELECT * FROM clicks');
   * const { location } = await (await job.stop({ drain: false })).wait();
   * console.log(`stopped; resume from ${location}`);
   * ```
   */
  async stop(stopOptions?: StopOptions, options?: RequestOptions): Promise<Operation<'stop'>> {
    return this.#client('stop').jobs.stop(this.jobId, stopOptions, options);
  }

  /**
   * Cancels the job (bin/flink cancel), through the JobManager.
   *
   * @example
   * ```ts
   * const job = await session.submit('INSERT INTO sink SELECT * FROM clicks');
   * await job.cancel();
   * await job.wait({ states: ['CANCELED'] });
   * ```
   */
  async cancel(options?: RequestOptions): Promise<void> {
    return this.#client('cancel').jobs.cancel(this.jobId, options);
  }

  /**
   * `{jobId, statement}`.
   *
   * @example
   * ```ts
   * const job = await session.submit('INSERT INTO sink SELECT * FROM clicks');
   * console.log(JSON.stringify(job)); // {"jobId":"…","statement":"INSERT INTO sink SELECT * FROM clicks"}
   * ```
   */
  toJSON(): { jobId: string; statement: string } {
    return { jobId: this.jobId, statement: this.statement };
  }

  #client(what: string): FlinkClient {
    if (!this.flink) {
      throw new InvalidInputError(
        `SqlJob.${what}() goes to the JobManager: give the SqlGateway a FlinkClient (new SqlGateway({ baseUrl, flink: new FlinkClient({ baseUrl: 'http://jobmanager:8081' }) })), or use flink.jobs with job ${this.jobId}`,
      );
    }
    return this.flink;
  }
}
