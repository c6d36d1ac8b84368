import { describe, expect, it } from 'vitest';
import { baseUrl, parseDefines, parseHeaders } from '../../src/cli/context.js';
import { exitCodeFor } from '../../src/cli/exit-codes.js';
import { colorsOn } from '../../src/cli/output.js';
import {
  AbortError,
  ConflictError,
  ConnectionError,
  InvalidInputError,
  NotFoundError,
  OperationFailedError,
  UnsupportedByServerError,
} from '../../src/index.js';

describe('CLI arguments', () => {
  it('-D keeps everything after the first "=" and refuses a missing one', () => {
    expect(parseDefines(['pipeline.max-parallelism=120', 'a=b=c', 'empty='])).toEqual({
      'pipeline.max-parallelism': '120',
      a: 'b=c',
      empty: '',
    });
    expect(() => parseDefines(['no-equals'])).toThrow(InvalidInputError);
    expect(() => parseDefines(['=value'])).toThrow(/-D takes key=value/);
    expect(parseDefines(undefined)).toBeUndefined();
  });

  it('-m host:port as bin/flink, --url, FLINK_REST_URL, then the default', () => {
    const saved = process.env.FLINK_REST_URL;
    try {
      delete process.env.FLINK_REST_URL;
      expect(baseUrl({})).toBe('http://127.0.0.1:8081');
      process.env.FLINK_REST_URL = 'http://env:8081';
      expect(baseUrl({})).toBe('http://env:8081');
      expect(baseUrl({ jobmanager: 'jm.example:8082' })).toBe('http://jm.example:8082');
      expect(baseUrl({ jobmanager: 'https://jm:443' })).toBe('https://jm:443');
      expect(baseUrl({ jobmanager: '[::1]:8081' })).toBe('http://[::1]:8081');
      expect(baseUrl({ jobmanager: 'jm', url: 'http://u:1' })).toBe('http://u:1');
      expect(() => baseUrl({ jobmanager: 'jm' })).toThrow(/host:port/);
    } finally {
      if (saved === undefined) delete process.env.FLINK_REST_URL;
      else process.env.FLINK_REST_URL = saved;
    }
  });

  it('--header "Name: value", values may hold colons', () => {
    expect(parseHeaders(['Authorization: Bearer a:b', 'X-Trace:1'])).toEqual({ Authorization: 'Bearer a:b', 'X-Trace': '1' });
    expect(() => parseHeaders(['no colon'])).toThrow(InvalidInputError);
    expect(() => parseHeaders([': value'])).toThrow(InvalidInputError);
    expect(() => parseHeaders(['Bad Name: x'])).toThrow('"Bad Name" is no header name');
  });

  it('colors only on a terminal, without NO_COLOR (set and not empty) and without --no-color', () => {
    const saved = process.env.NO_COLOR;
    try {
      delete process.env.NO_COLOR;
      expect(colorsOn(true, { isTTY: true })).toBe(true);
      expect(colorsOn(false, { isTTY: true })).toBe(false);
      expect(colorsOn(true, { isTTY: false })).toBe(false);
      process.env.NO_COLOR = '';
      expect(colorsOn(true, { isTTY: true })).toBe(true);
      process.env.NO_COLOR = '1';
      expect(colorsOn(true, { isTTY: true })).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.NO_COLOR;
      else process.env.NO_COLOR = saved;
    }
  });

  it('maps errors to the documented exit codes', () => {
    const api = (E: typeof NotFoundError, status: number) => new E({ status, method: 'GET', path: '/x', errors: [] });
    expect(exitCodeFor(new OperationFailedError('x', 'savepoint', 't', undefined, undefined))).toBe(1);
    expect(exitCodeFor(new InvalidInputError('x'))).toBe(2);
    expect(exitCodeFor(api(NotFoundError, 404))).toBe(3);
    expect(exitCodeFor(api(ConflictError, 409))).toBe(4);
    expect(exitCodeFor(new ConnectionError('x', 'GET', '/x'))).toBe(5);
    expect(exitCodeFor(new UnsupportedByServerError('f', '1.20.5', '2.3'))).toBe(6);
    expect(exitCodeFor(new AbortError('x'))).toBe(130);
  });
});
