// The types that let Flink's spec drive every request, as openapi-fetch does with openapi-typescript's
// `paths`: the path template picks the operation, and the operation its path parameters, query,
// JSON body and answer. Nothing here exists at run time but `fillPath`.
import type { z } from 'zod';
import { InvalidInputError } from '../errors.js';
import type { RequestOptions } from './options.js';

/**
 * The HTTP methods Flink's REST API uses.
 *
 * @example
 * ```ts
 * const method: HttpMethod = 'PATCH'; // flink.request(method, '/jobs/{jobid}', { params: { jobid }, query: { mode: 'cancel' } })
 * ```
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * The path templates of `Paths` that have an operation for `M`, e.g. `'/jobs/{jobid}'` for GET.
 *
 * @example
 * ```ts
 * import type { paths } from 'flink-rest/flink-2.3';
 * const readable: PathsWith<paths, 'GET'>[] = ['/overview', '/jobs/overview', '/jobs/{jobid}'];
 * ```
 */
export type PathsWith<Paths, M extends HttpMethod> = {
  [P in keyof Paths]: Paths[P] extends { [K in Lowercase<M>]: object } ? P : never;
}[keyof Paths] &
  string;

/**
 * The operation behind a path template and method: its parameters, request body and responses.
 *
 * @example
 * ```ts
 * import type { paths } from 'flink-rest/flink-2.3';
 * type Cancel = OperationOf<paths, '/jobs/{jobid}', 'PATCH'>;
 * const query: NonNullable<Cancel['parameters']['query']> = { mode: 'cancel' };
 * ```
 */
export type OperationOf<Paths, P extends keyof Paths, M extends HttpMethod> = Paths[P][Lowercase<M> & keyof Paths[P]];

type PathParams<O> = O extends { parameters: { path: infer X } } ? X : never;
type QueryParams<O> = O extends { parameters: { query?: infer Q } } ? Exclude<Q, undefined> : never;
type JsonBody<O> = O extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

/**
 * What a successful answer (200, 201, 202) of the operation carries; undefined when it carries
 * nothing, a stream when it is not JSON (log files).
 *
 * @example
 * ```ts
 * import type { paths } from 'flink-rest/flink-2.3';
 * type Overview = AnswerOf<OperationOf<paths, '/overview', 'GET'>>;
 * const free = (o: Overview) => o['slots-available'];
 * ```
 */
export type AnswerOf<O> = O extends { responses: infer R }
  ? {
      [S in keyof R]: S extends 200 | 201 | 202
        ? R[S] extends { content: { 'application/json': infer T } }
          ? T
          : R[S] extends { content: Record<string, unknown> }
            ? ReadableStream<Uint8Array>
            : undefined
        : never;
    }[keyof R]
  : never;

/** A field required when the operation has it, refused when it has not. */
type Needed<K extends string, T> = [T] extends [never] ? { [F in K]?: never } : { [F in K]: T };
/** A field allowed when the operation has it, refused when it has not. */
type Allowed<K extends string, T> = [T] extends [never] ? { [F in K]?: never } : { [F in K]?: T };

/**
 * The fields of a request the spec types: `params` (required when the path has parameters), `query`
 * and the JSON `body`, each refused when the operation has none.
 *
 * @example
 * ```ts
 * import type { paths } from 'flink-rest/flink-2.3';
 * const fields: SpecFields<OperationOf<paths, '/jobs/{jobid}/stop', 'POST'>> = {
 *   params: { jobid: jobId },
 *   body: { drain: true, targetDirectory: 's3://savepoints' },
 * };
 * ```
 */
export type SpecFields<O> = Needed<'params', PathParams<O>> & Allowed<'query', QueryParams<O>> & Allowed<'body', JsonBody<O>>;

/**
 * What a typed request takes besides method and path: `params` (the path's parameters, required
 * when it has any), `query`, `body` (the JSON body), `schema` (a zod schema the answer must match;
 * the answer's type is then the schema's), `retry` and the {@link RequestOptions}.
 *
 * @example
 * ```ts
 * import type { paths } from 'flink-rest/flink-2.3';
 * type Init = TypedRequestInit<OperationOf<paths, '/jobs/{jobid}/metrics', 'GET'>>;
 * const init: Init = { params: { jobid: jobId }, query: { get: 'uptime,numRestarts' }, timeoutMs: 5_000 };
 * ```
 */
export type TypedRequestInit<O, S extends z.ZodType | undefined = z.ZodType | undefined> = SpecFields<O> &
  RequestOptions & {
    /** Checks the answer; default: the answer is returned as parsed, typed by the spec but unchecked. */
    schema?: S;
    /**
     * `safe`: the request may be sent again after a connection error or 502/503/504 (default for
     * GET); `never`: it is sent once (default for the rest, which may act twice).
     */
    retry?: 'safe' | 'never';
  };

/**
 * `[init?]` when nothing in it is required, `[init]` otherwise: a GET without parameters needs no init.
 *
 * @example
 * ```ts
 * import type { paths } from 'flink-rest/flink-2.3';
 * type Overview = OperationOf<paths, '/overview', 'GET'>;
 * const none: InitArgs<Overview, TypedRequestInit<Overview>> = []; // flink.request('GET', '/overview')
 * ```
 */
export type InitArgs<O, I> = [PathParams<O>] extends [never] ? [init?: I] : [init: I];

/**
 * The answer's type: the schema's when one is given, else the spec's.
 *
 * @example
 * ```ts
 * import type { paths } from 'flink-rest/flink-2.3';
 * type Details = TypedAnswer<OperationOf<paths, '/jobs/{jobid}', 'GET'>, undefined>;
 * const show = (job: Details) => console.log(job.name, job.state);
 * ```
 */
export type TypedAnswer<O, S> = S extends z.ZodType<infer T> ? T : AnswerOf<O>;

/**
 * The template with each `{name}` replaced by its parameter, encoded as one path segment. A missing
 * or empty parameter is an {@link InvalidInputError}, before anything is sent.
 */
export function fillPath(method: string, template: string, params: Record<string, unknown> | undefined): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null || value === '') {
      throw new InvalidInputError(`${method} ${template}: the path parameter ${name} is missing`);
    }
    return encodeURIComponent(String(value));
  });
}

/**
 * A request by path template, typed by an openapi-typescript `paths` type: the client's public
 * {@link FlinkClient.request}.
 *
 * @example
 * ```ts
 * import type { paths } from 'flink-rest/flink-1.20';
 * const request: TypedRequest<paths> = new FlinkClient<paths>({ baseUrl: 'http://127.0.0.1:8081' }).request;
 * const { jobs } = await request('GET', '/jobs/overview');
 * ```
 */
export type TypedRequest<Paths> = <M extends HttpMethod, P extends PathsWith<Paths, M>, S extends z.ZodType | undefined = undefined>(
  method: M,
  path: P,
  ...init: InitArgs<OperationOf<Paths, P, M>, TypedRequestInit<OperationOf<Paths, P, M>, S>>
) => Promise<TypedAnswer<OperationOf<Paths, P, M>, S>>;
