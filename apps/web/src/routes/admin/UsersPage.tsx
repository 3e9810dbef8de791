// Administration › Officials and roles (/quan-tri/tai-khoan): find accounts by role, agency and
// name/email; create an official; change role, agency, unit; lock (disable) an account.
// A leader (lãnh đạo) with no commune is a province leader; with a commune, that commune's chair.
// Leaders and moderators belong to no agency.
import { useEffect, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Role, UserInput, UserView } from '@tinhso/contracts';
import type { TFunction } from 'i18next';
import { api } from '../../api';
import { useApiData } from '../../apiData';
import { useAuth } from '../../auth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SelectField, TextField } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { SearchField } from '../../components/SearchField';
import { roleLabel } from '../../components/Timeline';
import { AdminShell, useAgencies, useUnits } from './AdminShell';
import { AdminTable, AgencyOptions, EditCell, EditorForm, SavedNotice, useEditing, useSaveCycle } from './adminEditor';

const ROLES: readonly Role[] = ['desk', 'processor', 'approver', 'leader', 'moderator', 'admin', 'citizen'];
const OFFICIAL: readonly Role[] = ['desk', 'processor', 'approver'];
const FIELDS = ['email', 'fullName', 'phone', 'password', 'role', 'agencyId', 'unitId', 'communeCode', 'disabled'] as const;
const PHONE_RE = /^(\+84|0)[0-9]{9,10}$/;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const KEY_FIELDS: Record<string, string> = { 'auth.weakPassword': 'password', 'auth.emailTaken': 'email', 'org.officialNeedsAgency': 'agencyId', 'org.unitNotFound': 'unitId', 'org.communeNotFound': 'communeCode' };

interface Commune {
  code: string;
  name: string;
}

/** Communes (GET /communes, public), for a commune chair's commune. */
function useCommunes() {
  const { data } = useApiData((signal) => api.get<Commune[]>('/communes', undefined, signal), []);
  return data;
}

/** "Chủ tịch UBND · Phường Phú Lợi" for a commune chair, "Lãnh đạo tỉnh" for a province leader. */
function leaderScope(t: TFunction, u: Pick<UserView, 'role' | 'communeCode'>, communes: Commune[] | null): string {
  if (u.role !== 'leader') return '';
  if (!u.communeCode) return t('admin.users.provinceLeader');
  const name = communes?.find((c) => c.code === u.communeCode)?.name ?? u.communeCode;
  return t('admin.users.communeChairOf', { name });
}

interface FormState {
  email: string;
  fullName: string;
  phone: string;
  password: string;
  role: Role;
  agencyId: string;
  unitId: string;
  communeCode: string;
  disabled: boolean;
}

function toForm(u: UserView | null, agencyId: string): FormState {
  if (!u) return { email: '', fullName: '', phone: '', password: '', role: 'desk', agencyId, unitId: '', communeCode: '', disabled: false };
  const phone = u.phone ?? '';
  return { email: u.email, fullName: u.fullName, phone, password: '', role: u.role, agencyId: u.agencyId ?? '', unitId: u.unitId ?? '', communeCode: u.communeCode ?? '', disabled: u.disabled };
}

function RoleOptions() {
  const { t } = useTranslation();
  return (
    <>
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {roleLabel(t, r)}
        </option>
      ))}
    </>
  );
}

