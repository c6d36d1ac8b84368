import nock from 'nock';
import { onTestFinished } from 'vitest';

/**
 * The error a call ends with, whether it throws synchronously or rejects; fails when it succeeds.
 * Typed `any` on purpose: tests read the error's fields (status, kind, triggerId, …) directly.
 */
// biome-ignore lint/suspicious/noExplicitAny: errors are inspected field by field in tests
export async function caught(run: () => unknown): Promise<any> {
  try {
    await run();
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/**
 * Records every request that reached nock without a matching interceptor during the current test,
 * i.e. anything the SDK sent although it should not have. Loopback stub servers are not counted.
 */
export function unmatchedRequests(): string[] {
  const seen: string[] = [];
  const listener = (req: { method?: string; url?: string | URL }) => {
    const url = String(req.url ?? '');
    if (!url.includes('127.0.0.1')) seen.push(`${req.method ?? '?'} ${url}`);
  };
  nock.emitter.on('no match', listener);
  onTestFinished(() => {
    nock.emitter.removeListener('no match', listener);
  });
  return seen;
}

/**
 * Records the JSON bodies nock received for one interceptor; use as the body matcher. To answer
 * with something taken from the body, reply with a function of no arguments reading `list`:
 * nock 15 calls reply functions with the request only, and treats one of two parameters as
 * callback-style (it then never answers).
 */
export function bodies<T = Record<string, unknown>>(): { list: T[]; match: (body: T) => boolean } {
  const list: T[] = [];
  return {
    list,
    match: (body: T) => {
      list.push(body);
      return true;
    },
  };
}

export const HEX32 = /^[0-9a-f]{32}$/;

/** Fast polling for waits in tests. */
export const FAST = { minDelayMs: 1, maxDelayMs: 5 } as const;
