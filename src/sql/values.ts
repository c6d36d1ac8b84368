import type { z } from 'zod';
// Result rows from the gateway's JSON row format to JavaScript values, without silent loss: numbers
// whose digits a double cannot hold are read from their source text, and BIGINT and DECIMAL come as
// the caller asked (number, bigint or string), refusing a number that would round.
import { InvalidResponseError } from '../errors.js';
import { SqlValueError } from './errors.js';
import type { valueShape } from './options.js';
import type { SqlColumn, SqlType } from './types.js';

/**
 * How values of a JSON result are delivered.
 *
 * @example
 * ```ts
 * // exact ids and amounts: BIGINT as bigint, DECIMAL as strings such as "12.50"
 * const exact: ValueOptions = { bigint: 'bigint', decimal: 'string' };
 * for await (const row of await session.query('SELECT id, amount FROM payments', exact)) console.log(row.values);
 * ```
 */
export type ValueOptions = z.input<z.ZodObject<typeof valueShape>>;

/**
 * A row's change kind, as Flink's `RowKind` names it: `INSERT` (+I), `UPDATE_BEFORE` (-U, the old
 * row an update retracts), `UPDATE_AFTER` (+U, its new row) and `DELETE` (-D).
 *
 * @example
 * ```ts
 * const totals = new Map<string, number>();
 * for await (const row of await session.query<{ k: string; c: number }>('SELECT k, COUNT(*) AS c FROM clicks GROUP BY k')) {
 *   const kind: RowKind = row.kind;
 *   if (kind === 'INSERT' || kind === 'UPDATE_AFTER') totals.set(row.values.k, row.values.c);
 *   else totals.delete(row.values.k); // UPDATE_BEFORE, DELETE
 * }
 * ```
 */
export type RowKind = 'INSERT' | 'UPDATE_BEFORE' | 'UPDATE_AFTER' | 'DELETE';

const SHORT: Record<string, string> = { INSERT: '+I', UPDATE_BEFORE: '-U', UPDATE_AFTER: '+U', DELETE: '-D' };

/**
 * One result row: its change kind and values, by position (`fields`) and by column name (`values`).
 *
 * @example
 * ```ts
 * for await (const row of await session.query<{ id: number; name: string }>('SELECT id, name FROM users')) {
 *   console.log(row.op, row.values.id, row.values.name); // +I 1 alice
 *   console.log(row.fields); // [1, 'alice']
 * }
 * ```
 */
export class SqlRow<T = Record<string, unknown>> {
  #values: T | undefined;
  constructor(
    readonly kind: RowKind,
    readonly fields: unknown[],
    private readonly names: readonly string[],
  ) {}

  /**
   * The values keyed by column name (a later column of the same name wins).
   *
   * @example
   * ```ts
   * const [row] = await (await session.query<{ n: number }>('SELECT 1 AS n')).toArray({ maxRows: 1 });
   * console.log(row?.values.n); // 1
   * ```
   */
  get values(): T {
    if (this.#values === undefined) {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < this.names.length; i++) out[this.names[i] as string] = this.fields[i];
      this.#values = out as T;
    }
    return this.#values;
  }

  /**
   * The change kind as Flink's SQL client prints it: `+I`, `-U`, `+U` or `-D`.
   *
   * @example
   * ```ts
   * for await (const row of await session.query('SELECT k, COUNT(*) AS c FROM clicks GROUP BY k')) console.log(row.op, row.fields.join(' | '));
   * ```
   */
  get op(): string {
    return SHORT[this.kind] ?? this.kind;
  }

  /**
   * `{kind, values}`, for `JSON.stringify` (a BIGINT read as `bigint` needs a replacer).
   *
   * @example
   * ```ts
   * for await (const row of await session.query('SELECT * FROM orders')) process.stdout.write(`${JSON.stringify(row)}\n`);
   * ```
   */
  toJSON(): { kind: RowKind; values: T } {
    return { kind: this.kind, values: this.values };
  }
}

/** A number the gateway wrote with more digits than a double holds, kept as its source text. */
export class RawNumber {
  constructor(readonly text: string) {}
}

// 16 or more digits (and dots) in a row: a number that may not survive a double; anything shorter
// reads back from the double digit for digit. The test may hit text inside strings too: that only
// takes the slower path.
const LONG = /\d[\d.]{15}/;

// JSON.parse with the source text of each value (Node 22+, Deno); Bun may lack it.
const HAS_SOURCE = (() => {
  let seen = false;
  JSON.parse('1', (_key, value, context?: { source?: string }) => {
    seen = typeof context?.source === 'string';
    return value;
  });
  return seen;
})();

