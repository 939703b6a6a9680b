import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/app-env.ts';

/**
 * The web UI's files, asked for every GET no API route answered: a folder of the built app on
 * Node, an assets binding elsewhere. It answers, or calls `next()` for what it does not have,
 * which becomes the API's JSON 404. It runs inside the API's middleware, so its answers carry
 * the same security headers and request log.
 */
export type StaticAssets = MiddlewareHandler<AppEnv>;
