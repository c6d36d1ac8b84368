// Hand-written checks of the answers the SDK reads most (the job list, polled by monitoring tools
// and `jobs.watch`), an order of magnitude faster than the zod schemas they stand for. Each returns
// exactly what its schema's parse returns (the same fields in the same order, unknown fields kept)
// or undefined whenever the answer is anything but plainly well-formed; the zod schema then decides
// and words the error. Not part of the public API: `schemas.*` stay the zod schemas.
import type { ZodType } from 'zod';
import { type JobOverview, jobsOverview } from './jobs.js';

type Json = Record<string, unknown>;

/**
 * The answer parsed by the quick check of `schema`, or undefined: no quick check, or it left the case
 * to zod. Where zod would copy a nested object unchanged, the result may share it with `json`: the
 * transport hands in JSON it has just parsed and keeps no other reference to it.
 */
export function quickParse<T>(schema: ZodType<T>, json: unknown): T | undefined {
  const quick = QUICK.get(schema);
  return quick && pristine() ? (quick(json) as T | undefined) : undefined;
}

// The checks read fields by name and walk keys with for…in, which is right for JSON's plain objects
// only while Object.prototype adds nothing: an inherited field would pass for one the answer has.
function pristine(): boolean {
  for (const _ in Object.prototype) return false;
  for (const field of JOB_FIELDS) if (field in Object.prototype) return false;
  return !('jobs' in Object.prototype);
}

// The fields of a job overview in the order the schema lists them (and zod writes them).
const JOB_FIELDS = new Set(['jid', 'name', 'state', 'start-time', 'end-time', 'duration', 'last-modification', 'tasks']);

function jobsOverviewQuick(json: unknown): { jobs: JobOverview[] } | undefined {
  if (!isPlain(json)) return undefined;
  const list = json.jobs;
  if (!Array.isArray(list)) return undefined;
  const jobs: JobOverview[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const job = jobOverviewQuick(list[i]);
    if (job === undefined) return undefined;
    jobs[i] = job;
  }
  return withUnknown({ jobs }, json, 1, JOBS_OVERVIEW_FIELDS);
}
const JOBS_OVERVIEW_FIELDS = new Set(['jobs']);

function jobOverviewQuick(value: unknown): JobOverview | undefined {
  if (!isPlain(value)) return undefined;
  const { jid, name, state, duration } = value;
  const start = value['start-time'];
  const end = value['end-time'];
  const modified = value['last-modification'];
  if (typeof jid !== 'string' || typeof name !== 'string' || typeof state !== 'string') return undefined;
  if (!isNumber(start) || !isNumber(end) || !isNumber(duration) || !isNumber(modified)) return undefined;
  const tasks = numberRecord(value.tasks);
  if (tasks === undefined) return undefined;
  const job = { jid, name, state, 'start-time': start, 'end-time': end, duration, 'last-modification': modified, tasks };
  return withUnknown(job, value, JOB_FIELDS.size, JOB_FIELDS);
}

/**
 * `z.record(z.string(), z.number())`. zod answers a copy with the same keys in the same order; the
 * input itself is that (see quickParse).
 */
function numberRecord(value: unknown): Record<string, number> | undefined {
  if (!isPlain(value)) return undefined;
  for (const key in value) {
    if (!isNumber(value[key]) || key === '__proto__') return undefined;
  }
  return value as Record<string, number>;
}

/**
 * The parsed fields followed by the input's unknown ones, as a loose zod object writes them. Every
 * known field was read from the input, so an input with no more keys than `known` has no unknown ones.
 */
function withUnknown<T extends object>(parsed: T, input: Json, known: number, fields: ReadonlySet<string>): T | undefined {
  let count = 0;
  for (const _ in input) count++;
  if (count === known) return parsed;
  const out = parsed as Json;
  for (const key in input) {
    if (fields.has(key)) continue;
    if (key === '__proto__') return undefined;
    out[key] = input[key];
  }
  return parsed;
}

// JSON.parse makes plain objects; anything else (class instances, null prototypes) is zod's to judge.
function isPlain(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

// z.number(): finite numbers only.
function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

const QUICK = new Map<unknown, (json: unknown) => unknown>([[jobsOverview, jobsOverviewQuick]]);
