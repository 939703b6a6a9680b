import { z } from 'zod';
import { agentNameSchema } from '../fields.ts';
import { recordIdSchema } from './request-fields.ts';
import { grantRoleSchema } from './roles.ts';

/**
 * One host granted to a user: the agent's id (what the grant is keyed by) and its name for
 * display, with the role the grant gives there.
 */
export const grantViewSchema = z.object({
  agentId: recordIdSchema,
  agentName: agentNameSchema,
  role: grantRoleSchema,
});
/** A grant as the API shows it. */
export type GrantView = z.infer<typeof grantViewSchema>;
