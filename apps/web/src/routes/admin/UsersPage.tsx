// Administration › Officials and roles (/quan-tri/tai-khoan): find accounts by role, agency and
// name/email; create an official; change role, agency, unit; lock (disable) an account.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Role, UserInput, UserView } from '@tinhso/contracts';
import { api } from '../../api';
import { useAuth } from '../../auth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SelectField, TextField } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { roleLabel } from '../../components/Timeline';
import { AdminShell, errorsByField, focusFirstError, keyedField, useAgencies, useUnits } from './AdminShell';

const ROLES: readonly Role[] = ['desk', 'processor', 'approver', 'admin', 'citizen'];
const OFFICIAL: readonly Role[] = ['desk', 'processor', 'approver'];
const FIELDS = ['email', 'fullName', 'phone', 'password', 'role', 'agencyId', 'unitId', 'disabled'] as const;
const PHONE_RE = /^(\+84|0)[0-9]{9,10}$/;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const KEY_FIELDS: Record<string, string> = { 'auth.weakPassword': 'password', 'auth.emailTaken': 'email', 'org.officialNeedsAgency': 'agencyId', 'org.unitNotFound': 'unitId' };

interface FormState {
  email: string;
  fullName: string;
  phone: string;
  password: string;
  role: Role;
  agencyId: string;
  unitId: string;
  disabled: boolean;
}

function toForm(u: UserView | null, agencyId: string): FormState {
  if (!u) return { email: '', fullName: '', phone: '', password: '', role: 'desk', agencyId, unitId: '', disabled: false };
  const phone = u.phone ?? '';
  return { email: u.email, fullName: u.fullName, phone, password: '', role: u.role, agencyId: u.agencyId ?? '', unitId: u.unitId ?? '', disabled: u.disabled };
}

