/** The version of the `bosun` command; releases bump it with the manager's and the agent's. */
import { BOSUN_VERSION } from '@bosun/protocol/version';

export const CLI_VERSION = BOSUN_VERSION;
