import { CopyButton } from '../../../components/ui/copy-button.tsx';

/** One line to paste on a new host: what it is for, the line itself (selectable), and a copy button. */
export function JoinLine({ label, hint, line }: { label: string; hint: string; line: string }) {
  return (
    <div className="stack">
      <p>
        <strong>{label}</strong>: {hint}
      </p>
      <textarea
        className="command"
        aria-label={label}
        readOnly
        rows={3}
        value={line}
        onFocus={(e) => e.currentTarget.select()}
      />
      <div className="row-end">
        <CopyButton text={line} label={`Copy ${label.toLowerCase()}`} />
      </div>
    </div>
  );
}
