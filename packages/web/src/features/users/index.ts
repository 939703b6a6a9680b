// What the rest of the UI may use of the users feature; everything else is its own.
export { UsersPage } from './components/users-page.tsx';
