// What is behind one figure of the dashboard (/dieu-hanh/chi-tiet?indicator=&part=&…period and
// scope…): the dossiers, procedures or feedback reports the numerator, the denominator or the rest
// counts, page by page, with an XLSX export of the whole list. A dossier links to the officials'
// dossier page when the viewer works in its agency (agency heads); leaders see the list only.
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { DrillDownPage as DrillData, DrillDossier, IndicatorCode } from '@tinhso/contracts';
import { INDICATOR_CODES } from '@tinhso/contracts';
import { api } from '../../api';
import { useApiData } from '../../apiData';
import { useAuth } from '../../auth';
import { Breadcrumb } from '../../components/Breadcrumb';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { Pagination } from '../../components/Pagination';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDate, formatDateTime } from '../../format';
import { deskDossierPath } from '../desk/deskShared';
import { DASHBOARD_BASE, DRILL_PATH, drillParts, exportXlsxUrl, formatCount, indicatorName, scopeQuery, toSearch } from './dashboardShared';
import './dashboard.css';

const PAGE_SIZE = 20;
const PARTS = ['numerator', 'denominator', 'rest'] as const;

function DossierCode({ d }: { d: DrillDossier }) {
  const { me } = useAuth();
  // The desk's dossier page answers officials of the dossier's agency only.
  const canOpen = !!me && (me.role === 'approver' || me.role === 'desk' || me.role === 'processor') && me.agencyId === d.agencyId;
  return canOpen ? (
    <Link to={deskDossierPath(d.id)} className="dossier-code">
      {d.code}
    </Link>
  ) : (
    <span className="dossier-code">{d.code}</span>
  );
}

