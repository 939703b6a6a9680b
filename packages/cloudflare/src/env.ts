import type { D1Database, DurableObjectNamespace, Fetcher } from './workers-types.ts';

/** The bindings wrangler.jsonc (or the local runner) gives the Worker and its Durable Object. */
export type Env = {
  /** The one object that runs the manager (see ARCHITECTURE.md, "Cloudflare"). */
  MANAGER: DurableObjectNamespace;
  /** Users, sessions, tokens, agents, grants, audit, cursors: the hub's Store. */
  DB: D1Database;
  /** The built web UI (Workers static assets); absent when the UI was not built. */
  ASSETS?: Fetcher;
  /** The first admin's password, used on the very first start only (a secret). */
  BOSUN_ADMIN_PASSWORD?: string;
  /** The manager's URL as agents and browsers reach it (join lines, Origin checks). */
  BOSUN_PUBLIC_URL?: string;
  /** Host names answered besides the public URL's, comma-separated. */
  BOSUN_ALLOWED_HOSTS?: string;
  /** A bearer token that may read /metrics (a secret). */
  BOSUN_METRICS_TOKEN?: string;
  /** The agent image hosts' join lines run, from a registry they can pull from (default: `bosun-agent:<version>`). */
  BOSUN_AGENT_IMAGE?: string;
  /** Which containers' logs are kept: `labelled` (default: those labelled bosun.retain=true), `all`, `none`. */
  BOSUN_RETAIN?: string;
  /** The log store's bound in the object's storage, e.g. `1GiB` (the default). */
  BOSUN_LOG_RETENTION_BYTES?: string;
  /** Hub options as JSON (tests and benches shorten heartbeats and lingers). */
  BOSUN_HUB_OPTIONS?: string;
  /** `debug` logs what `info` does not. */
  BOSUN_LOG_LEVEL?: string;
};
