import type { z } from 'zod';
import type { FlinkClient } from '../client.js';
import { InvalidInputError, UnsupportedByServerError } from '../errors.js';
import type { RequestOptions } from '../http/options.js';
import { parseOptions } from '../validate.js';
import { GatewayHttp } from './http.js';
import { attachOptions, gatewayOptions, openSessionOptions } from './options.js';
import { apiVersions, gatewayInfo, openedSession } from './schemas.js';
import { SqlSession } from './session.js';
import { API_VERSIONS, type ApiVersion, type SessionContext } from './session-context.js';

/**
 * Options of a {@link SqlGateway}: those of {@link FlinkClient} (base URL with a path prefix, headers,
 * TLS, timeouts, signal, connection pool, retries) and two of its own.
 *
 * @example
 * ```ts
 * const options: SqlGatewayOptions = {
 *   baseUrl: 'https://sql.example.com/gateway',   // a proxy's path prefix is kept
 *   headers: { Authorization: `Bearer ${process.env.SQL_TOKEN}` },
 *   timeoutMs: 20_000,
 *   flink: new FlinkClient({ baseUrl: 'https://flink.example.com' }), // for INSERT jobs
 * };
 * const gateway = new SqlGateway(options);
 * ```
 */
export type SqlGatewayOptions = z.input<typeof gatewayOptions>;

/**
 * Options of {@link SqlGateway.openSession}.
 *
 * @example
 * ```ts
 * const options: OpenSessionOptions = {
 *   name: 'orders-report',
 *   properties: { 'execution.runtime-mode': 'batch', 'table.local-time-zone': 'UTC' },
 *   heartbeatMs: 60_000,
 * };
 * await using session = await gateway.openSession(options);
 * ```
 */
export type OpenSessionOptions = z.input<typeof openSessionOptions>;

/**
 * What {@link SqlGateway.info} returns.
 *
 * @example
 * ```ts
 * const info: SqlGatewayInfo = await gateway.info();
 * console.log(`${info.productName} ${info.version}: API ${info.apiVersions.join(', ')}, speaking ${info.apiVersion}`);
 * ```
 */
export interface SqlGatewayInfo {
  productName: string;
  /** The Flink version of the gateway, e.g. `2.3.0`. */
  version: string;
  /** The API versions it serves, e.g. `['v1', 'v2', 'v3', 'v4']`. */
  apiVersions: string[];
  /** The version this client speaks with it. */
  apiVersion: ApiVersion;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DEFAULT_HEARTBEAT_MS = 30_000;

/**
 * A client for Flink's SQL Gateway REST API (`bin/sql-gateway.sh`, port 8083 by default): sessions,
 * statements, and results streamed as typed rows. It learns the gateway's API versions once and
 * refuses, before sending, what they lack. The gateway has no authentication and no high
 * availability of its own: put it behind a proxy that authenticates (`headers`, `tls`), and expect a
 * gateway restart to lose its sessions.
 *
 * @example
 * ```ts
 * const gateway = new SqlGateway({ baseUrl: 'http://127.0.0.1:8083' });
 * await using session = await gateway.openSession();
 * const rows = await session.query<{ n: number }>('SELECT * FROM (VALUES (1), (2), (3)) AS t(n)');
 * for await (const row of rows) console.log(row.kind, row.values.n);
 * await gateway.close();
 * ```
 */
export class SqlGateway {
  readonly #http: GatewayHttp;
  readonly #pinned: ApiVersion | undefined;
  readonly #flink: FlinkClient | undefined;
  #learnt: Promise<{ info: { productName: string; version: string }; versions: string[]; use: ApiVersion }> | undefined;
  readonly #sessions = new Set<SqlSession>();

  constructor(options: SqlGatewayOptions) {
    const { apiVersion = 'auto', flink, ...client } = parseOptions(gatewayOptions, options, 'SqlGateway');
    this.#pinned = apiVersion === 'auto' ? undefined : apiVersion;
    this.#flink = flink;
    this.#http = new GatewayHttp(client);
  }

  /**
   * The gateway's address, without credentials.
   *
   * @example
   * ```ts
   * console.log(new SqlGateway({ baseUrl: 'http://ops:secret@sql.example.com:8083' }).baseUrl); // http://sql.example.com:8083
   * ```
   */
  get baseUrl(): string {
    return this.#http.baseUrl;
  }

  /**
   * The gateway's product name, Flink version and API versions (`GET /v1/info`, `GET /v1/api_versions`), asked once.
   *
   * @example
   * ```ts
   * const { version, apiVersion } = await gateway.info();
   * console.log(`Flink ${version}, API ${apiVersion}`); // Flink 2.3.0, API v4
   * ```
   */
  async info(options?: RequestOptions): Promise<SqlGatewayInfo> {
    const { info, versions, use } = await this.#learn(options);
    return { productName: info.productName, version: info.version, apiVersions: versions, apiVersion: use };
  }

