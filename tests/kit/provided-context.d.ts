// What the integration projects' global setup hands to test files via `inject`.
declare module 'vitest' {
  export interface ProvidedContext {
    /**
     * `unix://` addresses of the engines, one per lane (lane 1, the primary engine, first), each
     * with the fixture image.
     */
    dockerHosts: string[];
  }
}

export {};
