// The generated types (src/generated, from Flink's specs + openapi/corrections.yaml) checked at the
// type level — `npm run typecheck` compiles this file, so every expectTypeOf and @ts-expect-error
// below is enforced by tsc — plus the corrections engine (scripts/lib/corrections.mjs) at run time.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { parse } from 'yaml';
import type { z } from 'zod';
import type { Flink1_18, Flink1_19, Flink1_20, Flink2_0, Flink2_1, Flink2_2, Flink2_3, latest } from '../../src/generated/index.js';
import { FLINK_SPEC_LINES, LATEST_SPEC_LINE } from '../../src/generated/index.js';
import type * as s16 from '../../src/schemas/index.js';
import type {
  asyncStatus,
  CheckpointEntry,
  checkpointConfig,
  checkpointStats,
  clusterOverview,
  configEntries,
  dashboardConfig,
  JarFile,
  jarList,
  jarRun,
  jarUpload,
  jobConfig,
  jobDetails,
  jobExceptions,
  jobOverview,
  jobPlan,
  jobStatus,
  jobsOverview,
  metrics,
  serializedThrowable,
  taskManagers,
  triggerResponse,
} from '../../src/schemas/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

// ---------------------------------------------------------------------------------------------
// Type helpers
// ---------------------------------------------------------------------------------------------

type Latest = latest.components['schemas'];

/** The declared property names of T, without index signatures (zod's looseObject adds one). */
type KnownKeys<T> = keyof { [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K] };
/** Whether T declares the property K (true/false, for absent keys where toHaveProperty cannot be negated). */
type HasKey<T, K extends string> = K extends keyof T ? true : false;
/** The declared properties a value of T must have. */
type RequiredKeys<T> = { [K in KnownKeys<T>]-?: {} extends Pick<T, K> ? never : K }[KnownKeys<T>];

type Scalar = string | number | boolean;
type IsEnum<T> = [T] extends [string] ? (string extends T ? false : true) : false;
/**
 * Why one field of a zod output type disagrees with the generated type, or never. Enums: every
 * value the spec names must be accepted (our enums are open). Scalars: the same type both ways.
 * Objects and arrays are compared as pairs of their own, below.
 */
type FieldProblem<Z, G> =
  IsEnum<G> extends true
    ? [G] extends [Z]
      ? never
      : 'the spec has enum values the zod type refuses'
    : [G] extends [Scalar]
      ? [Z] extends [G]
        ? [G] extends [Z]
          ? never
          : 'the spec type is wider'
        : 'the zod type is wider'
      : never;
type Disagreements<Z, G> = {
  [K in KnownKeys<Z>]-?: K extends keyof G ? FieldProblem<NonNullable<Z[K]>, NonNullable<G[K]>> : 'not in the generated type';
};
/** Every field of the zod type Z that is missing from, or of another type than, the generated type G. */
type Problems<Z, G> = {
  [K in keyof Disagreements<Z, G> as [Disagreements<Z, G>[K]] extends [never] ? never : K]: Disagreements<Z, G>[K];
};

// Sanity of the helpers themselves.
expectTypeOf<KnownKeys<{ a: 1; b?: 2 } & { [k: string]: unknown }>>().toEqualTypeOf<'a' | 'b'>();
expectTypeOf<RequiredKeys<{ a: 1; b?: 2; c: 3 | undefined } & { [k: string]: unknown }>>().toEqualTypeOf<'a' | 'c'>();
expectTypeOf<Problems<{ a: string; b: number; c: 'X' | (string & {}) }, { a: string; b?: number; c: 'X' | 'Y' }>>().toEqualTypeOf<{}>();
expectTypeOf<Problems<{ a: string; b: number }, { a: number }>>().toEqualTypeOf<{
  a: 'the zod type is wider';
  b: 'not in the generated type';
}>();
expectTypeOf<Problems<{ s: 'X' }, { s: 'X' | 'Y' }>>().toEqualTypeOf<{ s: 'the spec has enum values the zod type refuses' }>();

// ---------------------------------------------------------------------------------------------
// Version differences the SDK relies on
// ---------------------------------------------------------------------------------------------

type Run1_18 = Flink1_18.components['schemas']['JarRunRequestBody'];
type Run1_19 = Flink1_19.components['schemas']['JarRunRequestBody'];
type Run1_20 = Flink1_20.components['schemas']['JarRunRequestBody'];
type Run2_0 = Flink2_0.components['schemas']['JarRunRequestBody'];
type Run2_2 = Flink2_2.components['schemas']['JarRunRequestBody'];
type Run2_3 = Flink2_3.components['schemas']['JarRunRequestBody'];

