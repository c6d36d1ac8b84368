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
  const failoverFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    // Bodies are replayed only when small and already in memory (JSON); an upload goes to one
    // endpoint, since Flink keeps jars on the JobManager that received them.
    const replayable = request.body === null || request.headers.get('content-type')?.startsWith('application/json');
    const body = request.body === null || !replayable ? undefined : await request.clone().arrayBuffer();
    const tries = replayable ? endpoints.length : 1;
    let lastError: unknown;
    let lastResponse: Response | undefined;
    for (let i = 0; i < tries; i++) {
      const index = (current + i) % endpoints.length;
      const target = rebase(request.url, first, endpoints[index] as string);
      const attempt = replayable
        ? new Request(target, {
            method: request.method,
            headers: request.headers,
            body: body ?? null,
            signal: request.signal,
            redirect: request.redirect,
          })
        : new Request(target, request);
      try {
        const response = await base(attempt, replayable ? undefined : init);
        if (response.status === 503 && i < tries - 1) {
          await response.body?.cancel();
          lastResponse = response;
          continue;
        }
        current = index;
        return response;
      } catch (err) {
        if (request.signal.aborted) throw err;
        lastError = err;
      }
    }
    if (lastResponse) return lastResponse;
    throw lastError;
  };
  return { current: () => endpoints[current] as string, all: () => endpoints, fetch: failoverFetch as typeof fetch };
}

function rebase(url: string, from: string, to: string): string {
  return url.startsWith(from) ? to + url.slice(from.length) : url;
}