function UserForm({ user, defaultAgencyId, agencies, onSaved, onCancel }: { user: UserView | null; defaultAgencyId: string; agencies: { id: string; code: string; name: string }[]; onSaved: (u: UserView, created: boolean) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const [form, setForm] = useState<FormState>(() => toForm(user, defaultAgencyId));
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const units = useUnits(OFFICIAL.includes(form.role) ? form.agencyId : null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const isOfficial = OFFICIAL.includes(form.role);
  const isSelf = !!user && user.id === me?.id;

  useEffect(() => headingRef.current?.focus(), []);

  function check(): Record<string, string[]> {
    const e: Record<string, string[]> = {};
    if (!EMAIL_RE.test(form.email.trim())) e.email = [t('validation.formatEmail')];
    if (form.fullName.trim().length < 2) e.fullName = [t('admin.common.required')];
    if (form.phone.trim() && !PHONE_RE.test(form.phone.replace(/[\s.]/g, ''))) e.phone = [t('auth.phoneInvalid')];
    if (!user && !form.password) e.password = [t('admin.users.passwordRequired')];
    else if (form.password && (form.password.length < 8 || !/\p{L}/u.test(form.password) || !/\d/.test(form.password))) e.password = [t('admin.users.passwordWeak')];
    if (isOfficial && !form.agencyId) e.agencyId = [t('admin.users.agencyRequired')];
    return e;
  }

  async function onSubmit(ev: FormEvent) {
    ev.preventDefault();
    const e = check();
    setErrors(e);
    setError(null);
    if (Object.keys(e).length) {
      focusFirstError('user-', e, FIELDS);
      return;
    }
    const body: UserInput = {
      email: form.email.trim(),
      fullName: form.fullName.trim(),
      role: form.role,
      agencyId: isOfficial ? form.agencyId : null,
      unitId: isOfficial && form.unitId ? form.unitId : null,
      disabled: form.disabled,
    };
    if (form.phone.trim()) body.phone = form.phone.replace(/[\s.]/g, '');
    if (form.password) body.password = form.password;
    setSaving(true);
    try {
      const saved = user ? await api.put<UserView>(`/admin/users/${user.id}`, body) : await api.post<UserView>('/admin/users', body);
      onSaved(saved, !user);
    } catch (err) {
      const keyed = keyedField(err, KEY_FIELDS);
      const byField = keyed ? { [keyed]: [(err as Error).message] } : errorsByField(err, FIELDS);
      setErrors(byField);
      setError(keyed ? null : err);
      focusFirstError('user-', byField, FIELDS);
    } finally {
      setSaving(false);
    }
  }

  const set = (k: keyof FormState) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));

  return (
    <form className="card admin-form" onSubmit={onSubmit} noValidate aria-labelledby="user-form-title">
      <h2 id="user-form-title" ref={headingRef} tabIndex={-1}>
        {user ? t('admin.users.editTitle', { name: user.fullName }) : t('admin.users.addTitle')}
      </h2>
      <p className="muted small">{t('common.requiredLegend')}</p>
      <div className="grid-2">
        <TextField id="user-fullName" label={t('admin.users.fullName')} required value={form.fullName} onChange={set('fullName')} errors={errors.fullName} maxLength={200} autoComplete="off" />
        <TextField id="user-email" type="email" label={t('admin.users.email')} required value={form.email} onChange={set('email')} errors={errors.email} maxLength={200} autoComplete="off" spellCheck={false} />
        <TextField id="user-phone" type="tel" label={t('admin.users.phone')} hint={t('auth.phoneHint')} value={form.phone} onChange={set('phone')} errors={errors.phone} maxLength={15} autoComplete="off" />
        <TextField
          id="user-password"
          type="password"
          label={user ? t('admin.users.newPassword') : t('admin.users.password')}
          hint={user ? t('admin.users.newPasswordHint') : t('admin.users.passwordHint')}
          required={!user}
          value={form.password}
          onChange={set('password')}
          errors={errors.password}
          autoComplete="new-password"
          maxLength={200}
        />
        <SelectField id="user-role" label={t('admin.users.role')} required value={form.role} onChange={(e) => setForm((f) => ({ ...f, role: e.target.value as Role }))} errors={errors.role} disabled={isSelf}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {roleLabel(t, r)}
            </option>
          ))}
        </SelectField>
        {isOfficial ? (
          <SelectField id="user-agencyId" label={t('admin.users.agency')} required value={form.agencyId} onChange={(e) => setForm((f) => ({ ...f, agencyId: e.target.value, unitId: '' }))} errors={errors.agencyId}>
            <option value="">{t('admin.users.chooseAgency')}</option>
            {agencies.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name} ({a.code})
              </option>
            ))}
          </SelectField>
        ) : (
          <p className="field-hint admin-note">{t('admin.users.noAgencyForRole')}</p>
        )}
        {isOfficial && (
          <SelectField id="user-unitId" label={t('admin.users.unit')} value={form.unitId} onChange={set('unitId')} errors={errors.unitId} disabled={!form.agencyId}>
            <option value="">{units.length ? t('admin.users.noUnit') : t('admin.users.noUnits')}</option>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </SelectField>
        )}
        <div className="field checkbox-field span-2">
          <label htmlFor="user-disabled" className="check-label">
            <input id="user-disabled" type="checkbox" checked={form.disabled} onChange={(e) => setForm((f) => ({ ...f, disabled: e.target.checked }))} disabled={isSelf} aria-describedby="user-disabled-hint" />
            <span>{t('admin.users.disabled')}</span>
          </label>
          <p id="user-disabled-hint" className="field-hint">
            {isSelf ? t('admin.users.cannotLockSelf') : t('admin.users.disabledHint')}
          </p>
        </div>
      </div>
      {error ? <ErrorAlert error={error} showDetails={!!errors['']?.length} /> : null}
      <div className="button-row">
        <button type="submit" className="btn btn-primary" disabled={saving}>
          {user ? t('admin.common.save') : t('admin.users.create')}
        </button>
        <button type="button" className="btn btn-quiet" onClick={onCancel} disabled={saving}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

