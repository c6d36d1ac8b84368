// Redirects are never followed: Flink answers plain http on a port with security.ssl.rest.enabled
// with 301 to https, and fetch would turn a redirected POST into a GET (a savepoint trigger became
// "404 Unable to load requested file" against real Flink). A redirect is a ConnectionError that
// says where it points. (test/integration/tls.test.ts pins the same against real Flink.)
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
    return new FlinkClient({ baseUrl: stub.url, maxRetries: 0 });
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
    expect(err.message).toMatch(/POST \/jars\/upload: http:\/\/127\.0\.0\.1:\d+ answered 301 with a redirect; if the server speaks https/);
    await flink.close();
  });
});
