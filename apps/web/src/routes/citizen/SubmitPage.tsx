// Online submission: applicant (prefilled from the account), the procedure's form (RJSF), one
// file per document (uploaded at once), then POST /api/v1/dossiers with an Idempotency-Key that
// is kept across retries. Everything typed is kept as a draft in localStorage until it is sent.
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type Form from '@rjsf/core';
import type { ErrorSchema, RJSFSchema } from '@rjsf/utils';
import type { DossierDetail, Me, Procedure, SubmitDossierInput } from '@tinhso/contracts';
import { api, ApiError, fieldErrors } from '../../api';
import { useAuth } from '../../auth';
import { Breadcrumb } from '../../components/Breadcrumb';
import { errorText } from '../../components/ErrorAlert';
import { TextAreaField, TextField } from '../../components/Field';
import { FileField, type UploadedFile } from '../../components/FileField';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime, formatMoney, processingText } from '../../format';
import { ProcedureForm, useFormTools, type FormData } from '../../forms/ProcedureForm';
import { EMAIL_RE, normalisePhone, PHONE_RE } from '../../validation';

interface Applicant {
  fullName: string;
  phone: string;
  email: string;
  address: string;
}

interface Draft {
  applicant: Applicant;
  formData: FormData;
  /** Uploaded file per document name. */
  files: Record<string, UploadedFile>;
  /** One key per submission attempt, kept across retries (the server returns the same dossier). */
  idempotencyKey: string;
  savedAt: string;
}

const DRAFT_VERSION = 'v1';
export const draftKey = (userId: string, procedureId: string) => `tinhso.draft.${DRAFT_VERSION}.${userId}.${procedureId}`;

function newKey(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}

function freshDraft(me: Me): Draft {
  return {
    applicant: { fullName: me.fullName ?? '', phone: me.phone ?? '', email: me.email ?? '', address: me.address ?? '' },
    formData: {},
    files: {},
    idempotencyKey: newKey(),
    savedAt: '',
  };
}

function loadDraft(key: string): Draft | null {
  try {
    const raw = localStorage.getItem(key);
    if (!raw) return null;
    const d = JSON.parse(raw) as Partial<Draft>;
    if (!d || typeof d !== 'object' || !d.applicant || !d.idempotencyKey) return null;
    return { applicant: d.applicant, formData: d.formData ?? {}, files: d.files ?? {}, idempotencyKey: d.idempotencyKey, savedAt: d.savedAt ?? '' };
  } catch {
    return null;
  }
}

interface SummaryItem {
  target: string; // element id to focus
  text: string;
}

