import { InvalidInputError } from '../errors.js';
import { describe } from '../validate.js';

/** A log file name as the JobManager or a TaskManager lists it: a plain name, never a path. */
export function checkLogName(value: unknown): string {
  if (typeof value !== 'string' || value === '' || /[/\\]/.test(value) || value === '.' || value === '..') {
    throw new InvalidInputError(`log name must be a file name from logs(); got ${describe(value)}`);
  }
  return value;
}

/**
 * Reads a streamed log line by line.
 *
 * @example
 * ```ts
 * for await (const line of lines(await flink.cluster.log())) if (line.includes('ERROR')) console.log(line);
 * ```
 */
export async function* lines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let rest = '';
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
    rest += decoder.decode(chunk, { stream: true });
    const parts = rest.split('\n');
    rest = parts.pop() ?? '';
    for (const line of parts) yield line.replace(/\r$/, '');
  }
  rest += decoder.decode();
  if (rest) yield rest;
}
