// One client for a JobManager and for a HistoryServer. A HistoryServer serves what a JobManager
// archived of each finished job as static files: the JobManager's paths without /v1, GET only. It
// answers 404 "File not found." to everything under /v1, and never answers a POST at all (the
// connection stays open). So the client learns which server it talks to from the first answers,
// at no cost once a JobManager answered, and never lets a write reach a HistoryServer.
import { z } from 'zod';
import { AbortError, NotFoundError, TimeoutError, UnsupportedByServerError } from '../errors.js';
import { type CallInit, checked, HttpCore } from './core.js';
import { apiErrorFor } from './errors.js';
import type { ClientOptions, RequestOptions } from './options.js';
import { fillPath, type HttpMethod } from './typed.js';

/**
 * Which Flink server a client talks to: a `jobmanager` (the REST API under `/v1`) or a
 * `historyserver` (archived jobs, read-only, without `/v1`).
 *
 * @example
 * ```ts
 * const kind: ServerKind = await flink.serverKind();
 * if (kind === 'historyserver') console.log('archived jobs only: nothing can be run or stopped here');
 * ```
 */
export type ServerKind = 'jobmanager' | 'historyserver';

/**
 * The paths a HistoryServer answers (with GET): what Flink's archivists write of a finished job.
 * Measured against 1.20, 2.2 and 2.3; the `/applications` and `/rescales` paths exist from 2.3.
 * The client refuses every other path before sending when it talks to a HistoryServer.
 *
 * @example
 * ```ts
 * const archived = HISTORY_SERVER_PATHS.has('/jobs/{jobid}/exceptions'); // true: readable after the cluster is gone
 * const live = HISTORY_SERVER_PATHS.has('/jobs/{jobid}/vertices/{vertexid}/flamegraph'); // false: only a JobManager samples
 * ```
 */
export const HISTORY_SERVER_PATHS: ReadonlySet<string> = new Set([
  '/config',
  '/jobs/overview',
  '/jobs/{jobid}',
  '/jobs/{jobid}/config',
  '/jobs/{jobid}/plan',
  '/jobs/{jobid}/exceptions',
  '/jobs/{jobid}/accumulators',
  '/jobs/{jobid}/checkpoints',
  '/jobs/{jobid}/checkpoints/config',
  '/jobs/{jobid}/checkpoints/details/{checkpointid}',
  '/jobs/{jobid}/checkpoints/details/{checkpointid}/subtasks/{vertexid}',
  '/jobs/{jobid}/jobmanager/config',
  '/jobs/{jobid}/jobmanager/environment',
  // Only with historyserver.log.*.url-pattern set on the HistoryServer.
  '/jobs/{jobid}/jobmanager/log-url',
  '/jobs/{jobid}/taskmanagers/{taskmanagerid}/log-url',
  '/jobs/{jobid}/vertices/{vertexid}',
  '/jobs/{jobid}/vertices/{vertexid}/subtasktimes',
  '/jobs/{jobid}/vertices/{vertexid}/taskmanagers',
  '/jobs/{jobid}/vertices/{vertexid}/subtasks/{subtaskindex}/attempts/{attempt}',
  '/jobs/{jobid}/vertices/{vertexid}/subtasks/{subtaskindex}/attempts/{attempt}/accumulators',
  '/jobs/{jobid}/rescales/overview',
  '/jobs/{jobid}/rescales/summary',
  '/jobs/{jobid}/rescales/config',
  '/jobs/{jobid}/rescales/history',
  '/jobs/{jobid}/rescales/details/{rescaleuuid}',
  '/applications/overview',
  '/applications/{applicationid}',
  '/applications/{applicationid}/exceptions',
  '/applications/{applicationid}/jobmanager/config',
]);

/** The HistoryServer's 404: its static-file handler found no file for the path. */
const HISTORY_NOT_FOUND = 'File not found.';
const ANY = z.unknown();
const serverConfig = z.looseObject({
  'flink-version': z.string(),
  features: z.looseObject({ 'web-history': z.boolean().optional(), 'web-submit': z.boolean().optional() }).optional(),
});
type ServerConfig = z.infer<typeof serverConfig>;

/**
 * One look-up for the calls that need it at once; a failed one is not kept, so a later call asks
 * again. It goes with the options of the call that started it: a call that joined it and finds it
 * ended by that call's signal or deadline asks again with its own.
 */
function shared<T>(ask: (options?: RequestOptions) => Promise<T>): (options?: RequestOptions) => Promise<T> {
  let pending: Promise<T> | undefined;
  const get = async (options?: RequestOptions, again = true): Promise<T> => {
    const joined = pending !== undefined;
    if (!pending) {
      const started = ask(options);
      started.catch(() => {
        if (pending === started) pending = undefined;
      });
      pending = started;
    }
    try {
      return await pending;
    } catch (err) {
      if (joined && again && (err instanceof AbortError || err instanceof TimeoutError)) return get(options, false);
      throw err;
    }
  };
  return get;
}

function fromHistoryServer(err: unknown): err is NotFoundError {
  return err instanceof NotFoundError && err.errors.length === 1 && err.errors[0] === HISTORY_NOT_FOUND;
}

/**
 * Sends every call of a client: to the JobManager's `/v1` until it proves to be a HistoryServer,
 * then to the HistoryServer (without `/v1`), refusing what it cannot answer before sending. Once a
 * JobManager answered, a call costs one comparison more than the core's.
 */
export class ServerRouter {
  readonly #core: HttpCore;
  readonly #options: ClientOptions;
  #kind: ServerKind | undefined;
  #history: HttpCore | undefined;
  #version = '';

