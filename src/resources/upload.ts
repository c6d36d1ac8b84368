import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { InvalidInputError } from '../errors.js';
import { describe } from '../validate.js';

/**
 * What `jars.upload` accepts: a path, a Blob or File, or a stream of the jar's bytes.
 *
 * @example
 * ```ts
 * async function deploy(jar: JarSource, filename?: string) {
 *   const { id } = await flink.jars.upload(jar, filename ? { filename } : undefined);
 *   return flink.jars.run(id);
 * }
 * await deploy('./target/app.jar');
 * ```
 */
export type JarSource = string | Blob | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/** A multipart body ready for `POST /jars/upload`, produced as it is sent. */
export interface JarBody {
  name: string;
  body: AsyncIterable<Uint8Array>;
  contentType: string;
  /** The body's length in bytes when the jar's size is known (a file, a Blob). */
  length: number | undefined;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const JAR_TYPE = 'application/x-java-archive';

/**
 * Turns any jar source into a multipart body with a "jarfile" part, read piece by piece while it is
 * sent (never the whole jar in memory), after checking that it starts like a zip file.
 */
export async function jarBody(jar: JarSource, filename: string | undefined): Promise<JarBody> {
  if (typeof jar === 'string') return fileBody(jar, filename);
  if (jar instanceof Blob) {
    const name = checkJarName(filename ?? (jar as Partial<File>).name ?? '');
    return streamBody(jar.stream(), name, jar.size);
  }
  if (jar instanceof ReadableStream || isAsyncIterable(jar)) {
    if (filename === undefined) throw new InvalidInputError('jars.upload: a stream needs { filename } ending in .jar');
    return streamBody(jar, checkJarName(filename));
  }
  throw new InvalidInputError(`jars.upload: expected a file path, a Blob/File or a stream; got ${describe(jar)}`);
}

async function fileBody(path: string, filename: string | undefined): Promise<JarBody> {
  const info = await stat(path).catch((err: NodeJS.ErrnoException) => {
    throw new InvalidInputError(`jars.upload: cannot read ${path}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  });
  if (!info.isFile()) throw new InvalidInputError(`jars.upload: ${path} is not a file`);
  const handle = await open(path, 'r').catch((err: NodeJS.ErrnoException) => {
    throw new InvalidInputError(`jars.upload: cannot read ${path}: ${err.message}`);
  });
  const head = Buffer.alloc(4);
  try {
    await handle.read(head, 0, 4, 0);
  } finally {
    await handle.close();
  }
  checkMagic(head, path);
  const name = checkJarName(filename ?? basename(path));
  return streamBody(createReadStream(path, { highWaterMark: 1 << 20 }), name, info.size);
}

async function streamBody(source: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>, name: string, size?: number): Promise<JarBody> {
  // Node's ReadableStream is async-iterable too.
  const chunks = (source as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
  // Read just enough to see the zip header before anything is sent; a refused stream is closed.
  const first: Uint8Array[] = [];
  try {
    let seen = 0;
    while (seen < 4) {
      const { value, done } = await chunks.next();
      if (done) break;
      const bytes = toBytes(value);
      first.push(bytes);
      seen += bytes.length;
    }
    const head = new Uint8Array(Math.min(seen, 4));
    let at = 0;
    for (const c of first) {
      const take = c.subarray(0, head.length - at); // the header's bytes only, not the whole (1 MiB) chunk
      head.set(take, at);
      at += take.length;
    }
    checkMagic(head, name);
  } catch (err) {
    await chunks.return?.();
    throw err;
  }

  const boundary = `flink-rest-${crypto.randomUUID()}`;
  const encoder = new TextEncoder();
  const opening = encoder.encode(
    `--${boundary}\r\nContent-Disposition: form-data; name="jarfile"; filename="${name}"\r\nContent-Type: ${JAR_TYPE}\r\n\r\n`,
  );
  const closing = encoder.encode(`\r\n--${boundary}--\r\n`);
  async function* body(): AsyncGenerator<Uint8Array> {
    try {
      yield opening;
      yield* first;
      for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield toBytes(next.value);
      yield closing;
    } finally {
      await chunks.return?.();
    }
  }
  return {
    name,
    body: body(),
    contentType: `multipart/form-data; boundary=${boundary}`,
    // Known lengths go as Content-Length: a file that changes size while sent fails the upload.
    length: size === undefined ? undefined : opening.length + size + closing.length,
  };
}

function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string') return new TextEncoder().encode(value);
  throw new InvalidInputError('jars.upload: the stream must yield bytes (Uint8Array or Buffer)');
}

function isAsyncIterable(value: unknown): value is AsyncIterable<Uint8Array> {
  return typeof (value as AsyncIterable<Uint8Array>)?.[Symbol.asyncIterator] === 'function';
}

function checkMagic(head: Uint8Array, what: string): void {
  if (!ZIP_MAGIC.every((byte, i) => head[i] === byte)) {
    throw new InvalidInputError(`jars.upload: ${what} is not a jar (no zip header)`);
  }
}

function checkJarName(name: string): string {
  if (!name.endsWith('.jar') || /[/\\"\r\n]/.test(name) || name === '.jar') {
    throw new InvalidInputError(
      `jars.upload: the file name must be a plain name ending in .jar (Flink rejects others); got ${describe(name)}`,
    );
  }
  return name;
}
