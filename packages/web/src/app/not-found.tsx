import { Link } from 'react-router';

/** What any path that is not a page shows, inside the app shell. */
export function NotFound() {
  return (
    <main className="page">
      <h1>Page not found</h1>
      <p>
        <Link to="/">Back to the hosts</Link>
      </p>
    </main>
  );
}
