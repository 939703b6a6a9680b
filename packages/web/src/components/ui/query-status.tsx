/** What a page shows while its list loads (`loading`), or, as an alert, why it could not load. */
export function QueryStatus({
  query,
  loading,
}: {
  query: { isPending: boolean; isError: boolean; error: Error | null };
  loading: string;
}) {
  return (
    <>
      {query.isPending && <p className="muted">{loading}</p>}
      {query.isError && (
        <p role="alert" className="notice notice-error">
          {query.error?.message}
        </p>
      )}
    </>
  );
}
