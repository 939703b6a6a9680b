// What the rest of the UI may use of the audit feature; everything else is its own.
export { AuditPage } from './components/audit-page.tsx';
