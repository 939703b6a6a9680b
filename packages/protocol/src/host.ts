import { z } from 'zod';
import { nonNegativeInt, text } from './fields.ts';

export const hostFactsSchema = z.object({
  hostname: text(256),
  os: text(256),
  arch: text(256),
  cpus: nonNegativeInt,
  memoryBytes: nonNegativeInt,
  dockerVersion: text(256).optional(),
  dockerApiVersion: text(256).optional(),
});

export type HostFacts = z.infer<typeof hostFactsSchema>;
