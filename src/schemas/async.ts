import { z } from 'zod';
import { openEnum } from './common.js';

/**
 * What every asynchronous trigger answers: `{"request-id": "<trigger id>"}`.
 *
 * @example
 * ```ts
 * const res = await fetch(`http://127.0.0.1:8081/jobs/${jobId}/savepoints`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
 * const { 'request-id': savepointTrigger } = schemas.triggerResponse.parse(await res.json());
 * ```
 */
export const triggerResponse = z.looseObject({ 'request-id': z.string() });

/**
 * Flink's serialized exception: class and stack trace beside the Java-serialised bytes.
 *
 * @example
 * ```ts
 * const res = await fetch(`http://127.0.0.1:8081/jobs/${jobId}/savepoints/${triggerId}`);
 * const cause = schemas.serializedThrowable.nullish().parse((await res.json()).operation?.['failure-cause']);
 * if (cause) console.error(cause.class, cause['stack-trace']);
 * ```
 */
export const serializedThrowable = z.looseObject({
  class: z.string().optional(),
  'stack-trace': z.string().optional(),
  'serialized-throwable': z.string().optional(),
});
/**
 * A Java exception as Flink serialises it into a failed operation's status.
 *
 * @example
 * ```ts
 * const firstLine = (cause: schemas.SerializedThrowable) => cause['stack-trace']?.split('\n')[0] ?? cause.class ?? 'unknown failure';
 * ```
 */
export type SerializedThrowable = z.infer<typeof serializedThrowable>;

/**
 * The status of any asynchronous operation. `operation` is missing while IN_PROGRESS; when COMPLETED
 * it holds a failure cause (`failure-cause`, or `failureCause` for checkpoints) or the result
 * (`location` for savepoints, `checkpointId` for checkpoints, nothing for disposals).
 *
 * @example
 * ```ts
 * const res = await fetch(`http://127.0.0.1:8081/jobs/${jobId}/savepoints/${triggerId}`);
 * const { status, operation } = schemas.asyncStatus.parse(await res.json());
 * if (status.id === 'COMPLETED') console.log(operation?.location ?? operation?.['failure-cause']?.['stack-trace']);
 * ```
 */
export const asyncStatus = z.looseObject({
  status: z.looseObject({ id: openEnum(['IN_PROGRESS', 'COMPLETED'] as const) }),
  operation: z
    .looseObject({
      'failure-cause': serializedThrowable.nullish(),
      failureCause: serializedThrowable.nullish(),
      location: z.string().nullish(),
      checkpointId: z.number().nullish(),
    })
    .nullish(),
});
/**
 * The status of an asynchronous operation as Flink reports it; {@link Operation.status} interprets it.
 *
 * @example
 * ```ts
 * const res = await fetch(`http://127.0.0.1:8081/jobs/${jobId}/checkpoints/${triggerId}`);
 * const answer: AsyncStatus = schemas.asyncStatus.parse(await res.json());
 * const done = answer.status.id === 'COMPLETED';
 * ```
 */
export type AsyncStatus = z.infer<typeof asyncStatus>;
