import { JobStateError, type NotFoundError } from '../errors.js';
import type { RequestOptions } from '../http/options.js';
import { TERMINAL_JOB_STATES } from '../schemas/common.js';
import { jobDetails, jobsOverview } from '../schemas/jobs.js';
import type { ClientContext } from './context.js';

/**
 * Whether a job and all its tasks run (a finished task of a bounded source counts), read from
 * `GET /jobs/overview`: the JobManager answers it from the Dispatcher, while job details come from
 * a cache kept for `web.refresh-interval` (3 s by default). A job that ended throws
 * {@link JobStateError}; a job the JobManager does not know throws {@link NotFoundError} (asked of
 * `GET /jobs/{jobid}/status`, as a job missing from the overview may be one still being submitted).
 */
export async function tasksRunning(ctx: ClientContext, jobid: string, options: RequestOptions): Promise<boolean> {
  const { jobs } = await ctx.call('GET', '/jobs/overview', { schema: jobsOverview, options });
  const job = jobs.find((j) => j.jid === jobid);
  if (!job) {
    // Not there: unknown (NotFoundError, at once; a mistyped id must not wait out the deadline), or just submitted.
    await ctx.call('GET', '/jobs/{jobid}/status', { params: { jobid }, options });
    return false;
  }
  if (TERMINAL_JOB_STATES.has(job.state)) throw new JobStateError(jobid, job.state, ['RUNNING']);
  const { total = 0, running = 0, finished = 0 } = job.tasks;
  return job.state === 'RUNNING' && total > 0 && running + finished === total;
}

/** The job's vertices that do not run yet, as `name (STATUS)`, from its details: for messages. */
export async function verticesNotRunning(ctx: ClientContext, jobid: string, options: RequestOptions): Promise<string> {
  const job = await ctx.call('GET', '/jobs/{jobid}', { params: { jobid }, schema: jobDetails, options });
  const waiting = job.vertices.filter((v) => v.status !== 'RUNNING' && v.status !== 'FINISHED');
  return waiting.length ? waiting.map((v) => `${v.name} (${v.status})`).join(', ') : `job ${job.state}`;
}
