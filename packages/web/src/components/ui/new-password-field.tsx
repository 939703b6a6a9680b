import { type ReactNode, useId } from 'react';
import { PASSWORD_HINT } from '../../lib/password-rules.ts';
import { TextField } from './text-field.tsx';

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
      <TextField
        label={props.label}
        type="password"
        name="new-password"
        autoComplete="new-password"
        required
        aria-describedby={hintId}
        value={props.value}
        onChange={props.onChange}
      />
      <p id={hintId} className="muted small field-hint">
        {PASSWORD_HINT}
        {props.extraHint ? <> {props.extraHint}</> : null}
      </p>
    </>
  );
}
