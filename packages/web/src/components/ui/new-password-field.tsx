import { type ReactNode, useId } from 'react';
import { PASSWORD_HINT } from '../../lib/password-rules.ts';

/** A new password input with the rule under it, as the account and user forms ask for one. */
export function NewPasswordField(props: {
  label: string;
  value: string;
  onChange(value: string): void;
  /** Said after the rule. */
  extraHint?: ReactNode;
}) {
  const hintId = useId();
  return (
    <>
      <label className="field">
        <span>{props.label}</span>
        <input
          type="password"
          name="new-password"
          autoComplete="new-password"
          required
          aria-describedby={hintId}
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
        />
      </label>
      <p id={hintId} className="muted small field-hint">
        {PASSWORD_HINT}
        {props.extraHint ? <> {props.extraHint}</> : null}
      </p>
    </>
  );
}
