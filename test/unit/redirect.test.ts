// Redirects are never followed: Flink answers plain http on a port with security.ssl.rest.enabled
// with 301 to https, and fetch would turn a redirected POST into a GET (a savepoint trigger became
// "404 Unable to load requested file" against real Flink). A redirect is a ConnectionError that
// says where it points. (test/integration/tls.test.ts pins the same against real Flink.)
import { type AddressInfo, createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionError, FlinkClient } from '../../src/index.js';
import { type Stub, startStub } from '../support/stub-server.js';

const JOB = 'a'.repeat(32);
const ZIP_BYTES = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('\u0014\u0000padding-of-a-fake-jar\n'.repeat(4))]);

describe('redirects', () => {
  let stub: Stub | undefined;
  afterEach(async () => {
    await stub?.close();
    stub = undefined;
  });

  const redirecting = async (location: (path: string, port: string) => string | undefined) => {
    stub = await startStub((req, res) => {
      const to = location(req.url ?? '/', req.headers.host?.split(':')[1] ?? '');
      res.writeHead(301, to ? { location: to, 'content-length': '0' } : { 'content-length': '0' });
      res.end();
    });
    return new FlinkClient({ baseUrl: stub.url, maxRetries: 0, server: 'jobmanager' });
  };

  it('a POST redirected to https is a ConnectionError naming the https address, sent once and not as a GET', async () => {
    const flink = await redirecting((path, port) => `https://127.0.0.1:${port}${path}`);
    const err = await flink.savepoints.trigger(JOB).catch((e) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).toContain(
      `answered 301 with a redirect to https://127.0.0.1:${new URL(stub?.url ?? '').port}/v1/jobs/${JOB}/savepoints`,
    );
    expect(err.message).toContain('use https://127.0.0.1:');
    expect(stub?.requests.map((r) => r.method)).toEqual(['POST']);
    await flink.close();
  });

  it('a redirect elsewhere (a proxy login page) is not followed either; its query string is not shown', async () => {
    const flink = await redirecting(() => 'https://sso.example/login?token=secret');
    const err = await flink.cluster.overview().catch((e) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).toContain('redirect to https://sso.example/login;');
    expect(err.message).not.toContain('secret');
    expect(stub?.requests).toHaveLength(1);
    await flink.close();
  });

  it('an upload answered with a redirect is a ConnectionError too', async () => {
    const flink = await redirecting((path, port) => `https://127.0.0.1:${port}${path}`);
    const err = await flink.jars.upload(new Blob([ZIP_BYTES]), { filename: 'job.jar' }).catch((e) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).toMatch(
      /POST \/jars\/upload: http:\/\/127\.0\.0\.1:(\d+) answered 301 with a redirect to https:\/\/127\.0\.0\.1:\1\/v1\/jars\/upload; it speaks https/,
    );
    await flink.close();
  });

  /** A server that resets an upload's connection without an answer, and answers GETs with `get`. */
  const resettingUploads = async (get: (port: number) => string) => {
    const server = createServer((socket) => {
      socket.on('error', () => {});
      socket.once('data', (chunk) => {
        const port = (server.address() as AddressInfo).port;
        if (chunk.toString('latin1').startsWith('POST ')) socket.resetAndDestroy();
        else socket.end(get(port));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const flink = new FlinkClient({ baseUrl: `http://127.0.0.1:${port}`, maxRetries: 0 });
    const jar = new Blob([ZIP_BYTES, new Uint8Array(4 * 1024 * 1024)]);
    const err = await flink.jars.upload(jar, { filename: 'job.jar' }).catch((e) => e);
    await flink.close();
    await new Promise((resolve) => server.close(resolve));
    return { err, port };
  };

  it('an upload cut off with no answer at all (the reset beat it): one GET finds the redirect and names it', async () => {
    const { err, port } = await resettingUploads(
      (port) =>
        `HTTP/1.1 301 Moved Permanently\r\nlocation: https://127.0.0.1:${port}/v1/config\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`,
    );
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).toBe(
      `POST /jars/upload: http://127.0.0.1:${port} answered 301 with a redirect to https://127.0.0.1:${port}/v1/config; it speaks https (Flink with security.ssl.rest.enabled redirects plain http): use https://127.0.0.1:${port} as baseUrl`,
    );
  });

  it('an upload cut off where the server does not redirect keeps its own error', async () => {
    const { err, port } = await resettingUploads(
      () => 'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n[]',
    );
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).toMatch(new RegExp(`^POST /jars/upload: cannot reach http://127\\.0\\.0\\.1:${port}: .*(ECONNRESET|EPIPE)`));
  });

  it('an upload answered before its body is sent, the connection then closed: the answer, not the failed write (EPIPE)', async () => {
    // As Flink's TLS port answers plain http: at once, then it closes. Which of the answer and the
    // failed write Node reports first is a race; each round is another try at it.
    const server = createServer((socket) => {
      let head = '';
      socket.on('data', (chunk) => {
        if (head.includes('\r\n\r\n')) return;
        head += chunk.toString('latin1');
        if (!head.includes('\r\n\r\n')) return;
        const port = (server.address() as AddressInfo).port;
        socket.write(`HTTP/1.1 301 Moved Permanently\r\nlocation: https://127.0.0.1:${port}/v1/jars/upload\r\ncontent-length: 0\r\n\r\n`);
        socket.destroy();
      });
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const jar = new Blob([ZIP_BYTES, new Uint8Array(16 * 1024 * 1024)]);
    try {
      const outcomes: string[] = [];
      for (let round = 0; round < 20; round++) {
        const flink = new FlinkClient({ baseUrl: `http://127.0.0.1:${port}`, maxRetries: 0 });
        const err = await flink.jars.upload(jar, { filename: 'job.jar' }).catch((e) => e);
        outcomes.push(`${err?.name}: ${err?.message}`);
        await flink.close();
      }
      const expected = `ConnectionError: POST /jars/upload: http://127.0.0.1:${port} answered 301 with a redirect to https://127.0.0.1:${port}/v1/jars/upload; it speaks https`;
      expect(outcomes.filter((o) => !o.startsWith(expected))).toEqual([]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
