import type { ConnectionOptions } from '../client/settings.ts';

/** The options of `bosun logs` as commander hands them over, unchecked. */
export type LogsOptions = ConnectionOptions & {
  follow?: boolean;
  tail: string;
  timestamps?: boolean;
  since?: string;
  until?: string;
  verbose?: boolean;
  grep?: string;
  ignoreCase?: boolean;
  stream?: string;
  level?: string;
  prefix?: boolean;
  format: 'text' | 'json' | 'ndjson';
};
