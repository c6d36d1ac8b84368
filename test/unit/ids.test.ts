// Whatever id or name Flink accepts, the SDK accepts, normalised as Flink does: job, trigger, vertex
// and application ids in any case (Flink reads hex in any case and prints lower case), jar ids with
// whatever name Flink took, TaskManager ids and log names as Flink lists them. Nothing is sent for
// an id Flink would not take.
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/index.js';
import { client, flink, JOB } from '../support/nock.js';
import { caught, unmatchedRequests } from '../support/unit-helpers.js';

const VERTEX = 'cbc357ccb763df2852fee8c4fc7d55f2';
const TRIGGER = 'fedcba9876543210fedcba9876543210';

describe('ids as Flink takes them', () => {
  it('takes job, vertex and trigger ids in upper case and sends them lower-cased', async () => {
    flink().get(`/v1/jobs/${JOB}/status`).reply(200, { status: 'RUNNING' });
    expect(await client().jobs.state(JOB.toUpperCase())).toBe('RUNNING');
    flink().get(`/v1/jobs/${JOB}/vertices/${VERTEX}/watermarks`).reply(200, []);
    expect(await client().jobs.watermarks(JOB.toUpperCase(), VERTEX.toUpperCase())).toEqual([]);
    flink()
      .post(`/v1/jobs/${JOB}/savepoints`, (body) => body.triggerId === TRIGGER)
      .reply(202, { 'request-id': TRIGGER });
    const op = await client().savepoints.trigger(JOB.toUpperCase(), { triggerId: TRIGGER.toUpperCase() });
    expect(op.toJSON()).toEqual({ kind: 'savepoint', triggerId: TRIGGER, jobId: JOB });
    const resumed = client().operations.resume({ kind: 'checkpoint', triggerId: TRIGGER.toUpperCase(), jobId: JOB.toUpperCase() });
    expect(resumed.toJSON()).toEqual({ kind: 'checkpoint', triggerId: TRIGGER, jobId: JOB });
  });

  it.each([
    ['a name with spaces', '4f2e_my job.jar', '4f2e_my%20job.jar'],
    ['a name with dots', '4f2e_orders..v2.jar', '4f2e_orders..v2.jar'],
    ['a name with a plus and a hash', '4f2e_a+b#c.jar', '4f2e_a%2Bb%23c.jar'],
    ['a name beyond ASCII', '4f2e_züge.jar', '4f2e_z%C3%BCge.jar'],
  ])('takes a jar id with %s, as one path segment', async (_what, id, wire) => {
    flink().delete(`/v1/jars/${wire}`).reply(200, {});
    await client().jars.delete(id);
  });

  it('takes TaskManager ids and log names as Flink lists them', async () => {
    const tm = 'flink-taskmanager-7c9d5f-x2k4q:6122-a1b2c3';
    flink()
      .get(`/v1/taskmanagers/${encodeURIComponent(tm)}/logs/${encodeURIComponent('taskmanager.log.1')}`)
      .reply(200, 'old log');
    expect(await new Response(await client().taskManagers.log(tm, 'taskmanager.log.1')).text()).toBe('old log');
  });

  it.each([
    ['a job id with a non-hex letter', () => client().jobs.get(`${JOB.slice(1)}g`)],
    ['a job id with a slash', () => client().jobs.get(`${JOB.slice(2)}/x`)],
    ['a jar id that is a path', () => client().jars.delete('../etc/passwd.jar')],
    ['a jar id that is not a jar', () => client().jars.delete('4f2e_job.zip')],
    ['a log name that is a path', () => client().cluster.log('../../etc/passwd')],
    ['a log name that is ..', () => client().cluster.log('..')],
    ['a TaskManager id with a slash', () => client().taskManagers.get('a/b')],
  ])('refuses %s before sending', async (_what, call) => {
    const unmatched = unmatchedRequests();
    expect(await caught(call)).toBeInstanceOf(InvalidInputError);
    expect(unmatched).toEqual([]);
  });
});
