import { CopyButton } from '../../../components/ui/copy-button.tsx';

// Fewer characters than fit on one row of the dialog's text box: it wraps at spaces, not mid-word.
const CHARS_PER_ROW = 48;

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
        // Tall enough to show the whole line, so it can be read before it is pasted as root.
        rows={Math.min(10, Math.max(2, Math.ceil(line.length / CHARS_PER_ROW)))}
        value={line}
        onFocus={(e) => e.currentTarget.select()}
      />
      <div className="row-end">
        <CopyButton text={line} label={`Copy ${label.toLowerCase()}`} />
      </div>
    </div>
  );
}