  #learn(options?: RequestOptions) {
    if (!this.#learnt) {
      const asked = (async () => {
        const [served, info] = await Promise.all([
          this.#http.json({ method: 'GET', path: '/v1/api_versions', schema: apiVersions, retry: 'safe', options }),
          this.#http.json({ method: 'GET', path: '/v1/info', schema: gatewayInfo, retry: 'safe', options }),
        ]);
        const versions = served.versions.map((v) => v.toLowerCase());
        const known = API_VERSIONS.filter((v) => versions.includes(v));
        if (this.#pinned && !versions.includes(this.#pinned)) {
          throw new UnsupportedByServerError(
            `SQL Gateway REST API ${this.#pinned.toUpperCase()}`,
            info.version,
            this.#pinned,
            `the SQL Gateway at ${this.baseUrl} (Flink ${info.version}) serves API ${served.versions.join(', ')}, not the pinned ${this.#pinned.toUpperCase()}; drop apiVersion to let the client choose`,
          );
        }
        const use = this.#pinned ?? known.at(-1);
        if (!use) {
          throw new UnsupportedByServerError(
            'SQL Gateway REST API',
            info.version,
            'v1',
            `the SQL Gateway at ${this.baseUrl} serves API ${served.versions.join(', ')}, none of which this client speaks`,
          );
        }
        return { info, versions, use };
      })();
      // A failed look-up is not remembered: the next call asks again.
      asked.catch(() => {
        if (this.#learnt === asked) this.#learnt = undefined;
      });
      this.#learnt = asked;
    }
    return this.#learnt;
  }

  /**
   * Opens a session (`POST /sessions`) with the given properties; it heartbeats until closed.
   *
   * @example
   * ```ts
   * await using session = await gateway.openSession({ properties: { 'table.local-time-zone': 'UTC' } });
   * console.log(session.handle);
   * ```
   */
  async openSession(options: OpenSessionOptions = {}, requestOptions?: RequestOptions): Promise<SqlSession> {
    const { name, properties, heartbeatMs: beat = DEFAULT_HEARTBEAT_MS } = parseOptions(openSessionOptions, options, 'openSession');
    const { use } = await this.#learn(requestOptions);
    const { sessionHandle } = await this.#http.json({
      method: 'POST',
      path: `/${use}/sessions`,
      json: { ...(name !== undefined ? { sessionName: name } : {}), ...(properties ? { properties } : {}) },
      schema: openedSession,
      retry: 'never',
      options: requestOptions,
    });
    return this.#attach(sessionHandle, beat);
  }

  /**
   * A session opened elsewhere (e.g. by another process), by its handle; it heartbeats like an opened one.
   *
   * @example
   * ```ts
   * const session = gateway.session(process.env.SQL_SESSION ?? '');
   * console.log(await session.config());
   * ```
   */
  session(handle: string, options: Pick<OpenSessionOptions, 'heartbeatMs'> = {}): SqlSession {
    if (typeof handle !== 'string' || !UUID.test(handle))
      throw new InvalidInputError(`session handle must be a UUID; got ${JSON.stringify(handle)}`);
    return this.#attach(handle.toLowerCase(), parseOptions(attachOptions, options, 'session').heartbeatMs ?? DEFAULT_HEARTBEAT_MS);
  }

  #attach(handle: string, heartbeatMs: number | false): SqlSession {
    const ctx: SessionContext = {
      http: this.#http,
      handle: encodeURIComponent(handle),
      flink: this.#flink,
      apiVersion: async (options) => (await this.#learn(options)).use,
      unsupported: async (feature, since) => {
        const { info, versions } = await this.#learn();
        return new UnsupportedByServerError(
          feature,
          info.version,
          since,
          `${feature} needs SQL Gateway REST API ${since.toUpperCase()} or newer; the gateway at ${this.baseUrl} (Flink ${info.version}) serves ${versions.join(', ').toUpperCase()}`,
        );
      },
      timeZone: async (options) => (await session.config(options))['table.local-time-zone'],
    };
    const session: SqlSession = new SqlSession(handle, ctx, heartbeatMs, () => this.#sessions.delete(session));
    this.#sessions.add(session);
    return session;
  }

  /**
   * Closes every session this client opened or attached and still holds (best effort), then its
   * connections; no timer or socket of it stays. The client is unusable afterwards.
   *
   * @example
   * ```ts
   * const gateway = new SqlGateway({ baseUrl: 'http://127.0.0.1:8083' });
   * try {
   *   const session = await gateway.openSession();
   *   console.log((await session.execute('SHOW DATABASES')).rows.length);
   * } finally {
   *   await gateway.close(); // closes the session too
   * }
   * ```
   */
  async close(): Promise<void> {
    await Promise.allSettled([...this.#sessions].map((s) => s.close({ timeoutMs: 10_000 })));
    await this.#http.close();
  }
}
