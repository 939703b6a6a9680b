/** The version of the `bosun` command; releases bump it with the manager's and the agent's. */
export const CLI_VERSION = '0.1.0';