describe('generated types: differences between Flink lines', () => {
  it('has the programArgs string up to 1.20 and not from 2.0', () => {
    expectTypeOf<Run1_18>().toHaveProperty('programArgs');
    expectTypeOf<Run1_20>().toHaveProperty('programArgs');
    expectTypeOf<Run1_20['programArgs']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<HasKey<Run2_0, 'programArgs'>>().toEqualTypeOf<false>();
    expectTypeOf<HasKey<Run2_2, 'programArgs'>>().toEqualTypeOf<false>();
    const old: Run1_20 = { programArgs: '--input a.txt' };
    // @ts-expect-error Flink 2.0 removed programArgs; 2.2 only knows programArgsList
    const removed: Run2_2 = { programArgs: '--input a.txt' };
    const current: Run2_2 = { programArgsList: ['--input', 'a.txt'] };
    expect([old, removed, current]).toHaveLength(3);
  });

  it('has claimMode from 1.20, restoreMode only before', () => {
    expectTypeOf<HasKey<Run1_18, 'claimMode'>>().toEqualTypeOf<false>();
    expectTypeOf<Run1_18>().toHaveProperty('restoreMode');
    // Flink's own 1.19 spec (release-1.19 at its newest commit) has no claimMode either: it came
    // with 1.20. The SDK nevertheless sends claimMode to 1.19 servers (see jars.test.ts).
    expectTypeOf<HasKey<Run1_19, 'claimMode'>>().toEqualTypeOf<false>();
    expectTypeOf<Run1_19>().toHaveProperty('restoreMode');
    expectTypeOf<Run1_20>().toHaveProperty('claimMode');
    expectTypeOf<NonNullable<Run1_20['claimMode']>>().toEqualTypeOf<'CLAIM' | 'NO_CLAIM' | 'LEGACY'>();
    expectTypeOf<NonNullable<Run2_3['claimMode']>>().toEqualTypeOf<'CLAIM' | 'NO_CLAIM' | 'LEGACY'>();
    // @ts-expect-error Flink 1.18 has no claimMode: the SDK sends restoreMode instead
    const tooNew: Run1_18 = { claimMode: 'NO_CLAIM' };
    const old: Run1_18 = { restoreMode: 'NO_CLAIM' };
    // @ts-expect-error not a claim mode
    const wrong: Run2_2 = { claimMode: 'KEEP' };
    expect([tooNew, old, wrong]).toHaveLength(3);
  });

  it('lists the release lines, the latest last', () => {
    expect(FLINK_SPEC_LINES).toEqual(expect.arrayContaining(['1.18', '1.19', '1.20', '2.0', '2.1', '2.2', '2.3']));
    const numeric = FLINK_SPEC_LINES.map((line) => line.split('.').map(Number) as [number, number]);
    expect(numeric).toEqual(numeric.toSorted((a, b) => a[0] - b[0] || a[1] - b[1]));
    expect(LATEST_SPEC_LINE).toBe(FLINK_SPEC_LINES.at(-1));
    expectTypeOf<latest.components>().toEqualTypeOf<Flink2_3.components>();
    expectTypeOf<latest.paths>().toEqualTypeOf<Flink2_3.paths>();
    for (const line of FLINK_SPEC_LINES) expect(existsSync(join(root, `src/generated/flink-${line}.ts`)), line).toBe(true);
  });

  it('knows /applications only from 2.3', () => {
    expectTypeOf<Flink2_3.paths>().toHaveProperty('/applications/overview');
    expectTypeOf<HasKey<Flink2_2.paths, '/applications/overview'>>().toEqualTypeOf<false>();
  });
});

// ---------------------------------------------------------------------------------------------
// Our corrections, as the generated types show them
// ---------------------------------------------------------------------------------------------

type JobDetailsRequired =
  | 'jid'
  | 'name'
  | 'isStoppable'
  | 'state'
  | 'start-time'
  | 'end-time'
  | 'duration'
  | 'now'
  | 'timestamps'
  | 'vertices'
  | 'status-counts';
type JobOverviewRequired = 'jid' | 'name' | 'state' | 'start-time' | 'end-time' | 'duration' | 'last-modification' | 'tasks';

