import {
  ApiError,
  type ApiErrorDetails,
  InvalidInputError,
  InvalidResponseError,
  NotFoundError,
  ProgramInvocationError,
} from '../errors.js';
import type { components as Flink118 } from '../generated/flink-1.18.js';
import type { components as Latest } from '../generated/flink-2.3.js';
import type { RequestOptions } from '../http/transport.js';
import { newTriggerId } from '../operations/operation.js';
import { applicationRun, type JarFile, type JobPlan, jarList, jarRun, jarUpload, jobPlan } from '../schemas/index.js';
import { checkBoolean, checkHexId, checkJarId, checkOneOf, checkOptions, checkPositiveInt, checkString, describe } from '../validate.js';
import { atLeast, requireFeature } from '../version.js';
import type { ClientContext } from './context.js';
import { seg } from './context.js';
import { type JarSource, jarBody } from './upload.js';

/**
 * Who owns a snapshot a job is restored from (bin/flink `--claimMode`).
 *
 * @example
 * ```ts
 * const claimMode = (process.env.CLAIM_MODE ?? 'NO_CLAIM').toUpperCase() as ClaimMode;
 * if (!CLAIM_MODES.includes(claimMode)) throw new Error(`CLAIM_MODE must be one of ${CLAIM_MODES.join(', ')}`);
 * ```
 */
export const CLAIM_MODES = ['CLAIM', 'NO_CLAIM', 'LEGACY'] as const;
/**
 * `CLAIM`: the job takes the snapshot over; `NO_CLAIM`: it copies what it needs; `LEGACY`: the old behaviour.
 *
 * @example
 * ```ts
 * const claimMode: ClaimMode = 'CLAIM'; // the new job may delete the savepoint's files later
 * await flink.jars.run(jarId, { savepointPath, claimMode });
 * ```
 */
export type ClaimMode = (typeof CLAIM_MODES)[number];

/**
 * `-D key=value` pairs of bin/flink; numbers and booleans are sent as Flink's strings.
 *
 * @example
 * ```ts
 * const config: FlinkConfig = {
 *   'pipeline.max-parallelism': 120,
 *   'execution.checkpointing.interval': '30 s',
 *   'pipeline.object-reuse': true,
 * };
 * await flink.jars.run(jarId, { config });
 * ```
 */
export type FlinkConfig = Record<string, string | number | boolean>;

/**
 * How to run a jar: the options of `bin/flink run`.
 *
 * @example
 * ```ts
 * // bin/flink run -d -c com.example.Main -p 4 -D pipeline.max-parallelism=120 -s <savepoint> -n job.jar --input in
 * const options: RunOptions = {
 *   entryClass: 'com.example.Main',
 *   parallelism: 4,
 *   config: { 'pipeline.max-parallelism': 120 },
 *   savepointPath,
 *   allowNonRestoredState: true,
 *   args: ['--input', 'in'],
 * };
 * const { jobId } = await flink.jars.run(jarId, options);
 * ```
 */
export interface RunOptions {
  /** `-c`: the main class; default the jar manifest's. */
  entryClass?: string;
  /** Program arguments, one array element per argument (no shell splitting). */
  args?: readonly string[];
  /** `-p`: default parallelism of the job. */
  parallelism?: number;
  /** `-D`: Flink configuration for this job, e.g. `{ 'pipeline.max-parallelism': 120 }`. */
  config?: FlinkConfig;
  /** `-s`: restore from this savepoint or retained checkpoint. */
  savepointPath?: string;
  /** `-n`: skip savepoint state that maps to no operator of the new job. */
  allowNonRestoredState?: boolean;
  /** `-rm/--claimMode`: who owns the restored snapshot; sent as restoreMode to Flink 1.18 and 1.19. */
  claimMode?: ClaimMode | Lowercase<ClaimMode>;
  /** The job's id (32 hex); by default a fresh one, so that a retried submission never runs the job twice. */
  jobId?: string;
}
const RUN_OPTIONS = [
  'entryClass',
  'args',
  'parallelism',
  'config',
  'savepointPath',
  'allowNonRestoredState',
  'claimMode',
  'jobId',
] as const;
const PLAN_OPTIONS = ['entryClass', 'args', 'parallelism', 'config', 'jobId'] as const;

/**
 * Options of {@link Jars.upload}.
 *
 * @example
 * ```ts
 * import { createReadStream } from 'node:fs';
 * import { Readable } from 'node:stream';
 * const stream = Readable.toWeb(createReadStream('build/app.jar')) as ReadableStream<Uint8Array>;
 * const options: UploadOptions = { filename: 'app-1.4.2.jar' }; // a stream has no name of its own
 * const { id } = await flink.jars.upload(stream, options);
 * ```
 */
