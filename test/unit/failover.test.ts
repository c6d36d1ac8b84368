import { describe, expect, it } from 'vitest';
import { ConnectionError, FlinkClient, UnavailableError } from '../../src/index.js';
import { OVERVIEW } from '../support/fixtures.js';
import { startStub } from '../support/stub-server.js';

const overview = OVERVIEW;
const json = (status: number, body: unknown) => (_req: unknown, res: import('node:http').ServerResponse) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};
const LEADER_ELECTION = { errors: ['Service temporarily unavailable due to an ongoing leader election. Please refresh.'] };

describe('several JobManager endpoints', () => {
  it('moves on from an endpoint that is down and keeps using the one that answered', async () => {
    const down = await startStub(() => {});
    const downUrl = down.url;
    await down.close();
    const up = await startStub(json(200, overview));
    try {
      const flink = new FlinkClient({ baseUrl: [downUrl, up.url], maxRetries: 0 });
      expect((await flink.cluster.overview()).taskmanagers).toBe(1);
      expect(flink.baseUrl).toBe(up.url);
      expect((await flink.cluster.overview()).taskmanagers).toBe(1);
      expect(up.requests).toHaveLength(2);
    } finally {
      await up.close();
    }
  });

  it('moves on from a 503 (leader election) and replays a JSON body unchanged', async () => {
    const electing = await startStub(json(503, LEADER_ELECTION));
    const leader = await startStub(json(202, { 'request-id': '0123456789abcdef0123456789abcdef' }));
    try {
      const flink = new FlinkClient({ baseUrl: [electing.url, leader.url], maxRetries: 0 });
      const op = await flink.savepoints.trigger('a3f1c0de00000000000000000000beef', { triggerId: '0123456789abcdef0123456789abcdef' });
      expect(op.triggerId).toBe('0123456789abcdef0123456789abcdef');
      expect(JSON.parse(leader.requests[0]?.body ?? '{}')).toEqual(JSON.parse(electing.requests[0]?.body ?? '{}'));
      expect(JSON.parse(leader.requests[0]?.body ?? '{}').triggerId).toBe('0123456789abcdef0123456789abcdef');
    } finally {
      await electing.close();
      await leader.close();
    }
  });

  it('reports every endpoint when none answers, and 503 when all are electing', async () => {
    const a = await startStub(() => {});
    const b = await startStub(() => {});
    const urls = [a.url, b.url];
    await a.close();
    await b.close();
    const err = await new FlinkClient({ baseUrl: urls, maxRetries: 0 }).cluster.overview().catch((e) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).toContain(`cannot reach ${urls[0]} or ${urls[1]}`);
    const c = await startStub(json(503, LEADER_ELECTION));
    const d = await startStub(json(503, LEADER_ELECTION));
    try {
      const electing = await new FlinkClient({ baseUrl: [c.url, d.url], maxRetries: 0 }).cluster.overview().catch((e) => e);
      expect(electing).toBeInstanceOf(UnavailableError);
      expect(electing.message).toContain('leader election');
    } finally {
      await c.close();
      await d.close();
    }
  });
});
