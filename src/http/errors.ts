import {
  ApiError,
  type ApiErrorDetails,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  UnavailableError,
} from '../errors.js';

const SNIPPET = 200;

/** First characters of a body, on one line, for error messages. */
export function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > SNIPPET ? `${flat.slice(0, SNIPPET)}…` : flat;
}

// A Java stack trace starts at the first "\n\tat " (or "\nat ") line; what comes before is the message.
const STACK_START = /\r?\n\s*at [\w$.<>]+\(/;

/**
 * Splits Flink's `errors` strings into readable messages and the Java stack traces inside them.
 * Flink puts whole `toString()`s of exceptions there; the useful part for a person is the first
 * line and the innermost "Caused by:" line (e.g. the program's own exception of a failed jar run).
 */
export function splitFlinkErrors(errors: readonly string[]): { messages: string[]; stackTrace?: string } {
  const messages: string[] = [];
  const generic: string[] = [];
  const traces: string[] = [];
  for (const raw of errors) {
    const text = String(raw);
    const innermost = innermostCause(text);
    if (text.startsWith('<Exception on server side:')) {
      // A 500's second entry: the server-side exception, whose innermost cause is the news.
      const first = text.split('\n')[1]?.trim() ?? '';
      messages.push(innermost ?? first);
      traces.push(text);
      continue;
    }
    const at = text.search(STACK_START);
    const head = (at === -1 ? text : text.slice(0, at)).trim();
    if (at !== -1) traces.push(text.slice(at).trim());
    const first = head.split('\n')[0]?.trim() ?? '';
    if (first === '' && !innermost) continue;
    const message = innermost && !first.includes(innermost) ? `${first} (caused by ${innermost})` : first;
    // "Internal server error." says nothing the status does not; keep it after the real cause.
    (GENERIC.has(first) && !innermost ? generic : messages).push(message);
  }
  messages.push(...generic);
  return traces.length ? { messages, stackTrace: traces.join('\n\n') } : { messages };
}

const GENERIC = new Set(['Internal server error.', 'Internal server error']);

/** The last "Caused by:" line of a Java stack trace, without the prefix. */
export function innermostCause(text: string): string | undefined {
  return text
    .match(/^\s*Caused by: .*$/gm)
    ?.at(-1)
    ?.trim()
    .replace(/^Caused by: /, '');
}

/** Builds the typed error for an HTTP error answer from Flink or whatever is in front of it. */
export function apiErrorFor(status: number, method: string, path: string, body: unknown): ApiError {
  const details: ApiErrorDetails = { status, method, path, errors: [] };
  const errors = (body as { errors?: unknown } | null)?.errors;
  if (body && typeof body === 'object' && Array.isArray(errors)) {
    const split = splitFlinkErrors(errors.map(String));
    details.errors = split.messages;
    details.stackTrace = split.stackTrace;
  } else if (body !== undefined && body !== null && body !== '') {
    details.bodySnippet = snippet(typeof body === 'string' ? body : JSON.stringify(body));
  }
  if (status === 400) return new BadRequestError(details);
  if (status === 404) return new NotFoundError(details);
  if (status === 409) return new ConflictError(details);
  if (status === 503) return new UnavailableError(details);
  if (status >= 500) return new InternalServerError(details);
  return new ApiError(details);
}