export interface UploadOptions {
  /** The file name Flink records; must end in `.jar`. Default: the path's base name, or the File's name. */
  filename?: string;
}

/**
 * What {@link Jars.upload} returns.
 *
 * @example
 * ```ts
 * const jar: UploadedJar = await flink.jars.upload('./target/app.jar');
 * console.log(`uploaded ${jar.name} as ${jar.id}`);
 * ```
 */
export interface UploadedJar {
  /** The jar id for `run`, `plan` and `delete`. */
  id: string;
  /** The file name as uploaded. */
  name: string;
}

type RunBody = Latest['schemas']['JarRunRequestBody'] & Pick<Flink118['schemas']['JarRunRequestBody'], 'restoreMode'>;
type PlanBody = Latest['schemas']['JarPlanRequestBody'];

/**
 * Jars: upload, list, delete, preview the plan, run.
 *
 * @example
 * ```ts
 * const { id } = await flink.jars.upload('./target/app.jar');
 * const { jobId } = await flink.jars.run(id, { parallelism: 2 });
 * await flink.jars.delete(id); // the job keeps running
 * ```
 */
export class Jars {
  constructor(private readonly ctx: ClientContext) {}

  /**
   * `POST /jars/upload`: uploads a jar given as a path (streamed from disk), a Blob/File, or a stream
   * of bytes (then `filename` is required). Checks before sending that it is a zip file. Never
   * retried: a repeat would store a second copy.
   *
   * @example
   * ```ts
   * const fromDisk = await flink.jars.upload('./target/app.jar');
   * const fromMemory = await flink.jars.upload(new File([await (await fetch('https://repo.example.com/app.jar')).arrayBuffer()], 'app.jar'));
   * ```
   */
  async upload(jar: JarSource, uploadOptions?: UploadOptions, options?: RequestOptions): Promise<UploadedJar> {
    const opts = checkOptions(uploadOptions, ['filename'], 'jars.upload');
    const { name, body, contentType } = await jarBody(jar, checkString(opts.filename, 'filename', 'jars.upload'));
    const answer = await this.ctx.transport.upload({ method: 'POST', path: '/jars/upload', body, contentType, schema: jarUpload, options });
    const id = answer.filename.split(/[/\\]/).pop() ?? '';
    if (answer.status !== 'success' || !id.endsWith('.jar')) {
      throw new InvalidResponseError(
        `jars.upload: the server did not accept ${name}`,
        '/jars/upload',
        JSON.stringify(answer).slice(0, 200),
      );
    }
    return { id, name };
  }

  /**
   * `GET /jars`: the uploaded jars with their entry classes, newest first.
   *
   * @example
   * ```ts
   * const [newest] = await flink.jars.list();
   * if (newest) console.log(newest.id, newest.name, newest.entry.map((e) => e.name).join(', '));
   * ```
   */
  async list(options?: RequestOptions): Promise<JarFile[]> {
    const answer = await this.ctx.transport.request({ method: 'GET', path: '/jars', schema: jarList, retry: 'safe', options });
    return answer.files.toSorted((a, b) => b.uploaded - a.uploaded);
  }

  /**
   * `DELETE /jars/{jarid}`. A jar that is already gone throws {@link NotFoundError}, unless a retry of this call removed it.
   *
   * @example
   * ```ts
   * // keep the three newest uploads
   * for (const jar of (await flink.jars.list()).slice(3)) await flink.jars.delete(jar.id);
   * ```
   */
  async delete(jarId: string, options?: RequestOptions): Promise<void> {
    checkJarId(jarId);
    let retried = false;
    try {
      await this.ctx.transport.request({
        method: 'DELETE',
        path: `/jars/${seg(jarId)}`,
        retry: 'safe',
        options,
        onRetry: () => {
          retried = true;
        },
      });
    } catch (err) {
      const missing = asMissingJar(err, jarId);
      // A repeat after a lost answer finds the jar already gone: that is what was asked for.
      if (retried && missing instanceof NotFoundError) return;
      throw missing;
    }
  }

