import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Procedure } from '@tinhso/contracts';
import { api } from '../../api';
import { loginPath, useAuth } from '../../auth';
import { Breadcrumb } from '../../components/Breadcrumb';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { OnlineLevelBadge } from '../../components/StatusBadge';
import { formatDate, formatMoney, processingText, todayInVietnam } from '../../format';

/** Multi-line text from the catalog, one paragraph per line. */
function Paragraphs({ text }: { text: string }) {
  const lines = text
    .split(/\n+/)
    .map((l) => l.trim())
    .filter(Boolean);
  return (
    <>
      {lines.map((l, i) => (
        <p key={i} lang="vi">
          {l}
        </p>
      ))}
    </>
  );
}

export default function ProcedurePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const { me } = useAuth();
  const [procedure, setProcedure] = useState<Procedure | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [dueDate, setDueDate] = useState<string | null>(null);
  const today = todayInVietnam();

  useEffect(() => {
    const ctrl = new AbortController();
    setProcedure(null);
    setError(null);
    setDueDate(null);
    api
      .get<Procedure>(`/procedures/${encodeURIComponent(id)}`, undefined, ctrl.signal)
      .then((p) => {
        setProcedure(p);
        return api.get<{ dueDate: string }>('/calendar/due-date', { from: today, days: p.processingDays }, ctrl.signal).then((r) => setDueDate(r.dueDate));
      })
      .catch((err: unknown) => {
        if ((err as Error).name !== 'AbortError') setError(err);
      });
    return () => ctrl.abort();
  }, [id, today]);

  if (error && !procedure) {
    return (
      <div className="container page">
        <PageTitle title={t('procedure.notFound')} />
        <h1>{t('procedure.notFound')}</h1>
        <ErrorAlert error={error} />
        <p>
          <Link to="/thu-tuc">{t('procedure.backToCatalog')}</Link>
        </p>
      </div>
    );
  }
  if (!procedure) return <Loading />;

  const submitPath = `/thu-tuc/${procedure.id}/nop-ho-so`;
  const required = procedure.documents.filter((d) => d.required);
  const optional = procedure.documents.filter((d) => !d.required);

  const submitBlock = !procedure.active ? (
    <p className="alert alert-warning">{t('procedure.inactive')}</p>
  ) : !me ? (
    <div className="submit-cta">
      <Link to={loginPath(submitPath)} className="btn btn-primary btn-large">
        {t('procedure.submitOnline')}
      </Link>
      <p className="field-hint">{t('procedure.loginRequired')}</p>
    </div>
  ) : me.role === 'citizen' ? (
    <div className="submit-cta">
      <Link to={submitPath} className="btn btn-primary btn-large">
        {t('procedure.submitOnline')}
      </Link>
    </div>
  ) : (
    <p className="alert alert-info">{t('procedure.citizensOnly')}</p>
  );

  return (
    <div className="container page">
      <PageTitle title={procedure.name} />
      <Breadcrumb
        trail={[
          { to: '/', label: t('nav.home') },
          { to: '/thu-tuc', label: t('nav.procedures') },
        ]}
        current={procedure.name}
        currentLang="vi"
      />
      <div className="procedure-head">
        <h1 lang="vi">{procedure.name}</h1>
        <p className="procedure-meta">
          <span>
            {t('procedure.code')}: {procedure.code}
          </span>
          <span className="sep" aria-hidden="true">
            ·
          </span>
          <span lang="vi">{procedure.field}</span>
          <span className="sep" aria-hidden="true">
            ·
          </span>
          <OnlineLevelBadge level={procedure.onlineLevel} />
        </p>
      </div>

      <div className="two-col side-first">
        <div className="col-main">
          {procedure.description && (
            <section className="card" aria-labelledby="proc-desc">
              <h2 id="proc-desc">{t('procedure.description')}</h2>
              <Paragraphs text={procedure.description} />
            </section>
          )}

          <section className="card" aria-labelledby="proc-docs">
            <h2 id="proc-docs">{t('procedure.documents')}</h2>
            {procedure.documents.length === 0 ? (
              <p className="muted">{t('procedure.noDocuments')}</p>
            ) : (
              <ul className="doc-list">
                {[...required, ...optional].map((d) => (
                  <li key={d.name} className="doc-item">
                    <div className="doc-line">
                      <span className="doc-name" lang="vi">
                        {d.name}
                      </span>
                      <span className={`badge ${d.required ? 'badge-required' : 'badge-optional'}`}>{d.required ? t('procedure.required') : t('procedure.optional')}</span>
                    </div>
                    <p className="doc-detail">
                      {d.copies ? t('procedure.copies', { count: d.copies }) : null}
                      {d.note ? (
                        <>
                          {d.copies ? ' · ' : null}
                          <span lang="vi">{d.note}</span>
                        </>
                      ) : null}
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </section>

          {procedure.requirements && (
            <section className="card" aria-labelledby="proc-req">
              <h2 id="proc-req">{t('procedure.requirements')}</h2>
              <Paragraphs text={procedure.requirements} />
            </section>
          )}

          {procedure.legalBasis && (
            <section className="card" aria-labelledby="proc-legal">
              <h2 id="proc-legal">{t('procedure.legalBasis')}</h2>
              <ul className="plain-list">
                {procedure.legalBasis
                  .split(/;\s*|\n+/)
                  .map((s) => s.trim())
                  .filter(Boolean)
                  .map((s) => (
                    <li key={s} lang="vi">
                      {s}
                    </li>
                  ))}
              </ul>
            </section>
          )}
        </div>

        <aside className="col-side" aria-label={t('procedure.summary')}>
          <section className="card summary-card">
            <dl className="facts facts-stacked">
              <div>
                <dt>{t('procedure.agency')}</dt>
                <dd lang="vi">{procedure.agencyName}</dd>
              </div>
              <div>
                <dt>{t('procedure.processingTime')}</dt>
                <dd>
                  <strong>{processingText(t, procedure.processingDays)}</strong>
                </dd>
              </div>
              <div>
                <dt>{t('procedure.expectedDate')}</dt>
                <dd>
                  {dueDate ? <strong>{formatDate(dueDate)}</strong> : <span className="muted">…</span>}
                  <span className="field-hint block">{t('procedure.expectedDateHint', { today: formatDate(today) })}</span>
                </dd>
              </div>
              <div>
                <dt>{t('procedure.fee')}</dt>
                <dd>
                  <strong>{procedure.fee > 0 ? formatMoney(procedure.fee) : t('procedure.free')}</strong>
                  {procedure.feeNote && (
                    <span className="field-hint block" lang="vi">
                      {procedure.feeNote}
                    </span>
                  )}
                </dd>
              </div>
              <div>
                <dt>{t('procedure.result')}</dt>
                <dd lang="vi">{procedure.resultDescription || '—'}</dd>
              </div>
              <div>
                <dt>{t('procedure.level')}</dt>
                <dd>
                  <OnlineLevelBadge level={procedure.onlineLevel} />
                  <span className="field-hint block">{procedure.onlineLevel === 'full' ? t('procedure.levelFullHint') : t('procedure.levelPartialHint')}</span>
                </dd>
              </div>
            </dl>
            {submitBlock}
          </section>
        </aside>
      </div>
    </div>
  );
}
