import type { AuditEntryView } from '@bosun/protocol';
import { formatDateTime } from '../../../lib/format.ts';

function who(entry: AuditEntryView): string {
  if (entry.actor === 'anonymous') return `${entry.actorName ?? '?'} (not logged in)`;
  return entry.actorName ?? entry.actor;
}

// A refusal row standing for others says how many.
function suppressed(entry: AuditEntryView): number | undefined {
  const detail = entry.detail;
  if (typeof detail === 'object' && detail !== null && 'suppressed' in detail) {
    return typeof detail.suppressed === 'number' ? detail.suppressed : undefined;
  }
  return undefined;
}

const OUTCOME_PILL = { ok: 'pill-ok', denied: 'pill-bad', error: 'pill-warn' } as const;

/** Audit entries, newest first: when, who, what, on what, how it ended and from where. */
export function AuditTable({ entries }: { entries: readonly AuditEntryView[] }) {
  return (
    <div className="table-wrap">
      <table className="table audit-table" aria-label="Audit log">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">User</th>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col">Outcome</th>
            <th scope="col">Source</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => {
            const more = suppressed(entry);
            return (
              <tr key={entry.id} data-action={entry.action}>
                <td className="small">{formatDateTime(entry.at)}</td>
                <td>{who(entry)}</td>
                <td className="mono">{entry.action}</td>
                <td className="mono small audit-target">{entry.target}</td>
                <td>
                  <span className={`pill ${OUTCOME_PILL[entry.outcome]}`}>{entry.outcome}</span>
                  {more !== undefined && <span className="muted small"> +{more} more</span>}
                </td>
                <td className="mono small">{entry.source ?? '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
