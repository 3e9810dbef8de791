// The official's workspace for one dossier (/can-bo/ho-so/:id): applicant, form answers with the
// procedure's field titles, files, supplement requests, extensions, timeline, due date, the
// documents the desk issues (PDF) and the actions the server allows now (ActionPanel).
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { DossierDetail, Procedure } from '@tinhso/contracts';
import { api, API_BASE } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { OverdueBadge, StatusBadge } from '../../components/StatusBadge';
import { Timeline } from '../../components/Timeline';
import { formatBytes, formatDate, formatDateTime, processingText } from '../../format';
import { ActionPanel, type DoneKey } from './ActionPanel';
import { DESK_BASE, DueDate } from './deskShared';
import './desk.css';

type Attachment = DossierDetail['attachments'][number];

function fileKind(mime: string): string {
  if (mime === 'application/pdf') return 'PDF';
  if (mime === 'image/png') return 'PNG';
  if (mime === 'image/jpeg') return 'JPG';
  return mime.split('/')[1]?.toUpperCase().slice(0, 4) ?? '';
}

function Files({ dossierId, items, result }: { dossierId: string; items: Attachment[]; result?: boolean }) {
  const { t } = useTranslation();
  return (
    <ul className={`file-list${result ? ' file-list-result' : ''}`}>
      {items.map((a) => (
        <li key={a.id}>
          <a href={`${API_BASE}/dossiers/${dossierId}/attachments/${a.id}`} className="file-link" download={a.filename}>
            <span className="file-kind" aria-hidden="true">
              {fileKind(a.mime)}
            </span>
            <span className="file-text">
              <span className="file-label" lang="vi">
                {a.label}
              </span>
              <span className="file-meta">
                {a.filename} · {formatBytes(a.size)} · {formatDateTime(a.createdAt)}
              </span>
            </span>
            <span className="visually-hidden"> ({t('desk.dossier.download')})</span>
          </a>
        </li>
      ))}
    </ul>
  );
}

/** One answer of the application form, readable (dates as DD/MM/YYYY, lists joined). */
export function formatAnswer(v: unknown, yesNo: [string, string]): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'string') return /^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDate(v) : v;
  if (typeof v === 'number') return new Intl.NumberFormat('vi-VN').format(v);
  if (typeof v === 'boolean') return v ? yesNo[0] : yesNo[1];
  if (Array.isArray(v)) return v.map((x) => formatAnswer(x, yesNo)).join(', ');
  return JSON.stringify(v);
}

type SchemaProps = Record<string, { title?: string; description?: string }>;

/** The form's fields in the procedure's order (x-order, else required first), then any others. */
function orderedAnswers(formData: Record<string, unknown>, schema: Record<string, unknown> | undefined): { key: string; title: string; value: unknown }[] {
  const props = ((schema?.properties ?? {}) as SchemaProps) ?? {};
  const explicit = schema?.['x-order'] ?? schema?.propertyOrder;
  const required = Array.isArray(schema?.required) ? (schema!.required as string[]) : [];
  const head = (Array.isArray(explicit) ? (explicit as string[]) : required).filter((k) => k in props);
  const order = [...head, ...Object.keys(props).filter((k) => !head.includes(k))];
  const keys = [...order.filter((k) => k in formData), ...Object.keys(formData).filter((k) => !order.includes(k))];
  return keys.map((k) => ({ key: k, title: props[k]?.title ?? k, value: formData[k] }));
}

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
  const answers = orderedAnswers(d.formData ?? {}, procedure?.formSchema);
  const declined = d.timeline.some((e) => e.action === 'decline');
  const docs: { href: string; label: string }[] = [];
  if (d.receivedAt) docs.push({ href: `${API_BASE}/dossiers/${d.id}/receipt.pdf`, label: t('desk.docs.receipt') });
  if (d.supplementRequests.length > 0) docs.push({ href: `${API_BASE}/dossiers/${d.id}/documents/supplement-request.pdf`, label: t('desk.docs.supplement') });
  if (declined) docs.push({ href: `${API_BASE}/dossiers/${d.id}/documents/decline-notice.pdf`, label: t('desk.docs.decline') });
  if (d.extensions.length > 0) docs.push({ href: `${API_BASE}/dossiers/${d.id}/documents/apology-letter.pdf`, label: t('desk.docs.apology') });

  return (
    <div className="container page desk-dossier">
      <PageTitle title={`${t('desk.dossier.title')} ${d.code}`} />
      <nav aria-label={t('common.breadcrumb')} className="breadcrumb">
        <ol>
          <li>
            <Link to={DESK_BASE}>{t('desk.queue.title')}</Link>
          </li>
          <li aria-current="page">{d.code}</li>
        </ol>
      </nav>

      <div ref={noticeRef} tabIndex={-1} className="notice-region" role="status" aria-live="polite" aria-atomic="true">
        {notice && (
          <div className="alert alert-success">
            <p>{t(`desk.done.${notice}`)}</p>
          </div>
        )}
      </div>
      {error ? <ErrorAlert error={error} /> : null}

      <header className="dossier-head card">
        <div className="dossier-head-main">
          <p className="eyebrow">{t('desk.dossier.code')}</p>
          <h1 className="dossier-code">{d.code}</h1>
          <p className="dossier-proc" lang="vi">
            {d.procedureName}
          </p>
          <p className="muted" lang="vi">
            {d.agencyName}
            {procedure && (
              <>
                {' · '}
                {t('desk.dossier.procedureCode', { code: procedure.code })}
                {' · '}
                {processingText(t, procedure.processingDays)}
              </>
            )}
          </p>
        </div>
        <div className="dossier-status">
          <span className="visually-hidden">{t('desk.col.status')}: </span>
          <StatusBadge status={d.status} />
          {d.overdue && <OverdueBadge />}
        </div>
      </header>

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
            {application.length === 0 ? <p className="muted">{t('desk.dossier.noFiles')}</p> : <Files dossierId={d.id} items={application} />}
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
                <Files dossierId={d.id} items={supplements} />
              </>
            )}
            {results.length > 0 && (
              <>
                <h3>{t('desk.dossier.resultFiles')}</h3>
                <Files dossierId={d.id} items={results} result />
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

          <section className="card section" aria-labelledby="timeline-title">
            <h2 id="timeline-title">{t('timeline.title')}</h2>
            <Timeline events={d.timeline} headingId="timeline-title" />
          </section>
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
                  {d.originalDueDate && d.dueDate && d.originalDueDate !== d.dueDate && <span className="field-hint block">{t('dossier.originalDueDate', { date: formatDate(d.originalDueDate) })}</span>}
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

          {d.extensions.length > 0 && (
            <section className="card section" aria-labelledby="ext-title">
              <h2 id="ext-title">{t('desk.dossier.extensionsTitle')}</h2>
              <ul className="plain-list">
                {d.extensions.map((x, i) => (
                  <li key={i}>
                    <p>{t('dossier.extensionLine', { from: formatDate(x.previousDueDate), to: formatDate(x.newDueDate) })}</p>
                    <p className="muted small" lang="vi">
                      {x.reason}
                    </p>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </aside>
      </div>
    </div>
  );
}