export default function UsersPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const role = (params.get('role') ?? '') as Role | '';
  const agencyId = params.get('agencyId') ?? '';
  const q = params.get('q') ?? '';
  const [text, setText] = useState(q);
  const { agencies } = useAgencies();
  const [users, setUsers] = useState<UserView[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [reload, setReload] = useState(0);
  const [editing, setEditing] = useState<UserView | 'new' | null>(null);
  const [notice, setNotice] = useState('');

  useEffect(() => setText(q), [q]);

  useEffect(() => {
    const ctrl = new AbortController();
    setLoading(true);
    setError(null);
    api
      .get<UserView[]>('/admin/users', { role: role || undefined, agencyId: agencyId || undefined, q: q.trim() || undefined }, ctrl.signal)
      .then(setUsers)
      .catch((err: unknown) => {
        if ((err as Error).name !== 'AbortError') setError(err);
      })
      .finally(() => {
        if (!ctrl.signal.aborted) setLoading(false);
      });
    return () => ctrl.abort();
  }, [role, agencyId, q, reload]);

  function setFilter(k: 'role' | 'agencyId' | 'q', v: string) {
    const p = new URLSearchParams(params);
    if (v) p.set(k, v);
    else p.delete(k);
    setParams(p, { replace: true });
  }

  const agencyName = (id: string | null) => (id ? (agencies?.find((a) => a.id === id)?.name ?? '') : '');

  return (
    <AdminShell
      title={t('admin.users.title')}
      actions={
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => {
            setNotice('');
            setEditing('new');
          }}
        >
          {t('admin.users.addButton')}
        </button>
      }
    >
      <p role="status" aria-live="polite" className="status-line">
        {notice && <span className="alert alert-success block">{notice}</span>}
      </p>
      {editing && agencies && (
        <UserForm
          key={editing === 'new' ? 'new' : editing.id}
          user={editing === 'new' ? null : editing}
          defaultAgencyId={agencyId}
          agencies={agencies}
          onCancel={() => setEditing(null)}
          onSaved={(u, created) => {
            setNotice(created ? t('admin.users.created', { name: u.fullName }) : t('admin.users.saved', { name: u.fullName }));
            setEditing(null);
            setReload((n) => n + 1);
          }}
        />
      )}

      <form
        className="card admin-filters"
        role="search"
        aria-label={t('admin.users.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          setFilter('q', text.trim());
        }}
      >
        <SelectField id="filter-role" label={t('admin.users.role')} value={role} onChange={(e) => setFilter('role', e.target.value)}>
          <option value="">{t('admin.users.allRoles')}</option>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {roleLabel(t, r)}
            </option>
          ))}
        </SelectField>
        <SelectField id="filter-agency" label={t('admin.users.agency')} value={agencyId} onChange={(e) => setFilter('agencyId', e.target.value)}>
          <option value="">{t('admin.users.allAgencies')}</option>
          {agencies?.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </SelectField>
        <div className="field filter-q">
          <label htmlFor="filter-q" className="field-label">
            {t('admin.users.search')}
          </label>
          <div className="search-row">
            <input id="filter-q" type="search" value={text} onChange={(e) => setText(e.target.value)} autoComplete="off" maxLength={100} />
            <button type="submit" className="btn btn-outline">
              {t('common.search')}
            </button>
          </div>
        </div>
      </form>

      {error ? <ErrorAlert error={error} /> : null}
      <p className="result-count" role="status">
        {loading ? t('common.loading') : users ? t('admin.users.count', { count: users.length }) : ''}
      </p>
      {!users && loading && <Loading />}
      {users && users.length === 0 && <p className="card empty">{t('admin.users.empty')}</p>}
      {users && users.length > 0 && (
        <table className={`data-table responsive-table admin-table${loading ? ' is-stale' : ''}`}>
          <caption className="visually-hidden">{t('admin.users.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.users.fullName')}</th>
              <th scope="col">{t('admin.users.role')}</th>
              <th scope="col">{t('admin.users.agency')}</th>
              <th scope="col">{t('admin.users.state')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('admin.common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} className={u.disabled ? 'is-disabled' : undefined}>
                <th scope="row" data-label={t('admin.users.fullName')}>
                  <span lang="vi">{u.fullName}</span>
                  <span className="cell-sub wrap-word">{u.email}</span>
                </th>
                <td data-label={t('admin.users.role')}>{roleLabel(t, u.role)}</td>
                <td data-label={t('admin.users.agency')} lang="vi">
                  {agencyName(u.agencyId) || <span className="muted">—</span>}
                </td>
                <td data-label={t('admin.users.state')}>{u.disabled ? <span className="badge badge-danger">{t('admin.users.locked')}</span> : <span className="badge badge-success">{t('admin.users.active')}</span>}</td>
                <td className="cell-actions">
                  <button
                    type="button"
                    className="btn btn-outline btn-small"
                    aria-label={t('admin.users.editNamed', { name: u.fullName })}
                    onClick={() => {
                      setNotice('');
                      setEditing(u);
                      window.scrollTo({ top: 0 });
                    }}
                  >
                    {t('admin.users.editButton')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </AdminShell>
  );
}
