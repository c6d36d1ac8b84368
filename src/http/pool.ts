import { type TlsOptions, tlsConnectOptions } from './tls.js';

/**
 * Each client owns its connection pool (an undici Agent, loaded on the first request): at most
 * `maxConnections` sockets to each JobManager, its own TLS settings, and `close()` that leaves no
 * socket or handle behind.
 */
export function pooledFetch(
  options: { tls?: TlsOptions | undefined; maxConnections: number },
  base: typeof fetch | undefined,
): { fetch: typeof fetch; close: () => Promise<void> } {
  const connect = options.tls ? tlsConnectOptions(options.tls) : undefined;
  let agent: Promise<{ close(): Promise<void> }> | undefined;
  // The Agent once loaded: later requests go out without waiting on the import's promise.
  let loaded: { close(): Promise<void> } | undefined;
  let closed: Promise<void> | undefined;
  const dispatcher = () => {
    agent ??= import('undici').then(({ Agent }) => {
      loaded = new Agent({ connections: options.maxConnections, ...(connect ? { connect } : {}) });
      return loaded;
    });
    return agent;
  };
  return {
    // The global fetch is looked up per call, so that test tools that replace it still see requests.
    fetch: async (input, init) => {
      if (closed) throw new TypeError('fetch failed', { cause: new Error('the client was closed') });
      return (base ?? globalThis.fetch)(input, { ...init, dispatcher: loaded ?? (await dispatcher()) } as RequestInit);
    },
    // Closing again waits for the first close instead of closing the Agent twice (undici would throw).
    close: () => {
      closed ??= agent ? agent.then((a) => a.close()) : Promise.resolve();
      return closed;
    },
  };
}
