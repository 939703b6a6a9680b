import { AUDIT_OUTCOMES, type AuditFilterQuery, type AuditOutcome } from '@bosun/protocol';
import { useState } from 'react';
import { EmptyState } from '../../../components/ui/empty-state.tsx';
import { PageHead } from '../../../components/ui/page-head.tsx';
import { QueryStatus } from '../../../components/ui/query-status.tsx';
import { auditExportUrl, useAuditLog } from '../api/audit-log.ts';
import { AuditTable } from './audit-table.tsx';

// Durations back from the manager's now, which it resolves itself (the browser's clock may be off).
const RANGES = [
  { value: '1h', label: 'Last hour' },
  { value: '24h', label: 'Last 24 hours' },
  { value: '7d', label: 'Last 7 days' },
  { value: '30d', label: 'Last 30 days' },
  { value: '', label: 'All time' },
] as const;

/** Who did what, when and from where (admins only: the router guards this page). */
export function AuditPage() {
  const [since, setSince] = useState('24h');
  const [user, setUser] = useState('');
  const [action, setAction] = useState('');
  const [outcome, setOutcome] = useState<AuditOutcome | ''>('');
  const filters: AuditFilterQuery = {
    ...(since === '' ? {} : { since }),
    ...(user.trim() === '' ? {} : { user: user.trim() }),
    ...(action.trim() === '' ? {} : { action: action.trim() }),
    ...(outcome === '' ? {} : { outcome }),
  };
  const log = useAuditLog(filters);

  return (
    <main className="page">
      <PageHead
        title="Audit"
        subtitle="Every control action, login, token, credential and user change, newest first. Refusals past ten a minute from one source are counted in one entry."
      >
        <a className="btn" href={auditExportUrl(filters)} download="bosun-audit.ndjson">
          Export NDJSON
        </a>
      </PageHead>
      <div className="toolbar">
        <label className="inline-field">
          <span>Time</span>
          <select className="input" value={since} onChange={(e) => setSince(e.target.value)}>
            {RANGES.map((range) => (
              <option key={range.value} value={range.value}>
                {range.label}
              </option>
            ))}
          </select>
        </label>
        <input
          type="search"
          className="input"
          aria-label="User"
          placeholder="User"
          value={user}
          onChange={(e) => setUser(e.target.value)}
        />
        <input
          type="search"
          className="input"
          aria-label="Action"
          placeholder="Action, e.g. container."
          value={action}
          onChange={(e) => setAction(e.target.value)}
        />
        <label className="inline-field">
          <span>Outcome</span>
          <select
            className="input"
            value={outcome}
            onChange={(e) => setOutcome(e.target.value as AuditOutcome | '')}
          >
            <option value="">Any</option>
            {AUDIT_OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </label>
      </div>
      <QueryStatus query={log} loading="Loading the audit log…" />
      {log.data && log.data.length === 0 && <EmptyState title="Nothing recorded matches these filters" />}
      {log.data && log.data.length > 0 && <AuditTable entries={log.data} />}
      {log.hasNextPage && (
        <button
          type="button"
          className="btn"
          disabled={log.isFetchingNextPage}
          onClick={() => void log.fetchNextPage()}
        >
          {log.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      )}
    </main>
  );
}