export default function DrillDownPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [params, setParams] = useSearchParams();
  const rawIndicator = params.get('indicator') ?? '';
  const indicator: IndicatorCode = (INDICATOR_CODES as readonly string[]).includes(rawIndicator) ? (rawIndicator as IndicatorCode) : '2.1';
  const rawPart = params.get('part') ?? '';
  const part = (PARTS as readonly string[]).includes(rawPart) ? (rawPart as (typeof PARTS)[number]) : 'denominator';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const query = useMemo(() => scopeQuery(params), [params]);
  const key = JSON.stringify(query);

  const { data, error, loading } = useApiData(
    (signal) => api.get<DrillData>('/dashboard/drill-down', { ...query, indicator, part, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }, signal),
    [key, indicator, part, page],
  );

  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  const back = `${DASHBOARD_BASE}${toSearch(query)}`;
  const name = data ? indicatorName(t, lang, data.indicator) : indicator;
  const title = t('dashboard.drill.title');

  function goPage(n: number) {
    const p = new URLSearchParams(params);
    if (n > 1) p.set('page', String(n));
    else p.delete('page');
    setParams(p);
  }

  const partHref = (p: string) => `${DRILL_PATH}${toSearch({ ...query, indicator, part: p })}`;

  return (
    <div className="container page dashboard-page drill-page">
      <PageTitle title={data ? `${data.partLabel} · ${name}` : title} />
      <Breadcrumb trail={[{ to: back, label: t('dashboard.title') }]} current={title} />
      <div className="page-head">
        <div>
          <h1>
            {data ? (
              <span lang="vi">{data.partLabel}</span>
            ) : (
              title
            )}
          </h1>
          {data && (
            <p className="dashboard-scope">
              {/* The server's list name already says which indicator in Vietnamese. */}
              {lang === 'en' && (
                <>
                  <span>
                    {indicator} · {name}
                  </span>
                  <br />
                </>
              )}
              <span lang="vi">{data.scope.label}</span>
              <span className="sep" aria-hidden="true">
                {' '}
                ·{' '}
              </span>
              <span lang="vi">{data.period.label}</span>
            </p>
          )}
        </div>
        <a className="btn btn-outline" href={exportXlsxUrl(query, 'drill-down', { indicator, part })} download>
          {t('dashboard.export.xlsx')}
          <span className="visually-hidden">: {t('dashboard.drill.listName')}</span>
        </a>
      </div>

      {data && drillParts(data.indicator).length > 1 && (
        <nav className="drill-parts" aria-label={t('dashboard.drill.partsLabel')}>
          <ul>
            {drillParts(data.indicator).map((p) => (
              <li key={p}>
                <Link to={partHref(p)} className={p === part ? 'queue-tab is-current' : 'queue-tab'} aria-current={p === part ? 'page' : undefined}>
                  {t(`dashboard.drill.parts.${p}`)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}

      {data && (
        <details className="card drill-definition">
          <summary>{t('dashboard.drill.howCounted')}</summary>
          <p lang="vi">{data.indicator.definition}</p>
          {data.indicator.numeratorDefinition && (
            <p>
              <strong>{t('dashboard.card.numerator')}:</strong> <span lang="vi">{data.indicator.numeratorDefinition}</span>
            </p>
          )}
          {data.indicator.denominatorDefinition && (
            <p>
              <strong>{t('dashboard.card.denominator')}:</strong> <span lang="vi">{data.indicator.denominatorDefinition}</span>
            </p>
          )}
        </details>
      )}

      <p className="result-count" role="status" aria-live="polite" data-total={data?.total}>
        {loading ? t('common.loading') : data ? t(`dashboard.drill.count.${data.kind}`, { count: data.total, n: formatCount(data.total, lang) }) : ''}
      </p>
      {error ? <ErrorAlert error={error} /> : null}
      {!data && loading && <Loading />}
      {data && data.total === 0 && !loading && <p className="card empty">{t('dashboard.drill.empty')}</p>}

      {data && data.kind === 'dossiers' && data.dossiers.length > 0 && (
        <table className={`data-table responsive-table drill-table drill-dossiers${loading ? ' is-stale' : ''}`}>
          <caption className="visually-hidden">{t('dashboard.drill.listName')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('desk.col.code')}</th>
              <th scope="col">{t('desk.col.procedure')}</th>
              <th scope="col">{t('dashboard.drill.col.agency')}</th>
              <th scope="col">{t('desk.col.applicant')}</th>
              <th scope="col">{t('desk.col.received')}</th>
              <th scope="col">{t('desk.col.due')}</th>
              <th scope="col">{t('dashboard.drill.col.finished')}</th>
              <th scope="col">{t('desk.col.status')}</th>
            </tr>
          </thead>
          <tbody>
            {data.dossiers.map((d) => (
              <tr key={d.id} className={d.onTime ? undefined : 'row-late'}>
                <th scope="row" data-label={t('desk.col.code')}>
                  <DossierCode d={d} />
                </th>
                <td data-label={t('desk.col.procedure')} lang="vi">
                  {d.procedureName}
                </td>
                <td data-label={t('dashboard.drill.col.agency')} lang="vi">
                  {d.agencyName}
                </td>
                <td data-label={t('desk.col.applicant')} lang="vi">
                  {d.applicantName}
                </td>
                <td data-label={t('desk.col.received')}>{d.receivedAt ? formatDateTime(d.receivedAt) : <span className="muted">{t('dashboard.drill.notReceived')}</span>}</td>
                <td data-label={t('desk.col.due')}>
                  {d.dueDate ? formatDate(d.dueDate) : '—'}
                  {d.originalDueDate && d.originalDueDate !== d.dueDate && <span className="cell-sub">{t('dashboard.drill.extendedFrom', { date: formatDate(d.originalDueDate) })}</span>}
                </td>
                <td data-label={t('dashboard.drill.col.finished')}>{d.finishedAt ? formatDateTime(d.finishedAt) : <span className="muted">{t('dashboard.drill.notFinished')}</span>}</td>
                <td data-label={t('desk.col.status')}>
                  <StatusBadge status={d.status} />{' '}
                  {d.onTime ? <span className="badge badge-success">{t('dashboard.drill.onTime')}</span> : <span className="badge badge-danger">{t('dashboard.drill.late')}</span>}
                  {d.supplementCount > 0 && <span className="cell-sub">{t('dashboard.drill.supplements', { count: d.supplementCount })}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {data && data.kind === 'procedures' && data.procedures.length > 0 && (
        <table className={`data-table responsive-table drill-table${loading ? ' is-stale' : ''}`}>
          <caption className="visually-hidden">{t('dashboard.drill.listName')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('dashboard.drill.col.procedureCode')}</th>
              <th scope="col">{t('desk.col.procedure')}</th>
              <th scope="col">{t('dashboard.drill.col.agency')}</th>
              <th scope="col">{t('dashboard.drill.col.level')}</th>
              <th scope="col" className="num">
                {t('dashboard.drill.col.onlineDossiers')}
              </th>
            </tr>
          </thead>
          <tbody>
            {data.procedures.map((p) => (
              <tr key={p.id}>
                <th scope="row" data-label={t('dashboard.drill.col.procedureCode')}>
                  {p.code}
                </th>
                <td data-label={t('desk.col.procedure')} lang="vi">
                  <Link to={`/thu-tuc/${encodeURIComponent(p.id)}`}>{p.name}</Link>
                </td>
                <td data-label={t('dashboard.drill.col.agency')} lang="vi">
                  {p.agencyName}
                </td>
                <td data-label={t('dashboard.drill.col.level')}>{p.onlineLevel === 'full' ? t('procedure.levelFull') : t('procedure.levelPartial')}</td>
                <td data-label={t('dashboard.drill.col.onlineDossiers')} className="num">
                  {formatCount(p.onlineDossiers, lang)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {data && data.kind === 'feedback' && data.reports.length > 0 && (
        <table className={`data-table responsive-table drill-table${loading ? ' is-stale' : ''}`}>
          <caption className="visually-hidden">{t('dashboard.drill.listName')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('dashboard.drill.col.reportCode')}</th>
              <th scope="col">{t('dashboard.drill.col.category')}</th>
              <th scope="col">{t('dashboard.tables.commune')}</th>
              <th scope="col">{t('dashboard.drill.col.agency')}</th>
              <th scope="col">{t('desk.col.received')}</th>
              <th scope="col">{t('desk.col.due')}</th>
              <th scope="col">{t('desk.col.status')}</th>
              <th scope="col">{t('dashboard.drill.col.rating')}</th>
            </tr>
          </thead>
          <tbody>
            {data.reports.map((r) => (
              <tr key={r.id} className={r.overdue ? 'row-late' : undefined}>
                <th scope="row" data-label={t('dashboard.drill.col.reportCode')}>
                  {/* The report's public tracking page (its content shows once a moderator publishes it). */}
                  <Link to={`/phan-anh/${encodeURIComponent(r.code)}`} className="dossier-code">
                    {r.code}
                  </Link>
                </th>
                <td data-label={t('dashboard.drill.col.category')} lang="vi">
                  {r.categoryName}
                </td>
                <td data-label={t('dashboard.tables.commune')} lang="vi">
                  {r.communeName}
                </td>
                <td data-label={t('dashboard.drill.col.agency')} lang="vi">
                  {r.agencyName ?? '—'}
                </td>
                <td data-label={t('desk.col.received')}>{formatDateTime(r.receivedAt)}</td>
                <td data-label={t('desk.col.due')}>{r.dueDate ? formatDate(r.dueDate) : '—'}</td>
                <td data-label={t('desk.col.status')}>
                  <span className="badge badge-neutral" lang="vi">
                    {r.statusLabel}
                  </span>{' '}
                  {r.overdue && <span className="badge badge-danger">{t('dashboard.map.overdue')}</span>}
                </td>
                <td data-label={t('dashboard.drill.col.rating')}>{r.rating === null ? '—' : t('dashboard.drill.stars', { count: r.rating })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {data && <Pagination page={page} pages={pages} loading={loading} label={t('dashboard.drill.pagination')} onPage={goPage} />}

      <p className="drill-back">
        <Link to={back} className="back-link">
          {t('dashboard.drill.back')}
        </Link>
      </p>
    </div>
  );
}
