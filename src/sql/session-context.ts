import type { FlinkClient } from '../client.js';
import type { UnsupportedByServerError } from '../errors.js';
import type { RequestOptions } from '../http/options.js';
import type { GatewayHttp } from './http.js';

/**
 * A SQL Gateway REST API version: V1 (Flink 1.16+), V2 (1.17+: configure-session, rowFormat), V3
 * (1.20+: materialized tables), V4 (2.0+: scripts).
 *
 * @example
 * ```ts
 * const apiVersion: SqlGatewayApiVersion = 'v3'; // pin: every call goes to /v3/…
 * const pinned = new SqlGateway({ baseUrl: 'http://127.0.0.1:8083', apiVersion });
 * ```
 */
export type ApiVersion = 'v1' | 'v2' | 'v3' | 'v4';

/** The SQL Gateway's REST API versions this SDK speaks, oldest first. */
export const API_VERSIONS: readonly ApiVersion[] = ['v1', 'v2', 'v3', 'v4'];

/** What a statement's operation needs of its session and gateway. */
export interface SessionContext {
  readonly http: GatewayHttp;
  /** The session handle, ready for a path. */
  readonly handle: string;
  readonly flink: FlinkClient | undefined;
  /** The API version calls use (learnt once per gateway). */
  apiVersion(options?: RequestOptions): Promise<ApiVersion>;
  /** The error for a feature the gateway's API versions lack, naming them. */
  unsupported(feature: string, since: ApiVersion): Promise<UnsupportedByServerError>;
  /** The session's `table.local-time-zone`. */
  timeZone(options?: RequestOptions): Promise<string | undefined>;
}
