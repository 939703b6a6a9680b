/** The Worker's entry: see worker.ts. */
export {};
