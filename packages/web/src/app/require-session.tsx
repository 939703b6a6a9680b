import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { useMe } from '../features/auth/index.ts';
import { queryKeys } from '../lib/query-keys.ts';
import { onSessionExpired } from '../lib/session-expiry.ts';

/** Pages behind the login; an expired session anywhere sends the user to log in again. */
export function RequireSession({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const client = useQueryClient();

  useEffect(
    () =>
      onSessionExpired(() => {
        client.clear();
        client.setQueryData(queryKeys.me, null);
        const next = encodeURIComponent(`${window.location.pathname}${window.location.search}`);
        navigate(`/login?expired=1&next=${next}`, { replace: true });
      }),
    [client, navigate],
  );

  if (me.isPending) return <p className="page-loading">Loading…</p>;
  // A failed refetch (the manager restarting) keeps the user it already knew: the page stays.
  if (me.isError && !me.data) {
    return (
      <p role="alert" className="notice notice-error page-loading">
        {me.error.message}
      </p>
    );
  }
  if (!me.data) {
    const next = encodeURIComponent(`${location.pathname}${location.search}`);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  return children;
}
