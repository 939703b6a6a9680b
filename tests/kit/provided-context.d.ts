// What the integration project's global setup hands to test files via `inject`.
declare module 'vitest' {
  export interface ProvidedContext {
    /** `unix://` address of the primary engine, which already has the fixture image. */
    dockerHost: string;
  }
}

export {};
