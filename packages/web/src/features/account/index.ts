// What the rest of the UI may use of the account feature; everything else is its own.
export { AccountPage } from './components/account-page.tsx';
