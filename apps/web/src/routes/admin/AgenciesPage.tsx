// Administration › Agencies (/quan-tri/co-quan): list, add, edit an agency; its units.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Agency, AgencyInput } from '@tinhso/contracts';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SelectField, TextField } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { SearchField } from '../../components/SearchField';
import { AdminShell, errorsByField, fold, keyedField, useAgencies, useUnits } from './AdminShell';
import { AdminTable, EditCell, EditorForm, SavedNotice, useEditing, useSaveCycle } from './adminEditor';

interface Commune {
  code: string;
  name: string;
  kind: string;
  province: string;
}

const FIELDS = ['code', 'name', 'level', 'communeCode', 'address', 'phone', 'email'] as const;
type FormState = Record<(typeof FIELDS)[number], string>;

const EMPTY: FormState = { code: '', name: '', level: 'commune', communeCode: '', address: '', phone: '', email: '' };

function toForm(a: Agency): FormState {
  return { code: a.code, name: a.name, level: a.level, communeCode: a.communeCode ?? '', address: a.address ?? '', phone: a.phone ?? '', email: a.email ?? '' };
}

const CODE_RE = /^[A-Z0-9][A-Z0-9.]{1,30}$/;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function AgencyForm({ agency, communes, onSaved, onCancel }: { agency: Agency | null; communes: Commune[]; onSaved: (a: Agency, created: boolean) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState<FormState>(agency ? toForm(agency) : EMPTY);
  const { errors, setErrors, error, setError, saving, passes, save } = useSaveCycle('agency-');

  useEffect(() => {
    setForm(agency ? toForm(agency) : EMPTY);
    setErrors({});
    setError(null);
  }, [agency]);

  const set = (k: keyof FormState) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));

  function check(): Record<string, string[]> {
    const e: Record<string, string[]> = {};
    if (!CODE_RE.test(form.code.trim())) e.code = [t('admin.agencies.codeInvalid')];
    if (form.name.trim().length < 2) e.name = [t('admin.common.required')];
    if (form.email.trim() && !EMAIL_RE.test(form.email.trim())) e.email = [t('validation.formatEmail')];
    return e;
  }

  async function onSubmit(ev: FormEvent) {
    ev.preventDefault();
    if (!passes(check(), FIELDS)) return;
    const body: AgencyInput = {
      code: form.code.trim(),
      name: form.name.trim(),
      level: form.level as AgencyInput['level'],
      communeCode: form.level === 'commune' && form.communeCode ? form.communeCode : null,
      address: form.address.trim() || null,
      phone: form.phone.trim() || null,
      email: form.email.trim() || null,
    };
    await save(async () => {
      const saved = agency ? await api.put<Agency>(`/admin/agencies/${agency.id}`, body) : await api.post<Agency>('/admin/agencies', body);
      onSaved(saved, !agency);
    }, { 'org.codeTaken': 'code' }, FIELDS);
  }

  const title = agency ? t('admin.agencies.editTitle', { name: agency.name }) : t('admin.agencies.addTitle');
  return (
    <EditorForm id="agency-form" title={title} focusKey={agency} onSubmit={onSubmit} error={error} errors={errors} saving={saving} submitLabel={agency ? t('admin.common.save') : t('admin.agencies.add')} onCancel={onCancel}>
      <TextField id="agency-code" label={t('admin.agencies.code')} hint={t('admin.agencies.codeHint')} required value={form.code} onChange={(e) => setForm((f) => ({ ...f, code: e.target.value.toUpperCase() }))} errors={errors.code} autoComplete="off" spellCheck={false} maxLength={31} />
      <SelectField id="agency-level" label={t('admin.agencies.level')} required value={form.level} onChange={set('level')} errors={errors.level}>
        <option value="province">{t('admin.agencies.levelProvince')}</option>
        <option value="commune">{t('admin.agencies.levelCommune')}</option>
      </SelectField>
      <TextField id="agency-name" className="span-2" label={t('admin.agencies.name')} required value={form.name} onChange={set('name')} errors={errors.name} maxLength={300} />
      {form.level === 'commune' && (
        <SelectField id="agency-communeCode" className="span-2" label={t('admin.agencies.commune')} value={form.communeCode} onChange={set('communeCode')} errors={errors.communeCode}>
          <option value="">{t('admin.agencies.chooseCommune')}</option>
          {communes.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name} ({c.code})
            </option>
          ))}
        </SelectField>
      )}
      <TextField id="agency-address" className="span-2" label={t('admin.agencies.address')} value={form.address} onChange={set('address')} errors={errors.address} maxLength={500} />
      <TextField id="agency-phone" type="tel" label={t('admin.agencies.phone')} value={form.phone} onChange={set('phone')} errors={errors.phone} maxLength={30} />
      <TextField id="agency-email" type="email" label={t('admin.agencies.email')} value={form.email} onChange={set('email')} errors={errors.email} maxLength={200} />
    </EditorForm>
  );
}

