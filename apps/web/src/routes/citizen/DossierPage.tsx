// The applicant's view of one dossier: status, dates, result, supplement request (with the form to
// answer it), withdrawal, files, form answers and the full timeline.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { DossierDetail, Procedure } from '@tinhso/contracts';
import { api, API_BASE, fieldErrors } from '../../api';
import { Breadcrumb } from '../../components/Breadcrumb';
import { AttachmentList, DossierHead, ExtensionsSection, OriginalDueDate } from '../../components/DossierParts';
import { ErrorAlert, errorText } from '../../components/ErrorAlert';
import { TextAreaField } from '../../components/Field';
import { FileField, type UploadedFile } from '../../components/FileField';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { TimelineSection } from '../../components/Timeline';
import { formatAnswer, formatDate, formatDateTime } from '../../format';
import { answerEntries } from '../../forms/order';
import type { RJSFSchema } from '@rjsf/utils';

type SupplementRequest = DossierDetail['supplementRequests'][number];

function SupplementForm({ dossier, request, onDone }: { dossier: DossierDetail; request: SupplementRequest; onDone: (d: DossierDetail) => void }) {
  const { t } = useTranslation();
  const [files, setFiles] = useState<Record<number, UploadedFile>>({});
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(0);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState('');
  const [noteErrors, setNoteErrors] = useState<string[] | undefined>();
  const items = request.items.length ? request.items : [t('supplement.otherFile')];

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const attachments = items.flatMap((label, i) => (files[i] ? [{ uploadId: files[i]!.uploadId, label }] : []));
    if (attachments.length === 0) {
      setError(t('supplement.needFile'));
      return;
    }
    setSending(true);
    setError('');
    try {
      const body: { attachments: typeof attachments; note?: string } = { attachments };
      if (note.trim()) body.note = note.trim();
      onDone(await api.post<DossierDetail>(`/dossiers/${dossier.id}/supplement`, body));
    } catch (err) {
      setError(errorText(t, err));
      setNoteErrors(fieldErrors(err).note);
      setSending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate className="supplement-form" aria-labelledby="supplement-form-title">
      <h3 id="supplement-form-title">{t('supplement.formTitle')}</h3>
      {items.map((label, i) => (
        <FileField
          key={`${label}-${i}`}
          id={`supp-${i}`}
          label={label}
          value={files[i] ?? null}
          onChange={(f) =>
            setFiles((old) => {
              const next = { ...old };
              if (f) next[i] = f;
              else delete next[i];
              return next;
            })
          }
          disabled={sending}
          onBusyChange={(b) => setBusy((n) => Math.max(0, n + (b ? 1 : -1)))}
        />
      ))}
      <TextAreaField id="supp-note" label={t('supplement.note')} rows={3} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} errors={noteErrors} />
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="btn btn-primary" disabled={sending || busy > 0}>
        {sending ? t('supplement.sending') : t('supplement.send')}
      </button>
    </form>
  );
}

