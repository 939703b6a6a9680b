// What the rest of the UI may use of the auth feature; everything else is its own.
export { useLogout, useMe } from './api/session.ts';
export { LoginPage } from './components/login-page.tsx';