function UnitsPanel({ agency }: { agency: Agency }) {
  const { t } = useTranslation();
  const [reload, setReload] = useState(0);
  const units = useUnits(agency.id, reload);
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<string[] | undefined>();
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState('');

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setNotice('');
    if (name.trim().length < 2) {
      setErrors([t('admin.units.nameRequired')]);
      document.getElementById('unit-name')?.focus();
      return;
    }
    setSaving(true);
    setErrors(undefined);
    setError(null);
    try {
      await api.post(`/admin/agencies/${agency.id}/units`, { name: name.trim() });
      setNotice(t('admin.units.added', { name: name.trim() }));
      setName('');
      setReload((n) => n + 1);
    } catch (err) {
      const keyed = keyedField(err, { 'org.unitNameTaken': 'name' });
      setErrors(keyed ? [(err as Error).message] : errorsByField(err, ['name']).name);
      setError(keyed ? null : err);
    } finally {
      setSaving(false);
    }
  }

  return (
    <section className="card" aria-labelledby="units-title">
      <h2 id="units-title">{t('admin.units.title', { name: agency.name })}</h2>
      {units.length === 0 ? (
        <p className="muted">{t('admin.units.empty')}</p>
      ) : (
        <ul className="plain-list units-list" lang="vi">
          {units.map((u) => (
            <li key={u.id}>{u.name}</li>
          ))}
        </ul>
      )}
      <form onSubmit={onSubmit} noValidate className="inline-add">
        <TextField id="unit-name" label={t('admin.units.name')} value={name} onChange={(e) => setName(e.target.value)} errors={errors} maxLength={300} required />
        {error && !errors?.length ? <ErrorAlert error={error} /> : null}
        <button type="submit" className="btn btn-outline" disabled={saving}>
          {t('admin.units.add')}
        </button>
      </form>
      <p role="status" aria-live="polite" className="status-line units-notice">
        {notice}
      </p>
    </section>
  );
}

export default function AgenciesPage() {
  const { t } = useTranslation();
  const [reload, setReload] = useState(0);
  const { agencies, error } = useAgencies(reload);
  const [communes, setCommunes] = useState<Commune[]>([]);
  const { editing, setEditing, notice, setNotice, startNew, startEdit } = useEditing<Agency>();
  const [filter, setFilter] = useState('');

  useEffect(() => {
    api
      .get<Commune[]>('/communes')
      .then(setCommunes)
      .catch(() => undefined);
  }, []);

  const communeName = (code: string | null) => (code ? (communes.find((c) => c.code === code)?.name ?? code) : '');
  const current = editing && editing !== 'new' ? (agencies?.find((a) => a.id === editing.id) ?? editing) : null;
  const shown = agencies?.filter((a) => !filter.trim() || fold(`${a.code} ${a.name}`).includes(fold(filter.trim()))) ?? [];

  return (
    <AdminShell
      title={t('admin.agencies.title')}
      actions={
        <button type="button" className="btn btn-primary" onClick={startNew}>
          {t('admin.agencies.addButton')}
        </button>
      }
    >
      <SavedNotice notice={notice} />
      {editing && (
        <div className="admin-editor">
          <AgencyForm
            agency={current}
            communes={communes}
            onCancel={() => setEditing(null)}
            onSaved={(a, created) => {
              setNotice(created ? t('admin.agencies.created', { name: a.name }) : t('admin.agencies.saved', { name: a.name }));
              setEditing(a);
              setReload((n) => n + 1);
            }}
          />
          {current && <UnitsPanel agency={current} />}
        </div>
      )}
      {error ? <ErrorAlert error={error} /> : null}
      {!agencies && !error && <Loading />}
      {agencies && (
        <>
          <div className="field admin-filter">
            <SearchField id="agency-filter" label={t('admin.agencies.filter')} value={filter} onValueChange={setFilter} />
          </div>
          <AdminTable caption={t('admin.agencies.caption')} columns={[t('admin.agencies.code'), t('admin.agencies.name'), t('admin.agencies.level'), t('admin.agencies.contact')]} actions>
            {shown.map((a) => (
              <tr key={a.id} className={current?.id === a.id ? 'is-selected' : undefined}>
                <th scope="row" data-label={t('admin.agencies.code')}>
                  <span className="mono">{a.code}</span>
                </th>
                <td data-label={t('admin.agencies.name')} lang="vi">
                  {a.name}
                  {a.communeCode && <span className="cell-sub">{communeName(a.communeCode)}</span>}
                </td>
                <td data-label={t('admin.agencies.level')} className="nowrap">{a.level === 'province' ? t('admin.agencies.levelProvince') : t('admin.agencies.levelCommune')}</td>
                <td data-label={t('admin.agencies.contact')}>
                  {a.phone && <span className="block">{a.phone}</span>}
                  {a.email && <span className="block break-all">{a.email}</span>}
                  {a.address && (
                    <span className="cell-sub" lang="vi">
                      {a.address}
                    </span>
                  )}
                </td>
                <EditCell label={t('admin.agencies.editButton')} name={t('admin.agencies.editNamed', { name: a.name })} onClick={() => startEdit(a)} />
              </tr>
            ))}
          </AdminTable>
        </>
      )}
    </AdminShell>
  );
}
