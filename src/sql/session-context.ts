import type { FlinkClient } from '../client.js';
import type { UnsupportedByServerError } from '../errors.js';
import type { RequestOptions } from '../http/transport.js';
import type { GatewayHttp } from './http.js';

/** The SQL Gateway's REST API versions this SDK speaks, oldest first. */
export const API_VERSIONS = ['v1', 'v2', 'v3', 'v4'] as const;
export type ApiVersion = (typeof API_VERSIONS)[number];

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
