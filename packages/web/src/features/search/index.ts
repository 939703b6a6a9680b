// What the rest of the UI may use of the search feature; everything else is its own.
export { SearchPage } from './components/search-page.tsx';
