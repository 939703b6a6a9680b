import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useMe } from '../features/auth/index.ts';

/**
 * Admin pages. Others who follow a link here are told why there is nothing for them, rather
 * than shown a page whose every request the manager would refuse.
 */
export function RequireAdmin({ children }: { children: ReactNode }) {
  const me = useMe();
  if (me.data?.role === 'admin') return children;
  return (
    <main className="page">
      <h1>Admins only</h1>
      <p className="notice notice-warn">
        This page is for admins only, and your role is {me.data?.role ?? 'unknown'}. Ask an admin if you need
        a user added or a role changed.
      </p>
      <p>
        <Link to="/">Back to the hosts</Link>
      </p>
    </main>
  );
}
