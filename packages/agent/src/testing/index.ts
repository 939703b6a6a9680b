/** Test kit of the agent: recorded-style Docker log streams and the lines they must become. */
export * from './recorded-log-streams.ts';
export * from './stored-log-model.ts';
