import { createContext, type ReactNode, useCallback, useContext, useMemo, useRef, useState } from 'react';

type Toast = { id: number; kind: 'ok' | 'error'; text: string };
type ToastApi = { show(kind: Toast['kind'], text: string): void };

const ToastContext = createContext<ToastApi | null>(null);

// At most this many toasts stay on screen; older ones go first.
const MAX_TOASTS = 4;
const OK_MS = 4000;
const ERROR_MS = 10_000;

/** Results of actions: successes in a status region, failures in an alert, both dismissable. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((t) => t.id !== id)), []);
  const show = useCallback(
    (kind: Toast['kind'], text: string) => {
      const id = nextId.current++;
      setToasts((list) => [...list.slice(-(MAX_TOASTS - 1)), { id, kind, text }]);
      setTimeout(() => dismiss(id), kind === 'ok' ? OK_MS : ERROR_MS);
    },
    [dismiss],
  );
  const value = useMemo(() => ({ show }), [show]);

  const render = (kind: Toast['kind']) =>
    toasts
      .filter((t) => t.kind === kind)
      .map((t) => (
        <div key={t.id} className={`toast toast-${t.kind}`}>
          <span>{t.text}</span>
          <button type="button" className="btn btn-ghost btn-small" onClick={() => dismiss(t.id)}>
            Dismiss
          </button>
        </div>
      ));

  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="toasts">
        <div role="status" aria-live="polite">
          {render('ok')}
        </div>
        <div role="alert" aria-live="assertive">
          {render('error')}
        </div>
      </div>
    </ToastContext.Provider>
  );
}

/**
 * Shows a toast: `ok` for a success (gone after 4 s), `error` for a failure (10 s). Needs a
 * ToastProvider above.
 */
export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error('useToast needs a ToastProvider');
  return api;
}
