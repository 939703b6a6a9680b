import { type FormEvent, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { TextField } from '../../../components/ui/text-field.tsx';
import { useLogin, useMe } from '../api/session.ts';

/** The way in. `?expired=1` (set when any call answered 401) explains why the user is here. */
export function LoginPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const me = useMe();
  const login = useLogin();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const next = safeNext(params.get('next'));

  if (me.data) return <Navigate to={next} replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate({ username, password }, { onSuccess: () => navigate(next, { replace: true }) });
  };

  return (
    <main className="login">
      <form className="login-card" onSubmit={submit} aria-labelledby="login-title">
        <div className="brand brand-large">
          <img src="/favicon.svg" alt="" width={32} height={32} />
          <span>bosun</span>
        </div>
        <h1 id="login-title">Log in</h1>
        {params.get('expired') === '1' && !login.isError && (
          <p role="alert" className="notice notice-warn">
            Your session has expired. Log in again to continue.
          </p>
        )}
        {login.isError && (
          <p role="alert" className="notice notice-error">
            {login.error.message}
          </p>
        )}
        <TextField
          label="Username"
          name="username"
          autoComplete="username"
          required
          value={username}
          onChange={setUsername}
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={setPassword}
        />
        <button className="btn btn-primary" type="submit" disabled={login.isPending}>
          {login.isPending ? 'Logging in…' : 'Log in'}
        </button>
      </form>
    </main>
  );
}

// Only paths of this app: an absolute URL in ?next= would make the login page an open redirect.
function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}
