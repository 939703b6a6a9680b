import { Link } from 'react-router';

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
