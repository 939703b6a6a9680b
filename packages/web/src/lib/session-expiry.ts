// Any request answered 401 means the session cookie is gone (expired, logged out elsewhere, user
// deleted). One listener (the app) reacts by clearing cached data and showing the login page
// with a message, so individual screens need no handling of their own.

type Listener = () => void;
const listeners = new Set<Listener>();

/** Calls `listener` on every report; the function returned stops that. */
export function onSessionExpired(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Says a request was answered 401: the session is gone. */
export function reportSessionExpired(): void {
  for (const listener of listeners) listener();
}
