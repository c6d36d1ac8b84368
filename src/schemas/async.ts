import { z } from 'zod';
import { openEnum } from './common.js';

/** What every asynchronous trigger answers: `{"request-id": "<trigger id>"}`. */
export const triggerResponse = z.looseObject({ 'request-id': z.string() });

/** Flink's serialized exception: class and stack trace beside the Java-serialised bytes. */
export const serializedThrowable = z.looseObject({
  class: z.string().optional(),
  'stack-trace': z.string().optional(),
  'serialized-throwable': z.string().optional(),
});
/** A Java exception as Flink serialises it into a failed operation's status. */
export type SerializedThrowable = z.infer<typeof serializedThrowable>;

/**
 * The status of any asynchronous operation. `operation` is missing while IN_PROGRESS; when COMPLETED
 * it holds a failure cause (`failure-cause`, or `failureCause` for checkpoints) or the result
 * (`location` for savepoints, `checkpointId` for checkpoints, nothing for disposals).
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
/** The status of an asynchronous operation as Flink reports it; {@link Operation.status} interprets it. */
export type AsyncStatus = z.infer<typeof asyncStatus>;
