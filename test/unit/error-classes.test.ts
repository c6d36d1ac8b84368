// Every error class the package exports names itself: `name`, the stack's first line and toJSON say
// the class as it is exported, set once for all of them (src/errors.ts, nameErrorClasses).
import { describe, expect, it } from 'vitest';
import * as sdk from '../../src/index.js';
import { FlinkError, NotFoundError, SqlValueError } from '../../src/index.js';

const errorClasses = Object.entries(sdk as Record<string, unknown>).flatMap(([name, value]) =>
  typeof value === 'function' && (value === FlinkError || value.prototype instanceof FlinkError)
    ? [{ name, prototype: value.prototype }]
    : [],
);

describe('error class names', () => {
  it('every exported error class carries its export name', () => {
    expect(errorClasses.length).toBeGreaterThanOrEqual(21);
    expect(errorClasses.filter(({ name, prototype }) => prototype.name !== name)).toEqual([]);
  });

  it('an instance says it in name, stack and toJSON, and keeps name out of its own fields', () => {
    const err = new NotFoundError({ status: 404, method: 'GET', path: '/jobs/x', errors: ['Job x not found'] });
    expect(err.name).toBe('NotFoundError');
    expect(err.stack?.split('\n')[0]).toBe('NotFoundError: GET /jobs/x failed with 404: Job x not found');
    expect(err.toJSON()).toMatchObject({ name: 'NotFoundError', status: 404 });
    expect(Object.keys(err)).not.toContain('name');
    // Subclass fields come from the base's one toJSON.
    expect(new SqlValueError('bad', 'amount', '1e400').toJSON()).toEqual({
      name: 'SqlValueError',
      message: 'bad',
      column: 'amount',
      text: '1e400',
    });
  });
});
