import { createBrowserRouter } from 'react-router';
import { AccountPage } from '../features/account/index.ts';
import { AuditPage } from '../features/audit/index.ts';
import { LoginPage } from '../features/auth/index.ts';
import { ContainersPage } from '../features/containers/index.ts';
import { FleetPage } from '../features/fleet/index.ts';
import { LogsPage } from '../features/logs/index.ts';
import { SearchPage } from '../features/search/index.ts';
import { TokensPage } from '../features/tokens/index.ts';
import { UsersPage } from '../features/users/index.ts';
import { AppShell } from './app-shell.tsx';
import { NotFound } from './not-found.tsx';
import { RequireAdmin } from './require-admin.tsx';
import { RequireSession } from './require-session.tsx';

/**
 * Every page of the UI: /login alone, the rest inside the app shell behind a session, /users and
 * /audit for admins only.
 */
export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    element: (
      <RequireSession>
        <AppShell />
      </RequireSession>
    ),
    children: [
      { index: true, element: <FleetPage /> },
      { path: 'containers', element: <ContainersPage /> },
      { path: 'logs', element: <LogsPage /> },
      { path: 'search', element: <SearchPage /> },
      { path: 'account', element: <AccountPage /> },
      { path: 'tokens', element: <TokensPage /> },
      {
        path: 'users',
        element: (
          <RequireAdmin>
            <UsersPage />
          </RequireAdmin>
        ),
      },
      {
        path: 'audit',
        element: (
          <RequireAdmin>
            <AuditPage />
          </RequireAdmin>
        ),
      },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
