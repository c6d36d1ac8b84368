import { z } from 'zod';

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
export type JarList = z.infer<typeof jarList>;
export type JarFile = JarList['files'][number];

export const jarUpload = z.looseObject({ filename: z.string(), status: z.string() });

export const jarRun = z.looseObject({ jobid: z.string() });

export const applicationRun = z.looseObject({ applicationid: z.string() });
