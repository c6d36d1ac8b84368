import { z } from 'zod';

/** `GET /jars`. */
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
/** The jars uploaded to this JobManager. */
export type JarList = z.infer<typeof jarList>;
/** One uploaded jar with its entry classes. */
export type JarFile = JarList['files'][number];

/** `POST /jars/upload`: `{filename, status}`; the file name's base name is the jar id. */
export const jarUpload = z.looseObject({ filename: z.string(), status: z.string() });

/** `POST /jars/{jarid}/run`: `{jobid}`. */
export const jarRun = z.looseObject({ jobid: z.string() });

/** `POST /jars/{jarid}/run-application` (Flink 2.3+): `{applicationid}`. */
export const applicationRun = z.looseObject({ applicationid: z.string() });
