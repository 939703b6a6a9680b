import { NavLink, Outlet, useNavigate } from 'react-router';
import { useLogout, useMe } from '../features/auth/index.ts';
import { useTheme } from '../lib/theme.ts';
import { useFleetEvents } from '../lib/use-fleet-events.ts';

/** Header with navigation, the user and theme; the fleet event stream lives as long as this does. */
export function AppShell() {
  const me = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  const { theme, toggle } = useTheme();
  const link = useFleetEvents(Boolean(me.data));

  return (
    <div className="shell">
      <header className="topbar">
        <NavLink to="/" className="brand" aria-label="bosun home">
          <img src="/favicon.svg" alt="" width={24} height={24} />
          <span>bosun</span>
        </NavLink>
        <nav aria-label="Main" className="nav">
          <NavLink to="/" end>
            Hosts
          </NavLink>
          <NavLink to="/containers">Containers</NavLink>
          <NavLink to="/search">Search</NavLink>
          <NavLink to="/tokens">Tokens</NavLink>
          {me.data?.role === 'admin' && <NavLink to="/users">Users</NavLink>}
          {me.data?.role === 'admin' && <NavLink to="/audit">Audit</NavLink>}
        </nav>
        <div className="topbar-end">
          {link !== 'live' && (
            <span className="pill pill-warn" title="Live updates from the manager">
              {link === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
            </span>
          )}
          {me.data && (
            <NavLink
              to="/account"
              className="whoami"
              title={`Signed in as ${me.data.username}: your account and password`}
            >
              {me.data.username} <span className="muted">({me.data.role})</span>
            </NavLink>
          )}
          <button
            type="button"
            className="btn btn-ghost"
            onClick={toggle}
            aria-label="Switch theme"
            title={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}
          >
            {theme === 'dark' ? '☀' : '☾'}
          </button>
          <button
            type="button"
            className="btn btn-ghost"
            onClick={() =>
              logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) })
            }
          >
            Log out
          </button>
        </div>
      </header>
      <Outlet />
    </div>
  );
}
