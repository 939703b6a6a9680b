/** The manager's version, as `/api/status` and `/metrics` report it; bumped with releases. */
export const MANAGER_VERSION = '0.1.0';
