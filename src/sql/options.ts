// The SQL side's options, declared once as strict zod schemas like the rest of the SDK's: each gives
// the TypeScript type, checks the values and refuses unknown names with "did you mean".
import { z } from 'zod';
import type { FlinkClient } from '../client.js';
import { clientOptions, requestOptions } from '../http/options.js';
import { describe, options, positiveInt, text } from '../validate.js';

/** Flink configuration as the gateway takes it: every value a string (Flink reads configuration as text). */
const configuration = (name: string) =>
  z.record(z.string(), z.unknown(), { error: () => `must be an object of Flink configuration keys to string values` }).check((ctx) => {
    for (const [key, value] of Object.entries(ctx.value)) {
      if (typeof value !== 'string') {
        ctx.issues.push({
          code: 'custom',
          input: value,
          message: `${name}["${key}"] must be a string (Flink reads configuration as text); got ${describe(value)}`,
        });
      }
    }
  }) as unknown as z.ZodType<Record<string, string>, Record<string, string>>;

export const valueShape = {
  /**
   * BIGINT as `number` (default; a value beyond ±2^53 throws {@link SqlValueError} rather than
   * round), `bigint`, or `string`.
   */
  bigint: z
    .enum(['number', 'bigint', 'string'], { error: (i) => `must be one of number, bigint, string; got ${describe(i.input)}` })
    .optional(),
  /**
   * DECIMAL as `number` (default; a value with more than 15 significant digits throws
   * {@link SqlValueError}) or `string`, written out with the column's scale (`DECIMAL(10, 2)` 100 → `"100.00"`).
   */
  decimal: z.enum(['number', 'string'], { error: (i) => `must be one of number, string; got ${describe(i.input)}` }).optional(),
  /** BINARY, VARBINARY and BYTES as `Uint8Array` (default) or the base64 text the gateway sends. */
  bytes: z.enum(['uint8array', 'base64'], { error: (i) => `must be one of uint8array, base64; got ${describe(i.input)}` }).optional(),
};

const pollMs = positiveInt('a positive whole number of ms');

export const queryShape = {
  /**
   * `JSON` (typed values), `PLAIN_TEXT` (every value a string as Flink's SQL client prints it, for
   * types JSON cannot carry: MAP with non-string keys, RAW, …), or `auto` (default): JSON, switching
   * to PLAIN_TEXT when the gateway cannot write the result as JSON.
   */
  rowFormat: z
    .enum(['JSON', 'PLAIN_TEXT', 'auto'], { error: (i) => `must be one of JSON, PLAIN_TEXT, auto; got ${describe(i.input)}` })
    .optional(),
  /** Pauses between fetches that bring nothing new (NOT_READY or an empty page): from `minMs` (default 25), doubling up to `maxMs` (default 500). */
  poll: options({ minMs: pollMs.optional(), maxMs: pollMs.optional() }).optional(),
  /** Flink configuration for this statement only (`executionConfig` of the request), e.g. `pipeline.name`. */
  executionConfig: configuration('executionConfig').optional(),
  ...requestOptions.shape,
  ...valueShape,
};
export const queryOptions = options(queryShape);

export const executeOptions = options({
  ...queryShape,
  /** Most rows to collect (default 10,000); more is an error: stream such results with `session.query()`. */
  maxRows: positiveInt().optional(),
});

export const toArrayOptions = options({
  /** Stop (and close the operation) after this many rows. Required: an unbounded query never ends by itself. */
  maxRows: positiveInt('a positive whole number (an unbounded query never ends)'),
  /** Stop after this long, with the rows read so far, and close the operation. */
  timeoutMs: positiveInt('a positive whole number of ms').optional(),
});

const heartbeatMs = z.custom<number | false>((v) => v === false || (Number.isInteger(v) && (v as number) >= 100), {
  error: (i) => `must be false or a whole number of ms ≥ 100; got ${describe(i.input)}`,
});

export const openSessionOptions = options({
  /** A name for the session (shown in the gateway's log). */
  name: text().optional(),
  /** Flink and table configuration for the session, e.g. `execution.runtime-mode`, `table.local-time-zone`. */
  properties: configuration('properties').optional(),
  /** Heartbeat interval while the session is open, in ms (default 30,000); `false`: none. */
  heartbeatMs: heartbeatMs.optional(),
});

export const attachOptions = options({ heartbeatMs: heartbeatMs.optional() });

export const gatewayOptions = clientOptions.extend({
  /**
   * The gateway's REST API version to speak: `auto` (default) asks the gateway once
   * (`GET /v1/api_versions`) and takes the newest both know (V4 on Flink 2.x, V3 on 1.20, V2 on
   * 1.17–1.19); a pinned one the gateway lacks fails every call before sending.
   */
  apiVersion: z
    .enum(['auto', 'v1', 'v2', 'v3', 'v4'], { error: (i) => `must be auto or one of v1, v2, v3, v4; got ${describe(i.input)}` })
    .optional(),
  /** The JobManager's client: lets {@link SqlJob} wait for and stop the jobs INSERTs submit. */
  flink: z
    .custom<FlinkClient>((v) => typeof v === 'object' && v !== null && 'jobs' in v, {
      error: (i) => `must be a FlinkClient; got ${describe(i.input)}`,
    })
    .optional(),
});
