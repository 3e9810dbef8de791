// The signed-in account for the whole app.
//
//   const { me, status, login, logout } = useAuth();      // me: Me | null
//   <RequireAuth roles={['desk', 'processor', 'approver']}>…</RequireAuth>
//
// On start it loads GET /api/v1/auth/me (401 → signed out) and hands the CSRF token to api.ts,
// so every later POST/PUT/DELETE made with `api` carries it.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Me, RegisterInput, Role } from '@tinhso/contracts';
import { api, ApiError, setCsrfToken, setUnauthenticatedHandler } from './api';
import { Loading } from './components/Loading';
import { PageTitle } from './components/PageTitle';

export type AuthStatus = 'loading' | 'ready';

export interface AuthContextValue {
  /** 'loading' until GET /auth/me has answered once. */
  status: AuthStatus;
  me: Me | null;
  login: (email: string, password: string) => Promise<Me>;
  register: (input: RegisterInput) => Promise<Me>;
  logout: () => Promise<void>;
  /** Reloads /auth/me (e.g. after the account was edited). */
  refresh: () => Promise<Me | null>;
}

const AuthContext = createContext<AuthContextValue | null>(null);

export const OFFICIAL_ROLES: readonly Role[] = ['desk', 'processor', 'approver'];

export function AuthProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<AuthStatus>('loading');
  const [me, setMe] = useState<Me | null>(null);

  const accept = useCallback((next: Me | null) => {
    setCsrfToken(next?.csrfToken ?? null);
    setMe(next);
    return next;
  }, []);

  const refresh = useCallback(async () => {
    try {
      return accept(await api.get<Me>('/auth/me'));
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return accept(null);
      throw err;
    } finally {
      setStatus('ready');
    }
  }, [accept]);

  useEffect(() => {
    setUnauthenticatedHandler(() => accept(null));
    refresh().catch(() => {
      // Server unreachable: the public pages still work; protected pages show the sign-in page.
      setStatus('ready');
    });
    return () => setUnauthenticatedHandler(null);
  }, [accept, refresh]);

  const login = useCallback(async (email: string, password: string) => accept(await api.post<Me>('/auth/login', { email, password }))!, [accept]);
  const register = useCallback(async (input: RegisterInput) => accept(await api.post<Me>('/auth/register', input))!, [accept]);
  const logout = useCallback(async () => {
    try {
      await api.post<void>('/auth/logout');
    } finally {
      accept(null);
    }
  }, [accept]);

  const value = useMemo<AuthContextValue>(() => ({ status, me, login, register, logout, refresh }), [status, me, login, register, logout, refresh]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth must be used inside <AuthProvider>');
  return ctx;
}

/** Where the sign-in page should send the user back to: only same-site paths. */
export function safeNext(next: string | null | undefined, fallback = '/'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  return next;
}

/** Where each role lands after signing in when no page asked for one. */
export function homeFor(role: Role | string): string {
  if (role === 'citizen') return '/ho-so';
  if (role === 'admin') return '/quan-tri';
  if (role === 'moderator') return '/kiem-duyet';
  if (role === 'leader') return '/dieu-hanh';
  return '/can-bo';
}

export function loginPath(next: string): string {
  return `/dang-nhap?next=${encodeURIComponent(next)}`;
}

/**
 * Renders children only for a signed-in user (with one of `roles`, if given). Signed-out users are
 * sent to /dang-nhap?next=<this page>; signed-in users without the role see a "not allowed" page.
 */
export function RequireAuth({ roles, children }: { roles?: readonly Role[]; children: ReactNode }) {
  const { status, me } = useAuth();
  const location = useLocation();
  const { t } = useTranslation();
  if (status === 'loading') return <Loading />;
  if (!me) return <Navigate to={loginPath(location.pathname + location.search)} replace />;
  if (roles && !roles.includes(me.role)) {
    return (
      <section className="page narrow">
        <PageTitle title={t('auth.forbiddenTitle')} />
        <h1 tabIndex={-1}>{t('auth.forbiddenTitle')}</h1>
        <p>{t('auth.forbiddenText')}</p>
      </section>
    );
  }
  return <>{children}</>;
}