function UserForm({ user, defaultAgencyId, agencies, communes, onSaved, onCancel }: { user: UserView | null; defaultAgencyId: string; agencies: { id: string; code: string; name: string }[]; communes: Commune[] | null; onSaved: (u: UserView, created: boolean) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const [form, setForm] = useState<FormState>(() => toForm(user, defaultAgencyId));
  const { errors, error, saving, passes, save } = useSaveCycle('user-');
  const units = useUnits(OFFICIAL.includes(form.role) ? form.agencyId : null);
  const isOfficial = OFFICIAL.includes(form.role);
  const isLeader = form.role === 'leader';
  const isSelf = !!user && user.id === me?.id;

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
    if (!passes(check(), FIELDS)) return;
    const body: UserInput = {
      email: form.email.trim(),
      fullName: form.fullName.trim(),
      role: form.role,
      agencyId: isOfficial ? form.agencyId : null,
      unitId: isOfficial && form.unitId ? form.unitId : null,
      communeCode: isLeader && form.communeCode ? form.communeCode : null,
      disabled: form.disabled,
    };
    if (form.phone.trim()) body.phone = form.phone.replace(/[\s.]/g, '');
    if (form.password) body.password = form.password;
    await save(async () => {
      const saved = user ? await api.put<UserView>(`/admin/users/${user.id}`, body) : await api.post<UserView>('/admin/users', body);
      onSaved(saved, !user);
    }, KEY_FIELDS, FIELDS);
  }

  const set = (k: keyof FormState) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));

  return (
    <EditorForm id="user-form" title={user ? t('admin.users.editTitle', { name: user.fullName }) : t('admin.users.addTitle')} onSubmit={onSubmit} error={error} errors={errors} saving={saving} submitLabel={user ? t('admin.common.save') : t('admin.users.create')} onCancel={onCancel}>
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
        <RoleOptions />
      </SelectField>
      {isOfficial ? (
        <SelectField id="user-agencyId" label={t('admin.users.agency')} required value={form.agencyId} onChange={(e) => setForm((f) => ({ ...f, agencyId: e.target.value, unitId: '' }))} errors={errors.agencyId}>
          <option value="">{t('admin.users.chooseAgency')}</option>
          <AgencyOptions agencies={agencies} withCode />
        </SelectField>
      ) : isLeader ? (
        <SelectField id="user-communeCode" label={t('admin.users.commune')} hint={t('admin.users.communeHint')} value={form.communeCode} onChange={set('communeCode')} errors={errors.communeCode}>
          <option value="">{t('admin.users.provinceLevel')}</option>
          {(communes ?? []).map((c) => (
            <option key={c.code} value={c.code}>
              {c.name}
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
    </EditorForm>
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
  const communes = useCommunes();
  const [reload, setReload] = useState(0);
  const { editing, setEditing, notice, setNotice, startNew, startEdit } = useEditing<UserView>();

  useEffect(() => setText(q), [q]);

  const {
    data: users,
    error,
    loading,
  } = useApiData((signal) => api.get<UserView[]>('/admin/users', { role: role || undefined, agencyId: agencyId || undefined, q: q.trim() || undefined }, signal), [role, agencyId, q, reload]);

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
        <button type="button" className="btn btn-primary" onClick={startNew}>
          {t('admin.users.addButton')}
        </button>
      }
    >
      <SavedNotice notice={notice} />
      {editing && agencies && (
        <UserForm
          key={editing === 'new' ? 'new' : editing.id}
          user={editing === 'new' ? null : editing}
          defaultAgencyId={agencyId}
          agencies={agencies}
          communes={communes}
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
          <RoleOptions />
        </SelectField>
        <SelectField id="filter-agency" label={t('admin.users.agency')} value={agencyId} onChange={(e) => setFilter('agencyId', e.target.value)}>
          <option value="">{t('admin.users.allAgencies')}</option>
          <AgencyOptions agencies={agencies} />
        </SelectField>
        <div className="field filter-q">
          <SearchField id="filter-q" label={t('admin.users.search')} value={text} onValueChange={setText} maxLength={100} button={t('common.search')} buttonClassName="btn btn-outline" />
        </div>
      </form>

      {error ? <ErrorAlert error={error} /> : null}
      <p className="result-count" role="status">
        {loading ? t('common.loading') : users ? t('admin.users.count', { count: users.length }) : ''}
      </p>
      {!users && loading && <Loading />}
      {users && users.length === 0 && <p className="card empty">{t('admin.users.empty')}</p>}
      {users && users.length > 0 && (
        <AdminTable caption={t('admin.users.caption')} columns={[t('admin.users.fullName'), t('admin.users.role'), t('admin.users.agency'), t('admin.users.state')]} actions stale={loading}>
          {users.map((u) => (
            <tr key={u.id} className={u.disabled ? 'is-disabled' : undefined}>
              <th scope="row" data-label={t('admin.users.fullName')}>
                <span lang="vi">{u.fullName}</span>
                <span className="cell-sub wrap-word">{u.email}</span>
              </th>
              <td data-label={t('admin.users.role')}>{roleLabel(t, u.role)}</td>
              <td data-label={t('admin.users.agency')} lang="vi">
                {agencyName(u.agencyId) || leaderScope(t, u, communes) || <span className="muted">—</span>}
              </td>
              <td data-label={t('admin.users.state')}>{u.disabled ? <span className="badge badge-danger">{t('admin.users.locked')}</span> : <span className="badge badge-success">{t('admin.users.active')}</span>}</td>
              <EditCell label={t('admin.users.editButton')} name={t('admin.users.editNamed', { name: u.fullName })} onClick={() => startEdit(u)} />
            </tr>
          ))}
        </AdminTable>
      )}
    </AdminShell>
  );
}
