// The administration area's frame: a side menu (a row of tabs on a phone) and the page.
import { useEffect, useState, type ReactNode } from 'react';
import { NavLink } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { ParseKeys } from 'i18next';
import type { Agency } from '@tinhso/contracts';
import { api, fieldErrors, ApiError } from '../../api';
import { PageTitle } from '../../components/PageTitle';
import './admin.css';

export const ADMIN_BASE = '/quan-tri';

export const ADMIN_SECTIONS: { path: string; label: ParseKeys; end?: boolean }[] = [
  { path: ADMIN_BASE, label: 'admin.nav.home', end: true },
  { path: `${ADMIN_BASE}/co-quan`, label: 'admin.nav.agencies' },
  { path: `${ADMIN_BASE}/tai-khoan`, label: 'admin.nav.users' },
  { path: `${ADMIN_BASE}/thu-tuc`, label: 'admin.nav.procedures' },
  { path: `${ADMIN_BASE}/lich-nghi`, label: 'admin.nav.calendar' },
  { path: `${ADMIN_BASE}/phan-anh`, label: 'feedback.nav.routing' },
];

export function AdminShell({ title, actions, children }: { title: string; actions?: ReactNode; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="container page admin-page">
      <PageTitle title={`${title} · ${t('admin.title')}`} />
      <div className="admin-layout">
        <nav className="admin-nav" aria-label={t('admin.nav.label')}>
          <p className="admin-nav-title" aria-hidden="true">
            {t('admin.title')}
          </p>
          <ul>
            {ADMIN_SECTIONS.map((s) => (
              <li key={s.path}>
                <NavLink to={s.path} end={s.end}>
                  {t(s.label)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="admin-main">
          <div className="page-head">
            <h1>{title}</h1>
            {actions}
          </div>
          {children}
        </div>
      </div>
    </div>
  );
}

/** Agencies, loaded once per page (for selects and names). */
export function useAgencies(reloadKey = 0) {
  const [agencies, setAgencies] = useState<Agency[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const ctrl = new AbortController();
    api
      .get<Agency[]>('/agencies', undefined, ctrl.signal)
      .then((rows) => setAgencies([...rows].sort((a, b) => a.code.localeCompare(b.code))))
      .catch((err: unknown) => {
        if ((err as Error).name !== 'AbortError') setError(err);
      });
    return () => ctrl.abort();
  }, [reloadKey]);
  return { agencies, error };
}

export interface Unit {
  id: string;
  agencyId: string;
  name: string;
}

/** Units of one agency (empty list when no agency is chosen). */
export function useUnits(agencyId: string | null | undefined, reloadKey = 0) {
  const [units, setUnits] = useState<Unit[]>([]);
  useEffect(() => {
    if (!agencyId) {
      setUnits([]);
      return;
    }
    const ctrl = new AbortController();
    api
      .get<Unit[]>(`/agencies/${agencyId}/units`, undefined, ctrl.signal)
      .then(setUnits)
      .catch(() => undefined);
    return () => ctrl.abort();
  }, [agencyId, reloadKey]);
  return units;
}

/**
 * The server's per-field errors keyed by the form's field names: "code", "documents.0.name",
 * "formSchema" (anything under formSchema), with the leftovers under "".
 */
export function errorsByField(err: unknown, known: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (!(err instanceof ApiError)) return out;
  const raw = fieldErrors(err);
  for (const [path, messages] of Object.entries(raw)) {
    const key = known.includes(path) ? path : (known.find((k) => path === k || path.startsWith(`${k}.`)) ?? '');
    const list = (out[key] ??= []);
    for (const m of messages) if (!list.includes(m)) list.push(m);
  }
  return out;
}

/**
 * Some refusals carry no field details but clearly concern one field (e.g. "auth.emailTaken"):
 * returns that field's name, so the form shows the server's message under it.
 */
export function keyedField(err: unknown, keyToField: Record<string, string>): string | null {
  return err instanceof ApiError && err.details.length === 0 ? (keyToField[err.key] ?? null) : null;
}

/** Accent- and case-insensitive text for client-side filtering ("đăng ký" ≡ "dang ky"). */
export function fold(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/gi, 'd').toLowerCase();
}

/** Moves focus to the first field with an error (by element id = prefix + field name). */
export function focusFirstError(prefix: string, errors: Record<string, string[]>, order: readonly string[]) {
  const first = order.find((k) => errors[k]?.length);
  if (!first) return;
  window.setTimeout(() => document.getElementById(`${prefix}${first}`)?.focus(), 0);
}
