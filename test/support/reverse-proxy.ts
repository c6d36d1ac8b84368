import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback reverse proxy like an ingress in front of Flink: serves Flink under a path prefix and
 * lets through only requests with the expected Authorization header (401 otherwise, as HTML).
 */
export async function startReverseProxy(target: string, prefix: string, authorization: string) {
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    if (req.headers.authorization !== authorization) {
      res.writeHead(401, { 'content-type': 'text/html', 'www-authenticate': 'Bearer' });
      return res.end('<html><body><h1>401 Authorization Required</h1></body></html>');
    }
    if (!req.url?.startsWith(`${prefix}/`)) {
      res.writeHead(404, { 'content-type': 'text/html' });
      return res.end('<html><body>no such route</body></html>');
    }
    const { authorization: _dropped, ...headers } = req.headers;
    const out = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url.slice(prefix.length),
        headers: { ...headers, host: upstream.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html>bad gateway</html>');
    });
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${prefix}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
