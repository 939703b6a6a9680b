import { stat } from 'node:fs/promises';
import type { AgentImageSource } from '@bosun/api';

/** The agent image join lines run, handed out when its `docker save` output is at `file`. */
export function agentImageSource(name: string, file: string): AgentImageSource {
  return {
    name,
    served: async () => (await stat(file).catch(() => undefined))?.isFile() ?? false,
  };
}
