// What the rest of the UI may use of the containers feature; everything else is its own.
export { ContainersPage } from './components/containers-page.tsx';
