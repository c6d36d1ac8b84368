import type { ZodType } from 'zod';
import type { paths } from '../generated/flink-2.3.js';
import type { Call, HttpCore } from '../http/core.js';
import type { RequestOptions } from '../http/options.js';
import type { HttpMethod, InitArgs, OperationOf, PathsWith, SpecFields, TypedAnswer } from '../http/typed.js';
import type { DashboardConfig } from '../schemas/cluster.js';
import type { FlinkVersion } from '../version.js';

/**
 * The paths of Flink's REST API that {@link FlinkClient} is typed for by default: the newest line's
 * spec (2.3) with flink-rest's corrections. Other lines: `paths` from `flink-rest/flink-1.20` etc.
 *
 * @example
 * ```ts
 * type StopBody = NonNullable<LatestPaths['/jobs/{jobid}/stop']['post']['requestBody']>['content']['application/json'];
 * const body: StopBody = { drain: true };
 * ```
 */
export type LatestPaths = paths;

/** What a resource adds to the spec's fields of a request: how to read and repeat it, and the caller's options. */
export type ResourceInit<O, S> = SpecFields<O> &
  Partial<Pick<Call, 'retry' | 'options' | 'onRetry' | 'answer' | 'upload'>> & { schema?: S };

/** A typed call through the core, as every resource method makes it. */
export type ResourceCall = <M extends HttpMethod, P extends PathsWith<LatestPaths, M>, S extends ZodType | undefined = undefined>(
  method: M,
  path: P,
  ...init: InitArgs<OperationOf<LatestPaths, P, M>, ResourceInit<OperationOf<LatestPaths, P, M>, S>>
) => Promise<TypedAnswer<OperationOf<LatestPaths, P, M>, S>>;

/** What every resource gets from the client: the one typed request core and the server's version, learnt once. */
export interface ClientContext {
  readonly core: HttpCore;
  readonly call: ResourceCall;
  serverVersion(options?: RequestOptions): Promise<FlinkVersion>;
  /** The server's `GET /config` (its version and which features are on), asked once per client. */
  dashboard(options?: RequestOptions): Promise<Pick<DashboardConfig, 'flink-version' | 'features'>>;
}

/**
 * What every resource class of {@link FlinkClient} is: a view of the one client through its
 * context, which the client hands each resource when it is made.
 *
 * @internal
 */
export abstract class Resource {
  /** @internal */
  protected readonly ctx: ClientContext;

  /** @internal */
  constructor(ctx: ClientContext) {
    this.ctx = ctx;
  }
}
