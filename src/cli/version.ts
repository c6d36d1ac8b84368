import { createRequire } from 'node:module';

declare const __FLINK_REST_VERSION__: string | undefined;

/** The package's version: put in by the build (tsup `define`), read from package.json when run from the sources. */
export const VERSION: string =
  typeof __FLINK_REST_VERSION__ === 'string'
    ? __FLINK_REST_VERSION__
    : (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
