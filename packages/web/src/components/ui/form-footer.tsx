/**
 * The end of a form or a confirmation: the problem to fix (an alert, so screen readers say it),
 * then Cancel (when it is a dialog) and the action, which shows a spinner and waits while
 * pending. Without `onConfirm` the action submits the form around it.
 */
export function FormFooter(props: {
  problem?: string | null | undefined;
  submitLabel: string;
  pending?: boolean;
  disabled?: boolean;
  tone?: 'primary' | 'danger';
  onCancel?: () => void;
  onConfirm?: () => void;
}) {
  const pending = props.pending ?? false;
  return (
    <>
      {props.problem && (
        <p role="alert" className="notice notice-error">
          {props.problem}
        </p>
      )}
      <div className="row-end">
        {props.onCancel && (
          <button type="button" className="btn" onClick={props.onCancel}>
            Cancel
          </button>
        )}
        <button
          type={props.onConfirm ? 'button' : 'submit'}
          className={`btn btn-${props.tone ?? 'primary'}`}
          disabled={pending || props.disabled}
          onClick={props.onConfirm}
        >
          {pending && <span className="spinner" aria-hidden="true" />}
          {props.submitLabel}
        </button>
      </div>
    </>
  );
}
