// Administration › Procedure editor (/quan-tri/thu-tuc/moi, /quan-tri/thu-tuc/:id): general
// facts, texts, required documents and the application form (JSON Schema in a monospace
// textarea, checked as you type, with a live preview rendered by the citizens' ProcedureForm).
import { Component, useDeferredValue, useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { RJSFSchema } from '@rjsf/utils';
import type { Procedure, ProcedureInput } from '@tinhso/contracts';
import { api } from '../../api';
import { Breadcrumb } from '../../components/Breadcrumb';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SelectField, TextAreaField, TextField } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { ProcedureForm, useFormTools, type FormData } from '../../forms/ProcedureForm';
import { formatMoney } from '../../format';
import { ADMIN_BASE, AdminShell, useAgencies, useUnits } from './AdminShell';
import { AgencyOptions, useSaveCycle } from './adminEditor';

interface DocRow {
  key: number;
  name: string;
  required: boolean;
  copies: string;
  note: string;
}

interface FormState {
  code: string;
  name: string;
  field: string;
  agencyId: string;
  unitId: string;
  processingDays: string;
  fee: string;
  feeNote: string;
  onlineLevel: 'full' | 'partial';
  description: string;
  requirements: string;
  resultDescription: string;
  legalBasis: string;
  active: boolean;
  documents: DocRow[];
  schemaText: string;
}

const FIELDS = ['code', 'name', 'field', 'agencyId', 'unitId', 'processingDays', 'fee', 'feeNote', 'onlineLevel', 'description', 'requirements', 'resultDescription', 'legalBasis', 'active', 'documents', 'formSchema'] as const;

const STARTER_SCHEMA = {
  type: 'object',
  required: ['fullName'],
  properties: {
    fullName: { type: 'string', title: 'Họ và tên', minLength: 1, maxLength: 200 },
    note: { type: 'string', title: 'Nội dung đề nghị', maxLength: 2000 },
  },
};

let docKey = 1;

function toForm(p: Procedure | null): FormState {
  if (!p)
    return {
      code: '',
      name: '',
      field: '',
      agencyId: '',
      unitId: '',
      processingDays: '5',
      fee: '0',
      feeNote: '',
      onlineLevel: 'full',
      description: '',
      requirements: '',
      resultDescription: '',
      legalBasis: '',
      active: true,
      documents: [{ key: docKey++, name: '', required: true, copies: '1', note: '' }],
      schemaText: JSON.stringify(STARTER_SCHEMA, null, 2),
    };
  return {
    code: p.code,
    name: p.name,
    field: p.field,
    agencyId: p.agencyId,
    unitId: p.unitId ?? '',
    processingDays: String(p.processingDays),
    fee: String(p.fee),
    feeNote: p.feeNote ?? '',
    onlineLevel: p.onlineLevel,
    description: p.description ?? '',
    requirements: p.requirements ?? '',
    resultDescription: p.resultDescription ?? '',
    legalBasis: p.legalBasis ?? '',
    active: p.active,
    documents: p.documents.map((d) => ({ key: docKey++, name: d.name, required: d.required, copies: d.copies ? String(d.copies) : '', note: d.note ?? '' })),
    schemaText: JSON.stringify(p.formSchema, null, 2),
  };
}

export type SchemaCheck = { ok: true; schema: RJSFSchema } | { ok: false; message: string };

