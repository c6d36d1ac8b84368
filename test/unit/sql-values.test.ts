// Result values without silent loss: long numbers read from their source text, BIGINT and DECIMAL as
// asked, TIMESTAMP_LTZ turned from the session's wall clock into the instant, nested types decoded.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SqlValueError } from '../../src/index.js';
import { parseType } from '../../src/sql/types.js';
import { decodeRows, decoders, instantIn, parsePage, parseQuoted, plainDecimal, RawNumber } from '../../src/sql/values.js';

const column = (name: string, type: Record<string, unknown>) => ({ name, type: parseType(type as never) });

describe('parsing a page', () => {
  it('keeps numbers of 16 digits or more as their source text, and parses the rest as JSON.parse does', () => {
    const page = parsePage('{"data":[{"kind":"INSERT","fields":[9007199254740993,12345678901234567.12,1E+2,0.5,"9007199254740993"]}]}') as {
      data: { fields: unknown[] }[];
    };
    expect(page.data[0]?.fields).toEqual([
      new RawNumber('9007199254740993'),
      new RawNumber('12345678901234567.12'),
      100,
      0.5,
      '9007199254740993',
    ]);
  });

  it('without source-text access (older runtimes), quoting long numbers gives the same', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.bigInt({ min: -(10n ** 25n), max: 10n ** 25n }), (value, big) => {
        const text = JSON.stringify({ value, fields: [`${big}`.length > 0 ? big.toString() : 0, 'a"\\"b', 1.5] }).replace(
          /"(-?\d{16,})"/,
          '$1',
        );
        expect(parseQuoted(text)).toEqual(parsePage(text));
      }),
    );
  });
});