describe('generated types: corrections applied', () => {
  it('makes the job details fields required on every line', () => {
    expectTypeOf<RequiredKeys<Flink1_18.components['schemas']['JobDetailsInfo']>>().toEqualTypeOf<JobDetailsRequired>();
    expectTypeOf<RequiredKeys<Flink1_20.components['schemas']['JobDetailsInfo']>>().toEqualTypeOf<JobDetailsRequired>();
    expectTypeOf<RequiredKeys<Flink2_1.components['schemas']['JobDetailsInfo']>>().toEqualTypeOf<JobDetailsRequired>();
    expectTypeOf<RequiredKeys<Latest['JobDetailsInfo']>>().toEqualTypeOf<JobDetailsRequired>();
    expectTypeOf<Latest['JobDetailsInfo']['jid']>().toEqualTypeOf<string>();
    expectTypeOf<Latest['JobDetailsInfo']['vertices']>().toEqualTypeOf<Latest['JobDetailsVertexInfo'][]>();
    expectTypeOf<RequiredKeys<Latest['JobDetailsVertexInfo']>>().toEqualTypeOf<
      'id' | 'name' | 'parallelism' | 'status' | 'start-time' | 'end-time' | 'duration' | 'tasks'
    >();
    // @ts-expect-error the corrections make name, state, times and vertices required
    const partial: Latest['JobDetailsInfo'] = { jid: 'a3f1c0de00000000000000000000beef' };
    expect(partial).toBeDefined();
  });

  it('makes the job overview, jar list, trigger and cluster answers required', () => {
    expectTypeOf<RequiredKeys<Latest['JobDetails']>>().toEqualTypeOf<JobOverviewRequired>();
    expectTypeOf<RequiredKeys<Flink1_18.components['schemas']['JobDetails']>>().toEqualTypeOf<JobOverviewRequired>();
    expectTypeOf<RequiredKeys<Latest['MultipleJobsDetails']>>().toEqualTypeOf<'jobs'>();
    expectTypeOf<RequiredKeys<Latest['JarListInfo']>>().toEqualTypeOf<'address' | 'files'>();
    expectTypeOf<RequiredKeys<Latest['JarFileInfo']>>().toEqualTypeOf<'id' | 'name' | 'uploaded' | 'entry'>();
    expectTypeOf<RequiredKeys<Latest['JarEntryInfo']>>().toEqualTypeOf<'name'>();
    expectTypeOf<RequiredKeys<Latest['JarRunResponseBody']>>().toEqualTypeOf<'jobid'>();
    expectTypeOf<RequiredKeys<Latest['TriggerResponse']>>().toEqualTypeOf<'request-id'>();
    expectTypeOf<RequiredKeys<Latest['AsynchronousOperationResult']>>().toEqualTypeOf<'status'>();
    expectTypeOf<RequiredKeys<Latest['ClusterOverviewWithVersion']>>().toEqualTypeOf<
      | 'taskmanagers'
      | 'slots-total'
      | 'slots-available'
      | 'jobs-running'
      | 'jobs-finished'
      | 'jobs-cancelled'
      | 'jobs-failed'
      | 'flink-version'
      | 'flink-commit'
    >();
  });

  it('types metric answers as bare arrays', () => {
    expectTypeOf<Latest['MetricCollectionResponseBody']>().toBeArray();
    expectTypeOf<Latest['MetricCollectionResponseBody']>().toEqualTypeOf<Latest['Metric'][]>();
    expectTypeOf<Flink1_18.components['schemas']['MetricCollectionResponseBody']>().toEqualTypeOf<
      Flink1_18.components['schemas']['Metric'][]
    >();
    expectTypeOf<Latest['AggregatedMetricsResponseBody']>().toEqualTypeOf<Latest['AggregatedMetric'][]>();
    expectTypeOf<RequiredKeys<Latest['AggregatedMetric']>>().toEqualTypeOf<'id'>();
    type JobManagerMetrics = latest.operations['getJobManagerMetrics']['responses'][200]['content']['application/json'];
    expectTypeOf<JobManagerMetrics>().toEqualTypeOf<{ id: string; value?: string }[]>();
    // @ts-expect-error not an object with a "metrics" field
    const wrapped: JobManagerMetrics = { metrics: [] };
    expect(wrapped).toBeDefined();
  });

  it('declares the {"errors": [...]} body on every operation', () => {
    type Ops = latest.operations;
    expectTypeOf<Latest['ErrorResponseBody']>().toEqualTypeOf<{ errors: string[] }>();
    expectTypeOf<Ops['getJobsOverview']['responses']['default']['content']['application/json']>().toEqualTypeOf<{ errors: string[] }>();
    expectTypeOf<Ops['uploadJar']['responses']['default']['content']['application/json']>().toEqualTypeOf<{ errors: string[] }>();
    type EveryOperationHasDefault = { [K in keyof Ops]: Ops[K] extends { responses: { default: unknown } } ? never : K }[keyof Ops];
    expectTypeOf<EveryOperationHasDefault>().toBeNever();
  });

  it('declares the jar upload as multipart with a "jarfile" part', () => {
    type Upload = latest.operations['uploadJar']['requestBody'];
    expectTypeOf<Upload['content']>().toEqualTypeOf<{ 'multipart/form-data': { jarfile: string } }>();
    expectTypeOf<RequiredKeys<Latest['JarUploadResponseBody']>>().toEqualTypeOf<'filename' | 'status'>();
  });

  it('gives SerializedThrowable the class and stack trace the server sends', () => {
    expectTypeOf<Latest['SerializedThrowable']>().toEqualTypeOf<{
      class?: string;
      'serialized-throwable'?: string;
      'stack-trace'?: string;
    }>();
    expectTypeOf<Latest['SavepointInfo']['failure-cause']>().toEqualTypeOf<Latest['SerializedThrowable'] | undefined>();
    expectTypeOf<Latest['CheckpointInfo']['failureCause']>().toEqualTypeOf<Latest['SerializedThrowable'] | undefined>();
  });
});

// ---------------------------------------------------------------------------------------------
// The SDK's zod schemas agree with the generated latest types, field by field
// ---------------------------------------------------------------------------------------------

type Out<T extends z.ZodType> = z.output<T>;
type JobDetailsOut = Out<typeof jobDetails>;
type AsyncOut = Out<typeof asyncStatus>;
type StatsOut = Out<typeof checkpointStats>;

