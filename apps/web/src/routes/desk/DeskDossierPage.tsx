// The official's workspace for one dossier (/can-bo/ho-so/:id): applicant, form answers with the
// procedure's field titles, files, supplement requests, extensions, timeline, due date, the
// documents the desk issues (PDF) and the actions the server allows now (ActionPanel).
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { DossierDetail, Procedure } from '@tinhso/contracts';
import type { RJSFSchema } from '@rjsf/utils';
import { api, API_BASE } from '../../api';
import { Breadcrumb } from '../../components/Breadcrumb';
import { AttachmentList, DossierHead, ExtensionsSection, OriginalDueDate } from '../../components/DossierParts';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { TimelineSection } from '../../components/Timeline';
import { formatAnswer, formatDateTime, processingText } from '../../format';
import { answerEntries } from '../../forms/order';
import { ActionPanel, type DoneKey } from './ActionPanel';
import { DESK_BASE, DueDate } from './deskShared';
import './desk.css';

export default function DeskDossierPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [dossier, setDossier] = useState<DossierDetail | null>(null);
  const [procedure, setProcedure] = useState<Procedure | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<DoneKey | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);

  const load = useCallback(
    async (signal?: AbortSignal) => {
      const d = await api.get<DossierDetail>(`/dossiers/${encodeURIComponent(id)}`, undefined, signal);
      setDossier(d);
      setError(null);
      return d;
    },
    [id],
  );

  useEffect(() => {
    const ctrl = new AbortController();
    setDossier(null);
    setProcedure(null);
    setNotice(null);
    load(ctrl.signal)
      .then((d) =>
        api
          .get<Procedure>(`/procedures/${d.procedureId}`, undefined, ctrl.signal)
          .then(setProcedure)
          .catch(() => undefined),
      )
      .catch((err: unknown) => {
        if ((err as Error).name !== 'AbortError') setError(err);
      });
    return () => ctrl.abort();
  }, [load]);

  async function afterAction(message: DoneKey) {
    try {
      await load();
      setNotice(message);
    } catch (err) {
      setNotice(message);
      setError(err);
    }
    window.setTimeout(() => {
      noticeRef.current?.focus();
      noticeRef.current?.scrollIntoView({ block: 'nearest' });
    }, 0);
  }

  const backLink = (
    <Link to={DESK_BASE} className="back-link">
      {t('desk.dossier.backToQueue')}
    </Link>
  );

  if (error && !dossier) {
    return (
      <div className="container page">
        <PageTitle title={t('desk.dossier.title')} />
        <h1>{t('desk.dossier.title')}</h1>
        <ErrorAlert error={error} />
        {backLink}
      </div>
    );
  }
  if (!dossier) return <Loading />;

  const d = dossier;
  const application = d.attachments.filter((a) => a.kind === 'application');
  const supplements = d.attachments.filter((a) => a.kind === 'supplement');
  const results = d.attachments.filter((a) => a.kind === 'result');
  const answers = answerEntries(d.formData ?? {}, procedure?.formSchema as RJSFSchema | undefined);
  const download = t('desk.dossier.download');
  const declined = d.timeline.some((e) => e.action === 'decline');
  const docs: { href: string; label: string }[] = [];
  if (d.receivedAt) docs.push({ href: `${API_BASE}/dossiers/${d.id}/receipt.pdf`, label: t('desk.docs.receipt') });
  if (d.supplementRequests.length > 0) docs.push({ href: `${API_BASE}/dossiers/${d.id}/documents/supplement-request.pdf`, label: t('desk.docs.supplement') });
  if (declined) docs.push({ href: `${API_BASE}/dossiers/${d.id}/documents/decline-notice.pdf`, label: t('desk.docs.decline') });
  if (d.extensions.length > 0) docs.push({ href: `${API_BASE}/dossiers/${d.id}/documents/apology-letter.pdf`, label: t('desk.docs.apology') });

  return (
    <div className="container page desk-dossier">
      <PageTitle title={`${t('desk.dossier.title')} ${d.code}`} />
      <Breadcrumb trail={[{ to: DESK_BASE, label: t('desk.queue.title') }]} current={d.code} />

      <div ref={noticeRef} tabIndex={-1} className="notice-region" role="status" aria-live="polite" aria-atomic="true">
        {notice && (
          <div className="alert alert-success">
            <p>{t(`desk.done.${notice}`)}</p>
          </div>
        )}
      </div>
      {error ? <ErrorAlert error={error} /> : null}

      <DossierHead
        dossier={d}
        codeLabel={t('desk.dossier.code')}
        statusLabel={t('desk.col.status')}
        className="dossier-head-main"
        agencyExtra={
          procedure && (
            <>
              {' · '}
              {t('desk.dossier.procedureCode', { code: procedure.code })}
              {' · '}
              {processingText(t, procedure.processingDays)}
            </>
          )
        }
      />

      <div className="two-col side-first">
        <div className="col-main">
          <section className="card section" aria-labelledby="applicant-title">
            <h2 id="applicant-title">{t('desk.dossier.applicantTitle')}</h2>
            <dl className="facts">
              <div>
                <dt>{t('desk.dossier.applicantName')}</dt>
                <dd lang="vi">
                  <strong>{d.applicantName}</strong>
                </dd>
              </div>
              <div>
                <dt>{t('desk.dossier.phone')}</dt>
                <dd>{d.applicantPhone ? <a href={`tel:${d.applicantPhone}`}>{d.applicantPhone}</a> : '—'}</dd>
              </div>
              <div>
                <dt>{t('desk.dossier.email')}</dt>
                <dd className="break-all">{d.applicantEmail ? <a href={`mailto:${d.applicantEmail}`}>{d.applicantEmail}</a> : '—'}</dd>
              </div>
              <div>
                <dt>{t('desk.dossier.address')}</dt>
                <dd lang="vi">{d.applicantAddress || '—'}</dd>
              </div>
              <div>
                <dt>{t('desk.dossier.channel')}</dt>
                <dd>{t(`desk.channel.${d.channel}`)}</dd>
              </div>
            </dl>
          </section>

          <section className="card section" aria-labelledby="form-title">
            <h2 id="form-title">{t('desk.dossier.formTitle')}</h2>
            {answers.length === 0 ? (
              <p className="muted">{t('desk.dossier.noAnswers')}</p>
            ) : (
              <dl className="facts answers" lang="vi">
                {answers.map((a) => (
                  <div key={a.key}>
                    <dt>{a.title}</dt>
                    <dd>{formatAnswer(a.value, [t('rjsf.yes'), t('rjsf.no')])}</dd>
                  </div>
                ))}
              </dl>
            )}
          </section>

          <section className="card section" aria-labelledby="files-title">
            <h2 id="files-title">{t('desk.dossier.filesTitle')}</h2>
            {application.length === 0 ? <p className="muted">{t('desk.dossier.noFiles')}</p> : <AttachmentList dossierId={d.id} items={application} downloadLabel={download} />}
            {procedure && procedure.documents.length > 0 && (
              <details className="doc-checklist">
                <summary>{t('desk.dossier.requiredDocs')}</summary>
                <ul className="plain-list" lang="vi">
                  {procedure.documents.map((doc) => {
                    const has = d.attachments.some((a) => a.label.normalize('NFC') === doc.name.normalize('NFC'));
                    return (
                      <li key={doc.name}>
                        <span aria-hidden="true" className={has ? 'check-yes' : 'check-no'}>
                          {has ? '✓' : '–'}
                        </span>{' '}
                        {doc.name} <span className="muted small">({doc.required ? t('procedure.required') : t('procedure.optional')}{has ? `, ${t('desk.dossier.attached')}` : ''})</span>
                      </li>
                    );
                  })}
                </ul>
              </details>
            )}
            {supplements.length > 0 && (
              <>
                <h3>{t('desk.dossier.supplementFiles')}</h3>
                <AttachmentList dossierId={d.id} items={supplements} downloadLabel={download} />
              </>
            )}
            {results.length > 0 && (
              <>
                <h3>{t('desk.dossier.resultFiles')}</h3>
                <AttachmentList dossierId={d.id} items={results} result downloadLabel={download} />
              </>
            )}
          </section>

          {d.supplementRequests.length > 0 && (
            <section className="card section" aria-labelledby="supp-title">
              <h2 id="supp-title">{t('desk.dossier.supplementTitle')}</h2>
              <ol className="supp-list">
                {d.supplementRequests.map((r) => (
                  <li key={r.id}>
                    <p className="muted small">
                      {t('desk.dossier.requestedAt', { at: formatDateTime(r.requestedAt) })}
                      {' · '}
                      {r.answeredAt ? t('desk.dossier.answeredAt', { at: formatDateTime(r.answeredAt) }) : <strong className="text-warning">{t('desk.dossier.notAnswered')}</strong>}
                    </p>
                    <ul className="check-list" lang="vi">
                      {r.items.map((item, i) => (
                        <li key={i}>{item}</li>
                      ))}
                    </ul>
                    {r.note && (
                      <p className="quote" lang="vi">
                        {r.note}
                      </p>
                    )}
                  </li>
                ))}
              </ol>
            </section>
          )}

          <TimelineSection events={d.timeline} />
        </div>

        <aside className="col-side desk-side" aria-label={t('desk.dossier.sideLabel')}>
          <section className="card section actions-card" aria-labelledby="actions-title">
            <h2 id="actions-title">{t('desk.act.title')}</h2>
            <ActionPanel dossier={d} procedure={procedure} onDone={afterAction} onOpen={() => setNotice(null)} />
          </section>

          <section className="card section" aria-labelledby="dates-title">
            <h2 id="dates-title" className="visually-hidden">
              {t('desk.dossier.datesTitle')}
            </h2>
            <dl className="facts facts-stacked">
              <div>
                <dt>{t('desk.dossier.due')}</dt>
                <dd className="due-big">
                  <DueDate dossier={d} />
                  <OriginalDueDate dossier={d} />
                  {d.overdue && <span className="field-hint block text-danger">{t('desk.dossier.overdueHint')}</span>}
                </dd>
              </div>
              <div>
                <dt>{t('desk.dossier.submittedAt')}</dt>
                <dd>{formatDateTime(d.submittedAt)}</dd>
              </div>
              <div>
                <dt>{t('desk.col.received')}</dt>
                <dd>{d.receivedAt ? formatDateTime(d.receivedAt) : t('desk.dossier.notYet')}</dd>
              </div>
              <div>
                <dt>{t('desk.col.assignee')}</dt>
                <dd lang="vi">{d.assigneeName ?? <span className="muted">{t('desk.queue.unassigned')}</span>}</dd>
              </div>
              {d.finishedAt && (
                <div>
                  <dt>{t('desk.dossier.finishedAt')}</dt>
                  <dd>{formatDateTime(d.finishedAt)}</dd>
                </div>
              )}
            </dl>
          </section>

          {docs.length > 0 && (
            <section className="card section" aria-labelledby="docs-title">
              <h2 id="docs-title">{t('desk.docs.title')}</h2>
              <ul className="doc-links">
                {docs.map((doc) => (
                  <li key={doc.href}>
                    <a href={doc.href} target="_blank" rel="noopener" className="file-link">
                      <span className="file-kind" aria-hidden="true">
                        PDF
                      </span>
                      <span className="file-label">{doc.label}</span>
                      <span className="visually-hidden"> ({t('desk.docs.newTab')})</span>
                    </a>
                  </li>
                ))}
              </ul>
            </section>
          )}

          <ExtensionsSection extensions={d.extensions} title={t('desk.dossier.extensionsTitle')} compact />
        </aside>
      </div>
    </div>
  );
}