/** Parses the form schema text; the message says in the UI language what is wrong and where. */
export function checkSchemaText(t: TFunction, text: string): SchemaCheck {
  if (!text.trim()) return { ok: false, message: t('admin.schema.empty') };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const msg = (err as Error).message ?? '';
    let line: number | null = null;
    let column: number | null = null;
    const lc = /line (\d+) column (\d+)/i.exec(msg);
    if (lc) {
      line = Number(lc[1]);
      column = Number(lc[2]);
    } else {
      const pos = /position (\d+)/i.exec(msg);
      if (pos) {
        const before = text.slice(0, Number(pos[1]));
        line = before.split('\n').length;
        column = before.length - before.lastIndexOf('\n');
      } else if (/end of (json|data)|unexpected end/i.test(msg)) {
        line = text.split('\n').length;
        column = (text.split('\n').pop() ?? '').length + 1;
      }
    }
    return { ok: false, message: line !== null ? t('admin.schema.syntaxAt', { line, column }) : t('admin.schema.syntax') };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, message: t('admin.schema.notObject') };
  const s = value as Record<string, unknown>;
  if (s.type !== 'object') return { ok: false, message: t('admin.schema.typeObject') };
  if (s.properties !== undefined && (typeof s.properties !== 'object' || s.properties === null || Array.isArray(s.properties))) return { ok: false, message: t('admin.schema.propertiesObject') };
  if (s.required !== undefined && (!Array.isArray(s.required) || s.required.some((r) => typeof r !== 'string'))) return { ok: false, message: t('admin.schema.requiredList') };
  const props = (s.properties ?? {}) as Record<string, unknown>;
  const missing = ((s.required as string[] | undefined) ?? []).filter((r) => !(r in props));
  if (missing.length) return { ok: false, message: t('admin.schema.requiredUnknown', { names: missing.join(', ') }) };
  return { ok: true, schema: s as RJSFSchema };
}

class PreviewBoundary extends Component<{ fallback: ReactNode; children: ReactNode }, { failed: boolean }> {
  state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}

function SchemaPreview({ schema }: { schema: RJSFSchema }) {
  const tools = useFormTools(schema);
  const [data, setData] = useState<FormData>({});
  if (!tools) return null;
  return (
    <div lang="vi">
      <ProcedureForm schema={schema} tools={tools} formData={data} onChange={setData} liveValidate />
    </div>
  );
}

