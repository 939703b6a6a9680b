import { type ApiDeps, type AppContext, requestFacts } from './app-env.ts';
import { requestOrigin } from './origin.ts';

/**
 * The manager's address as a new host should dial it: the configured public URL, else this
 * request's origin (its Host passed the allowed-hosts check before any route ran).
 */
export function publicBase(c: AppContext, deps: Pick<ApiDeps, 'publicUrl'>): string {
  return deps.publicUrl ?? requestOrigin(requestFacts(c)) ?? new URL(c.req.url).origin;
}
