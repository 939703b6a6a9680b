import type { ReactNode } from 'react';

/**
 * A checkbox inside its label, reporting its new state; `children` is the label's text (or
 * element), `className` the label's class (`check` unless given), `title` its tooltip.
 */
export function CheckField({
  checked,
  onChange,
  className = 'check',
  title,
  children,
}: {
  checked: boolean;
  onChange(checked: boolean): void;
  className?: string;
  title?: string;
  children: ReactNode;
}) {
  return (
    <label className={className} title={title}>
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {children}
    </label>
  );
}
