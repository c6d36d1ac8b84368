import { onTestFinished } from 'vitest';
import { BASE } from './nock.js';
import { startStub } from './stub-server.js';

/**
 * A loopback server in front of nock for tests that upload a jar. Uploads travel over the client's
 * own socket pool (undici's Agent), which nock cannot see; this server takes them (recording the
 * multipart body) and hands every other request on to nock's `BASE`, so the test's nock
 * expectations stay as they are. Closed when the test finishes.
 */
export async function uploadFront(answer: object | ((nth: number) => [status: number, body: object]) = {}) {
  const uploads: { body: string; contentType: string; contentLength: string | undefined; transferEncoding: string | undefined }[] = [];
  const stub = await startStub(async (req, res, body) => {
    if (req.method === 'POST' && req.url?.endsWith('/v1/jars/upload')) {
      uploads.push({
        body: Buffer.from(body, 'utf8').toString('latin1'),
        contentType: req.headers['content-type'] ?? '',
        contentLength: req.headers['content-length'],
        transferEncoding: req.headers['transfer-encoding'],
      });
      const [status, reply] = typeof answer === 'function' ? answer(uploads.length) : [200, answer];
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
      return;
    }
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name)),
    );
    const forwarded = await fetch(`${BASE}${req.url}`, {
      method: req.method ?? 'GET',
      headers: headers as Record<string, string>,
      ...(body && req.method !== 'GET' ? { body } : {}),
    }).catch((err: Error) => new Response(JSON.stringify({ errors: [`no nock interceptor: ${err.message}`] }), { status: 599 }));
    res.writeHead(forwarded.status, Object.fromEntries(forwarded.headers as unknown as Iterable<[string, string]>));
    res.end(Buffer.from(await forwarded.arrayBuffer()));
  });
  onTestFinished(() => stub.close());
  return { url: stub.url, uploads };
}
