// Public tracking by dossier code (no sign-in). The QR code on the receipt links to /tra-cuu/<code>.
import { useEffect, useState } from 'react';
import { Navigate, useParams, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { PublicTracking } from '@tinhso/contracts';
import { api, ApiError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { StatusBadge } from '../../components/StatusBadge';
import { Timeline } from '../../components/Timeline';
import { TrackingForm } from '../../components/TrackingForm';
import { formatDate, formatDateTime } from '../../format';

export default function TrackingPage() {
  const { t } = useTranslation();
  const { code } = useParams();
  const [search] = useSearchParams();
  const [data, setData] = useState<PublicTracking | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    if (!code) return;
    const ctrl = new AbortController();
    setLoading(true);
    setError(null);
    setData(null);
    api
      .get<PublicTracking>(`/tracking/${encodeURIComponent(code)}`, undefined, ctrl.signal)
      .then(setData)
      .catch((err: unknown) => {
        if ((err as Error).name !== 'AbortError') setError(err);
      })
      .finally(() => {
        if (!ctrl.signal.aborted) setLoading(false);
      });
    return () => ctrl.abort();
  }, [code]);

  // Older links: /tra-cuu?ma=<code>
  const legacy = search.get('ma') ?? search.get('code');
  if (!code && legacy) return <Navigate to={`/tra-cuu/${encodeURIComponent(legacy.trim())}`} replace />;

  const notFound = error instanceof ApiError && (error.status === 404 || error.status === 400);

  return (
    <div className="container page">
      <PageTitle title={code ? `${t('tracking.title')} ${code}` : t('tracking.title')} />
      <h1>{t('tracking.title')}</h1>
      <p className="muted">{t('tracking.intro')}</p>
      <section className="card" aria-label={t('tracking.formLabel')}>
        <TrackingForm key={code ?? ''} idPrefix="page" initial={code ?? ''} />
      </section>

      <div aria-live="polite">
        {loading && <Loading label={t('tracking.loading')} />}
        {notFound && (
          <div className="alert alert-warning" role="alert">
            <p className="alert-title">{t('tracking.notFoundTitle')}</p>
            <p>{t('tracking.notFoundText', { code })}</p>
          </div>
        )}
        {error && !notFound ? <ErrorAlert error={error} /> : null}
      </div>

      {data && (
        <article className="card tracking-result" aria-labelledby="tracking-result-title">
          <header className="result-header">
            <div>
              <p className="eyebrow">{t('tracking.dossierCode')}</p>
              <h2 id="tracking-result-title" className="dossier-code">
                {data.code}
              </h2>
            </div>
            <p className="result-status">
              <span className="visually-hidden">{t('tracking.status')}: </span>
              <StatusBadge status={data.status} />
            </p>
          </header>
          <dl className="facts">
            <div>
              <dt>{t('dossier.procedure')}</dt>
              <dd lang="vi">{data.procedureName}</dd>
            </div>
            <div>
              <dt>{t('dossier.agency')}</dt>
              <dd lang="vi">{data.agencyName}</dd>
            </div>
            <div>
              <dt>{t('tracking.applicant')}</dt>
              <dd lang="vi">{data.applicantNameMasked}</dd>
            </div>
            <div>
              <dt>{t('dossier.submittedAt')}</dt>
              <dd>{formatDateTime(data.submittedAt)}</dd>
            </div>
            <div>
              <dt>{t('dossier.receivedAt')}</dt>
              <dd>{data.receivedAt ? formatDateTime(data.receivedAt) : t('dossier.notYet')}</dd>
            </div>
            <div>
              <dt>{t('dossier.dueDate')}</dt>
              <dd>{data.dueDate ? formatDate(data.dueDate) : t('dossier.dueDateAfterReceipt')}</dd>
            </div>
            <div>
              <dt>{t('dossier.finishedAt')}</dt>
              <dd>{data.finishedAt ? formatDateTime(data.finishedAt) : t('dossier.notYet')}</dd>
            </div>
          </dl>
          <h3 id="tracking-timeline">{t('timeline.title')}</h3>
          <Timeline events={data.timeline} headingId="tracking-timeline" />
        </article>
      )}
    </div>
  );
}
