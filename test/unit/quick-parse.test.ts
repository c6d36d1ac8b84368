// The job list is checked by hand before zod sees it (src/schemas/quick.ts): 1,000 jobs in a tenth
// of zod's time. The hand check must give exactly what zod gives, field order included (the CLI's
// --json output shows it), or step aside so that zod decides and words the error.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAnswer } from '../../src/http/transport.js';
import { InvalidResponseError } from '../../src/index.js';
import { jobsOverview } from '../../src/schemas/jobs.js';
import { quickParse } from '../../src/schemas/quick.js';

const job = (i: number) => ({
  jid: i.toString(16).padStart(32, '0'),
  name: `job ${i}`,
  'start-time': 1_700_000_000_000 + i,
  'end-time': -1,
  duration: 5,
  state: 'RUNNING',
  'last-modification': 1_700_000_000_100,
  tasks: { running: 2, canceling: 0, total: 2 },
});

/** Equal as JSON and in the order of every object's keys. */
function sameAs(actual: unknown, expected: unknown): void {
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
  expect(actual).toEqual(expected);
}

describe('the quick check of the job list', () => {
  it('takes a real answer and gives what zod gives: schema order first, unknown fields after', () => {
    const answer = JSON.parse(JSON.stringify({ jobs: [job(1), { ...job(2), 'pending-operators': 0 }, job(3)], shiny: true }));
    const quick = quickParse(jobsOverview, answer);
    expect(quick).toBeDefined();
    sameAs(quick, jobsOverview.parse(answer));
    expect(Object.keys(quick?.jobs[1] ?? {})).toEqual([
      'jid',
      'name',
      'state',
      'start-time',
      'end-time',
      'duration',
      'last-modification',
      'tasks',
      'pending-operators',
    ]);
  });

  it('passes unknown states through, as the lenient schema does', () => {
    const answer = { jobs: [{ ...job(1), state: 'PAUSED_BY_A_NEWER_FLINK' }] };
    expect(quickParse(jobsOverview, answer)?.jobs[0]?.state).toBe('PAUSED_BY_A_NEWER_FLINK');
  });

  it('steps aside for anything not plainly well-formed, and zod words the error', () => {
    const bad = [
      { jobs: [{ ...job(1), state: 7 }] },
      { jobs: [{ ...job(1), tasks: { running: '2' } }] },
      { jobs: [{ ...job(1), duration: null }] },
      { jobs: {} },
      { jobs: [null] },
      [],
      JSON.parse(`{"jobs": [${JSON.stringify(job(1)).replace('{', '{"__proto__": {"polluted": true},')}]}`),
      JSON.parse(`{"jobs": [${JSON.stringify({ ...job(1), tasks: {} }).replace('"tasks":{}', '"tasks":{"__proto__":1}')}]}`),
    ];
    for (const answer of bad) expect(quickParse(jobsOverview, answer)).toBeUndefined();
    const err = (() => {
      try {
        return parseAnswer(JSON.stringify(bad[0]), { method: 'GET', path: '/jobs/overview', schema: jobsOverview });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(InvalidResponseError);
    expect((err as Error).message).toBe(
      'GET /jobs/overview: unexpected answer at jobs.0.state: Invalid input: expected string, received number',
    );
  });

  it('leaves the decision to zod when Object.prototype was tampered with', () => {
    const proto = Object.prototype as Record<string, unknown>;
    for (const [key, enumerable] of [
      ['duration', false],
      ['unrelated', true],
    ] as const) {
      Object.defineProperty(proto, key, { value: 5, enumerable, configurable: true, writable: true });
      try {
        expect(quickParse(jobsOverview, { jobs: [job(1)] })).toBeUndefined();
      } finally {
        delete proto[key];
      }
    }
    expect(quickParse(jobsOverview, { jobs: [job(1)] })).toBeDefined();
  });

  // Job-like values where every field may be missing, of another type, or joined by unknown ones.
  const field = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 2 }));
  const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 6, arbitrary: arb }, { weight: 1, arbitrary: field });
  const tasks = maybe(fc.dictionary(fc.string(), fc.oneof({ weight: 8, arbitrary: fc.integer() }, { weight: 1, arbitrary: field })));
  const jobLike = fc
    .record(
      {
        jid: maybe(fc.string({ unit: fc.constantFrom(...'0123456789abcdef') })),
        name: maybe(fc.string()),
        state: maybe(fc.constantFrom('RUNNING', 'FAILED', 'NEW_STATE')),
        'start-time': maybe(fc.integer()),
        'end-time': maybe(fc.integer()),
        duration: maybe(fc.integer()),
        'last-modification': maybe(fc.integer()),
        tasks,
      },
      { requiredKeys: ['jid', 'name', 'state', 'start-time', 'end-time', 'duration', 'last-modification', 'tasks'] },
    )
    .chain((known) =>
      fc.tuple(
        fc.constant(known),
        fc.dictionary(fc.string(), field, { maxKeys: 3 }),
        fc.boolean(),
        fc.oneof(
          { weight: 5, arbitrary: fc.constant<string[]>([]) },
          { weight: 1, arbitrary: fc.subarray(Object.keys(known), { maxLength: 1 }) },
        ),
      ),
    )
    .map(([known, extra, reversed, dropped]) => {
      const entries = [...Object.entries(known), ...Object.entries(extra)].filter(([k]) => !dropped.includes(k));
      return Object.fromEntries(reversed ? entries.reverse() : entries);
    });

  it('gives zod’s answer or none, for 10,000 random lists (through JSON, as answers arrive)', () => {
    let taken = 0;
    fc.assert(
      fc.property(fc.array(jobLike, { maxLength: 4 }), fc.dictionary(fc.string(), field, { maxKeys: 2 }), (jobs, top) => {
        const answer = JSON.parse(JSON.stringify({ ...top, jobs }));
        const quick = quickParse(jobsOverview, answer);
        const zod = jobsOverview.safeParse(JSON.parse(JSON.stringify(answer)));
        if (quick === undefined) return;
        taken += 1;
        expect(zod.success).toBe(true);
        sameAs(quick, zod.data);
      }),
      { numRuns: 10_000 },
    );
    // The random lists are a mix: many well-formed (the check answers), many not (zod does).
    expect(taken).toBeGreaterThan(1_000);
    expect(taken).toBeLessThan(9_000);
  });

  it('takes most well-formed random lists itself', () => {
    let quick = 0;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1e6 }).map(job), { maxLength: 20 }), (jobs) => {
        if (quickParse(jobsOverview, JSON.parse(JSON.stringify({ jobs }))) !== undefined) quick += 1;
      }),
      { numRuns: 500 },
    );
    expect(quick).toBe(500);
  });
});
