// Column types as the gateway describes them (the LogicalType JSON), parsed into SqlType with the
// SQL spelling Flink prints.
import type { WireLogicalType } from './schemas.js';

/**
 * A column's type, parsed from the gateway's LogicalType JSON. `root` is Flink's `LogicalTypeRoot`
 * (e.g. `BIGINT`, `TIMESTAMP_WITH_LOCAL_TIME_ZONE`), `sql` the type as Flink SQL writes it.
 *
 * @example
 * ```ts
 * const rows = await session.query('SELECT id, amount FROM orders');
 * for (const { name, type } of rows.columns) console.log(name, type.sql); // id BIGINT NOT NULL, amount DECIMAL(10, 2)
 * const amount = rows.columns[1]?.type;
 * if (amount?.root === 'DECIMAL') console.log(amount.precision, amount.scale); // 10 2
 * ```
 */
export interface SqlType {
  root: string;
  nullable: boolean;
  /** E.g. `DECIMAL(10, 2) NOT NULL`, `ARRAY<STRING>`, `ROW<\`id\` BIGINT, \`name\` STRING>`. */
  sql: string;
  /** CHAR, VARCHAR, BINARY, VARBINARY. */
  length?: number;
  /** DECIMAL, TIME, TIMESTAMP, TIMESTAMP_LTZ, intervals. */
  precision?: number;
  /** DECIMAL. */
  scale?: number;
  /** ARRAY, MULTISET. */
  elementType?: SqlType;
  /** MAP. */
  keyType?: SqlType;
  valueType?: SqlType;
  /** ROW. */
  fields?: { name: string; type: SqlType; description?: string }[];
}

/**
 * A result column: its name, parsed type and comment.
 *
 * @example
 * ```ts
 * const { columns } = await session.execute('DESCRIBE orders');
 * console.log(columns.map((c: SqlColumn) => c.name).join(', ')); // name, type, null, key, extras, watermark
 * ```
 */
export interface SqlColumn {
  name: string;
  type: SqlType;
  comment?: string;
}

const MAX_LENGTH = 2_147_483_647;

export function parseType(wire: WireLogicalType): SqlType {
  const type: SqlType = { root: wire.type, nullable: wire.nullable ?? true, sql: '' };
  if (wire.length !== undefined) type.length = wire.length;
  if (wire.precision !== undefined) type.precision = wire.precision;
  if (wire.scale !== undefined) type.scale = wire.scale;
  if (wire.elementType) type.elementType = parseType(wire.elementType);
  if (wire.keyType) type.keyType = parseType(wire.keyType);
  if (wire.valueType) type.valueType = parseType(wire.valueType);
  if (wire.fields) {
    type.fields = wire.fields.map((f) => ({
      name: f.name,
      type: parseType(f.fieldType),
      ...(f.description ? { description: f.description } : {}),
    }));
  }
  type.sql = `${spell(type, wire)}${type.nullable || wire.type === 'NULL' ? '' : ' NOT NULL'}`;
  return type;
}

function spell(t: SqlType, wire: WireLogicalType): string {
  const p = t.precision;
  switch (t.root) {
    case 'CHAR':
      return `CHAR(${t.length})`;
    case 'VARCHAR':
      return t.length === MAX_LENGTH ? 'STRING' : `VARCHAR(${t.length})`;
    case 'BINARY':
      return `BINARY(${t.length})`;
    case 'VARBINARY':
      return t.length === MAX_LENGTH ? 'BYTES' : `VARBINARY(${t.length})`;
    case 'DECIMAL':
      return `DECIMAL(${p}, ${t.scale})`;
    case 'INTEGER':
      return 'INT';
    case 'TIME_WITHOUT_TIME_ZONE':
      return `TIME(${p})`;
    case 'TIMESTAMP_WITHOUT_TIME_ZONE':
      return `TIMESTAMP(${p})`;
    case 'TIMESTAMP_WITH_TIME_ZONE':
      return `TIMESTAMP(${p}) WITH TIME ZONE`;
    case 'TIMESTAMP_WITH_LOCAL_TIME_ZONE':
      return `TIMESTAMP_LTZ(${p})`;
    case 'INTERVAL_YEAR_MONTH':
    case 'INTERVAL_DAY_TIME':
      return `INTERVAL ${(wire.resolution ?? t.root).replaceAll('_', ' ')}`;
    case 'ARRAY':
    case 'MULTISET':
      return `${t.root}<${t.elementType?.sql}>`;
    case 'MAP':
      return `MAP<${t.keyType?.sql}, ${t.valueType?.sql}>`;
    case 'ROW':
      return `ROW<${(t.fields ?? []).map((f) => `\`${f.name}\` ${f.type.sql}`).join(', ')}>`;
    case 'RAW':
      return `RAW('${wire.class ?? '?'}', '...')`;
    default:
      return t.root;
  }
}

const STRINGS = new Set(['CHAR', 'VARCHAR']);

/**
 * Whether Flink's JSON row format can write the type: not a MAP or MULTISET keyed by anything but
 * strings, not RAW, STRUCTURED_TYPE, DISTINCT_TYPE, SYMBOL (the gateway answers 500 "Could not map
 * response to JSON" for every page of such a result).
 */
export function jsonCarries(t: SqlType): boolean {
  if (['RAW', 'STRUCTURED_TYPE', 'DISTINCT_TYPE', 'SYMBOL', 'UNRESOLVED'].includes(t.root)) return false;
  if (t.root === 'MAP' && !STRINGS.has(t.keyType?.root ?? '')) return false;
  if (t.root === 'MULTISET' && !STRINGS.has(t.elementType?.root ?? '')) return false;
  const inner = [t.elementType, t.keyType, t.valueType, ...(t.fields ?? []).map((f) => f.type)];
  return inner.every((i) => i === undefined || jsonCarries(i));
}

/** Whether a value of the type holds a TIMESTAMP_LTZ somewhere (it needs the session's time zone). */
export function hasLocalTimestamp(t: SqlType): boolean {
  if (t.root === 'TIMESTAMP_WITH_LOCAL_TIME_ZONE') return true;
  const inner = [t.elementType, t.keyType, t.valueType, ...(t.fields ?? []).map((f) => f.type)];
  return inner.some((i) => i !== undefined && hasLocalTimestamp(i));
}
