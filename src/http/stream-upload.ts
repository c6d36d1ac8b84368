import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * POSTs a body as it is produced, over node:http(s) with real back pressure: the file is read only
 * as fast as the socket takes it. (fetch reads a streamed request body ahead of the socket, so a
 * 1 GiB upload would cost about 1 GiB of memory.)
 */
export function streamingPost(options: {
  url: string;
  headers: Record<string, string>;
  body: AsyncIterable<Uint8Array>;
  signal: AbortSignal;
  tls: Record<string, unknown> | undefined;
  maxBodyBytes: number;
}): Promise<{ status: number; text: string }> {
  const url = new URL(options.url);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'POST',
        headers: { ...options.headers, 'transfer-encoding': 'chunked' },
        signal: options.signal,
        ...(url.protocol === 'https:' ? (options.tls ?? {}) : {}),
      },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxBodyBytes) res.destroy(new Error('answer too large'));
          else chunks.push(chunk);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    // Byte mode with a small buffer: Readable.from's default (object mode, 16 chunks) would hold up to
    // 16 file chunks ahead of the socket.
    pipeline(Readable.from(options.body, { objectMode: false, highWaterMark: 1 << 16 }), req).catch(reject);
  });
}
