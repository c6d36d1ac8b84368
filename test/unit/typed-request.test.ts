// The spec drives every request: `flink.request` takes a path template of the generated `paths`, and
// the template decides the path parameters, query, JSON body and the answer's type. A client typed
// for an older line refuses what that line lacks. The @ts-expect-error lines are the tests (the
// typecheck fails if any of them compiles); the rest sends real requests through nock.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import type { paths as Flink120 } from '../../src/generated/flink-1.20.js';
import { FlinkClient, InvalidInputError } from '../../src/index.js';
import { BASE, client, flink, JOB } from '../support/nock.js';
import { caught } from '../support/unit-helpers.js';

describe('flink.request, typed by the spec', () => {
  it('sends the operation the template names, with its parameters, query and body', async () => {
    flink().get(`/v1/jobs/${JOB}/checkpoints/details/42`).reply(200, { id: 42, status: 'COMPLETED', end_to_end_duration: 120 });
    const checkpoint = await client().request('GET', '/jobs/{jobid}/checkpoints/details/{checkpointid}', {
      params: { jobid: JOB, checkpointid: 42 },
    });
    expectTypeOf(checkpoint.id).toEqualTypeOf<number | undefined>();
    expect(checkpoint).toMatchObject({ id: 42, end_to_end_duration: 120 });

    flink()
      .get(`/v1/jobs/${JOB}/metrics`)
      .query({ get: 'uptime' })
      .reply(200, [{ id: 'uptime', value: '12' }]);
    const metrics = await client().request('GET', '/jobs/{jobid}/metrics', { params: { jobid: JOB }, query: { get: 'uptime' } });
    expect(metrics).toEqual([{ id: 'uptime', value: '12' }]);

    flink()
      .post(`/v1/jobs/${JOB}/savepoints`, { 'target-directory': '/sp', formatType: 'NATIVE' })
      .reply(202, { 'request-id': 'f'.repeat(32) });
    const trigger = await client().request('POST', '/jobs/{jobid}/savepoints', {
      params: { jobid: JOB },
      body: { 'target-directory': '/sp', formatType: 'NATIVE' },
    });
    expectTypeOf(trigger['request-id']).toEqualTypeOf<string>();
    expect(trigger).toEqual({ 'request-id': 'f'.repeat(32) });
  });

  it('types the answer by a schema when one is given, and checks it', async () => {
    flink().get(`/v1/jobs/${JOB}`).times(2).reply(200, { jid: JOB, name: 'orders' });
    const job = await client().request('GET', '/jobs/{jobid}', { params: { jobid: JOB }, schema: z.object({ name: z.string() }) });
    expectTypeOf(job).toEqualTypeOf<{ name: string }>();
    expect(job.name).toBe('orders');
    const err = await caught(() =>
      client().request('GET', '/jobs/{jobid}', { params: { jobid: JOB }, schema: z.object({ state: z.literal('RUNNING') }) }),
    );
    expect(err.message).toContain('unexpected answer at state');
  });

  it('hands back answers that are not JSON (log files) as a stream', async () => {
    flink().get('/v1/jobmanager/log').reply(200, 'line 1\nline 2\n', { 'content-type': 'text/plain' });
    const log = await client().request('GET', '/jobmanager/log');
    expectTypeOf(log).toEqualTypeOf<ReadableStream<Uint8Array>>();
    expect(await new Response(log).text()).toBe('line 1\nline 2\n');
  });

  it('refuses a missing path parameter at run time too, before anything is sent', async () => {
    const err = await caught(() => client().request('GET', '/jobs/{jobid}', { params: {} } as never));
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err.message).toBe('GET /jobs/{jobid}: the path parameter jobid is missing');
  });

  it('refuses at compile time what the spec does not have', () => {
    const flink = new FlinkClient({ baseUrl: BASE });
    const old = new FlinkClient<Flink120>({ baseUrl: BASE });
    const jobid = JOB;
    const never = () => {
      // @ts-expect-error a path the API does not have
      void flink.request('GET', '/jobz');
      // @ts-expect-error a method the path does not have
      void flink.request('DELETE', '/overview');
      // @ts-expect-error a path with parameters needs them
      void flink.request('GET', '/jobs/{jobid}');
      // @ts-expect-error a missing path parameter
      void flink.request('GET', '/jobs/{jobid}/checkpoints/details/{checkpointid}', { params: { jobid } });
      // @ts-expect-error a misspelt body field
      void flink.request('POST', '/jobs/{jobid}/savepoints', { params: { jobid }, body: { targetDirectroy: '/sp' } });
      // @ts-expect-error a body field the operation does not know, beside a right one
      void flink.request('POST', '/jobs/{jobid}/savepoints', { params: { jobid }, body: { 'target-directory': '/sp', bogus: 1 } });
      // @ts-expect-error a wrong type in the body
      void flink.request('POST', '/jobs/{jobid}/stop', { params: { jobid }, body: { drain: 'yes' } });
      // @ts-expect-error a misspelt request option
      void flink.request('GET', '/overview', { timeout: 5 });
      // @ts-expect-error a path Flink 1.20 does not have (rescale history came with 2.3)
      void old.request('GET', '/jobs/{jobid}/rescales/history', { params: { jobid } });
      // @ts-expect-error a field Flink 1.20's run request does not have (applicationId came with 2.3)
      void old.request('POST', '/jars/{jarid}/run', { params: { jarid: 'a.jar' }, body: { applicationId: JOB } });
    };
    // What the line has compiles.
    const fine = () => old.request('POST', '/jars/{jarid}/run', { params: { jarid: 'a.jar' }, body: { claimMode: 'NO_CLAIM' } });
    expect([typeof never, typeof fine]).toEqual(['function', 'function']);
  });
});
