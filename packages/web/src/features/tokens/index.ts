// What the rest of the UI may use of the tokens feature; everything else is its own.
export { TokensPage } from './components/tokens-page.tsx';
