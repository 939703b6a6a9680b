/** Sent in the hello; bumped with releases of the agent. */
import { BOSUN_VERSION } from '@bosun/protocol';

export const AGENT_VERSION = BOSUN_VERSION;