describe('zod schemas agree with the generated latest types', () => {
  it('jobs', () => {
    expectTypeOf<Problems<Out<typeof jobOverview>, Latest['JobDetails']>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<Out<typeof jobsOverview>, Latest['MultipleJobsDetails']>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<JobDetailsOut, Latest['JobDetailsInfo']>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<JobDetailsOut['vertices'][number], Latest['JobDetailsVertexInfo']>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<Out<typeof jobStatus>, Latest['JobStatusInfo']>>().toEqualTypeOf<{}>();
    type Exceptions = Out<typeof jobExceptions>;
    expectTypeOf<Problems<Exceptions, Latest['JobExceptionsInfoWithHistory']>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<Exceptions['exceptionHistory'], Latest['JobExceptionHistory']>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<Exceptions['exceptionHistory']['entries'][number], Latest['RootExceptionInfo']>>().toEqualTypeOf<{}>();
    type Plan = Out<typeof jobPlan>;
    expectTypeOf<Problems<Plan, Latest['JobPlanInfo']>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<Plan['plan'], Latest['Plan']>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<Plan['plan']['nodes'][number], Latest['PlanNode']>>().toEqualTypeOf<{}>();
  });

  it('job config: the server’s field names, as corrected (job-config-field-names)', () => {
    // GET /jobs/{id}/config answers {"jid", "name", "execution-config"}; upstream lists the Java field
    // names jobId/jobName/executionConfigInfo, which openapi/corrections.yaml replaces.
    expectTypeOf<Problems<Out<typeof jobConfig>, Latest['JobConfigInfo']>>().toEqualTypeOf<{}>();
  });

  it('jars', () => {
    expectTypeOf<Problems<Out<typeof jarList>, Latest['JarListInfo']>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<JarFile, Latest['JarFileInfo']>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<JarFile['entry'][number], Latest['JarEntryInfo']>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<Out<typeof jarUpload>, Latest['JarUploadResponseBody']>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<Out<typeof jarRun>, Latest['JarRunResponseBody']>>().toEqualTypeOf<{}>();
  });

  it('asynchronous operations', () => {
    type Operation = NonNullable<AsyncOut['operation']>;
    type AnyOperationInfo = Latest['AsynchronousOperationInfo'] & Latest['CheckpointInfo'] & Latest['SavepointInfo'];
    expectTypeOf<Problems<Out<typeof triggerResponse>, Latest['TriggerResponse']>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<AsyncOut, Latest['AsynchronousOperationResult']>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<AsyncOut['status'], Latest['QueueStatus']>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<Operation, AnyOperationInfo>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<Out<typeof serializedThrowable>, Latest['SerializedThrowable']>>().toEqualTypeOf<{}>();
  });

  it('checkpoints', () => {
    type AnyCheckpoint = Latest['CompletedCheckpointStatistics'] & Latest['FailedCheckpointStatistics'];
    expectTypeOf<Problems<StatsOut, Latest['CheckpointingStatistics']>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<StatsOut['counts'], Latest['Counts']>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<StatsOut['latest'], Latest['LatestCheckpoints']>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<NonNullable<StatsOut['latest']['restored']>, Latest['RestoredCheckpointStatistics']>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<CheckpointEntry, AnyCheckpoint>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<Out<typeof checkpointConfig>, Latest['CheckpointConfigInfo']>>().toEqualTypeOf<{}>();
  });

  it('cluster', () => {
    type TaskManagers = Out<typeof taskManagers>;
    expectTypeOf<Problems<Out<typeof clusterOverview>, Latest['ClusterOverviewWithVersion']>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<Out<typeof dashboardConfig>, Latest['DashboardConfiguration']>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<TaskManagers, Latest['TaskManagersInfo']>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<TaskManagers['taskmanagers'][number], Latest['TaskManagerInfo']>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<Out<typeof metrics>[number], Latest['Metric']>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<Out<typeof configEntries>[number], Latest['ConfigurationInfoEntry']>>().toEqualTypeOf<{}>();
  });

  it('requires what the corrections make required, and no less', () => {
    expectTypeOf<RequiredKeys<Out<typeof jobOverview>>>().toEqualTypeOf<RequiredKeys<Latest['JobDetails']>>();
    expectTypeOf<RequiredKeys<JobDetailsOut>>().toEqualTypeOf<RequiredKeys<Latest['JobDetailsInfo']>>();
    expectTypeOf<RequiredKeys<Out<typeof jarList>>>().toEqualTypeOf<RequiredKeys<Latest['JarListInfo']>>();
    expectTypeOf<RequiredKeys<JarFile>>().toEqualTypeOf<RequiredKeys<Latest['JarFileInfo']>>();
    expectTypeOf<RequiredKeys<Out<typeof jarUpload>>>().toEqualTypeOf<RequiredKeys<Latest['JarUploadResponseBody']>>();
    expectTypeOf<RequiredKeys<Out<typeof clusterOverview>>>().toEqualTypeOf<RequiredKeys<Latest['ClusterOverviewWithVersion']>>();
    expectTypeOf<RequiredKeys<Out<typeof triggerResponse>>>().toEqualTypeOf<RequiredKeys<Latest['TriggerResponse']>>();
    expectTypeOf<RequiredKeys<AsyncOut>>().toEqualTypeOf<RequiredKeys<Latest['AsynchronousOperationResult']>>();
  });
});

