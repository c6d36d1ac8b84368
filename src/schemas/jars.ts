import { z } from 'zod';

/**
 * `GET /jars`.
 *
 * @example
 * ```ts
 * const res = await fetch('http://127.0.0.1:8081/jars');
 * const { files } = schemas.jarList.parse(await res.json());
 * console.log(files.map((jar) => `${jar.id} ${jar.entry[0]?.name ?? ''}`));
 * ```
 */
export const jarList = z.looseObject({
  address: z.string(),
  files: z.array(
    z.looseObject({
      id: z.string(),
      name: z.string(),
      uploaded: z.number(),
      entry: z.array(z.looseObject({ name: z.string(), description: z.string().nullish() })),
    }),
  ),
});
/**
 * The jars uploaded to this JobManager.
 *
 * @example
 * ```ts
 * const res = await fetch('http://127.0.0.1:8081/jars');
 * const { address, files }: JarList = schemas.jarList.parse(await res.json());
 * ```
 */
export type JarList = z.infer<typeof jarList>;
/**
 * One uploaded jar with its entry classes.
 *
 * @example
 * ```ts
 * const jars: JarFile[] = await flink.jars.list();
 * const latest = jars.find((jar) => jar.name === 'orders-pipeline.jar'); // newest first
 * ```
 */
export type JarFile = JarList['files'][number];

/**
 * `POST /jars/upload`: `{filename, status}`; the file name's base name is the jar id.
 *
 * @example
 * ```ts
 * import { openAsBlob } from 'node:fs';
 * const form = new FormData();
 * form.append('jarfile', await openAsBlob('orders-pipeline.jar'), 'orders-pipeline.jar');
 * const res = await fetch('http://127.0.0.1:8081/jars/upload', { method: 'POST', body: form });
 * const uploadedId = schemas.jarUpload.parse(await res.json()).filename.split('/').pop();
 * ```
 */
export const jarUpload = z.looseObject({ filename: z.string(), status: z.string() });

/**
 * `POST /jars/{jarid}/run`: `{jobid}`.
 *
 * @example
 * ```ts
 * const body = JSON.stringify({ parallelism: 2 });
 * const res = await fetch(`http://127.0.0.1:8081/jars/${jarId}/run`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
 * const { jobid } = schemas.jarRun.parse(await res.json());
 * ```
 */
export const jarRun = z.looseObject({ jobid: z.string() });

/**
 * `POST /jars/{jarid}/run-application` (Flink 2.3+): `{applicationid}`.
 *
 * @example
 * ```ts
 * const body = JSON.stringify({ parallelism: 2 });
 * const res = await fetch(`http://127.0.0.1:8081/jars/${jarId}/run-application`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
 * const { applicationid } = schemas.applicationRun.parse(await res.json());
 * ```
 */
export const applicationRun = z.looseObject({ applicationid: z.string() });