export default function ProcedureEditPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const isNew = !id;
  const navigate = useNavigate();
  const location = useLocation();
  const [procedure, setProcedure] = useState<Procedure | null>(null);
  const [form, setForm] = useState<FormState | null>(isNew ? toForm(null) : null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const { errors, error, saving, passes, save } = useSaveCycle('proc-');
  const [clientInvalid, setClientInvalid] = useState(false);
  const [notice, setNotice] = useState('');
  const createdNotice = (location.state as { created?: string } | null)?.created ?? '';
  const [fields, setFields] = useState<string[]>([]);
  const { agencies } = useAgencies();
  const units = useUnits(form?.agencyId);
  const noticeRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    api
      .get<string[]>('/procedure-fields')
      .then(setFields)
      .catch(() => undefined);
  }, []);

  // After "add", the page moves to the new procedure's address with a message to announce.
  useEffect(() => {
    setNotice(createdNotice);
  }, [createdNotice, location.key]);

  useEffect(() => {
    if (isNew) {
      setProcedure(null);
      setForm(toForm(null));
      return;
    }
    const ctrl = new AbortController();
    setForm(null);
    api
      .get<Procedure[]>('/admin/procedures', undefined, ctrl.signal)
      .then((rows) => {
        const p = rows.find((r) => r.id === id);
        if (!p) throw Object.assign(new Error('not found'), { notFound: true });
        setProcedure(p);
        setForm(toForm(p));
      })
      .catch((err: unknown) => {
        if ((err as Error).name !== 'AbortError') setLoadError(err);
      });
    return () => ctrl.abort();
  }, [id, isNew]);

  const deferredSchemaText = useDeferredValue(form?.schemaText ?? '');
  const schemaCheck = useMemo(() => checkSchemaText(t, deferredSchemaText), [t, deferredSchemaText]);
  const [lastGood, setLastGood] = useState<RJSFSchema | null>(null);
  useEffect(() => {
    if (schemaCheck.ok) setLastGood(schemaCheck.schema);
  }, [schemaCheck]);

  const title = isNew ? t('admin.procedures.addTitle') : t('admin.procedures.editTitle');

  if (loadError) {
    return (
      <AdminShell title={title}>
        {(loadError as { notFound?: boolean }).notFound ? <p className="alert alert-error">{t('admin.procedures.notFound')}</p> : <ErrorAlert error={loadError} />}
        <Link to={`${ADMIN_BASE}/thu-tuc`}>{t('admin.procedures.backToList')}</Link>
      </AdminShell>
    );
  }
  if (!form) {
    return (
      <AdminShell title={title}>
        <Loading />
      </AdminShell>
    );
  }

  const f = form;
  const set = (k: keyof FormState) => (e: { target: { value: string } }) => setForm((old) => (old ? { ...old, [k]: e.target.value } : old));
  const setDoc = (key: number, patch: Partial<DocRow>) => setForm((old) => (old ? { ...old, documents: old.documents.map((d) => (d.key === key ? { ...d, ...patch } : d)) } : old));
  const moveDoc = (index: number, delta: number) =>
    setForm((old) => {
      if (!old) return old;
      const docs = [...old.documents];
      const target = index + delta;
      if (target < 0 || target >= docs.length) return old;
      [docs[index], docs[target]] = [docs[target]!, docs[index]!];
      return { ...old, documents: docs };
    });

  const known = [...FIELDS, ...f.documents.flatMap((_, i) => [`documents.${i}.name`, `documents.${i}.copies`, `documents.${i}.note`, `documents.${i}.required`])];
  const order = ['code', 'name', 'field', 'agencyId', 'unitId', 'processingDays', 'fee', 'feeNote', ...f.documents.flatMap((_, i) => [`documents.${i}.name`, `documents.${i}.copies`]), 'documents', 'formSchema'];

  function check(): Record<string, string[]> {
    const e: Record<string, string[]> = {};
    if (!/^[A-Za-z0-9.\-_]{2,50}$/.test(f.code.trim())) e.code = [t('admin.procedures.codeInvalid')];
    if (f.name.trim().length < 3) e.name = [t('validation.minLength', { limit: 3 })];
    if (f.field.trim().length < 2) e.field = [t('validation.minLength', { limit: 2 })];
    if (!f.agencyId) e.agencyId = [t('admin.procedures.agencyRequired')];
    const days = Number(f.processingDays);
    if (f.processingDays.trim() === '' || !Number.isInteger(days) || days < 0 || days > 365) e.processingDays = [t('admin.procedures.daysInvalid')];
    const fee = Number(f.fee);
    if (f.fee.trim() === '' || !Number.isInteger(fee) || fee < 0) e.fee = [t('admin.procedures.feeInvalid')];
    f.documents.forEach((d, i) => {
      if (d.name.trim().length < 2) e[`documents.${i}.name`] = [t('validation.minLength', { limit: 2 })];
      if (d.copies.trim() && !(Number.isInteger(Number(d.copies)) && Number(d.copies) >= 1 && Number(d.copies) <= 20)) e[`documents.${i}.copies`] = [t('admin.procedures.copiesInvalid')];
    });
    const sc = checkSchemaText(t, f.schemaText);
    if (!sc.ok) e.formSchema = [sc.message];
    return e;
  }

  async function onSubmit(ev: FormEvent) {
    ev.preventDefault();
    setNotice('');
    const ok = passes(check(), order);
    setClientInvalid(!ok);
    if (!ok) return;
    const body: ProcedureInput = {
      code: f.code.trim(),
      name: f.name.trim(),
      field: f.field.trim(),
      agencyId: f.agencyId,
      unitId: f.unitId || null,
      processingDays: Number(f.processingDays),
      fee: Number(f.fee),
      feeNote: f.feeNote.trim() || null,
      onlineLevel: f.onlineLevel,
      description: f.description,
      requirements: f.requirements,
      documents: f.documents.map((d) => ({ name: d.name.trim(), required: d.required, ...(d.copies.trim() ? { copies: Number(d.copies) } : {}), ...(d.note.trim() ? { note: d.note.trim() } : {}) })),
      formSchema: JSON.parse(f.schemaText) as Record<string, unknown>,
      resultDescription: f.resultDescription,
      legalBasis: f.legalBasis,
      active: f.active,
    };
    await save(
      async () => {
        if (isNew) {
          const created = await api.post<Procedure>('/admin/procedures', body);
          navigate(`${ADMIN_BASE}/thu-tuc/${created.id}`, { replace: true, state: { created: t('admin.procedures.created', { name: created.name }) } });
        } else {
          const saved = await api.put<Procedure>(`/admin/procedures/${id}`, body);
          setProcedure(saved);
          setForm(toForm(saved));
          setNotice(t('admin.procedures.saved', { name: saved.name }));
          window.setTimeout(() => noticeRef.current?.focus(), 0);
        }
      },
      { 'catalog.codeTaken': 'code' },
      known,
      order,
    );
  }

  const err = (k: string) => (errors[k]?.length ? errors[k] : undefined);
  const feeNumber = Number(f.fee);

  return (
    <AdminShell title={title}>
      <Breadcrumb trail={[{ to: `${ADMIN_BASE}/thu-tuc`, label: t('admin.nav.procedures') }]} current={procedure?.name ?? t('admin.procedures.addTitle')} currentLang="vi" />
      <div ref={noticeRef} tabIndex={-1} role="status" aria-live="polite" className="notice-region">
        {notice && <p className="alert alert-success">{notice}</p>}
      </div>

      <form onSubmit={onSubmit} noValidate className="procedure-editor">
        <p className="muted small">{t('common.requiredLegend')}</p>
        <fieldset className="card section">
          <legend>{t('admin.procedures.general')}</legend>
          <div className="grid-2">
            <TextField id="proc-code" label={t('admin.procedures.code')} hint={t('admin.procedures.codeHint')} required value={f.code} onChange={set('code')} errors={err('code')} maxLength={50} spellCheck={false} autoComplete="off" />
            <TextField id="proc-field" label={t('admin.procedures.field')} required value={f.field} onChange={set('field')} errors={err('field')} list="proc-field-list" maxLength={200} autoComplete="off" />
            <datalist id="proc-field-list">
              {fields.map((x) => (
                <option key={x} value={x} />
              ))}
            </datalist>
            <TextAreaField id="proc-name" className="span-2" label={t('admin.procedures.name')} required rows={2} value={f.name} onChange={set('name')} errors={err('name')} maxLength={500} />
            <SelectField id="proc-agencyId" label={t('admin.procedures.agency')} required value={f.agencyId} onChange={(e) => setForm((old) => (old ? { ...old, agencyId: e.target.value, unitId: '' } : old))} errors={err('agencyId')}>
              <option value="">{t('admin.users.chooseAgency')}</option>
              <AgencyOptions agencies={agencies} withCode />
            </SelectField>
            <SelectField id="proc-unitId" label={t('admin.procedures.unit')} value={f.unitId} onChange={set('unitId')} errors={err('unitId')} disabled={!f.agencyId}>
              <option value="">{t('admin.users.noUnit')}</option>
              {units.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </SelectField>
            <TextField id="proc-processingDays" type="number" inputMode="numeric" min={0} max={365} step={1} label={t('admin.procedures.processingDays')} hint={t('admin.procedures.processingDaysHint')} required value={f.processingDays} onChange={set('processingDays')} errors={err('processingDays')} />
            <TextField
              id="proc-fee"
              type="number"
              inputMode="numeric"
              min={0}
              step={1000}
              label={t('admin.procedures.feeLabel')}
              hint={Number.isInteger(feeNumber) && feeNumber > 0 ? formatMoney(feeNumber) : t('admin.procedures.feeHint')}
              required
              value={f.fee}
              onChange={set('fee')}
              errors={err('fee')}
            />
            <TextField id="proc-feeNote" className="span-2" label={t('admin.procedures.feeNote')} value={f.feeNote} onChange={set('feeNote')} errors={err('feeNote')} maxLength={1000} />
            <fieldset className="field span-2 radio-group">
              <legend className="field-label">{t('admin.procedures.onlineLevel')}</legend>
              <label className="check-label">
                <input type="radio" name="proc-onlineLevel" value="full" checked={f.onlineLevel === 'full'} onChange={() => setForm((old) => (old ? { ...old, onlineLevel: 'full' } : old))} />
                <span>{t('procedure.levelFull')}</span>
              </label>
              <label className="check-label">
                <input type="radio" name="proc-onlineLevel" value="partial" checked={f.onlineLevel === 'partial'} onChange={() => setForm((old) => (old ? { ...old, onlineLevel: 'partial' } : old))} />
                <span>{t('procedure.levelPartial')}</span>
              </label>
            </fieldset>
            <div className="field span-2">
              <label htmlFor="proc-active" className="check-label">
                <input id="proc-active" type="checkbox" checked={f.active} onChange={(e) => setForm((old) => (old ? { ...old, active: e.target.checked } : old))} aria-describedby="proc-active-hint" />
                <span>{t('admin.procedures.activeLabel')}</span>
              </label>
              <p id="proc-active-hint" className="field-hint">
                {t('admin.procedures.activeHint')}
              </p>
            </div>
          </div>
        </fieldset>

        <fieldset className="card section">
          <legend>{t('admin.procedures.texts')}</legend>
          <TextAreaField id="proc-description" label={t('admin.procedures.description')} rows={3} value={f.description} onChange={set('description')} errors={err('description')} maxLength={10000} />
          <TextAreaField id="proc-requirements" label={t('admin.procedures.requirements')} rows={3} value={f.requirements} onChange={set('requirements')} errors={err('requirements')} maxLength={10000} />
          <TextAreaField id="proc-resultDescription" label={t('admin.procedures.resultDescription')} rows={2} value={f.resultDescription} onChange={set('resultDescription')} errors={err('resultDescription')} maxLength={2000} />
          <TextAreaField id="proc-legalBasis" label={t('admin.procedures.legalBasis')} rows={3} value={f.legalBasis} onChange={set('legalBasis')} errors={err('legalBasis')} maxLength={5000} />
        </fieldset>

        <fieldset className="card section">
          <legend>{t('admin.procedures.documents')}</legend>
          {err('documents') && (
            <p id="proc-documents" className="field-error" tabIndex={-1}>
              {err('documents')!.join(' ')}
            </p>
          )}
          {f.documents.length === 0 && <p className="muted">{t('admin.procedures.noDocuments')}</p>}
          <ol className="doc-editor">
            {f.documents.map((d, i) => (
              <li key={d.key} className="doc-row">
                <div className="doc-row-fields">
                  <TextField id={`proc-documents.${i}.name`} className="doc-name-field" label={t('admin.procedures.docName', { n: i + 1 })} required value={d.name} onChange={(e) => setDoc(d.key, { name: e.target.value })} errors={err(`documents.${i}.name`)} maxLength={300} />
                  <TextField id={`proc-documents.${i}.copies`} className="doc-copies-field" type="number" inputMode="numeric" min={1} max={20} label={t('admin.procedures.docCopies')} value={d.copies} onChange={(e) => setDoc(d.key, { copies: e.target.value })} errors={err(`documents.${i}.copies`)} />
                  <TextField id={`proc-documents.${i}.note`} className="doc-note-field" label={t('admin.procedures.docNote')} value={d.note} onChange={(e) => setDoc(d.key, { note: e.target.value })} errors={err(`documents.${i}.note`)} maxLength={500} />
                  <div className="field doc-required-field">
                    <label htmlFor={`proc-documents.${i}.required`} className="check-label">
                      <input id={`proc-documents.${i}.required`} type="checkbox" checked={d.required} onChange={(e) => setDoc(d.key, { required: e.target.checked })} />
                      <span>{t('admin.procedures.docRequired')}</span>
                    </label>
                  </div>
                </div>
                <div className="doc-row-actions">
                  <button type="button" className="btn btn-quiet btn-small" onClick={() => moveDoc(i, -1)} disabled={i === 0} aria-label={t('admin.procedures.moveUpNamed', { n: i + 1 })}>
                    {t('admin.procedures.moveUp')}
                  </button>
                  <button type="button" className="btn btn-quiet btn-small" onClick={() => moveDoc(i, 1)} disabled={i === f.documents.length - 1} aria-label={t('admin.procedures.moveDownNamed', { n: i + 1 })}>
                    {t('admin.procedures.moveDown')}
                  </button>
                  <button type="button" className="btn btn-quiet btn-small text-danger" onClick={() => setForm((old) => (old ? { ...old, documents: old.documents.filter((x) => x.key !== d.key) } : old))} aria-label={t('admin.procedures.removeDocNamed', { n: i + 1 })}>
                    {t('admin.procedures.removeDoc')}
                  </button>
                </div>
              </li>
            ))}
          </ol>
          <button type="button" className="btn btn-outline" onClick={() => setForm((old) => (old ? { ...old, documents: [...old.documents, { key: docKey++, name: '', required: true, copies: '1', note: '' }] } : old))} disabled={f.documents.length >= 50}>
            {t('admin.procedures.addDoc')}
          </button>
        </fieldset>

        <fieldset className="card section">
          <legend>{t('admin.procedures.formSchema')}</legend>
          <p className="field-hint">{t('admin.schema.intro')}</p>
          <div className="schema-grid">
            <div className={`field${err('formSchema') || !schemaCheck.ok ? ' has-error' : ''}`}>
              <label htmlFor="proc-formSchema" className="field-label">
                {t('admin.schema.label')}
                <span className="required-mark" title={t('common.required')}>
                  {' '}
                  *
                </span>
              </label>
              <textarea
                id="proc-formSchema"
                className="mono schema-text"
                rows={18}
                spellCheck={false}
                autoCapitalize="off"
                autoCorrect="off"
                value={f.schemaText}
                onChange={set('schemaText')}
                aria-invalid={!schemaCheck.ok || !!err('formSchema') || undefined}
                aria-describedby="proc-formSchema-status"
              />
              <p id="proc-formSchema-status" className={schemaCheck.ok && !err('formSchema') ? 'field-hint schema-ok' : 'field-error'} aria-live="polite">
                {!schemaCheck.ok ? schemaCheck.message : err('formSchema') ? err('formSchema')!.join(' ') : t('admin.schema.valid')}
              </p>
              <button
                type="button"
                className="btn btn-outline btn-small"
                disabled={!schemaCheck.ok}
                onClick={() => {
                  if (schemaCheck.ok) setForm((old) => (old ? { ...old, schemaText: JSON.stringify(JSON.parse(old.schemaText), null, 2) } : old));
                }}
              >
                {t('admin.schema.format')}
              </button>
            </div>
            <section className="schema-preview" aria-labelledby="schema-preview-title">
              <h3 id="schema-preview-title">{t('admin.schema.preview')}</h3>
              <p className="field-hint">{schemaCheck.ok ? t('admin.schema.previewHint') : t('admin.schema.previewStale')}</p>
              {lastGood && (
                <PreviewBoundary key={JSON.stringify(lastGood)} fallback={<p className="field-error">{t('admin.schema.previewFailed')}</p>}>
                  <SchemaPreview schema={lastGood} />
                </PreviewBoundary>
              )}
            </section>
          </div>
        </fieldset>

        {error ? <ErrorAlert error={error} showDetails={!!errors['']?.length} /> : null}
        {clientInvalid && Object.keys(errors).length > 0 && (
          <p className="alert alert-error" role="alert">
            {t('common.fixErrors')}
          </p>
        )}
        <div className="card button-row save-bar">
          <button type="submit" className="btn btn-primary btn-large" disabled={saving}>
            {saving ? t('admin.common.saving') : t('admin.procedures.save')}
          </button>
          <Link to={`${ADMIN_BASE}/thu-tuc`} className="btn btn-quiet">
            {t('admin.procedures.backToList')}
          </Link>
        </div>
      </form>
    </AdminShell>
  );
}