// ---------------------------------------------------------------------------------------------
// The corrections engine
// ---------------------------------------------------------------------------------------------

interface Correction {
  id: string;
  reason: string;
  versions: string;
  patch?: unknown[];
  eachOperation?: unknown;
  matches(line: string): boolean;
  used: boolean;
}
interface CorrectionsModule {
  loadCorrections(path: string): Correction[];
  applyCorrections(spec: unknown, line: string, corrections: Correction[]): string[];
}
// A plain .mjs without declarations: imported by a computed specifier and typed here.
const correctionsUrl = new URL('../../scripts/lib/corrections.mjs', import.meta.url).href;
const { loadCorrections, applyCorrections } = (await import(correctionsUrl)) as CorrectionsModule;

// biome-ignore lint/suspicious/noExplicitAny: specs are arbitrary JSON in these tests
type Spec = any;

function miniSpec(): Spec {
  return {
    openapi: '3.0.1',
    paths: {
      '/jobs/overview': { get: { operationId: 'getJobsOverview', responses: { '200': { description: 'ok' } } } },
      '/jars/upload': {
        post: { operationId: 'uploadJar', responses: { '200': { description: 'ok' }, default: { description: 'ours already' } } },
      },
      '/jars/{jarid}': { parameters: [{ name: 'jarid', in: 'path' }], delete: { operationId: 'deleteJar' } },
    },
    components: {
      schemas: {
        JobDetails: { type: 'object', properties: { jid: { type: 'string' }, name: { type: 'string' } } },
        'a/b~c': { type: 'string' },
        Tags: { type: 'array', items: ['x', 'y', 'z'] },
      },
    },
  };
}

let dir: string;
let counter = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flink-rest-corrections-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
/** Writes a corrections YAML file and loads it. */
async function load(yaml: string): Promise<Correction[]> {
  const path = join(dir, `corrections-${++counter}.yaml`);
  await writeFile(path, yaml);
  return loadCorrections(path);
}
async function loadOne(versions: string, patch: string): Promise<Correction> {
  const [correction] = await load(`- id: c1\n  reason: test\n  versions: "${versions}"\n  patch:\n${patch}`);
  return correction!;
}

describe('corrections engine: version ranges', () => {
  const lines = ['1.9', '1.10', '1.18', '1.19', '1.20', '2.0', '2.1', '2.2', '2.3', '3.0'];
  const matching = async (versions: string) => {
    const correction = await loadOne(versions, '    - { op: test, path: /openapi, value: "3.0.1" }');
    return lines.filter((line) => correction.matches(line));
  };

  it.each([
    ['all', lines],
    ['>=1.19 <2.0', ['1.19', '1.20']],
    ['<2.0', ['1.9', '1.10', '1.18', '1.19', '1.20']],
    ['>=1.19', ['1.19', '1.20', '2.0', '2.1', '2.2', '2.3', '3.0']],
    ['>1.20 <=2.2', ['2.0', '2.1', '2.2']],
    ['=1.20', ['1.20']],
    ['1.20', ['1.20']],
    ['>=1.10', ['1.10', '1.18', '1.19', '1.20', '2.0', '2.1', '2.2', '2.3', '3.0']],
    ['  >=2.0   <2.3  ', ['2.0', '2.1', '2.2']],
    ['>=2.0 <2.0', []],
  ])('"%s" covers %j', async (versions, expected) => {
    expect(await matching(versions)).toEqual(expected);
  });

  it.each(['>= 1.19', '>=1.19.1', '~1.19', '1', 'latest', '>=1.19,<2.0', 'ALL'])('refuses the comparator in "%s"', async (versions) => {
    await expect(loadOne(versions, '    - { op: test, path: /openapi, value: "3.0.1" }')).rejects.toThrow(/bad version comparator/);
  });
});

describe('corrections engine: loading', () => {
  it.each([
    ['no list', 'id: x', /expected a list of corrections/],
    ['a missing id', '- { reason: r, versions: all, patch: [] }', /entry 1: "id" is required/],
    ['an empty reason', '- { id: a, reason: " ", versions: all, patch: [] }', /entry 1: "reason" is required/],
    ['missing versions', '- { id: a, reason: r, patch: [] }', /"versions" is required/],
    [
      'a duplicate id',
      '- { id: a, reason: r, versions: all, patch: [] }\n- { id: a, reason: r, versions: all, patch: [] }',
      /entry 2: duplicate id a/,
    ],
    ['neither patch nor eachOperation', '- { id: a, reason: r, versions: all }', /needs "patch" or "eachOperation"/],
  ])('refuses %s, naming the file and entry', async (_what, yaml, message) => {
    const err = await load(yaml).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).toContain('corrections-');
  });

  it('keeps the fields and starts unused', async () => {
    const [c] = await load('- { id: a, reason: because, versions: ">=2.0", patch: [{ op: remove, path: /openapi }] }');
    expect(c).toMatchObject({ id: 'a', reason: 'because', versions: '>=2.0', used: false, patch: [{ op: 'remove', path: '/openapi' }] });
  });
});

