// Pieces of the transport's direct path: calls without a request body go to the pooled fetch
// straight, without ky's Request objects and hooks, by the rules ky applies to the other calls. The
// retry policy lives here so that both paths read it from one place.

/** Answers a call that is safe to repeat is repeated on. */
export const RETRY_STATUSES = [502, 503, 504];
/** Answers whose Retry-After (or rate-limit reset) header sets the pause before the repeat. */
export const RETRY_AFTER_STATUSES = [503];
/** Longest pause between two attempts unless the server asks for longer. */
export const BACKOFF_LIMIT_MS = 5_000;

/** The pause before repeat number `attempt` (1, 2, …): a random part of 300 ms doubling per repeat, at most 5 s. */
export function backoff(attempt: number): number {
  return Math.min(BACKOFF_LIMIT_MS, Math.random() * 300 * 2 ** (attempt - 1));
}

// Rate-limit headers a gateway may send instead of Retry-After; the reset ones may hold a Unix time.
const RESET_HEADERS: readonly [name: string, mayBeTime: boolean][] = [
  ['retry-after', false],
  ['ratelimit-reset', true],
  ['x-ratelimit-retry-after', false],
  ['x-ratelimit-reset', true],
  ['x-rate-limit-reset', true],
];
// A number of seconds at least this large is a point in time, not a delay.
const UNIX_TIME_FROM = Date.UTC(2024, 0, 1);

/** The pause in ms the answer's headers ask for, undefined when they ask for none or say it unreadably. */
export function serverPause(headers: Headers): number | undefined {
  for (const [name, mayBeTime] of RESET_HEADERS) {
    const value = headers.get(name);
    if (value === null) continue;
    if (/^\d+$/.test(value)) {
      const ms = Number(value) * 1000;
      return Math.max(0, mayBeTime && ms >= UNIX_TIME_FROM ? ms - Date.now() : ms);
    }
    // An HTTP date; every one of its three forms starts with the name of the day.
    const at = /^[A-Z][a-z]{2}/.test(value) ? Date.parse(value) : Number.NaN;
    return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
  }
  return undefined;
}

/** Waits `ms`, or rejects with the signal's reason as soon as it fires. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const stop = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', stop);
      resolve();
    }, ms);
    signal.addEventListener('abort', stop, { once: true });
  });
}

// fetch's words for "no answer came" in the runtimes the SDK runs on (undici: "fetch failed" before
// the answer, "terminated" when the connection dropped). These are repeated; a TypeError about a bad
// header or URL is not.
const NO_ANSWER = new Set([
  'fetch failed',
  'terminated',
  'network error',
  'Failed to fetch',
  'Network request failed',
  'Network connection lost',
  ' A network error occurred.',
]);

/** Whether fetch failed for want of an answer (refused, reset, DNS, TLS), i.e. whether trying again may help. */
export function isNetworkFailure(err: unknown): boolean {
  if (!(err instanceof Error) || err.name !== 'TypeError') return false;
  return (
    NO_ANSWER.has(err.message) || err.message.startsWith('error sending request for url') || err.message.startsWith('Failed to fetch (')
  );
}

/** A non-2xx answer of the direct path with its body as read; the transport maps it like ky's HTTPError. */
export class ErrorAnswer {
  constructor(
    readonly response: { status: number; headers: Headers; url: string },
    readonly data: unknown,
  ) {}
}

// An error body is read only so far and so long: it is for the message, and a proxy may send anything.
const ERROR_BODY_BYTES = 10 * 1024 * 1024;
const ERROR_BODY_MS = 10_000;

/**
 * The body of an error answer: parsed when it says it is JSON, else its text; undefined when empty,
 * unreadable, not parseable, larger than 10 MiB or slower than 10 s.
 */
export async function errorData(response: Response): Promise<unknown> {
  const text = await boundedText(response);
  if (!text) return undefined;
  // application/json and its kin: problem+json, vnd.api+json, x-json.
  const mime = (response.headers.get('content-type') ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
  if (!mime.includes('/') || !/[/.+-]json$/.test(mime)) return text;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function boundedText(response: Response): Promise<string | undefined> {
  if (!response.body) return response.text().catch(() => undefined);
  let reader: ReadableStreamDefaultReader<Uint8Array>;
  try {
    reader = response.body.getReader();
  } catch {
    return undefined;
  }
  const decoder = decoderFor(response.headers.get('content-type') ?? '');
  let wake = () => {};
  const slow = new Promise<undefined>((resolve) => {
    wake = () => resolve(undefined);
  });
  const timer = setTimeout(() => wake(), ERROR_BODY_MS);
  const read = (async () => {
    let text = '';
    let size = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return text + decoder.decode();
        size += value.byteLength;
        if (size > ERROR_BODY_BYTES) return undefined;
        text += decoder.decode(value, { stream: true });
      }
    } catch {
      return undefined;
    }
  })();
  const text = await Promise.race([read, slow]);
  clearTimeout(timer);
  if (text === undefined) reader.cancel().catch(() => undefined);
  return text;
}

function decoderFor(contentType: string): TextDecoder {
  let label = 'utf-8';
  for (const param of contentType.split(';').slice(1)) {
    const charset = /^\s*charset\s*=\s*"?([^";,\s]+)/i.exec(param);
    if (charset?.[1]) {
      label = charset[1];
      break;
    }
  }
  try {
    return new TextDecoder(label);
  } catch {
    return new TextDecoder();
  }
}
