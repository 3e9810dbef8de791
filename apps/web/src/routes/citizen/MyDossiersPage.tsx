import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { DossierSummary } from '@tinhso/contracts';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { OverdueBadge, StatusBadge } from '../../components/StatusBadge';
import { formatDate, formatDateTime } from '../../format';

const PAGE_SIZE = 50;

export default function MyDossiersPage() {
  const { t } = useTranslation();
  const [items, setItems] = useState<DossierSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [offset, setOffset] = useState(0);
  const [hasMore, setHasMore] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);

  useEffect(() => {
    const ctrl = new AbortController();
    api
      .get<DossierSummary[]>('/me/dossiers', { limit: PAGE_SIZE, offset: 0 }, ctrl.signal)
      .then((rows) => {
        setItems(rows);
        setHasMore(rows.length === PAGE_SIZE);
        setOffset(rows.length);
      })
      .catch((err: unknown) => {
        if ((err as Error).name !== 'AbortError') setError(err);
      });
    return () => ctrl.abort();
  }, []);

  async function loadMore() {
    setLoadingMore(true);
    try {
      const rows = await api.get<DossierSummary[]>('/me/dossiers', { limit: PAGE_SIZE, offset });
      setItems((old) => [...(old ?? []), ...rows]);
      setHasMore(rows.length === PAGE_SIZE);
      setOffset((o) => o + rows.length);
    } catch (err) {
      setError(err);
    } finally {
      setLoadingMore(false);
    }
  }

  return (
    <div className="container page">
      <PageTitle title={t('myDossiers.title')} />
      <div className="page-head">
        <h1>{t('myDossiers.title')}</h1>
        <Link to="/thu-tuc" className="btn btn-primary">
          {t('myDossiers.newDossier')}
        </Link>
      </div>
      {error ? <ErrorAlert error={error} /> : null}
      {!items && !error && <Loading />}
      {items && items.length === 0 && (
        <div className="card empty">
          <p>{t('myDossiers.empty')}</p>
          <Link to="/thu-tuc" className="btn btn-outline">
            {t('myDossiers.findProcedure')}
          </Link>
        </div>
      )}
      {items && items.length > 0 && (
        <>
          <p className="result-count" role="status">
            {t('myDossiers.count', { count: items.length })}
          </p>
          <table className="data-table responsive-table">
            <caption className="visually-hidden">{t('myDossiers.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('dossier.code')}</th>
                <th scope="col">{t('dossier.procedure')}</th>
                <th scope="col">{t('dossier.status')}</th>
                <th scope="col">{t('dossier.submittedAt')}</th>
                <th scope="col">{t('dossier.dueDate')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.id} className={d.overdue ? 'is-overdue' : undefined}>
                  <th scope="row" data-label={t('dossier.code')}>
                    <Link to={`/ho-so/${d.id}`} className="dossier-code">
                      {d.code}
                    </Link>
                  </th>
                  <td data-label={t('dossier.procedure')}>
                    <span lang="vi">{d.procedureName}</span>
                    <span className="cell-sub" lang="vi">
                      {d.agencyName}
                    </span>
                  </td>
                  <td data-label={t('dossier.status')}>
                    <StatusBadge status={d.status} />
                  </td>
                  <td data-label={t('dossier.submittedAt')}>{formatDateTime(d.submittedAt)}</td>
                  <td data-label={t('dossier.dueDate')}>
                    {d.dueDate ? formatDate(d.dueDate) : <span className="muted">{t('dossier.dueDateAfterReceipt')}</span>}
                    {d.overdue && (
                      <>
                        {' '}
                        <OverdueBadge />
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {hasMore && (
            <p className="center">
              <button type="button" className="btn btn-outline" onClick={() => void loadMore()} disabled={loadingMore}>
                {loadingMore ? t('common.loading') : t('myDossiers.loadMore')}
              </button>
            </p>
          )}
        </>
      )}
    </div>
  );
}