describe('corrections engine: patches', () => {
  it('adds, replaces, removes and tests, and reports what it applied', async () => {
    const corrections = await load(`
- id: required
  reason: r
  versions: all
  patch:
    - { op: test, path: /components/schemas/JobDetails/type, value: object }
    - { op: add, path: /components/schemas/JobDetails/required, value: [jid, name] }
    - { op: replace, path: /components/schemas/JobDetails/properties/name, value: { type: string, minLength: 1 } }
    - { op: remove, path: /components/schemas/JobDetails/properties/jid }
- id: arrays
  reason: r
  versions: all
  patch:
    - { op: add, path: /components/schemas/Tags/items/-, value: end }
    - { op: add, path: /components/schemas/Tags/items/0, value: start }
    - { op: remove, path: /components/schemas/Tags/items/2 }
    - { op: replace, path: /components/schemas/Tags/items/1, value: X }
- id: escapes
  reason: JSON pointer escapes ~1 for / and ~0 for ~
  versions: all
  patch:
    - { op: replace, path: /components/schemas/a~1b~0c, value: { type: integer } }
    - { op: add, path: /paths/~1jars~1upload/post/deprecated, value: true }
- id: not-this-line
  reason: r
  versions: "<1.0"
  patch:
    - { op: remove, path: /does/not/exist }
`);
    const spec = miniSpec();
    expect(applyCorrections(spec, '2.2', corrections)).toEqual(['required', 'arrays', 'escapes']);
    const schemas = spec.components.schemas;
    expect(schemas.JobDetails).toEqual({
      type: 'object',
      required: ['jid', 'name'],
      properties: { name: { type: 'string', minLength: 1 } },
    });
    expect(schemas.Tags.items).toEqual(['start', 'X', 'z', 'end']);
    expect(schemas['a/b~c']).toEqual({ type: 'integer' });
    expect(spec.paths['/jars/upload'].post.deprecated).toBe(true);
    expect(corrections.map((c) => c.used)).toEqual([true, true, true, false]);
  });

  it('copies patch values, so that specs never share objects', async () => {
    const corrections = await load(
      '- { id: a, reason: r, versions: all, patch: [{ op: add, path: /components/schemas/New, value: { type: object } }] }',
    );
    const one = miniSpec();
    const two = miniSpec();
    applyCorrections(one, '2.2', corrections);
    applyCorrections(two, '2.2', corrections);
    one.components.schemas.New.type = 'changed';
    expect(two.components.schemas.New).toEqual({ type: 'object' });
    expect(corrections[0]!.patch).toEqual([{ op: 'add', path: '/components/schemas/New', value: { type: 'object' } }]);
  });

  it('adds a response to every operation, keeping one that is already there', async () => {
    const corrections = await load(`
- id: error-body
  reason: r
  versions: all
  eachOperation:
    responses:
      default: { description: any error }
`);
    const spec = miniSpec();
    expect(applyCorrections(spec, '1.18', corrections)).toEqual(['error-body']);
    expect(spec.paths['/jobs/overview'].get.responses).toEqual({ '200': { description: 'ok' }, default: { description: 'any error' } });
    expect(spec.paths['/jars/upload'].post.responses.default).toEqual({ description: 'ours already' });
    expect(spec.paths['/jars/{jarid}'].delete.responses).toEqual({ default: { description: 'any error' } });
    // Path-level parameters are not operations.
    expect(spec.paths['/jars/{jarid}'].parameters).toEqual([{ name: 'jarid', in: 'path' }]);
    spec.paths['/jobs/overview'].get.responses.default.description = 'changed';
    expect(spec.paths['/jars/{jarid}'].delete.responses.default.description).toBe('any error');
  });

  it.each([
    [
      'a path whose parent does not exist',
      '{ op: add, path: /components/schemas/Missing/required, value: [a] }',
      /no \/components\/schemas\/Missing\/required/,
    ],
    [
      'replacing what is not there',
      '{ op: replace, path: /components/schemas/JobDetails/required, value: [a] }',
      /replace: no \/components\/schemas\/JobDetails\/required/,
    ],
    ['removing what is not there', '{ op: remove, path: /components/schemas/Gone }', /remove: no \/components\/schemas\/Gone/],
    ['a failed test', '{ op: test, path: /openapi, value: "3.1.0" }', /test failed at \/openapi: found "3.0.1"/],
    ['an unsupported op', '{ op: move, from: /a, path: /b }', /unsupported patch op "move"/],
    ['a pointer without a leading slash', '{ op: add, path: components/schemas/X, value: 1 }', /JSON pointer must start with "\/"/],
  ])('names the correction and the line for %s', async (_what, op, message) => {
    const correction = await loadOne('>=2.0', `    - ${op}`);
    const spec = miniSpec();
    const before = JSON.stringify(spec);
    let err: Error | undefined;
    try {
      applyCorrections(spec, '2.1', [correction]);
    } catch (e) {
      err = e as Error;
    }
    expect(err?.message).toMatch(/^correction c1 does not fit Flink 2\.1: /);
    expect(err?.message).toMatch(message);
    expect(correction.used).toBe(false);
    // Nothing was applied before the failing op in these one-op corrections.
    expect(JSON.stringify(spec)).toBe(before);
  });

  it('does not touch a spec of a line the correction does not cover', async () => {
    const correction = await loadOne('>=2.0', '    - { op: remove, path: /does/not/exist }');
    const spec = miniSpec();
    expect(applyCorrections(spec, '1.20', [correction])).toEqual([]);
    expect(spec).toEqual(miniSpec());
  });
});

