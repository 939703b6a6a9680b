import { useState } from 'react';

/** Copies `text` to the clipboard and says so on the button until the text changes. */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [copiedText, setCopiedText] = useState<string | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopiedText(text);
    } catch {
      // Clipboard access needs a secure context; the text stays selectable by hand.
      setCopiedText(null);
    }
  };
  return (
    <button type="button" className="btn" onClick={() => void copy()}>
      {copiedText === text ? 'Copied' : label}
    </button>
  );
}
