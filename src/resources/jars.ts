import { z } from 'zod';
import { CLAIM_MODES } from '../enums.js';
import {
  ApiError,
  type ApiErrorDetails,
  InvalidResponseError,
  NotFoundError,
  ProgramInvocationError,
  UnsupportedByServerError,
} from '../errors.js';
import type { components as Latest } from '../generated/flink-2.3.js';
import type { RequestOptions } from '../http/options.js';
import { newTriggerId } from '../operations/operation.js';
import { applicationRun, type JarFile, type JobPlan, jarList, jarRun, jarUpload, jobPlan } from '../schemas/index.js';
import { checkJarId, describe, flag, hexId, oneOf, options, parseOptions, positiveInt, text } from '../validate.js';
import { atLeast, requireFeature } from '../version.js';
import { Resource } from './context.js';
import { type JarSource, jarBody } from './upload.js';

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

/** Program arguments: one array element per argument, no shell splitting. */
const programArgs = z
  .custom<readonly string[]>((v) => Array.isArray(v) && v.every((a) => typeof a === 'string'), {
    error: (i) => `must be an array of strings (one element per argument); got ${describe(i.input)}`,
  })
  .transform((args) => [...args]);

/** Flink options as the REST API takes them: every value a string. */
const flinkConfig = z
  .record(z.string(), z.unknown(), { error: () => "must be an object of Flink options, e.g. { 'pipeline.max-parallelism': 120 }" })
  .transform((config, ctx) => {
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(config)) {
      if (key.trim() === '') ctx.issues.push({ code: 'custom', input: key, message: 'config has an empty option name' });
      else if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)))
        out[key] = String(value);
      else {
        ctx.issues.push({
          code: 'custom',
          input: value,
          message: `config option "${key}" must be a string, finite number or boolean; got ${describe(value)}`,
        });
      }
    }
    return out;
  }) as unknown as z.ZodType<Record<string, string>, FlinkConfig>;

const planShape = {
  /** `-c`: the main class; default the jar manifest's. */
  entryClass: text().optional(),
  /** Program arguments, one array element per argument (no shell splitting). */
  args: programArgs.optional(),
  /** `-p`: default parallelism of the job. */
  parallelism: positiveInt().optional(),
  /** `-D`: Flink configuration for this job, e.g. `{ 'pipeline.max-parallelism': 120 }`. */
  config: flinkConfig.optional(),
  /** The job's id (32 hex); by default a fresh one, so that a retried submission never runs the job twice. */
  jobId: hexId().optional(),
};
const planOptions = options(planShape);
const runShape = {
  ...planShape,
  /** `-s`: restore from this savepoint or retained checkpoint. */
  savepointPath: text().optional(),
  /** `-n`: skip savepoint state that maps to no operator of the new job. */
  allowNonRestoredState: flag().optional(),
  /** `-rm/--claimMode`: who owns the restored snapshot (any case); sent as restoreMode to Flink 1.18 and 1.19. */
  claimMode: oneOf(CLAIM_MODES).optional(),
};
const runOptions = options(runShape);
const applicationOptions = options({
  ...runShape,
  /** The application's id (32 hex); by default a fresh one. */
  applicationId: hexId().optional(),
});
const uploadOptions = options({
  /** The file name Flink records; must end in `.jar`. Default: the path's base name, or the File's name. */
  filename: text().optional(),
});

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
export type RunOptions = z.input<typeof runOptions>;

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
export type UploadOptions = z.input<typeof uploadOptions>;

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

