// The SQL Gateway's generated types (src/generated/sql-gateway-*, from Flink's specs +
// openapi/sql-gateway-corrections.yaml) say what the server really sends; checked at the type level
// (tsc compiles this file) and against the runtime schemas the client reads with.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { SqlGateway1_20_V3, SqlGateway2_2_V1, sqlGatewayLatest } from '../../src/generated/index.js';
import type { fetchPage, gatewayInfo, openedSession, operationStatus, sessionConfig } from '../../src/sql/schemas.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
type Schemas = sqlGatewayLatest.components['schemas'];
type Fetch = sqlGatewayLatest.operations['fetchResults'];

describe('generated SQL Gateway types', () => {
  it('the fetch answer as the serializer writes it, not as Jackson reflection would', () => {
    expectTypeOf<Schemas['FetchResultsResponseBody']>().toHaveProperty('isQueryResult');
    expectTypeOf<Schemas['FetchResultsResponseBody']['resultType']>().toEqualTypeOf<'NOT_READY' | 'PAYLOAD' | 'EOS'>();
    expectTypeOf<keyof Schemas['ResultInfo']>().toEqualTypeOf<'columns' | 'rowFormat' | 'data'>();
    expectTypeOf<Schemas['RowData']['kind']>().toEqualTypeOf<'INSERT' | 'UPDATE_BEFORE' | 'UPDATE_AFTER' | 'DELETE'>();
    expectTypeOf<Schemas['LogicalType']['type']>().toEqualTypeOf<Schemas['LogicalTypeRoot']>();
    expectTypeOf<Schemas['LogicalType']['elementType']>().toEqualTypeOf<Schemas['LogicalType'] | undefined>();
    // @ts-expect-error — no such field on the wire
    expectTypeOf<Schemas['FetchResultsResponseBody']>().toHaveProperty('queryResult');
  });

  it('handles are plain strings in paths; rowFormat is optional (V2+) and absent in V1', () => {
    expectTypeOf<Fetch['parameters']['path']['session_handle']>().toEqualTypeOf<string>();
    expectTypeOf<Fetch['parameters']['query']>().toEqualTypeOf<{ rowFormat?: Schemas['RowFormat'] } | undefined>();
    expectTypeOf<SqlGateway2_2_V1.operations['fetchResults']['parameters']['query']>().toEqualTypeOf<undefined>();
    expectTypeOf<SqlGateway1_20_V3.components['schemas']['RefreshMaterializedTableRequestBody']>().toHaveProperty('isPeriodic');
  });

  it('the runtime schemas read what the generated types describe', () => {
    expectTypeOf<z.infer<typeof openedSession>['sessionHandle']>().toEqualTypeOf<Schemas['OpenSessionResponseBody']['sessionHandle']>();
    expectTypeOf<z.infer<typeof gatewayInfo>['version']>().toEqualTypeOf<Schemas['GetInfoResponseBody']['version']>();
    expectTypeOf<z.infer<typeof sessionConfig>['properties']>().toEqualTypeOf<Record<string, string>>();
    expectTypeOf<Schemas['OperationStatusResponseBody']['status']>().toExtend<z.infer<typeof operationStatus>['status']>();
    expectTypeOf<Schemas['FetchResultsResponseBody']['resultType']>().toExtend<z.infer<typeof fetchPage>['resultType']>();
  });

  it('every gateway module names its spec, its sha256 and the corrections applied', () => {
    for (const [line, api] of [
      ['1.20', 'v3'],
      ['2.3', 'v4'],
    ]) {
      const banner = readFileSync(join(root, `src/generated/sql-gateway-${line}-${api}.ts`), 'utf8').split('\n', 3);
      expect(banner[1]).toMatch(new RegExp(`^// Source: Apache Flink ${line} rest_${api}_sql_gateway.yml \\(sha256 [0-9a-f]{64}\\)`));
      expect(banner[2]).toContain('fetch-results-shape');
      expect(banner[2]).toContain('logical-type-json');
    }
  });
});

describe('corrections with API versions', () => {
  it('a correction names the gateway API versions it covers, and only gateway specs match it', async () => {
    // A plain .mjs without declarations: imported by a computed specifier and typed here.
    const { loadCorrections, applyCorrections } = (await import(new URL('../../scripts/lib/corrections.mjs', import.meta.url).href)) as {
      loadCorrections(path: string): unknown[];
      applyCorrections(spec: unknown, line: string, corrections: unknown[], apiVersion?: string): string[];
    };
    const dir = mkdtempSync(join(tmpdir(), 'corrections-'));
    const file = join(dir, 'c.yaml');
    writeFileSync(
      file,
      '- id: v2-only\n  reason: for the test, a reason long enough\n  versions: all\n  apiVersions: v2 v3\n  patch:\n    - { op: add, path: /x, value: 1 }\n',
    );
    const [correction] = loadCorrections(file);
    const spec = () => ({ paths: {} }) as Record<string, unknown>;
    expect(applyCorrections(spec(), '2.3', [correction], 'v1')).toEqual([]);
    expect(applyCorrections(spec(), '2.3', [correction])).toEqual([]); // a dispatcher spec
    const patched = spec();
    expect(applyCorrections(patched, '2.3', [correction], 'v3')).toEqual(['v2-only']);
    expect(patched.x).toBe(1);
    writeFileSync(file, '- id: bad\n  reason: for the test, a reason long enough\n  versions: all\n  apiVersions: V2\n  patch: []\n');
    expect(() => loadCorrections(file)).toThrow(/"apiVersions" must be "all" or a list such as "v2 v3"/);
  });
});