  /**
   * `POST /jars/{jarid}/plan`: the dataflow plan the jar would run, without running it (bin/flink info).
   *
   * @example
   * ```ts
   * const { plan } = await flink.jars.plan(jarId, { parallelism: 4, args: ['--input', 'in'] });
   * for (const node of plan.nodes) console.log(node.id, node.parallelism);
   * ```
   */
  async plan(
    jarId: string,
    planOptions?: Omit<RunOptions, 'savepointPath' | 'allowNonRestoredState' | 'claimMode'>,
    options?: RequestOptions,
  ): Promise<JobPlan> {
    checkJarId(jarId);
    const opts = checkOptions(planOptions, PLAN_OPTIONS, 'jars.plan');
    const body: PlanBody = {
      entryClass: checkString(opts.entryClass, 'entryClass', 'jars.plan'),
      programArgsList: checkArgs(opts.args, 'jars.plan'),
      parallelism: checkPositiveInt(opts.parallelism, 'parallelism', 'jars.plan'),
      flinkConfiguration: checkConfig(opts.config, 'jars.plan'),
      jobId: opts.jobId === undefined ? undefined : checkHexId(opts.jobId, 'jobId'),
    };
    return this.ctx.transport
      .request({ method: 'POST', path: `/jars/${seg(jarId)}/plan`, json: body, schema: jobPlan, retry: 'safe', options })
      .catch((err) => {
        throw asProgramError(err, jarId);
      });
  }

  /**
   * `POST /jars/{jarid}/run`: runs the jar detached (bin/flink run -d) and returns the job id.
   * The job id is chosen here unless given, so a request repeated after a lost answer finds the job
   * it already started instead of starting a second one. A program that fails in its `main` throws
   * {@link ProgramInvocationError}.
   *
   * @example
   * ```ts
   * try {
   *   const { jobId } = await flink.jars.run(jarId, { entryClass: 'com.example.Main', parallelism: 2, claimMode: 'NO_CLAIM', savepointPath });
   *   console.log(`started ${jobId}`);
   * } catch (err) {
   *   if (err instanceof ProgramInvocationError) console.error(`the program failed to start: ${err.message}`);
   *   else throw err;
   * }
   * ```
   */
  async run(jarId: string, runOptions?: RunOptions, options?: RequestOptions): Promise<{ jobId: string }> {
    checkJarId(jarId);
    const opts = checkOptions(runOptions, RUN_OPTIONS, 'jars.run');
    const jobId = opts.jobId === undefined ? newTriggerId() : checkHexId(opts.jobId, 'jobId');
    const body: RunBody = { ...(await this.runBody(opts, 'jars.run', options)), jobId };
    let retried = false;
    try {
      const answer = await this.ctx.transport.request({
        method: 'POST',
        path: `/jars/${seg(jarId)}/run`,
        json: body,
        schema: jarRun,
        retry: 'safe',
        options,
        onRetry: () => {
          retried = true;
        },
      });
      return { jobId: answer.jobid };
    } catch (err) {
      // The first attempt reached Flink but its answer was lost: the job exists under our id.
      if (retried && err instanceof ApiError && isDuplicateSubmission(err)) return { jobId };
      throw asProgramError(err, jarId);
    }
  }

  /**
   * `POST /jars/{jarid}/run-application` (Flink 2.3+): runs the jar as an application, Flink's
   * application mode over REST, and returns the application id. Older servers get an
   * {@link UnsupportedByServerError} before anything is sent.
   *
   * @example
   * ```ts
   * const { applicationId } = await flink.jars.runApplication(jarId, { entryClass: 'com.example.Main', parallelism: 2 });
   * console.log((await flink.applications.get(applicationId)).status);
   * ```
   */
  async runApplication(
    jarId: string,
    runOptions?: RunOptions & { applicationId?: string },
    options?: RequestOptions,
  ): Promise<{ applicationId: string }> {
    checkJarId(jarId);
    const opts = checkOptions(runOptions, [...RUN_OPTIONS, 'applicationId'], 'jars.runApplication');
    requireFeature(await this.ctx.serverVersion(options), 'jars.runApplication');
    const body: Latest['schemas']['JarRunApplicationRequestBody'] = {
      ...(await this.runBody(opts, 'jars.runApplication', options)),
      applicationId: opts.applicationId === undefined ? newTriggerId() : checkHexId(opts.applicationId, 'applicationId'),
      jobId: opts.jobId === undefined ? undefined : checkHexId(opts.jobId, 'jobId'),
    };
    const answer = await this.ctx.transport
      .request({ method: 'POST', path: `/jars/${seg(jarId)}/run-application`, json: body, schema: applicationRun, retry: 'never', options })
      .catch((err) => {
        throw asProgramError(err, jarId);
      });
    return { applicationId: answer.applicationid };
  }

