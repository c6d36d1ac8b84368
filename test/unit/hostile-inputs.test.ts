// Bad input is refused with an InvalidInputError before anything is sent: nock allows no request to
// flink.test here, so a call that reached the network would fail differently.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FlinkClient, InvalidInputError } from '../../src/index.js';
import { client, JOB } from '../support/nock.js';

const dir = mkdtempSync(join(tmpdir(), 'flink-rest-inputs-'));
const empty = join(dir, 'empty.jar');
const text = join(dir, 'notes.jar');
writeFileSync(empty, '');
writeFileSync(text, 'not a zip at all');

const flink = client();
const JAR = '4f2e_job.jar';
const cases: [string, () => Promise<unknown>][] = [
  ['job id too short', () => flink.jobs.get('abc')],
  ['job id with a space', () => flink.jobs.cancel(` ${JOB.slice(1)}`)],
  ['job id with a path', () => flink.jobs.get(`../${JOB.slice(3)}`)],
  ['job id not a string', () => flink.jobs.stop(42 as unknown as string)],
  ['trigger id malformed', () => flink.savepoints.trigger(JOB, { triggerId: 'x'.repeat(32) })],
  ['jar id with traversal', () => flink.jars.run('../../etc/passwd.jar')],
  ['jar id with a slash', () => flink.jars.delete('a/b.jar')],
  ['jar id not a jar', () => flink.jars.plan('4f2e_job.zip')],
  ['empty jar file', () => flink.jars.upload(empty)],
  ['non-jar file', () => flink.jars.upload(text)],
  ['missing file', () => flink.jars.upload(join(dir, 'missing.jar'))],
  ['a directory', () => flink.jars.upload(dir, { filename: 'dir.jar' })],
  ['upload name with a path', () => flink.jars.upload(new Blob([new Uint8Array([0x50, 0x4b, 3, 4])]), { filename: '../x.jar' })],
  ['upload name not .jar', () => flink.jars.upload(new Blob([new Uint8Array([0x50, 0x4b, 3, 4])]), { filename: 'x.zip' })],
  ['args not an array', () => flink.jars.run(JAR, { args: '--input x' as unknown as string[] })],
  ['args with a number', () => flink.jars.run(JAR, { args: ['--n', 5 as unknown as string] })],
  ['config value an object', () => flink.jars.run(JAR, { config: { 'a.b': { c: 1 } as unknown as string } })],
  ['config value NaN', () => flink.jars.run(JAR, { config: { 'parallelism.default': Number.NaN } })],
  ['config value null', () => flink.jars.run(JAR, { config: { 'a.b': null as unknown as string } })],
  ['config not an object', () => flink.jars.run(JAR, { config: 'a=b' as unknown as Record<string, string> })],
  ['parallelism zero', () => flink.jars.run(JAR, { parallelism: 0 })],
  ['parallelism fractional', () => flink.jars.run(JAR, { parallelism: 1.5 })],
  ['claim mode unknown', () => flink.jars.run(JAR, { claimMode: 'TAKE' as 'CLAIM' })],
  ['unknown run option', () => flink.jars.run(JAR, { entrypoint: 'a.B' } as never)],
  ['unknown stop option', () => flink.jobs.stop(JOB, { drian: true } as never)],
  ['unknown savepoint option', () => flink.savepoints.trigger(JOB, { target: '/tmp' } as never)],
  ['savepoint format unknown', () => flink.savepoints.trigger(JOB, { formatType: 'zip' as 'NATIVE' })],
  ['checkpoint type unknown', () => flink.checkpoints.trigger(JOB, { type: 'PARTIAL' as 'FULL' })],
  ['dispose without a path', () => flink.savepoints.dispose('')],
  ['options not an object', () => flink.jobs.stop(JOB, 'drain' as never)],
  ['wait for an unknown state', () => flink.jobs.waitForState(JOB, ['DONE'])],
  ['resume garbage', async () => flink.operations.resume('{"kind": "savepoint", "triggerId": 1}')],
  ['a misspelt client option', async () => new FlinkClient({ baseUrl: 'http://flink.test:8081', timeout: 5_000 } as never)],
  ['a client option of the wrong type', async () => new FlinkClient({ baseUrl: 'http://flink.test:8081', maxRetries: -1 })],
  ['a misspelt request option', () => flink.jobs.list(undefined, { timeout: 5_000 } as never)],
  ['resume another kind', async () => flink.operations.resume({ kind: 'checkpoint', triggerId: JOB, jobId: JOB }, 'savepoint')],
];

describe('bad input never reaches the server', () => {
  it.each(cases)('%s', async (_name, call) => {
    const err = await call().then(
      () => undefined,
      (e) => e,
    );
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err.message.length).toBeLessThan(400);
  });

  it('tried every listed bad input', () => {
    expect(cases.length).toBeGreaterThanOrEqual(34);
  });
});
