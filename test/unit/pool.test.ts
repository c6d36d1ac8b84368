import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ConnectionError, FlinkClient } from '../../src/index.js';
import { OVERVIEW } from '../support/fixtures.js';

const overview = JSON.stringify(OVERVIEW);

const sockets = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;

async function until(what: string, probe: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms`);
    await new Promise((r) => setImmediate(r));
  }
}

describe('connection pool', () => {
  it('10,000 requests use at most maxConnections sockets, and close() leaves none open', async () => {
    let open = 0;
    let peak = 0;
    let served = 0;
    const server = createServer((_req, res) => {
      served += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(overview);
    });
    server.on('connection', (socket) => {
      open += 1;
      peak = Math.max(peak, open);
      socket.on('close', () => {
        open -= 1;
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const baseline = sockets();
    const flink = new FlinkClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, maxConnections: 16 });
    try {
      const answers = await Promise.all(Array.from({ length: 10_000 }, () => flink.cluster.overview()));
      expect(answers).toHaveLength(10_000);
      expect(answers.every((a) => a.taskmanagers === 1)).toBe(true);
      expect(served).toBe(10_000);
      expect(peak).toBeLessThanOrEqual(16);
      expect(peak).toBeGreaterThan(1);
    } finally {
      await flink.close();
    }
    await until('server saw every client socket close', () => open === 0);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await until('no socket handle left', () => sockets() <= baseline);
    expect(sockets()).toBeLessThanOrEqual(baseline);
    const after = await flink.cluster.overview().catch((e) => e);
    expect(after).toBeInstanceOf(ConnectionError);
    expect(after.message).toContain('the client was closed');
  }, 60_000);
});
