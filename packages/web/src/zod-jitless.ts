import { config } from 'zod';

// zod compiles validators with `new Function` when it can, deciding as each schema is created;
// the manager's CSP forbids eval and the probe alone logs a violation. This module is imported
// first by main.tsx, before any schema exists, so the browser build uses zod's interpreter.
config({ jitless: true });
