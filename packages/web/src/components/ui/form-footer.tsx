/**
 * The end of a form: the problem to fix (an alert, so screen readers say it), then Cancel (when
 * the form is a dialog) and the submit button, which shows a spinner and waits while pending.
 */
export function FormFooter(props: {
  problem: string | null | undefined;
  submitLabel: string;
  pending: boolean;
  onCancel?: () => void;
}) {
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
        <button type="submit" className="btn btn-primary" disabled={props.pending}>
          {props.pending && <span className="spinner" aria-hidden="true" />}
          {props.submitLabel}
        </button>
      </div>
    </>
  );
}