export default function SubmitPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const { me } = useAuth();
  const navigate = useNavigate();
  const [procedure, setProcedure] = useState<Procedure | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [restored, setRestored] = useState<string | null>(null);
  const [busyUploads, setBusyUploads] = useState(0);
  const [submitting, setSubmitting] = useState(false);
  const [attempted, setAttempted] = useState(false);
  const [summary, setSummary] = useState<SummaryItem[]>([]);
  const [submitError, setSubmitError] = useState<unknown>(null);
  const [applicantErrors, setApplicantErrors] = useState<Record<string, string[]>>({});
  const [docErrors, setDocErrors] = useState<Record<string, string[]>>({});
  const [extraErrors, setExtraErrors] = useState<ErrorSchema | undefined>(undefined);
  const formRef = useRef<Form>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const storageKey = me ? draftKey(me.id, id) : '';

  useEffect(() => {
    const ctrl = new AbortController();
    api
      .get<Procedure>(`/procedures/${encodeURIComponent(id)}`, undefined, ctrl.signal)
      .then(setProcedure)
      .catch((err: unknown) => {
        if ((err as Error).name !== 'AbortError') setLoadError(err);
      });
    return () => ctrl.abort();
  }, [id]);

  // Restore the draft, or start one prefilled from the account.
  useEffect(() => {
    if (!me || draft) return;
    const saved = loadDraft(storageKey);
    if (saved) {
      setDraft(saved);
      setRestored(saved.savedAt || null);
    } else setDraft(freshDraft(me));
  }, [me, storageKey, draft]);

  // Save it on every change.
  useEffect(() => {
    if (!draft || !storageKey) return;
    try {
      localStorage.setItem(storageKey, JSON.stringify({ ...draft, savedAt: new Date().toISOString() }));
    } catch {
      /* storage full or disabled: the form still works */
    }
  }, [draft, storageKey]);

  const schema = useMemo(() => (procedure ? (procedure.formSchema as RJSFSchema) : null), [procedure]);
  const tools = useFormTools(schema);

  if (loadError) {
    return (
      <div className="container page">
        <PageTitle title={t('submit.title')} />
        <h1>{t('submit.title')}</h1>
        <ErrorAlert error={loadError} />
        <Link to="/thu-tuc">{t('procedure.backToCatalog')}</Link>
      </div>
    );
  }
  if (!procedure || !draft || !tools || !me || !schema) return <Loading />;

  const proc = procedure;
  const d = draft;
  const hasFormFields = Object.keys((schema.properties ?? {}) as object).length > 0;

  const setApplicant = (k: keyof Applicant) => (e: { target: { value: string } }) => setDraft((old) => (old ? { ...old, applicant: { ...old.applicant, [k]: e.target.value } } : old));
  const setFile = (name: string, file: UploadedFile | null) => {
    setDraft((old) => {
      if (!old) return old;
      const files = { ...old.files };
      if (file) files[name] = file;
      else delete files[name];
      return { ...old, files };
    });
    setDocErrors((old) => ({ ...old, [name]: [] }));
  };
  const docId = (index: number) => `doc-${index}`;

  function checkApplicant(a: Applicant): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    if (a.fullName.trim().length < 2) out.fullName = [t('submit.fullNameRequired')];
    if (a.phone.trim() && !PHONE_RE.test(normalisePhone(a.phone))) out.phone = [t('auth.phoneInvalid')];
    if (a.email.trim() && !EMAIL_RE.test(a.email.trim())) out.email = [t('validation.formatEmail')];
    if (a.address.length > 500) out.address = [t('validation.maxLength', { limit: 500 })];
    return out;
  }

  function showSummary(items: SummaryItem[]) {
    setSummary(items);
    window.setTimeout(() => summaryRef.current?.focus(), 0);
  }

  function currentFormData(): FormData {
    return ((formRef.current?.state.formData as FormData | undefined) ?? d.formData) || {};
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (submitting || busyUploads > 0) return;
    setAttempted(true);
    setSubmitError(null);
    setExtraErrors(undefined);

    const aErr = checkApplicant(d.applicant);
    const formData = currentFormData();
    const formErrs = hasFormFields ? tools!.validate(formData) : [];
    if (hasFormFields) formRef.current?.validateForm();
    const missing: Record<string, string[]> = {};
    proc.documents.forEach((doc) => {
      if (doc.required && !d.files[doc.name]) missing[doc.name] = [t('submit.documentMissing')];
    });
    setApplicantErrors(aErr);
    setDocErrors(missing);

    const items: SummaryItem[] = [
      ...Object.entries(aErr).map(([k, msgs]) => ({ target: `applicant-${k}`, text: `${t(`submit.applicant.${k as keyof Applicant}`)}: ${msgs.join(' ')}` })),
      ...formErrs.map((fe) => ({ target: `root${(fe.property ?? '').replace(/\./g, '_')}`, text: fe.stack })),
      ...proc.documents.flatMap((doc, i) => (missing[doc.name] ? [{ target: docId(i), text: `${doc.name}: ${t('submit.documentMissing')}` }] : [])),
    ];
    if (items.length) {
      showSummary(items);
      return;
    }
    setSummary([]);

    const a = d.applicant;
    const applicant: SubmitDossierInput['applicant'] = { fullName: a.fullName.trim() };
    if (a.phone.trim()) applicant.phone = normalisePhone(a.phone);
    if (a.email.trim()) applicant.email = a.email.trim();
    if (a.address.trim()) applicant.address = a.address.trim();
    const body: SubmitDossierInput = {
      procedureId: proc.id,
      formData,
      applicant,
      attachments: proc.documents.flatMap((doc) => (d.files[doc.name] ? [{ uploadId: d.files[doc.name]!.uploadId, label: doc.name }] : [])),
    };

    setSubmitting(true);
    try {
      const dossier = await api.post<DossierDetail>('/dossiers', body, { 'Idempotency-Key': d.idempotencyKey });
      try {
        localStorage.removeItem(storageKey);
      } catch {
        /* ignore */
      }
      navigate(`/ho-so/${dossier.id}`, { replace: true, state: { submitted: true } });
    } catch (err) {
      setSubmitting(false);
      setSubmitError(err);
      const byField = fieldErrors(err);
      const nextApplicant: Record<string, string[]> = {};
      const nextDocs: Record<string, string[]> = {};
      const extra: Record<string, unknown> = {};
      const serverItems: SummaryItem[] = [];
      for (const [field, msgs] of Object.entries(byField)) {
        if (field.startsWith('applicant.')) {
          const k = field.slice('applicant.'.length);
          nextApplicant[k] = msgs;
          serverItems.push({ target: `applicant-${k}`, text: msgs.join(' ') });
        } else if (field.startsWith('formData.')) {
          const path = field.slice('formData.'.length);
          setNested(extra, path.split('.'), msgs);
          serverItems.push({ target: `root_${path.replace(/\./g, '_')}`, text: `${titleOf(schema!, path)}: ${msgs.join(' ')}` });
        } else if (field === 'attachments') {
          // The server lists the names of the missing required documents.
          for (const name of msgs) {
            const index = proc.documents.findIndex((doc) => doc.name === name);
            if (index >= 0) {
              nextDocs[name] = [t('submit.documentMissing')];
              serverItems.push({ target: docId(index), text: `${name}: ${t('submit.documentMissing')}` });
            }
          }
        }
      }
      setApplicantErrors(nextApplicant);
      setDocErrors(nextDocs);
      setExtraErrors(Object.keys(extra).length ? (extra as ErrorSchema) : undefined);
      if (serverItems.length) showSummary(serverItems);
      else {
        setSummary([]);
        window.setTimeout(() => summaryRef.current?.focus(), 0);
      }
      // A rejected upload (used, not ours) must be chosen again.
      if (err instanceof ApiError && err.key === 'files.notYours') setDraft((old) => (old ? { ...old, files: {} } : old));
    }
  }

  function discardDraft() {
    if (!window.confirm(t('submit.discardConfirm'))) return;
    try {
      localStorage.removeItem(storageKey);
    } catch {
      /* ignore */
    }
    setRestored(null);
    setSummary([]);
    setApplicantErrors({});
    setDocErrors({});
    setExtraErrors(undefined);
    setAttempted(false);
    setDraft(freshDraft(me!));
  }

  const uploading = busyUploads > 0;

  return (
    <div className="container page form-page">
      <PageTitle title={`${t('submit.title')}: ${proc.name}`} />
      <Breadcrumb
        trail={[
          { to: '/thu-tuc', label: t('nav.procedures') },
          { to: `/thu-tuc/${proc.id}`, label: proc.name, lang: 'vi' },
        ]}
        current={t('submit.title')}
      />
      <h1>
        {t('submit.title')}
        <span className="h1-sub" lang="vi">
          {proc.name}
        </span>
      </h1>
      <p className="muted">
        <span lang="vi">{proc.agencyName}</span> · {processingText(t, proc.processingDays)} · {proc.fee > 0 ? formatMoney(proc.fee) : t('procedure.free')}
      </p>

      {restored !== null && (
        <div className="alert alert-info" role="status">
          <p>{restored ? t('submit.draftRestoredAt', { at: formatDateTime(restored) }) : t('submit.draftRestored')}</p>
          <button type="button" className="btn btn-quiet btn-small" onClick={discardDraft}>
            {t('submit.discardDraft')}
          </button>
        </div>
      )}

      <div ref={summaryRef} tabIndex={-1} className="summary-anchor" aria-live="assertive">
        {(summary.length > 0 || submitError != null) && (
          <div className="alert alert-error error-summary" role="alert">
            <p className="alert-title">{submitError ? errorText(t, submitError) : t('submit.fixBelow')}</p>
            {summary.length > 0 && (
              <ul>
                {summary.map((s, i) => (
                  <li key={i}>
                    <a
                      href={`#${s.target}`}
                      onClick={(ev) => {
                        ev.preventDefault();
                        const el = document.getElementById(s.target);
                        el?.scrollIntoView({ block: 'center' });
                        el?.focus();
                      }}
                    >
                      {s.text}
                    </a>
                  </li>
                ))}
              </ul>
            )}
            {submitError instanceof ApiError && submitError.isNetwork && <p>{t('submit.retryHint')}</p>}
          </div>
        )}
      </div>

      <form className="submit-form" onSubmit={onSubmit} noValidate aria-label={t('submit.formLabel')}>
        <p className="field-hint">{t('common.requiredLegend')}</p>

        <fieldset className="card section">
          <legend>
            <span className="step-no" aria-hidden="true">
              1
            </span>
            {t('submit.applicantTitle')}
          </legend>
          <p className="field-hint">{t('submit.applicantHint')}</p>
          <div className="grid-2">
            <TextField id="applicant-fullName" label={t('submit.applicant.fullName')} autoComplete="name" value={d.applicant.fullName} onChange={setApplicant('fullName')} errors={applicantErrors.fullName} required />
            <TextField id="applicant-phone" label={t('submit.applicant.phone')} type="tel" inputMode="tel" autoComplete="tel" value={d.applicant.phone} onChange={setApplicant('phone')} errors={applicantErrors.phone} />
            <TextField id="applicant-email" label={t('submit.applicant.email')} type="email" inputMode="email" autoComplete="email" value={d.applicant.email} onChange={setApplicant('email')} errors={applicantErrors.email} />
            <TextAreaField id="applicant-address" className="span-2" label={t('submit.applicant.address')} autoComplete="street-address" rows={2} value={d.applicant.address} onChange={setApplicant('address')} errors={applicantErrors.address} />
          </div>
        </fieldset>

        {hasFormFields && (
          <fieldset className="card section">
            <legend>
              <span className="step-no" aria-hidden="true">
                2
              </span>
              {t('submit.formTitle')}
            </legend>
            <div lang="vi">
              <ProcedureForm
                ref={formRef}
                schema={schema}
                tools={tools}
                formData={d.formData}
                onChange={(formData) => setDraft((old) => (old ? { ...old, formData } : old))}
                extraErrors={extraErrors}
                liveValidate={attempted}
                disabled={submitting}
              />
            </div>
          </fieldset>
        )}

        <fieldset className="card section">
          <legend>
            <span className="step-no" aria-hidden="true">
              {hasFormFields ? 3 : 2}
            </span>
            {t('submit.documentsTitle')}
          </legend>
          {proc.documents.length === 0 ? (
            <p className="muted">{t('procedure.noDocuments')}</p>
          ) : (
            <div className="doc-uploads">
              {proc.documents.map((doc, i) => (
                <FileField
                  key={doc.name}
                  id={docId(i)}
                  label={doc.name}
                  required={doc.required}
                  hint={[doc.copies ? t('procedure.copies', { count: doc.copies }) : '', doc.note ?? ''].filter(Boolean).join(' · ') || undefined}
                  value={d.files[doc.name] ?? null}
                  onChange={(f) => setFile(doc.name, f)}
                  errors={docErrors[doc.name]?.length ? docErrors[doc.name] : undefined}
                  disabled={submitting}
                  onBusyChange={(b) => setBusyUploads((n) => Math.max(0, n + (b ? 1 : -1)))}
                />
              ))}
            </div>
          )}
        </fieldset>

        <div className="card section submit-bar">
          <p className="field-hint">{t('submit.declaration')}</p>
          <div className="button-row">
            <button type="submit" className="btn btn-primary btn-large" disabled={submitting || uploading} aria-describedby="submit-status">
              {submitting ? t('submit.sending') : t('submit.send')}
            </button>
            <Link to={`/thu-tuc/${proc.id}`} className="btn btn-quiet">
              {t('common.back')}
            </Link>
          </div>
          <p id="submit-status" className="field-hint" role="status" aria-live="polite">
            {uploading ? t('submit.waitUploads') : submitting ? t('submit.sending') : t('submit.draftSaved')}
          </p>
        </div>
      </form>
    </div>
  );
}

/** extraErrors for RJSF: "a.b" → { a: { b: { __errors } } }. */
function setNested(target: Record<string, unknown>, parts: string[], msgs: string[]) {
  let node = target;
  for (const part of parts) node = (node[part] ??= {}) as Record<string, unknown>;
  node.__errors = [...((node.__errors as string[] | undefined) ?? []), ...msgs];
}

function titleOf(schema: RJSFSchema, path: string): string {
  let node: unknown = schema;
  for (const part of path.split('.')) {
    node = (node as { properties?: Record<string, unknown> } | undefined)?.properties?.[part];
  }
  const title = (node as { title?: unknown } | undefined)?.title;
  return typeof title === 'string' ? title : path;
}