describe('openapi/corrections.yaml against the upstream specs', () => {
  const upstream = process.env.FLINK_OPENAPI_UPSTREAM ?? join(root, '../shared/openapi/upstream');
  const files = existsSync(upstream)
    ? readdirSync(upstream)
        .map((name) => [name.match(/^flink-(\d+\.\d+)\.rest_v1_dispatcher\.yml$/)?.[1], name] as const)
        .filter((entry): entry is readonly [string, string] => entry[0] !== undefined)
    : [];

  it('loads, every entry with an id, a reason and a version range', () => {
    const corrections = loadCorrections(join(root, 'openapi/corrections.yaml'));
    expect(corrections.length).toBeGreaterThan(5);
    for (const c of corrections) {
      expect(c.id).toMatch(/^[a-z0-9-]+$/);
      expect(c.reason.length).toBeGreaterThan(10);
    }
  });

  it.skipIf(files.length === 0)('applies to every release line, each correction used, as the generated banners say', () => {
    const corrections = loadCorrections(join(root, 'openapi/corrections.yaml'));
    expect(files.map(([line]) => line).sort()).toEqual([...FLINK_SPEC_LINES].sort());
    for (const [line, name] of files) {
      const spec: Spec = parse(readFileSync(join(upstream, name), 'utf8'));
      const applied = applyCorrections(spec, line, corrections);
      const banner = readFileSync(join(root, `src/generated/flink-${line}.ts`), 'utf8').split('\n', 4)[2] ?? '';
      expect(banner, line).toBe(`// with the corrections in openapi/corrections.yaml: ${applied.join(', ')}.`);
      const schemas = spec.components.schemas;
      expect(schemas.MetricCollectionResponseBody.type, line).toBe('array');
      expect(schemas.JobDetailsInfo.required, line).toContain('vertices');
      const run = schemas.JarRunRequestBody.properties;
      if (line.startsWith('1.')) expect(run.programArgs.deprecated, line).toBe(true);
      else expect(run.programArgs, line).toBeUndefined();
      expect(run.restoreMode, line).toBeDefined();
    }
    expect(corrections.filter((c) => !c.used).map((c) => c.id)).toEqual([]);
  });

  // Flink 1.19's JarRunRequestBody has no claimMode (it came with 1.20): restoreMode is deprecated
  // only where its successor exists.
  (files.length === 0 ? it.skip : it)('marks restoreMode deprecated exactly where claimMode exists', () => {
    const corrections = loadCorrections(join(root, 'openapi/corrections.yaml'));
    for (const [line, name] of files) {
      const spec: Spec = parse(readFileSync(join(upstream, name), 'utf8'));
      applyCorrections(spec, line, corrections);
      const run = spec.components.schemas.JarRunRequestBody.properties;
      expect(run.restoreMode.deprecated === true, line).toBe(run.claimMode !== undefined);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// The schemas of issue 16's calls against the generated types (vertices, checkpoints in detail,
// results, diagnostics, profiler, data sets, 2.3 rescales and applications)
// ---------------------------------------------------------------------------------------------

describe('the zod schemas of the inspection calls agree with the generated types', () => {
  it('vertices and subtasks', () => {
    type Vertex = Out<typeof s16.vertexDetails>;
    type Attempt = Out<typeof s16.subtaskAttempt>;
    expectTypeOf<Problems<Vertex, Latest['JobVertexDetailsInfo']>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<Attempt, Latest['SubtaskExecutionAttemptDetailsInfo']>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<NonNullable<Attempt['metrics']>, Latest['IOMetricsInfo']>>().toEqualTypeOf<{}>();
    type Times = Out<typeof s16.subtaskTimes>;
    expectTypeOf<Problems<Times, Latest['SubtasksTimesInfo']>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<Times['subtasks'][number], Latest['SubtaskTimeInfo']>>().toEqualTypeOf<{}>();
    type Tms = Out<typeof s16.vertexTaskManagers>;
    expectTypeOf<Problems<Tms, Latest['JobVertexTaskManagersInfo']>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<Tms['taskmanagers'][number], Latest['JobVertexTaskManagerInfo']>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<Out<typeof s16.vertexAccumulators>, Latest['JobVertexAccumulatorsInfo']>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<Out<typeof s16.userAccumulator>, Latest['UserAccumulator']>>().toEqualTypeOf<{}>();
    type All = Out<typeof s16.subtasksAccumulators>;
    expectTypeOf<Problems<All, Latest['SubtasksAllAccumulatorsInfo']>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<All['subtasks'][number], Latest['SubtaskAccumulatorsInfo']>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<Out<typeof s16.attemptAccumulators>, Latest['SubtaskExecutionAttemptAccumulatorsInfo']>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<Out<typeof s16.flameGraphAnswer>, Latest['VertexFlameGraph']>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<Out<typeof s16.flameGraphNode>, Latest['Node']>>().toEqualTypeOf<{}>();
  });

  it('checkpoints in detail', () => {
    type AnyCheckpoint = Latest['CheckpointStatistics'] & Latest['CompletedCheckpointStatistics'] & Latest['FailedCheckpointStatistics'];
    type Details = Out<typeof s16.checkpointDetails>;
    expectTypeOf<Problems<Details, AnyCheckpoint>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<Details['tasks'][string], Latest['TaskCheckpointStatistics']>>().toEqualTypeOf<{}>();
    type Part = Out<typeof s16.checkpointSubtasks>;
    type AnySubtask = Latest['SubtaskCheckpointStatistics'] & Latest['CompletedSubtaskCheckpointStatistics'];
    expectTypeOf<Problems<Part, Latest['TaskCheckpointStatisticsWithSubtaskDetails']>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<Part['subtasks'][number], AnySubtask>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<NonNullable<Part['subtasks'][number]['checkpoint']>, Latest['CheckpointDuration']>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<NonNullable<Part['subtasks'][number]['alignment']>, Latest['CheckpointAlignment']>>().toEqualTypeOf<{}>();
  });

  it('results, diagnostics, profiler, data sets', () => {
    type Answer = Out<typeof s16.executionResultAnswer>;
    expectTypeOf<Problems<Answer, Latest['JobExecutionResultResponseBody']>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<NonNullable<Answer['job-execution-result']>, Latest['JobResult']>>().toEqualTypeOf<{}>();
    expectTypeOf<RequiredKeys<NonNullable<Answer['job-execution-result']>>>().toEqualTypeOf<RequiredKeys<Latest['JobResult']>>();
    expectTypeOf<Problems<Out<typeof s16.jobAccumulators>, Latest['JobAccumulatorsInfo']>>().toEqualTypeOf<{}>();
    type Ids = Out<typeof s16.jobIdsWithStatus>;
    expectTypeOf<Problems<Ids, Latest['JobIdsWithStatusOverview']>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<Ids['jobs'][number], Latest['JobIdWithStatus']>>().toEqualTypeOf<{}>();
    type Env = Out<typeof s16.environment>;
    expectTypeOf<Problems<Env, Latest['EnvironmentInfo']>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<Env['jvm'], Latest['JVMInfo']>>().toEqualTypeOf<{}>();
    type Dump = Out<typeof s16.threadDump>;
    expectTypeOf<Problems<Dump, Latest['ThreadDumpInfo']>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<Dump['threadInfos'][number], Latest['ThreadInfo']>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<Out<typeof s16.profilingRun>, Latest['ProfilingInfo']>>().toEqualTypeOf<{}>();
    expectTypeOf<RequiredKeys<Out<typeof s16.profilingRun>>>().toEqualTypeOf<RequiredKeys<Latest['ProfilingInfo']>>();
    expectTypeOf<Problems<Out<typeof s16.profilingList>, Latest['ProfilingInfoList']>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<Out<typeof s16.logUrl>, Latest['LogUrlResponse']>>().toEqualTypeOf<{}>();
    type Sets = Out<typeof s16.dataSets>;
    expectTypeOf<Problems<Sets, Latest['ClusterDataSetListResponseBody']>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<Sets['dataSets'][number], Latest['ClusterDataSetEntry']>>().toEqualTypeOf<{}>();
    // The profiler's paths come from our corrections, from 1.19 on.
    expectTypeOf<HasKey<Flink1_18.paths, '/jobmanager/profiler'>>().toEqualTypeOf<false>();
    expectTypeOf<HasKey<Flink1_19.paths, '/jobmanager/profiler'>>().toEqualTypeOf<true>();
    expectTypeOf<HasKey<Flink2_2.paths, '/taskmanagers/{taskmanagerid}/profiler/{filename}'>>().toEqualTypeOf<true>();
  });

  it('2.3: rescales and applications', () => {
    type Overview = Out<typeof s16.rescalesOverview>;
    expectTypeOf<Problems<Overview, Latest['JobRescalesOverview']>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<Overview['rescalesCounts'], Latest['RescalesCounts']>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<Overview['latest'], Latest['LatestRescales']>>().toEqualTypeOf<{}>();
    type Summary = Out<typeof s16.rescalesSummary>;
    expectTypeOf<Problems<Summary, Latest['JobRescalesSummary']>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<NonNullable<Summary['rescalesDurationStatsInMillis']>, Latest['StatsSummaryDto']>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<Out<typeof s16.rescaleConfig>, Latest['JobRescaleConfigInfo']>>().toEqualTypeOf<{}>();
    type Exceptions = Out<typeof s16.applicationExceptions>;
    expectTypeOf<Problems<Exceptions, Latest['ApplicationExceptionsInfoWithHistory']>>().toEqualTypeOf<{}>();
    expectTypeOf<Problems<Exceptions['exceptionHistory']['entries'][number], Latest['ApplicationExceptionInfo']>>().toEqualTypeOf<{}>();
  });
});
