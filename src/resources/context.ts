import type { RequestOptions, Transport } from '../http/transport.js';
import type { FlinkVersion } from '../version.js';

/** What every resource gets from the client: the one transport and the server's version, learnt once. */
export interface ClientContext {
  readonly transport: Transport;
  serverVersion(options?: RequestOptions): Promise<FlinkVersion>;
}

/** Encodes one path segment; ids are validated before, this guards the rest. */
export const seg = (value: string) => encodeURIComponent(value);
