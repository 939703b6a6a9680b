import { z } from 'zod';
import { MAX_IDENTITY_KEY_LENGTH } from '../container-identity.ts';
import { containerIdSchema, containerRefSchema, nonNegativeInt, text } from '../fields.ts';
import { recordIdSchema } from './request-fields.ts';

/**
 * One container that held an identity: its `generation` (1 for the first the manager saw, then
 * counting up), its name then, when Docker created it and when the manager learned it was
 * removed (null while it exists). Times are milliseconds since the epoch.
 */
export const containerGenerationViewSchema = z.object({
  generation: z.int().min(1),
  containerId: containerIdSchema,
  name: text(256),
  createdAt: nonNegativeInt,
  removedAt: nonNegativeInt.nullable(),
});
/** One generation of a container identity. */
export type ContainerGenerationView = z.infer<typeof containerGenerationViewSchema>;

/**
 * The query of `GET /api/agents/:agent/generations`: the identity by its key (`shop/web#1`, or a
 * name), or by a container that held it (full id, unique id prefix, or the name of a container
 * the manager has now). Exactly one of the two.
 */
export const generationsQuerySchema = z
  .object({
    identity: text(MAX_IDENTITY_KEY_LENGTH).min(1).optional(),
    container: containerRefSchema.optional(),
  })
  .refine((query) => (query.identity === undefined) !== (query.container === undefined), {
    message: 'expected exactly one of identity and container',
  });
/** The query of `GET /api/agents/:agent/generations`. */
export type GenerationsQuery = z.input<typeof generationsQuerySchema>;

/** `GET /api/agents/:agent/generations`: an identity's generations, oldest first. */
export const containerGenerationsResponseSchema = z.object({
  agentId: recordIdSchema,
  identity: text(MAX_IDENTITY_KEY_LENGTH),
  generations: z.array(containerGenerationViewSchema),
});
/** The answer of `GET /api/agents/:agent/generations`. */
export type ContainerGenerationsResponse = z.infer<typeof containerGenerationsResponseSchema>;

/**
 * The marker a timeline shows where a new generation begins, the same in the viewer and the CLI:
 * `new container 3f2c1a9b7d4e (generation 2) created at 2025-11-25T03:06:40.000Z`.
 */
export function generationMarkerText(generation: ContainerGenerationView): string {
  const created = new Date(generation.createdAt).toISOString();
  return `new container ${generation.containerId.slice(0, 12)} (generation ${generation.generation}) created at ${created}`;
}
