import type { Agent } from 'undici';
import { type TlsOptions, tlsConnectOptions } from './tls.js';

/** A client's own connection pool: fetch for every call, the undici Agent itself for uploads. */
export interface Pool {
  fetch: typeof fetch;
  /** The Agent under `fetch`, loaded on first use. */
  agent(): Promise<Agent>;
  /** Closes every socket; later requests fail as a connection error. */
  close(): Promise<void>;
}

/**
 * Each client owns its connection pool (an undici Agent, loaded on the first request): at most
 * `maxConnections` sockets to each JobManager, its own TLS settings, and `close()` that leaves no
 * socket or handle behind.
 */
export function pool(options: { tls?: TlsOptions | undefined; maxConnections: number }, base: typeof fetch | undefined): Pool {
  const connect = options.tls ? tlsConnectOptions(options.tls) : undefined;
  let agent: Promise<Agent> | undefined;
  // The Agent once loaded: later requests go out without waiting on the import's promise.
  let loaded: Agent | undefined;
  let closed: Promise<void> | undefined;
  const load = () => {
    if (closed) return Promise.reject(new TypeError('fetch failed', { cause: new Error('the client was closed') }));
    agent ??= import('undici').then(({ Agent }) => {
      loaded = new Agent({ connections: options.maxConnections, ...(connect ? { connect } : {}) });
      return loaded;
    });
    return agent;
  };
  return {
    // The global fetch is looked up per call, so that test tools that replace it still see requests.
    fetch: async (input, init) =>
      (base ?? globalThis.fetch)(input, { ...init, dispatcher: closed ? await load() : (loaded ?? (await load())) } as RequestInit),
    agent: load,
    // Closing again waits for the first close instead of closing the Agent twice (undici would throw).
    close: () => {
      closed ??= agent ? agent.then((a) => a.close()) : Promise.resolve();
      return closed;
    },
  };
}
