/** The manager's version, as `/api/status` and `/metrics` report it; bumped with releases. */
import { BOSUN_VERSION } from '@bosun/protocol';

export const MANAGER_VERSION = BOSUN_VERSION;
