// The example of docs/testing-your-code.md, kept working.
import nock from 'nock';
import { expect, it } from 'vitest';
import { FlinkClient, OperationFailedError } from '../../src/index.js';

const flink = new FlinkClient({ baseUrl: 'http://flink.test:8081' });

it('reports a failed savepoint', async () => {
  const job = 'a3f1c0de00000000000000000000beef';
  nock('http://flink.test:8081')
    .post(`/v1/jobs/${job}/savepoints`, (body) => /^[0-9a-f]{32}$/.test(body.triggerId))
    .reply(202, { 'request-id': '0123456789abcdef0123456789abcdef' })
    .get(/\/v1\/jobs\/.+\/savepoints\/.+/)
    .reply(200, {
      status: { id: 'COMPLETED' },
      operation: { 'failure-cause': { class: 'java.io.IOException', 'stack-trace': 'java.io.IOException: disk full' } },
    });
  const op = await flink.savepoints.trigger(job);
  await expect(op.wait()).rejects.toBeInstanceOf(OperationFailedError);
});