  /** The run request's body without ids: options checked, claim mode named as this server wants it. */
  private async runBody(opts: RunOptions, method: string, options: RequestOptions | undefined): Promise<Omit<RunBody, 'jobId'>> {
    const claimMode = checkOneOf(opts.claimMode, CLAIM_MODES, 'claimMode', method);
    const body: Omit<RunBody, 'jobId'> = {
      entryClass: checkString(opts.entryClass, 'entryClass', method),
      programArgsList: checkArgs(opts.args, method),
      parallelism: checkPositiveInt(opts.parallelism, 'parallelism', method),
      flinkConfiguration: checkConfig(opts.config, method),
      savepointPath: checkString(opts.savepointPath, 'savepointPath', method),
      allowNonRestoredState: checkBoolean(opts.allowNonRestoredState, 'allowNonRestoredState', method),
    };
    if (claimMode) {
      const version = await this.ctx.serverVersion(options);
      if (atLeast(version, '1.20')) body.claimMode = claimMode;
      else body.restoreMode = claimMode;
    }
    return body;
  }
}

/** What an ApiError knows, to re-type it with another class and message. */
function detailsOf(err: ApiError): ApiErrorDetails {
  const { status, method, path, errors, stackTrace, bodySnippet } = err;
  return { status, method, path, errors, stackTrace, bodySnippet };
}

// Flink answers an unknown jar id with 500 "Jar file … does not exist" (run, plan) or 400 "File …
// does not exist in …" (delete): both mean not found.
const MISSING_JAR = /Jar file \S+ does not exist|File \S+ does not exist in /;

/** An unknown jar id as the {@link NotFoundError} it is, whatever status Flink gave it. */
function asMissingJar(err: unknown, jarId: string): unknown {
  if (!(err instanceof ApiError) || err instanceof NotFoundError || err.status === 503) return err;
  if (!MISSING_JAR.test(`${err.errors.join('\n')}\n${err.stackTrace ?? ''}`)) return err;
  return new NotFoundError(
    detailsOf(err),
    `${err.method} ${err.path}: no jar ${jarId} on this JobManager (jars stay on the JobManager they were uploaded to; see jars.list())`,
  );
}

/** Flink reports a program that failed to start as a 500 whose cause is a ProgramInvocationException. */
function asProgramError(err: unknown, jarId: string): unknown {
  const missing = asMissingJar(err, jarId);
  if (missing !== err) return missing;
  if (!(err instanceof ApiError) || err instanceof ProgramInvocationError || err.status < 500 || err.status === 503) return err;
  const text = `${err.errors.join('\n')}\n${err.stackTrace ?? ''}`;
  const program = text
    .match(/ProgramInvocationException: (.+)/g)
    ?.at(-1)
    ?.replace(/^.*?ProgramInvocationException: /, '');
  if (!program && !/ProgramAbortException|ClassNotFoundException/.test(text)) return err;
  const cause = err.errors.find((m) => !/^Internal server error\.?$/.test(m)) ?? err.errors[0] ?? 'unknown cause';
  const message = program && !cause.includes(program) ? `${program} (${cause})` : cause;
  return new ProgramInvocationError(detailsOf(err), `${err.method} ${err.path}: the program failed: ${message}`);
}

// Flink 2.3 runs jars as applications and names the duplicate after the application.
const DUPLICATE = /Duplicate(Job|Application)SubmissionException|(Job|Application) has already been submitted/;

function isDuplicateSubmission(err: ApiError): boolean {
  return err.errors.some((m) => DUPLICATE.test(m)) || DUPLICATE.test(err.stackTrace ?? '');
}

function checkArgs(args: unknown, method: string): string[] | undefined {
  if (args === undefined) return undefined;
  if (!Array.isArray(args) || args.some((a) => typeof a !== 'string')) {
    throw new InvalidInputError(`${method}: args must be an array of strings (one element per argument); got ${describe(args)}`);
  }
  return [...args];
}

function checkConfig(config: unknown, method: string): Record<string, string> | undefined {
  if (config === undefined) return undefined;
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new InvalidInputError(`${method}: config must be an object of Flink options, e.g. { 'pipeline.max-parallelism': 120 }`);
  }
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    if (key.trim() === '') throw new InvalidInputError(`${method}: config has an empty option name`);
    if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) {
      out[key] = String(value);
    } else {
      throw new InvalidInputError(`${method}: config option "${key}" must be a string, finite number or boolean; got ${describe(value)}`);
    }
  }
  return out;
}
