// Options are declared once, as strict zod schemas: the schema gives the TypeScript type, checks the
// values and refuses unknown names (Flink ignores unknown JSON fields, so a misspelt option would
// otherwise be dropped without a word). This file holds the pieces they are built from and the one
// place that turns zod's issues into an InvalidInputError a person can act on.
import { closestMatch } from 'leven';
import { type ZodType, z } from 'zod';
import { InvalidInputError } from './errors.js';

/** A value as an error message may show it: short, and never a whole object. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'function') return 'a function';
  return String(value);
}

/** An error message for a refused value: "must be <what>; got <value>" (the option's name comes first). */
const got =
  (what: string) =>
  (issue: { input?: unknown }): string =>
    `must be ${what}; got ${describe(issue.input)}`;

/** A non-empty string. */
export const text = () => z.string({ error: got('a non-empty string') }).min(1, { error: got('a non-empty string') });

/** true or false, nothing that merely looks like it. */
export const flag = () => z.boolean({ error: got('true or false') });

/** A whole number from 1 to 2^31 − 1 (Flink's int). */
export const positiveInt = (what = 'a positive whole number') =>
  z.custom<number>((v) => Number.isInteger(v) && (v as number) > 0 && (v as number) <= 2 ** 31 - 1, { error: got(what) });

/** A whole number ≥ 0. */
export const countFrom0 = () => z.custom<number>((v) => Number.isInteger(v) && (v as number) >= 0, { error: got('a whole number ≥ 0') });

/** A positive finite number (a duration in ms). */
export const positiveNumber = () =>
  z.custom<number>((v) => typeof v === 'number' && Number.isFinite(v) && v > 0, { error: got('a positive number') });

/** One of Flink's upper-case names, in any case (`native` for `NATIVE`); upper-cased. */
export function oneOf<const T extends string>(values: readonly T[], label?: string): ZodType<T, T | Lowercase<T>> {
  const what = `one of ${values.join(', ')}`;
  return z
    .custom<T | Lowercase<T>>((v) => typeof v === 'string' && (values as readonly string[]).includes(v.toUpperCase()), {
      error: (issue) => (label ? `${label} ` : '') + got(what)(issue),
    })
    .transform((v) => v.toUpperCase() as T);
}

const HEX32 = /^[0-9a-fA-F]{32}$/;

/**
 * A job, trigger, application or vertex id: 32 hex characters in any case, as Flink reads them
 * (`JobID.fromHexString`), lower-cased as Flink prints them.
 */
export const hexId = (label?: string) =>
  z
    .custom<string>((v) => typeof v === 'string' && HEX32.test(v), {
      error: (issue) => (label ? `${label} ` : '') + got('32 hexadecimal characters (e.g. a3f1…)')(issue),
    })
    .transform((id) => id.toLowerCase());

/** A strict options object: unknown names are refused (with the nearest known name, see {@link parseOptions}). */
export const options = <S extends z.core.$ZodLooseShape>(shape: S) => z.strictObject(shape);

/**
 * Parses `value` with `schema`; undefined and null are an empty options object. The first problem
 * becomes an {@link InvalidInputError} that starts with `where` and names the option.
 */
export function parseOptions<S extends ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  // A misspelt name first: it is why a required option looks missing (`baseurl` for `baseUrl`).
  const { issues } = parsed.error;
  throw new InvalidInputError(`${where}: ${explain(issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0], schema)}`);
}

/** Checks one positional argument (an id, a name) with its schema, which names it in its messages. */
export function parseArg<S extends ZodType>(schema: S, value: unknown, where?: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const message = parsed.error.issues[0]?.message ?? 'is invalid';
  // `where` may end in the argument's name: "savepoints.dispose: savepointPath must be …".
  throw new InvalidInputError(where ? `${where}${message.startsWith('must ') ? ' ' : ': '}${message}` : message);
}

function explain(issue: z.core.$ZodIssue | undefined, schema: ZodType): string {
  if (!issue) return 'invalid options';
  if (issue.code === 'unrecognized_keys') {
    const known = shapeKeys(schema, issue.path);
    const key = issue.keys[0] ?? '';
    const near = nearest(key, known);
    return `unknown option "${key}"${near ? ` (did you mean "${near}"?)` : ''}; known: ${known.join(', ')}`;
  }
  if (issue.path.length === 0 && issue.code === 'invalid_type') return `options must be an object; got ${describe(issue.input)}`;
  // Messages that start with "must" are the option's own: put its name in front.
  return issue.message.startsWith('must ') ? `${issue.path.map(String).join('.')} ${issue.message}` : issue.message;
}

/** The option names of the object schema at `path` inside `schema`. */
function shapeKeys(schema: ZodType, path: readonly PropertyKey[]): string[] {
  let at: unknown = schema;
  for (const step of path) at = (at as { shape?: Record<PropertyKey, unknown> }).shape?.[step];
  return Object.keys((at as { shape?: object } | undefined)?.shape ?? {});
}

/**
 * The known name a misspelling most likely meant, if one is close enough (case does not count): a
 * few letters off, or the known name with its unit or plural left off (`timeout` for `timeoutMs`).
 */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  const lower = candidates.map((c) => c.toLowerCase());
  const w = word.toLowerCase();
  const extended = w.length >= 4 ? lower.find((c) => c.startsWith(w)) : undefined;
  const match = extended ?? closestMatch(w, lower, { maxDistance: Math.max(2, Math.round(word.length / 2.5)) });
  return match === undefined ? undefined : candidates[lower.indexOf(match)];
}

/** The positional ids every resource takes. */
export const jobIdArg = hexId('job id');
export const checkJobId = (value: unknown): string => parseArg(jobIdArg, value);
export const checkHexId = (value: unknown, label: string): string => parseArg(hexId(label), value);

/** A vertex's path parameters, `{ jobid, vertexid }`, each checked as a 32-character hex id. */
export const vertexIds = (jobId: unknown, vertexId: unknown): { jobid: string; vertexid: string } => ({
  jobid: checkJobId(jobId),
  vertexid: checkHexId(vertexId, 'vertex id'),
});

/**
 * A subtask index or an attempt number, both counted from 0; anything else is an InvalidInputError
 * such as `vertices.subtask: subtask must be an index ≥ 0; got 1.5`.
 */
export function checkIndex(where: string, name: 'subtask' | 'attempt', value: unknown): number {
  if (Number.isInteger(value) && (value as number) >= 0) return value as number;
  throw new InvalidInputError(`${where}: ${name} must be ${name === 'subtask' ? 'an index' : 'a number'} ≥ 0; got ${describe(value)}`);
}

/**
 * A jar id is the base name Flink gave the uploaded file, `<uuid>_<name>.jar`: any name Flink took
 * (spaces, dots and all), never a path; Flink's ids start with a UUID, never a dot.
 */
export function checkJarId(value: unknown): string {
  if (typeof value !== 'string' || /[/\\]/.test(value) || !value.endsWith('.jar') || value.startsWith('.')) {
    throw new InvalidInputError(`jar id must be the id from jars.upload() or jars.list(), e.g. "1b2c…_job.jar"; got ${describe(value)}`);
  }
  return value;
}