  constructor(core: HttpCore, options: ClientOptions) {
    this.#core = core;
    this.#options = options;
    // Several endpoints are JobManagers with high availability: a HistoryServer has no standby.
    this.#kind = options.server ?? (Array.isArray(options.baseUrl) && options.baseUrl.length > 1 ? 'jobmanager' : undefined);
  }

  call(method: HttpMethod, template: string, init: CallInit = {}): Promise<unknown> {
    if (this.#kind === 'jobmanager') return this.#core.call(method, template, init);
    return this.#route(method, template, init);
  }

  /** Which server this is: known from the answers so far, or learnt with {@link ServerRouter.config}. */
  async kind(options?: RequestOptions): Promise<ServerKind> {
    if (!this.#kind) await this.config(options);
    return this.#kind as ServerKind;
  }

  /**
   * The server's `/config` (its Flink version), asked once per client: `GET /v1/config` of a
   * JobManager, or, when that is a HistoryServer's 404, its `GET /config`. Which server it is
   * comes with it. A failed look-up is not remembered: the next call asks again.
   */
  readonly config = shared((options) => this.call('GET', '/config', { schema: serverConfig, options }) as Promise<ServerConfig>);

  /** The address calls go to first. */
  get baseUrl(): string {
    return this.#core.baseUrl;
  }

  async close(): Promise<void> {
    await Promise.all([this.#core.close(), this.#history?.close()]);
  }

  async #route(method: HttpMethod, template: string, init: CallInit): Promise<unknown> {
    // A write must never reach a HistoryServer: a POST would hang. Learn first, with the /config a
    // version check would ask anyway; if that fails, the write goes and reports its own failure.
    if (this.#kind === undefined && method !== 'GET') await this.config(init.options).catch(() => undefined);
    if (this.#kind === 'historyserver') return this.#historyCall(method, template, init);
    try {
      const answer = await this.#core.call(method, template, init);
      // Any answer under /v1 proves a JobManager: a HistoryServer answers 404 to all of them.
      this.#kind ??= 'jobmanager';
      return answer;
    } catch (err) {
      // Concurrent calls of a fresh client: another one may have learnt the kind while this 404 was on its way.
      if (!fromHistoryServer(err) || this.#kind === 'jobmanager') throw err;
      if (this.#kind !== 'historyserver' && !(await this.#isHistoryServer(init.options))) throw err;
      return this.#historyCall(method, template, init);
    }
  }

  /**
   * After a "File not found." under /v1: whether the server's own `/config` says `web-history`.
   * Asked once for the concurrent first calls of a client.
   */
  readonly #isHistoryServer = shared(async (options) => {
    const config = await this.#historyCore().call<ServerConfig>('GET', '/config', { schema: serverConfig, options });
    this.#version = config['flink-version'] ?? '';
    this.#kind ??= config.features?.['web-history'] ? 'historyserver' : 'jobmanager';
    return this.#kind === 'historyserver';
  });

  #historyCore(): HttpCore {
    this.#history ??= new HttpCore(this.#options, '');
    return this.#history;
  }

  /** A call to the HistoryServer: refused unless it serves the path; its archived error answers are errors. */
  async #historyCall(method: HttpMethod, template: string, init: CallInit): Promise<unknown> {
    const server = `${this.#core.baseUrl} is a Flink HistoryServer${this.#version ? ` (${this.#version})` : ''}`;
    if (method !== 'GET' || !HISTORY_SERVER_PATHS.has(template)) {
      const why =
        method !== 'GET'
          ? `it serves archived jobs read-only (GET); it answers a ${method} with an error${method === 'POST' ? ', or rather never: the connection hangs' : ''}`
          : 'it keeps only what Flink archives of a finished job: overview, details, config, plan, exceptions, accumulators, checkpoints, vertices and subtask attempts';
      throw new UnsupportedByServerError(
        `${method} ${template}`,
        `HistoryServer ${this.#version}`.trim(),
        'JobManager',
        `${method} ${template} was not sent: ${server}; ${why}. Ask the JobManager of a running cluster instead`,
      );
    }
    const path = fillPath(method, template, init.params);
    const { schema, answer, ...rest } = init;
    let json: unknown;
    try {
      // Parsed here, even without a schema: an empty 200 while archives are unpacked is repeated.
      json = await this.#historyCore().call(method, template, { ...rest, schema: ANY, answer: 'json' });
    } catch (err) {
      if (!fromHistoryServer(err)) throw err;
      const { status, errors, stackTrace, bodySnippet } = err;
      throw new NotFoundError(
        { status, method, path, errors, stackTrace, bodySnippet },
        `GET ${path}: ${server}, and it has no archive of this (a job is archived only once it ended, and appears after historyserver.archive.fs.refresh-interval)`,
        { cause: err },
      );
    }
    const errors = (json as { errors?: unknown } | null)?.errors;
    if (json && typeof json === 'object' && !Array.isArray(json) && Array.isArray(errors) && Object.keys(json).length === 1) {
      // The JobManager's error answer, archived as it was with status 200: the rescale paths of a job
      // that did not run on the adaptive scheduler, which the JobManager answers with 404.
      const archived = apiErrorFor(404, method, path, json);
      throw new NotFoundError(
        { status: 404, method, path, errors: archived.errors, stackTrace: archived.stackTrace },
        `GET ${path}: ${server}, which archived the JobManager's error answer: ${archived.errors[0] ?? 'no message'}`,
      );
    }
    return checked(json, () => JSON.stringify(json), { method, path, schema }, this.#options.validateResponses !== false);
  }
}
