// Runtime schemas of what the SDK reads from the SQL Gateway: lenient (unknown fields pass, enums stay
// open) and matched against the corrected specs in test/unit/sql-generated.test.ts. A page's rows are
// checked as they are decoded (src/sql/values.ts), not here, so that a 5,000-row page is walked once.
import { z } from 'zod';
import { openEnum } from '../schemas/common.js';

export const OPERATION_STATUSES = ['INITIALIZED', 'PENDING', 'RUNNING', 'FINISHED', 'CANCELED', 'CLOSED', 'ERROR', 'TIMEOUT'] as const;

export const apiVersions = z.looseObject({ versions: z.array(z.string()) });
export const gatewayInfo = z.looseObject({ productName: z.string(), version: z.string() });
export const openedSession = z.looseObject({ sessionHandle: z.string() });
export const sessionConfig = z.looseObject({ properties: z.record(z.string(), z.string()) });
export const submitted = z.looseObject({ operationHandle: z.string() });
export const operationStatus = z.looseObject({ status: openEnum(OPERATION_STATUSES) });
export const closed = z.looseObject({ status: z.string() });
export const empty = z.looseObject({});

/** The LogicalType JSON of `LogicalTypeJsonSerializer`, recursive through element, key, value and field types. */
export interface WireLogicalType {
  type: string;
  nullable?: boolean;
  length?: number;
  precision?: number;
  scale?: number;
  resolution?: string;
  fractionalPrecision?: number;
  elementType?: WireLogicalType;
  keyType?: WireLogicalType;
  valueType?: WireLogicalType;
  fields?: { name: string; fieldType: WireLogicalType; description?: string }[];
  class?: string;
}

export const logicalType: z.ZodType<WireLogicalType> = z.lazy(() =>
  z.looseObject({
    type: z.string(),
    nullable: z.boolean().optional(),
    length: z.number().optional(),
    precision: z.number().optional(),
    scale: z.number().optional(),
    resolution: z.string().optional(),
    fractionalPrecision: z.number().optional(),
    elementType: logicalType.optional(),
    keyType: logicalType.optional(),
    valueType: logicalType.optional(),
    fields: z.array(z.looseObject({ name: z.string(), fieldType: logicalType, description: z.string().optional() })).optional(),
    class: z.string().optional(),
  }),
);

export const columnInfo = z.looseObject({
  name: z.string(),
  logicalType,
  comment: z.string().nullish(),
});

/** One answer of `GET …/result/{token}`. */
export const fetchPage = z.looseObject({
  resultType: openEnum(['NOT_READY', 'PAYLOAD', 'EOS'] as const),
  isQueryResult: z.boolean().optional(),
  jobID: z.string().optional(),
  resultKind: z.string().optional(),
  results: z
    .looseObject({
      columns: z.array(columnInfo).optional(),
      rowFormat: z.string().optional(),
      data: z.array(z.unknown()).optional(),
    })
    .optional(),
  nextResultUri: z.string().optional(),
});
export type FetchPage = z.infer<typeof fetchPage>;
