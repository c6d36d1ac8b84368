import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** What the server answered to an upload. */
export interface UploadAnswer {
  status: number;
  text: string;
  /** The Location header of a redirect. */
  location?: string;
}

/**
 * POSTs a body as it is produced, over node:http(s) with real back pressure: the file is read only
 * as fast as the socket takes it. (fetch reads a streamed request body ahead of the socket, so a
 * 1 GiB upload would cost about 1 GiB of memory.)
 *
 * A server may answer before the body is all sent and close the connection (Flink's redirect of
 * plain http on a TLS port does: 301). Writing on then fails (EPIPE, ECONNRESET), and which of the
 * two Node reports first is a race. An error answer that has started wins over the failed write:
 * it says what went wrong.
 */
export function streamingPost(options: {
  url: string;
  headers: Record<string, string>;
  body: AsyncIterable<Uint8Array>;
  signal: AbortSignal;
  tls: Record<string, unknown> | undefined;
  maxBodyBytes: number;
}): Promise<UploadAnswer> {
  const url = new URL(options.url);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    let settled = false;
    let head: Omit<UploadAnswer, 'text'> | undefined;
    const chunks: Buffer[] = [];
    const finish = (err: unknown) => {
      if (settled) return;
      settled = true;
      // Cut off: an error answer is still worth its status; a success without all of its body is not.
      if (head && (err === undefined || (head.status >= 300 && !options.signal.aborted))) {
        resolve({ ...head, text: Buffer.concat(chunks).toString('utf8') });
      } else reject(err);
    };
    const req = send(
      url,
      {
        method: 'POST',
        headers: { ...options.headers, 'transfer-encoding': 'chunked' },
        signal: options.signal,
        ...(url.protocol === 'https:' ? (options.tls ?? {}) : {}),
      },
      (res: IncomingMessage) => {
        const location = res.headers.location;
        head = { status: res.statusCode ?? 0, ...(location ? { location } : {}) };
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxBodyBytes) res.destroy(new Error('answer too large'));
          else chunks.push(chunk);
        });
        res.on('end', () => finish(undefined));
        res.on('error', finish);
      },
    );
    req.on('error', finish);
    // Byte mode with a small buffer: Readable.from's default (object mode, 16 chunks) would hold up to
    // 16 file chunks ahead of the socket.
    pipeline(Readable.from(options.body, { objectMode: false, highWaterMark: 1 << 16 }), req).catch(finish);
  });
}
