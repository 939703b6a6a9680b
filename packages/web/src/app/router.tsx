import { createBrowserRouter } from 'react-router';
import { AccountPage } from '../features/account/components/account-page.tsx';
import { LoginPage } from '../features/auth/components/login-page.tsx';
import { ContainersPage } from '../features/containers/components/containers-page.tsx';
import { FleetPage } from '../features/fleet/components/fleet-page.tsx';
import { LogsPage } from '../features/logs/components/logs-page.tsx';
import { UsersPage } from '../features/users/components/users-page.tsx';
import { AppShell } from './app-shell.tsx';
import { NotFound } from './not-found.tsx';
import { RequireAdmin } from './require-admin.tsx';
import { RequireSession } from './require-session.tsx';

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
      { path: 'account', element: <AccountPage /> },
      {
        path: 'users',
        element: (
          <RequireAdmin>
            <UsersPage />
          </RequireAdmin>
        ),
      },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
