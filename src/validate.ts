import { InvalidInputError } from './errors.js';

const HEX32 = /^[0-9a-f]{32}$/;

/** A job or trigger id: 32 lower-case hex characters, as Flink prints them. */
export function checkHexId(value: unknown, what: string): string {
  if (typeof value !== 'string' || !HEX32.test(value)) {
    throw new InvalidInputError(`${what} must be 32 hexadecimal characters (e.g. a3f1…); got ${describe(value)}`);
  }
  return value;
}

export const checkJobId = (value: unknown) => checkHexId(value, 'job id');

/** A jar id is the base name Flink gave the uploaded file: `<uuid>_<name>.jar`, never a path. */
export function checkJarId(value: unknown): string {
  if (typeof value !== 'string' || value === '' || /[/\\]/.test(value) || value.includes('..') || !value.endsWith('.jar')) {
    throw new InvalidInputError(`jar id must be the id from jars.upload() or jars.list(), e.g. "1b2c…_job.jar"; got ${describe(value)}`);
  }
  return value;
}

/**
 * Rejects option names the method does not know: Flink ignores unknown JSON fields, so a misspelt
 * option would otherwise be dropped without a word.
 */
export function checkOptions<T extends object>(options: T | undefined, allowed: readonly string[], method: string): T {
  if (options === undefined || options === null) return {} as T;
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new InvalidInputError(`${method}: options must be an object; got ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      const near = closest(key, allowed);
      throw new InvalidInputError(
        `${method}: unknown option "${key}"${near ? ` (did you mean "${near}"?)` : ''}; known: ${allowed.join(', ')}`,
      );
    }
  }
  return options;
}

export function checkString(value: unknown, name: string, method: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '')
    throw new InvalidInputError(`${method}: ${name} must be a non-empty string; got ${describe(value)}`);
  return value;
}

export function checkBoolean(value: unknown, name: string, method: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw new InvalidInputError(`${method}: ${name} must be true or false; got ${describe(value)}`);
  return value;
}

export function checkPositiveInt(value: unknown, name: string, method: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0 || value > 2 ** 31 - 1) {
    throw new InvalidInputError(`${method}: ${name} must be a positive whole number; got ${describe(value)}`);
  }
  return value;
}

export function checkOneOf<T extends string>(value: unknown, allowed: readonly T[], name: string, method: string): T | undefined {
  if (value === undefined) return undefined;
  const upper = typeof value === 'string' ? value.toUpperCase() : value;
  if (!allowed.includes(upper as T)) {
    throw new InvalidInputError(`${method}: ${name} must be one of ${allowed.join(', ')}; got ${describe(value)}`);
  }
  return upper as T;
}

export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = distance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j] ?? 0;
      row[j] = Math.min(cur + 1, (row[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length] ?? 0;
}
