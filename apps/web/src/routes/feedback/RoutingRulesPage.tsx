// Administration › Feedback routing (/quan-tri/phan-anh): which agency (and unit) receives a new
// report, by category × commune. A rule without a commune is the category's default for every
// commune without a rule of its own. Saving a category × commune that already has a rule replaces
// it (the server upserts); deleting asks first.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { FeedbackCategory, FeedbackRoutingRule, FeedbackRoutingRuleInput, MapConfig } from '@tinhso/contracts';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SelectField } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { AdminShell, useAgencies, useUnits } from '../admin/AdminShell';
import { AdminTable, EditorForm, SavedNotice, useSaveCycle } from '../admin/adminEditor';
import './feedback.css';

const FIELDS = ['categoryCode', 'communeCode', 'agencyId', 'unitId'] as const;
const ANY = '';

interface Form {
  categoryCode: string;
  communeCode: string;
  agencyId: string;
  unitId: string;
}
const EMPTY: Form = { categoryCode: '', communeCode: ANY, agencyId: '', unitId: '' };

export default function RoutingRulesPage() {
  const { t } = useTranslation();
  const [rules, setRules] = useState<FeedbackRoutingRule[] | null>(null);
  const [categories, setCategories] = useState<FeedbackCategory[]>([]);
  const [communes, setCommunes] = useState<MapConfig['communes']>([]);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [reload, setReload] = useState(0);
  const { agencies } = useAgencies();
  const [form, setForm] = useState<Form | null>(null);
  const [notice, setNotice] = useState('');
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  const [deleteError, setDeleteError] = useState<unknown>(null);
  const cycle = useSaveCycle('rule-');
  const units = useUnits(form?.agencyId);

  useEffect(() => {
    const ctrl = new AbortController();
    Promise.all([
      api.get<FeedbackRoutingRule[]>('/admin/feedback/routing-rules', undefined, ctrl.signal),
      api.get<FeedbackCategory[]>('/admin/feedback/categories', undefined, ctrl.signal),
      api.get<MapConfig>('/map', undefined, ctrl.signal),
    ])
      .then(([r, c, m]) => {
        setRules(r);
        setCategories(c);
        setCommunes([...m.communes].sort((a, b) => a.name.localeCompare(b.name, 'vi')));
      })
      .catch((err: unknown) => {
        if ((err as Error).name !== 'AbortError') setLoadError(err);
      });
    return () => ctrl.abort();
  }, [reload]);

  const set = (k: keyof Form) => (e: { target: { value: string } }) => setForm((f) => (f ? { ...f, [k]: e.target.value, ...(k === 'agencyId' ? { unitId: '' } : {}) } : f));

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!form) return;
    const found: Record<string, string[]> = {};
    if (!form.categoryCode) found.categoryCode = [t('feedback.routing.categoryRequired')];
    if (!form.agencyId) found.agencyId = [t('feedback.routing.agencyRequired')];
    if (!cycle.passes(found, FIELDS)) return;
    const body: FeedbackRoutingRuleInput = { categoryCode: form.categoryCode, communeCode: form.communeCode || null, agencyId: form.agencyId, unitId: form.unitId || null };
    await cycle.save(
      async () => {
        await api.post<FeedbackRoutingRule>('/admin/feedback/routing-rules', body);
        setForm(null);
        setNotice(t('feedback.routing.saved'));
        setReload((n) => n + 1);
      },
      {},
      FIELDS,
    );
  }

  async function onDelete(id: string) {
    setDeleteError(null);
    try {
      await api.del(`/admin/feedback/routing-rules/${id}`);
      setConfirmDelete(null);
      setNotice(t('feedback.routing.deleted'));
      setReload((n) => n + 1);
    } catch (err) {
      setDeleteError(err);
    }
  }

  const title = t('feedback.routing.title');
  const sorted = [...(rules ?? [])].filter((r) => !filter || r.categoryCode === filter).sort((a, b) => a.categoryName.localeCompare(b.categoryName, 'vi') || (a.communeName ?? '').localeCompare(b.communeName ?? '', 'vi'));

  return (
    <AdminShell
      title={title}
      actions={
        !form && (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => {
              setNotice('');
              setForm(EMPTY);
            }}
          >
            {t('feedback.routing.add')}
          </button>
        )
      }
    >
      <p className="muted">{t('feedback.routing.intro')}</p>
      <SavedNotice notice={notice} />
      {loadError ? <ErrorAlert error={loadError} /> : null}
      {form && (
        <EditorForm
          id="rule"
          title={t('feedback.routing.editorTitle')}
          focusKey={form === EMPTY ? 'new' : `${form.categoryCode}-${form.communeCode}`}
          onSubmit={onSubmit}
          error={cycle.error}
          errors={cycle.errors}
          saving={cycle.saving}
          submitLabel={t('feedback.routing.save')}
          onCancel={() => setForm(null)}
        >
          <SelectField id="rule-categoryCode" label={t('feedback.field.category')} required value={form.categoryCode} onChange={set('categoryCode')} errors={cycle.errors.categoryCode}>
            <option value="">{t('feedback.submit.chooseCategory')}</option>
            {categories.map((c) => (
              <option key={c.code} value={c.code}>
                {c.active ? c.name : `${c.name} (${t('feedback.routing.inactive')})`}
              </option>
            ))}
          </SelectField>
          <SelectField id="rule-communeCode" label={t('feedback.field.commune')} value={form.communeCode} onChange={set('communeCode')} errors={cycle.errors.communeCode} hint={t('feedback.routing.communeHint')}>
            <option value={ANY}>{t('feedback.routing.anyCommune')}</option>
            {communes.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
              </option>
            ))}
          </SelectField>
          <SelectField id="rule-agencyId" label={t('feedback.field.agency')} required value={form.agencyId} onChange={set('agencyId')} errors={cycle.errors.agencyId}>
            <option value="">{t('feedback.work.chooseAgency')}</option>
            {(agencies ?? []).map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </SelectField>
          <SelectField id="rule-unitId" label={t('feedback.routing.unit')} value={form.unitId} onChange={set('unitId')} errors={cycle.errors.unitId} disabled={!form.agencyId}>
            <option value="">{t('feedback.work.anyUnit')}</option>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </SelectField>
        </EditorForm>
      )}
      {!rules && !loadError && <Loading />}
      {rules && rules.length === 0 && <p className="card empty">{t('feedback.routing.empty')}</p>}
      {deleteError ? <ErrorAlert error={deleteError} /> : null}
      {rules && rules.length > 0 && (
        <SelectField id="rule-filter" className="admin-filter" label={t('feedback.routing.filter')} value={filter} onChange={(e) => setFilter(e.target.value)}>
          <option value="">{t('feedback.list.all')}</option>
          {categories.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name}
            </option>
          ))}
        </SelectField>
      )}
      {rules && rules.length > 0 && (
        <AdminTable caption={title} columns={[t('feedback.field.category'), t('feedback.field.commune'), t('feedback.field.agency')]} actions>
          {sorted.map((r) => (
            <tr key={r.id}>
              <th scope="row" data-label={t('feedback.field.category')} lang="vi">
                {r.categoryName}
              </th>
              <td data-label={t('feedback.field.commune')} lang="vi">
                {r.communeName ?? <span className="muted">{t('feedback.routing.anyCommune')}</span>}
              </td>
              <td data-label={t('feedback.field.agency')} lang="vi">
                {r.agencyName}
                {r.unitName && <span className="cell-sub">{r.unitName}</span>}
              </td>
              <td className="cell-actions">
                {confirmDelete === r.id ? (
                  <span className="fb-rule-actions">
                    <button type="button" className="btn btn-danger btn-small" onClick={() => void onDelete(r.id)}>
                      {t('feedback.routing.confirmDelete')}
                    </button>
                    <button type="button" className="btn btn-quiet btn-small" onClick={() => setConfirmDelete(null)}>
                      {t('common.cancel')}
                    </button>
                  </span>
                ) : (
                  <span className="fb-rule-actions">
                    <button
                      type="button"
                      className="btn btn-outline btn-small"
                      aria-label={t('feedback.routing.editNamed', { category: r.categoryName, commune: r.communeName ?? t('feedback.routing.anyCommune') })}
                      onClick={() => {
                        setNotice('');
                        setForm({ categoryCode: r.categoryCode, communeCode: r.communeCode ?? ANY, agencyId: r.agencyId, unitId: r.unitId ?? '' });
                        window.scrollTo({ top: 0 });
                      }}
                    >
                      {t('feedback.routing.edit')}
                    </button>
                    <button
                      type="button"
                      className="btn btn-quiet btn-small"
                      aria-label={t('feedback.routing.deleteNamed', { category: r.categoryName, commune: r.communeName ?? t('feedback.routing.anyCommune') })}
                      onClick={() => setConfirmDelete(r.id)}
                    >
                      {t('feedback.routing.delete')}
                    </button>
                  </span>
                )}
              </td>
            </tr>
          ))}
        </AdminTable>
      )}
    </AdminShell>
  );
}
