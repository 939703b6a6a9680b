/** The browser session cookie (httpOnly). Its value is a random token; the manager keeps only its hash. */
export const SESSION_COOKIE = 'bosun_session';