/** Parses a result page; numbers of 16 or more digits become {@link RawNumber}s. */
export function parsePage(text: string): unknown {
  if (!LONG.test(text)) return JSON.parse(text);
  if (HAS_SOURCE) {
    return JSON.parse(text, (_key, value, context?: { source?: string }) =>
      typeof value === 'number' && context?.source !== undefined && LONG.test(context.source) ? new RawNumber(context.source) : value,
    );
  }
  return parseQuoted(text);
}

const MARK = '\u0000#';

/** The same without source access: long number tokens quoted (with a mark) before JSON.parse. */
export function parseQuoted(text: string): unknown {
  let out = '';
  let from = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
    } else if (c === 45 || (c >= 48 && c <= 57)) {
      let end = i + 1;
      while (end < text.length && /[\d.eE+-]/.test(text[end] as string)) end++;
      const token = text.slice(i, end);
      if (LONG.test(token)) {
        out += `${text.slice(from, i)}"\\u0000#${token}"`; // the mark escaped: JSON forbids a raw NUL in strings
        from = end;
      }
      i = end - 1;
    }
  }
  out += text.slice(from);
  return JSON.parse(out, (_key, value) =>
    typeof value === 'string' && value.startsWith(MARK) ? new RawNumber(value.slice(MARK.length)) : value,
  );
}

type Decode = (value: unknown, where: string) => unknown;

/** What decoding a JSON result needs besides the options: the session's time zone for TIMESTAMP_LTZ. */
export interface DecodeContext extends ValueOptions {
  /** `table.local-time-zone` of the session; `default` or absent reads as UTC. */
  timeZone?: string | undefined;
}

/** One decoder per column, built once per result. */
export function decoders(columns: readonly SqlColumn[], context: DecodeContext): Decode[] {
  return columns.map((c) => decoderFor(c.type, context));
}

function decoderFor(type: SqlType, ctx: DecodeContext): Decode {
  switch (type.root) {
    case 'BIGINT':
      return bigintDecoder(ctx.bigint ?? 'number');
    case 'DECIMAL':
      return decimalDecoder(ctx.decimal ?? 'number', type.scale ?? 0);
    case 'TINYINT':
    case 'SMALLINT':
    case 'INTEGER':
    case 'FLOAT':
    case 'DOUBLE':
    case 'INTERVAL_YEAR_MONTH':
    case 'INTERVAL_DAY_TIME':
      return (v) => (v instanceof RawNumber ? Number(v.text) : v);
    case 'BINARY':
    case 'VARBINARY':
      return ctx.bytes === 'base64' ? (v) => v : (v) => (typeof v === 'string' ? new Uint8Array(Buffer.from(v, 'base64')) : v);
    case 'TIMESTAMP_WITH_LOCAL_TIME_ZONE': {
      const toInstant = instantIn(ctx.timeZone);
      return (v) => (typeof v === 'string' ? toInstant(v) : v);
    }
    case 'ARRAY': {
      const element = decoderFor(type.elementType as SqlType, ctx);
      return (v, where) => (Array.isArray(v) ? v.map((e, i) => element(e, `${where}[${i}]`)) : v);
    }
    case 'MAP':
    case 'MULTISET': {
      const value =
        type.root === 'MAP' ? decoderFor(type.valueType as SqlType, ctx) : (v: unknown) => (v instanceof RawNumber ? Number(v.text) : v);
      return (v, where) => {
        if (v === null || typeof v !== 'object') return v;
        const out: Record<string, unknown> = {};
        for (const [k, e] of Object.entries(v)) out[k] = value(e, `${where}.${k}`);
        return out;
      };
    }
    case 'ROW': {
      const fields = (type.fields ?? []).map((f) => [f.name, decoderFor(f.type, ctx)] as const);
      return (v, where) => {
        if (v === null || typeof v !== 'object') return v;
        const row = v as Record<string, unknown>;
        const out: Record<string, unknown> = { ...row };
        for (const [name, decode] of fields) if (name in row) out[name] = decode(row[name], `${where}.${name}`);
        return out;
      };
    }
    default:
      return (v) => (v instanceof RawNumber ? v.text : v);
  }
}

function bigintDecoder(mode: 'number' | 'bigint' | 'string'): Decode {
  if (mode === 'bigint') return (v) => (v instanceof RawNumber ? BigInt(v.text) : typeof v === 'number' ? BigInt(v) : v);
  if (mode === 'string') return (v) => (v instanceof RawNumber ? v.text : typeof v === 'number' ? String(v) : v);
  return (v, where) => {
    if (!(v instanceof RawNumber)) return v;
    const n = Number(v.text);
    if (Number.isSafeInteger(n)) return n;
    throw new SqlValueError(
      `BIGINT ${v.text} in ${where} is beyond ±2^53 and would round as a JavaScript number; read BIGINT as bigint or string (query option bigint: 'bigint' | 'string')`,
      where,
      v.text,
    );
  };
}