describe('decoding JSON rows', () => {
  const big = [column('big', { type: 'BIGINT', nullable: false })];

  it('BIGINT: a number when it fits, else SqlValueError; bigint or string on request', () => {
    const raw = () => [
      { kind: 'INSERT', fields: [new RawNumber('9007199254740993')] },
      { kind: 'INSERT', fields: [42] },
    ];
    expect(() => decodeRows<Record<string, unknown>>(raw(), ['big'], decoders(big, {}), '/p')).toThrow(SqlValueError);
    expect(() => decodeRows<Record<string, unknown>>(raw(), ['big'], decoders(big, {}), '/p')).toThrow(
      /BIGINT 9007199254740993 in big is beyond ±2\^53.*bigint: 'bigint' \| 'string'/,
    );
    expect(decodeRows<Record<string, unknown>>(raw(), ['big'], decoders(big, { bigint: 'bigint' }), '/p').map((r) => r.values.big)).toEqual(
      [9007199254740993n, 42n],
    );
    expect(decodeRows<Record<string, unknown>>(raw(), ['big'], decoders(big, { bigint: 'string' }), '/p').map((r) => r.values.big)).toEqual(
      ['9007199254740993', '42'],
    );
    expect(
      decodeRows<Record<string, unknown>>(
        [{ kind: 'INSERT', fields: [new RawNumber('9007199254740991')] }],
        ['big'],
        decoders(big, {}),
        '/p',
      )[0]?.values.big,
    ).toBe(9007199254740991);
  });

  it('DECIMAL: a number up to 15 digits, else SqlValueError; as a string with the column’s scale on request', () => {
    const dec = [column('d', { type: 'DECIMAL', nullable: true, precision: 20, scale: 2 })];
    const rows = () => [[new RawNumber('12345678901234567.12')], [100], [0.5], [null]].map((fields) => ({ kind: 'INSERT', fields }));
    expect(decodeRows<Record<string, unknown>>(rows(), ['d'], decoders(dec, { decimal: 'string' }), '/p').map((r) => r.values.d)).toEqual([
      '12345678901234567.12',
      '100.00',
      '0.50',
      null,
    ]);
    expect(() => decodeRows<Record<string, unknown>>(rows(), ['d'], decoders(dec, {}), '/p')).toThrow(
      /DECIMAL 12345678901234567.12 in d has more digits/,
    );
    expect(decodeRows<Record<string, unknown>>(rows().slice(1), ['d'], decoders(dec, {}), '/p').map((r) => r.values.d)).toEqual([
      100,
      0.5,
      null,
    ]);
  });

  it('plainDecimal writes BigDecimal text (1E+2, -1E-7) in plain notation with the scale', () => {
    expect(plainDecimal('1E+2', 2)).toBe('100.00');
    expect(plainDecimal('-1E-7', 8)).toBe('-0.00000010');
    expect(plainDecimal('12.5', 0)).toBe('12.5');
    expect(plainDecimal('0', 3)).toBe('0.000');
    expect(plainDecimal('-0.0', 1)).toBe('0.0');
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: 0, max: 10 }), (unscaled, scale) => {
        const s = unscaled.toString();
        const neg = s.startsWith('-');
        const digits = (neg ? s.slice(1) : s).padStart(scale + 1, '0');
        const plain = `${neg ? '-' : ''}${digits.slice(0, digits.length - scale)}${scale ? `.${digits.slice(-scale)}` : ''}`;
        const scientific = `${neg ? '-' : ''}${digits.replace(/^0+(?=\d)/, '')}E${-scale}`;
        expect(plainDecimal(scientific, scale)).toBe(plain === '-0' || /^-0\.0*$/.test(plain) ? plain.slice(1) : plain);
      }),
    );
  });

  it('bytes from base64, nested ARRAY, MAP and ROW decoded inside, NULL kept', () => {
    const columns = [
      column('b', { type: 'VARBINARY', nullable: true, length: 2147483647 }),
      column('a', { type: 'ARRAY', nullable: true, elementType: { type: 'BIGINT', nullable: true } }),
      column('m', {
        type: 'MAP',
        nullable: true,
        keyType: { type: 'VARCHAR', length: 2147483647 },
        valueType: { type: 'DECIMAL', precision: 5, scale: 1 },
      }),
      column('r', { type: 'ROW', nullable: true, fields: [{ name: 'id', fieldType: { type: 'BIGINT' } }] }),
    ];
    const [row] = decodeRows<Record<string, unknown>>(
      [
        {
          kind: 'UPDATE_AFTER',
          fields: ['AQL/', [1, new RawNumber('12345678901234567')], { x: 1.5 }, { id: new RawNumber('99999999999999999') }],
        },
      ],
      ['b', 'a', 'm', 'r'],
      decoders(columns, { bigint: 'string', decimal: 'string' }),
      '/p',
    );
    expect(row?.kind).toBe('UPDATE_AFTER');
    expect(row?.op).toBe('+U');
    expect(row?.values).toEqual({
      b: new Uint8Array([1, 2, 255]),
      a: ['1', '12345678901234567'],
      m: { x: '1.5' },
      r: { id: '99999999999999999' },
    });
    expect(columns.map((c) => c.type.sql)).toEqual(['BYTES', 'ARRAY<BIGINT>', 'MAP<STRING, DECIMAL(5, 1)>', 'ROW<`id` BIGINT>']);
    expect(
      JSON.stringify(
        decodeRows<Record<string, unknown>>(
          [{ kind: 'INSERT', fields: [null, null, null, null] }],
          ['b', 'a', 'm', 'r'],
          decoders(columns, {}),
          '/p',
        )[0],
      ),
    ).toBe('{"kind":"INSERT","values":{"b":null,"a":null,"m":null,"r":null}}');
  });

  it('a row that is not {kind, fields} is an InvalidResponseError', () => {
    expect(() => decodeRows<Record<string, unknown>>([{ kind: 'INSERT' }], [], undefined, '/v4/x')).toThrow(
      /GET \/v4\/x: row 0 is not \{kind, fields\}/,
    );
  });
});

describe('TIMESTAMP_LTZ: the session’s wall clock (sent with a Z) back to the instant', () => {
  it('an IANA zone, daylight saving included', () => {
    expect(instantIn('Asia/Tokyo')('2023-11-15T07:13:20.123Z')).toBe('2023-11-14T22:13:20.123Z');
    // Berlin: +01:00 in winter, +02:00 in summer
    expect(instantIn('Europe/Berlin')('2024-01-15T12:00:00Z')).toBe('2024-01-15T11:00:00Z');
    expect(instantIn('Europe/Berlin')('2024-07-15T12:00:00.123456789Z')).toBe('2024-07-15T10:00:00.123456789Z');
    expect(instantIn('America/New_York')('2024-03-10T03:30:00Z')).toBe('2024-03-10T07:30:00Z');
  });

  it('fixed offsets as Flink writes them, and UTC or the gateway’s default as they are', () => {
    expect(instantIn('GMT+08:00')('2024-01-01T08:00:00Z')).toBe('2024-01-01T00:00:00Z');
    expect(instantIn('-05:30')('2024-01-01T00:00:00Z')).toBe('2024-01-01T05:30:00Z');
    for (const zone of [undefined, 'UTC', 'default', 'Z', 'GMT'])
      expect(instantIn(zone)('2024-01-01T00:00:00Z')).toBe('2024-01-01T00:00:00Z');
  });
});
