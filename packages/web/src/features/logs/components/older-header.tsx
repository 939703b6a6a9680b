import { formatTs, type OlderState, type SourceKey } from '../model/index.ts';

type Props = {
  older: ReadonlyMap<SourceKey, OlderState>;
  merged: boolean;
  onLoad(): void;
};

function describe(state: OlderState): string | null {
  switch (state.kind) {
    case 'start':
      return 'Start of stored logs';
    case 'not_kept':
      return state.before === null
        ? 'No older lines were kept'
        : `Logs before ${formatTs(state.before, 'full')} were not kept`;
    case 'full':
      return 'The view holds its line limit: raise "Lines kept" to load older lines';
    case 'error':
      return `Cannot load older lines: ${state.message}`;
    default:
      return null;
  }
}

/**
 * Above the first row: a button that pages older stored lines in (scrolling to the top does the
 * same), "Loading older lines…" while a page comes, and per source why nothing older is shown.
 */
export function OlderHeader({ older, merged, onLoad }: Props) {
  const states = [...older.entries()];
  if (states.length === 0) return null;
  const loading = states.some(([, state]) => state.kind === 'loading');
  const more = states.some(([, state]) => state.kind === 'more' || state.kind === 'error');
  return (
    <div className="older-head" role="status" aria-label="Older lines">
      {loading ? (
        <span className="muted">Loading older lines…</span>
      ) : (
        more && (
          <button type="button" className="btn btn-small" onClick={onLoad}>
            Load older lines
          </button>
        )
      )}
      {states.map(([source, state]) => {
        const text = describe(state);
        return text === null ? null : (
          <span
            key={source}
            className={state.kind === 'error' ? 'older-note notice-error' : 'older-note muted'}
          >
            {merged ? `${source}: ` : ''}
            {text}
          </span>
        );
      })}
    </div>
  );
}
