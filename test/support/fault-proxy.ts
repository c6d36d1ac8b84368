import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy does to one request. */
export type Fault =
  | 'pass'
  /** Forward, let the server act and answer, then drop the connection without answering. */
  | 'drop-after'
  /** Answer 503 as Flink does during leader election, without forwarding. */
  | 'unavailable'
  /** Answer a proxy's HTML 502 page, without forwarding. */
  | 'html-502'
  /** Forward, then send the status and only half of the server's body before dropping. */
  | 'truncate'
  /** Forward after a pause. */
  | 'delay';

export interface ProxiedRequest {
  method: string;
  path: string;
  /** The request's triggerId or jobId, when its JSON body has one: what makes repeats recognisable. */
  key: string | undefined;
  /** 1 for the first request with this key (or method+path), 2 for its first repeat, … */
  attempt: number;
}

export interface FaultProxy {
  url: string;
  /** How many times each fault was injected. */
  injected: Record<Fault, number>;
  close(): Promise<void>;
}

const LEADER_ELECTION = JSON.stringify({
  errors: ['Service temporarily unavailable due to an ongoing leader election. Please refresh.'],
});

/** A loopback HTTP proxy in front of a real Flink that injects faults by a plan. */
export async function startFaultProxy(target: string, plan: (req: ProxiedRequest) => Fault, delayMs = 300): Promise<FaultProxy> {
  const upstream = new URL(target);
  const attempts = new Map<string, number>();
  const injected: Record<Fault, number> = { pass: 0, 'drop-after': 0, unavailable: 0, 'html-502': 0, truncate: 0, delay: 0 };

  const forward = (req: IncomingMessage, body: Buffer) =>
    new Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }>((resolve, reject) => {
      const out = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: upstream.host },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
      out.on('error', reject);
      out.end(body);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    let key: string | undefined;
    if (req.headers['content-type']?.startsWith('application/json') && body.length) {
      try {
        const json = JSON.parse(body.toString('utf8'));
        key = json.triggerId ?? json.jobId;
      } catch {
        /* not JSON: no key */
      }
    }
    const id = key ?? `${req.method} ${req.url}`;
    const attempt = (attempts.get(id) ?? 0) + 1;
    attempts.set(id, attempt);
    const fault = plan({ method: req.method ?? '', path: req.url ?? '', key, attempt });
    injected[fault] += 1;
    if (fault === 'unavailable') {
      res.writeHead(503, { 'content-type': 'application/json; charset=UTF-8' });
      return res.end(LEADER_ELECTION);
    }
    if (fault === 'html-502') {
      res.writeHead(502, { 'content-type': 'text/html' });
      return res.end('<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>');
    }
    if (fault === 'delay') await new Promise((r) => setTimeout(r, delayMs));
    const answer = await forward(req, body);
    if (fault === 'drop-after') return req.socket.destroy();
    const headers = { ...answer.headers };
    delete headers['transfer-encoding'];
    headers['content-length'] = String(answer.body.length);
    res.writeHead(answer.status, headers);
    if (fault === 'truncate') {
      res.write(answer.body.subarray(0, Math.floor(answer.body.length / 2)));
      return setTimeout(() => req.socket.destroy(), 10);
    }
    res.end(answer.body);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      handle(req, res, Buffer.concat(chunks)).catch(() => req.socket.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    injected,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
