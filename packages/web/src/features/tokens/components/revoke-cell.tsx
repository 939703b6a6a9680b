import { RowActions } from '../../../components/ui/data-table.tsx';

/** A token row's last cell: a Revoke button, named for screen readers, while the token is live. */
export function RevokeCell({ live, label, onRevoke }: { live: boolean; label: string; onRevoke(): void }) {
  return (
    <RowActions>
      {live && (
        <button
          type="button"
          className="btn btn-small btn-danger-ghost"
          aria-label={label}
          onClick={onRevoke}
        >
          Revoke
        </button>
      )}
    </RowActions>
  );
}