function WithdrawBox({ dossier, onDone }: { dossier: DossierDetail; onDone: (d: DossierDetail) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<string[] | undefined>();
  const [error, setError] = useState('');
  const [sending, setSending] = useState(false);
  const areaRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (open) document.getElementById('withdraw-reason')?.focus();
  }, [open]);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (reason.trim().length < 3) {
      setErrors([t('withdraw.reasonRequired')]);
      document.getElementById('withdraw-reason')?.focus();
      return;
    }
    setSending(true);
    setError('');
    setErrors(undefined);
    try {
      onDone(await api.post<DossierDetail>(`/dossiers/${dossier.id}/withdraw`, { reason: reason.trim() }));
    } catch (err) {
      setError(errorText(t, err));
      setErrors(fieldErrors(err).reason);
      setSending(false);
    }
  }

  return (
    <section className="card section withdraw" aria-labelledby="withdraw-title" ref={areaRef}>
      <h2 id="withdraw-title">{t('withdraw.title')}</h2>
      <p className="muted">{t('withdraw.text')}</p>
      {!open ? (
        <button type="button" className="btn btn-danger-outline" onClick={() => setOpen(true)}>
          {t('withdraw.open')}
        </button>
      ) : (
        <form onSubmit={onSubmit} noValidate>
          <TextAreaField id="withdraw-reason" label={t('withdraw.reason')} rows={3} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} errors={errors} required />
          {error && (
            <p className="alert alert-error" role="alert">
              {error}
            </p>
          )}
          <div className="button-row">
            <button type="submit" className="btn btn-danger" disabled={sending}>
              {sending ? t('withdraw.sending') : t('withdraw.confirm')}
            </button>
            <button type="button" className="btn btn-quiet" onClick={() => setOpen(false)} disabled={sending}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

export default function DossierPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const location = useLocation();
  const justSubmitted = (location.state as { submitted?: boolean } | null)?.submitted === true;
  const [dossier, setDossier] = useState<DossierDetail | null>(null);
  const [procedure, setProcedure] = useState<Procedure | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');

  useEffect(() => {
    const ctrl = new AbortController();
    setError(null);
    api
      .get<DossierDetail>(`/dossiers/${encodeURIComponent(id)}`, undefined, ctrl.signal)
      .then((d) => {
        setDossier(d);
        api
          .get<Procedure>(`/procedures/${d.procedureId}`, undefined, ctrl.signal)
          .then(setProcedure)
          .catch(() => undefined);
      })
      .catch((err: unknown) => {
        if ((err as Error).name !== 'AbortError') setError(err);
      });
    return () => ctrl.abort();
  }, [id]);

  if (error && !dossier) {
    return (
      <div className="container page">
        <PageTitle title={t('dossier.title')} />
        <h1>{t('dossier.title')}</h1>
        <ErrorAlert error={error} />
        <Link to="/ho-so">{t('dossier.backToList')}</Link>
      </div>
    );
  }
  if (!dossier) return <Loading />;

  const d = dossier;
  const openRequest = d.status === 'supplement_requested' ? [...d.supplementRequests].reverse().find((r) => !r.answeredAt) : undefined;
  const results = d.attachments.filter((a) => a.kind === 'result');
  const application = d.attachments.filter((a) => a.kind === 'application');
  const supplements = d.attachments.filter((a) => a.kind === 'supplement');
  const canWithdraw = d.allowedActions.includes('withdraw');
  const canAnswer = d.allowedActions.includes('answer_supplement');
  const formEntries = answerEntries(d.formData ?? {}, procedure?.formSchema as RJSFSchema | undefined);
  const download = t('dossier.download');
  const updated = (next: DossierDetail, message: string) => {
    setDossier(next);
    setNotice(message);
    window.scrollTo({ top: 0 });
    window.setTimeout(() => document.getElementById('dossier-notice')?.focus(), 0);
  };

  return (
    <div className="container page">
      <PageTitle title={`${t('dossier.title')} ${d.code}`} />
      <Breadcrumb trail={[{ to: '/ho-so', label: t('nav.myDossiers') }]} current={d.code} />

      <div id="dossier-notice" tabIndex={-1} aria-live="polite">
        {justSubmitted && !notice && (
          <div className="alert alert-success" role="status">
            <p className="alert-title">{t('dossier.submittedTitle')}</p>
            <p>{t('dossier.submittedText', { code: d.code })}</p>
          </div>
        )}
        {notice && (
          <div className="alert alert-success" role="status">
            <p>{notice}</p>
          </div>
        )}
      </div>

      <DossierHead dossier={d} codeLabel={t('dossier.code')} statusLabel={t('dossier.status')}>
        {d.dueDate && !d.finishedAt && (
          <p className="dossier-due">
            {t('dossier.dueDate')}: <strong>{formatDate(d.dueDate)}</strong>
          </p>
        )}
      </DossierHead>

      <div className="two-col">
        <div className="col-main">
          {d.status === 'result_returned' && (
            <section className="card section result-card" aria-labelledby="result-title">
              <h2 id="result-title">{t('dossier.resultTitle')}</h2>
              {results.length ? <AttachmentList dossierId={d.id} items={results} result downloadLabel={download} /> : <p>{t('dossier.resultNoFile')}</p>}
            </section>
          )}

          {openRequest && (
            <section className="card section supplement-card" aria-labelledby="supplement-title">
              <h2 id="supplement-title">{t('supplement.title')}</h2>
              <p className="muted">{t('supplement.requestedAt', { at: formatDateTime(openRequest.requestedAt) })}</p>
              <p>{t('supplement.itemsIntro')}</p>
              <ul className="check-list">
                {openRequest.items.map((item, i) => (
                  <li key={i} lang="vi">
                    {item}
                  </li>
                ))}
              </ul>
              {openRequest.note && (
                <p className="quote" lang="vi">
                  {openRequest.note}
                </p>
              )}
              {canAnswer && <SupplementForm dossier={d} request={openRequest} onDone={(next) => updated(next, t('supplement.done'))} />}
            </section>
          )}

          <section className="card section" aria-labelledby="files-title">
            <h2 id="files-title">{t('dossier.filesTitle')}</h2>
            {application.length === 0 && supplements.length === 0 ? (
              <p className="muted">{t('dossier.noFiles')}</p>
            ) : (
              <>
                {application.length > 0 && <AttachmentList dossierId={d.id} items={application} downloadLabel={download} />}
                {supplements.length > 0 && (
                  <>
                    <h3>{t('dossier.supplementFiles')}</h3>
                    <AttachmentList dossierId={d.id} items={supplements} downloadLabel={download} />
                  </>
                )}
              </>
            )}
          </section>

          {formEntries.length > 0 && (
            <section className="card section" aria-labelledby="form-title">
              <h2 id="form-title">{t('dossier.formTitle')}</h2>
              <dl className="facts" lang="vi">
                {formEntries.map((a) => (
                  <div key={a.key}>
                    <dt>{a.title}</dt>
                    <dd>{formatAnswer(a.value, ['✓', '✗'])}</dd>
                  </div>
                ))}
              </dl>
            </section>
          )}

          <TimelineSection events={d.timeline} />
        </div>

        <aside className="col-side" aria-label={t('dossier.summary')}>
          <section className="card section">
            <dl className="facts facts-stacked">
              <div>
                <dt>{t('dossier.submittedAt')}</dt>
                <dd>{formatDateTime(d.submittedAt)}</dd>
              </div>
              <div>
                <dt>{t('dossier.receivedAt')}</dt>
                <dd>{d.receivedAt ? formatDateTime(d.receivedAt) : t('dossier.notYet')}</dd>
              </div>
              <div>
                <dt>{t('dossier.dueDate')}</dt>
                <dd>
                  {d.dueDate ? <strong>{formatDate(d.dueDate)}</strong> : t('dossier.dueDateAfterReceipt')}
                  <OriginalDueDate dossier={d} />
                </dd>
              </div>
              {d.finishedAt && (
                <div>
                  <dt>{t('dossier.finishedAt')}</dt>
                  <dd>{formatDateTime(d.finishedAt)}</dd>
                </div>
              )}
              <div>
                <dt>{t('dossier.applicant')}</dt>
                <dd lang="vi">{d.applicantName}</dd>
              </div>
            </dl>
            <div className="side-actions">
              {d.receivedAt && (
                <a className="btn btn-outline btn-block" href={`${API_BASE}/dossiers/${d.id}/receipt.pdf`} target="_blank" rel="noopener">
                  {t('dossier.receipt')}
                </a>
              )}
              <Link className="btn btn-quiet btn-block" to={`/tra-cuu/${encodeURIComponent(d.code)}`}>
                {t('dossier.publicTracking')}
              </Link>
            </div>
          </section>

          <ExtensionsSection extensions={d.extensions} title={t('dossier.extensionsTitle')} />

          {canWithdraw && <WithdrawBox dossier={d} onDone={(next) => updated(next, t('withdraw.done'))} />}
        </aside>
      </div>
    </div>
  );
}
