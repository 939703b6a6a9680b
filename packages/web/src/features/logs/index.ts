// What the rest of the UI may use of the logs feature; everything else is its own.
export { LogsPage } from './components/logs-page.tsx';
