// The one class of the runtime's `cloudflare:workers` module this package uses (the test worker's
// RPC object), declared from the Workers types by name: their global form would contradict the
// Web platform's lib the shared packages are checked against.
declare module 'cloudflare:workers' {
  import type { DurableObjectState } from '@cloudflare/workers-types/index.ts';

  export abstract class DurableObject<Env = unknown> {
    protected ctx: DurableObjectState;
    protected env: Env;
    constructor(ctx: DurableObjectState, env: Env);
  }
}
