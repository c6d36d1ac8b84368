/**
 * Several JobManager endpoints behind one client (high availability without a load balancer).
 * A standby JobManager serves REST itself through the leader, and while no leader is known every
 * endpoint answers 503; so a request moves on to the next endpoint when one cannot be reached or
 * answers 503, and the endpoint that answered becomes the one to ask first next time.
 */
export interface Endpoints {
  /** The endpoint requests go to first. */
  current(): string;
  all(): readonly string[];
  fetch: typeof fetch;
}

export function failover(endpoints: readonly string[], base: typeof fetch): Endpoints {
  let current = 0;
  const first = endpoints[0] as string;
  // Tries up to `tries` endpoints from the current one: on to the next after a connection error or
  // a 503, except from the last; the endpoint that answered becomes the current one.
  const each = async (tries: number, signal: AbortSignal | null | undefined, send: (endpoint: string) => Promise<Response>) => {
    let lastError: unknown;
    let lastResponse: Response | undefined;
    for (let i = 0; i < tries; i++) {
      const index = (current + i) % endpoints.length;
      const answer = send(endpoints[index] as string); // a request that cannot be built fails at once
      try {
        const response = await answer;
        if (response.status === 503 && i < tries - 1) {
          await response.body?.cancel();
          lastResponse = response;
          continue;
        }
        current = index;
        return response;
      } catch (err) {
        if (signal?.aborted) throw err;
        lastError = err;
      }
    }
    if (lastResponse) return lastResponse;
    throw lastError;
  };
  const failoverFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    // Bodies are replayed only when small and already in memory (JSON); an upload goes to one
    // endpoint, since Flink keeps jars on the JobManager that received them.
    const replayable = request.body === null || request.headers.get('content-type')?.startsWith('application/json');
    const body = request.body === null || !replayable ? undefined : await request.clone().arrayBuffer();
    return each(replayable ? endpoints.length : 1, request.signal, (endpoint) => {
      const target = rebase(request.url, first, endpoint);
      const attempt = replayable
        ? new Request(target, {
            method: request.method,
            headers: request.headers,
            body: body ?? null,
            signal: request.signal,
            redirect: request.redirect,
          })
        : new Request(target, request);
      return base(attempt, replayable ? undefined : init);
    });
  };
  return {
    current: () => endpoints[current] as string,
    all: () => endpoints,
    fetch: failoverFetch as typeof fetch,
  };
}

function rebase(url: string, from: string, to: string): string {
  return url.startsWith(from) ? to + url.slice(from.length) : url;
}