type RunBody = Latest['schemas']['JarRunRequestBody'];

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
export class Jars extends Resource {
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
  async upload(jar: JarSource, given?: UploadOptions, options?: RequestOptions): Promise<UploadedJar> {
    const { filename } = parseOptions(uploadOptions, given, 'jars.upload');
    const { name, body, contentType, length } = await jarBody(jar, filename);
    const refused = await this.submissionOff(options);
    if (refused) {
      await body[Symbol.asyncIterator]().return?.(undefined); // closes the file
      throw refused;
    }
    const answer = await this.ctx.call('POST', '/jars/upload', { upload: { body, contentType, length }, schema: jarUpload, options });
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
    const answer = await this.ctx.call('GET', '/jars', { schema: jarList, options }).catch((err) => this.rethrow(err, options));
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
    let retried = false;
    try {
      await this.ctx.call('DELETE', '/jars/{jarid}', {
        params: { jarid: checkJarId(jarId) },
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
      await this.rethrow(missing, options);
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
  async plan(jarId: string, given?: z.input<typeof planOptions>, options?: RequestOptions): Promise<JobPlan> {
    const jarid = checkJarId(jarId);
    const opts = parseOptions(planOptions, given, 'jars.plan');
    const body = {
      entryClass: opts.entryClass,
      programArgsList: opts.args,
      parallelism: opts.parallelism,
      flinkConfiguration: opts.config,
      jobId: opts.jobId,
    };
    return this.ctx
      .call('POST', '/jars/{jarid}/plan', { params: { jarid }, body, schema: jobPlan, retry: 'safe', options })
      .catch((err) => this.rethrow(asProgramError(err, jarid), options));
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
  async run(jarId: string, given?: RunOptions, options?: RequestOptions): Promise<{ jobId: string }> {
    const jarid = checkJarId(jarId);
    const opts = parseOptions(runOptions, given, 'jars.run');
    const jobId = opts.jobId ?? newTriggerId();
    const body: RunBody = { ...(await this.runBody(opts, options)), jobId };
    let retried = false;
    try {
      const answer = await this.ctx.call('POST', '/jars/{jarid}/run', {
        params: { jarid },
        body,
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
      return this.rethrow(asProgramError(err, jarId), options);
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
    given?: z.input<typeof applicationOptions>,
    options?: RequestOptions,
  ): Promise<{ applicationId: string }> {
    const jarid = checkJarId(jarId);
    const opts = parseOptions(applicationOptions, given, 'jars.runApplication');
    requireFeature(await this.ctx.serverVersion(options), 'jars.runApplication');
    const body = { ...(await this.runBody(opts, options)), applicationId: opts.applicationId ?? newTriggerId(), jobId: opts.jobId };
    const answer = await this.ctx
      .call('POST', '/jars/{jarid}/run-application', { params: { jarid }, body, schema: applicationRun, options })
      .catch((err) => this.rethrow(asProgramError(err, jarid), options));
    return { applicationId: answer.applicationid };
  }

  /**
   * With `web.submit.enable: false` Flink has no jar handlers at all (its `GET /config` says
   * `features.web-submit: false`): an UnsupportedByServerError naming the setting, else undefined.
   */
  private async submissionOff(options: RequestOptions | undefined): Promise<UnsupportedByServerError | undefined> {
    const config = await this.ctx.dashboard(options).catch(() => undefined);
    // A HistoryServer says web-submit false too: the router refuses its writes, naming it.
    if (config?.features?.['web-submit'] !== false || config.features['web-history']) return undefined;
    const version = config['flink-version'];
    return new UnsupportedByServerError(
      'jars',
      version,
      version,
      "the JobManager has jar submission turned off (web.submit.enable: false): Flink refuses jar uploads, runs, plans and the jar list; set web.submit.enable: true in the JobManager's configuration, or submit another way (e.g. application mode)",
      { setting: 'web.submit.enable' },
    );
  }

  /** A 404 from a jar handler: submission may be off (Flink then has no such handler); else the error as it is. */
  private async rethrow(err: unknown, options: RequestOptions | undefined): Promise<never> {
    throw (err instanceof NotFoundError && err.status === 404 && (await this.submissionOff(options))) || err;
  }

  /** The run request's body without ids, claim mode named as this server wants it. */
  private async runBody(opts: z.output<typeof runOptions>, options: RequestOptions | undefined): Promise<Omit<RunBody, 'jobId'>> {
    const body: Omit<RunBody, 'jobId'> = {
      entryClass: opts.entryClass,
      programArgsList: opts.args,
      parallelism: opts.parallelism,
      flinkConfiguration: opts.config,
      savepointPath: opts.savepointPath,
      allowNonRestoredState: opts.allowNonRestoredState,
    };
    if (opts.claimMode) {
      const version = await this.ctx.serverVersion(options);
      if (atLeast(version, '1.20')) body.claimMode = opts.claimMode;
      else body.restoreMode = opts.claimMode;
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