function decimalDecoder(mode: 'number' | 'string', scale: number): Decode {
  if (mode === 'string') {
    return (v) => (v instanceof RawNumber ? plainDecimal(v.text, scale) : typeof v === 'number' ? plainDecimal(String(v), scale) : v);
  }
  return (v, where) => {
    if (!(v instanceof RawNumber)) return v;
    const digits = v.text
      .replace(/[eE].*$/, '')
      .replace(/[-.]/g, '')
      .replace(/^0+/, '');
    if (digits.replace(/0+$/, '').length <= 15) return Number(v.text);
    throw new SqlValueError(
      `DECIMAL ${v.text} in ${where} has more digits than a JavaScript number holds; read DECIMAL as string (query option decimal: 'string')`,
      where,
      v.text,
    );
  };
}

/** A decimal's text (plain or with an exponent, as BigDecimal writes `1E+2`) in plain notation with `scale` decimals. */
export function plainDecimal(text: string, scale: number): string {
  const m = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!m) return text;
  const [, sign = '', int = '', frac = '', exp = '0'] = m;
  let digits = int + frac;
  let point = int.length + Number(exp); // position of the decimal point within digits
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits += '0'.repeat(point - digits.length);
  let whole = digits.slice(0, point).replace(/^0+(?=\d)/, '') || '0';
  let fraction = digits.slice(point);
  if (fraction.length < scale) fraction += '0'.repeat(scale - fraction.length);
  else if (scale >= 0 && fraction.length > scale) fraction = fraction.replace(/0+$/, '').padEnd(scale, '0');
  if (whole === '') whole = '0';
  const negative = sign === '-' && /[1-9]/.test(whole + fraction);
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

const FIXED_OFFSET = /^(?:GMT|UTC|UT)?([+-])(\d{1,2})(?::?(\d{2}))?$/i;
const WALL = /^(\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(\.\d+)?Z?$/;

/**
 * The gateway writes a TIMESTAMP_LTZ as the wall-clock time in the session's `table.local-time-zone`
 * followed by a `Z` (Flink 1.19+, FLINK-32396), which is the instant only in UTC sessions. This turns
 * it into the instant (ISO-8601, UTC, the fraction kept as sent).
 */
export function instantIn(zone: string | undefined): (wall: string) => string {
  const z = zone?.trim();
  if (!z || /^(default|UTC|GMT|UT|Z|Etc\/UTC|Etc\/GMT|[+-]00(:?00)?)$/i.test(z)) return (wall) => wall;
  const fixed = FIXED_OFFSET.exec(z);
  const offsetAt: (utcMs: number) => number = fixed
    ? () => (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3] ?? 0)) * 60_000
    : zoneOffset(z);
  return (wall) => {
    const m = WALL.exec(wall);
    if (!m) return wall;
    const asUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
    let instant = asUtc - offsetAt(asUtc);
    const second = asUtc - offsetAt(instant); // the offset at the instant itself (daylight saving edges)
    if (second !== instant) instant = second;
    return `${new Date(instant).toISOString().slice(0, 19)}${m[7] ?? ''}Z`;
  };
}

/** The offset in ms of an IANA time zone at an instant, from Intl. */
function zoneOffset(zone: string): (utcMs: number) => number {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    throw new InvalidResponseError(`the session's table.local-time-zone "${zone}" is no time zone this runtime knows`, '', zone);
  }
  return (utcMs) => {
    const parts: Record<string, number> = {};
    for (const p of format.formatToParts(new Date(utcMs))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
    const wall = Date.UTC(parts.year ?? 0, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
    return wall - Math.floor(utcMs / 1000) * 1000;
  };
}

/** Decodes one page's rows (JSON or PLAIN_TEXT) into SqlRows, checking their shape as it goes. */
export function decodeRows<T>(
  data: readonly unknown[],
  names: readonly string[],
  decode: readonly Decode[] | undefined,
  path: string,
): SqlRow<T>[] {
  const rows: SqlRow<T>[] = new Array(data.length);
  for (let r = 0; r < data.length; r++) {
    const row = data[r] as { kind?: unknown; fields?: unknown } | null;
    const fields = row?.fields;
    if (!row || typeof row.kind !== 'string' || !Array.isArray(fields)) {
      throw new InvalidResponseError(`GET ${path}: row ${r} is not {kind, fields}`, path, JSON.stringify(row)?.slice(0, 200) ?? '');
    }
    if (decode) {
      for (let i = 0; i < fields.length; i++) {
        const d = decode[i];
        if (d && fields[i] !== null) fields[i] = d(fields[i], names[i] ?? `#${i}`);
      }
    }
    rows[r] = new SqlRow<T>(row.kind as RowKind, fields, names);
  }
  return rows;
}
