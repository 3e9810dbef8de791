// The leaders' operations centre (/dieu-hanh, "Trung tâm điều hành"): the Decision 766
// indicators for a period — the scope's cards (value, threshold, definition, numerator and
// denominator beside it), the month-by-month trend, every agency and commune ranked, and the map
// of feedback reports. Every figure opens the dossiers or reports behind it (/dieu-hanh/chi-tiet).
// The server decides the scope: a province leader sees the province, a commune chair their commune,
// an agency head their agency; ?agencyId= or ?communeCode= narrows it further. Period, scope and the
// chosen indicators live in the URL, so a view can be shared and the back button keeps it.
import { useCallback, useMemo } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { DashboardOverview, DashboardTrend } from '@tinhso/contracts';
import { api } from '../../api';
import { useApiData } from '../../apiData';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { formatDateTime } from '../../format';
import { FeedbackMapSection } from './FeedbackMapSection';
import { PeriodPicker } from './PeriodPicker';
import { RankingTable } from './RankingTable';
import { TrendSection } from './TrendSection';
import { DASHBOARD_BASE, IndicatorCard, PERIOD_KEYS, drillPath, exportXlsxUrl, periodQuery, readPeriod, reportPdfUrl, scopeQuery, toSearch, type PeriodState } from './dashboardShared';
import './dashboard.css';

const DEFAULT_INDICATOR = '2.1';

export default function DashboardPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const period = readPeriod(params);
  const query = scopeQuery(params);
  const queryKey = JSON.stringify(query);
  const base = useMemo(() => periodQuery(period), [queryKey]); // eslint-disable-line react-hooks/exhaustive-deps
  const rankIndicator = params.get('xep-hang') ?? DEFAULT_INDICATOR;
  const trendIndicator = params.get('xu-huong') ?? DEFAULT_INDICATOR;

  const overview = useApiData((signal) => api.get<DashboardOverview>('/dashboard/overview', query, signal), [queryKey]);
  const trend = useApiData((signal) => api.get<DashboardTrend>('/dashboard/trend', query, signal), [queryKey]);

  const setParam = useCallback(
    (key: string, value: string | null) => {
      const p = new URLSearchParams(params);
      if (value) p.set(key, value);
      else p.delete(key);
      setParams(p, { replace: true });
    },
    [params, setParams],
  );

  function onPeriod(next: PeriodState) {
    const p = new URLSearchParams(params);
    for (const k of PERIOD_KEYS) p.delete(k);
    for (const [k, v] of Object.entries(periodQuery(next))) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
    setParams(p);
  }

  const data = overview.data;
  const title = t('dashboard.title');
  const narrowed = params.has('agencyId') || params.has('communeCode');
  const scopeDrill = { agencyId: params.get('agencyId'), communeCode: params.get('communeCode') };

  return (
    <div className="container page dashboard-page">
      <PageTitle title={data ? `${title} · ${data.scope.label} · ${data.period.label}` : title} />
      <div className="page-head dashboard-head">
        <div>
          <h1>{title}</h1>
          {data && (
            <p className="dashboard-scope">
              <span lang="vi">{data.scope.label}</span>
              <span className="sep" aria-hidden="true">
                {' '}
                ·{' '}
              </span>
              <span lang="vi">{data.period.label}</span>
            </p>
          )}
        </div>
        <div className="button-row">
          <a className="btn btn-primary" href={reportPdfUrl(query)} download>
            {t('dashboard.export.pdf')}
          </a>
          <a className="btn btn-outline" href={exportXlsxUrl(query, 'overview')} download>
            {t('dashboard.export.overviewXlsx')}
          </a>
        </div>
      </div>

      {narrowed && data && (
        <div className="alert alert-info scope-note">
          <p>
            {t('dashboard.scope.narrowed', { name: data.scope.label })}{' '}
            <Link to={`${DASHBOARD_BASE}${toSearch(base)}`}>{t('dashboard.scope.widen')}</Link>
          </p>
        </div>
      )}

      <PeriodPicker value={period} onChange={onPeriod} busy={overview.loading} />

      <p className="result-count" role="status" aria-live="polite">
        {overview.loading ? t('dashboard.loading') : data ? t('dashboard.updated', { at: formatDateTime(data.generatedAt) }) : ''}
      </p>
      {overview.error ? <ErrorAlert error={overview.error} /> : null}
      {!data && overview.loading && <Loading />}

      {data && (
        <div className={overview.loading ? 'is-stale' : undefined}>
          <section aria-labelledby="cards-title">
            <h2 id="cards-title" className="section-title">
              {t('dashboard.cards.title')}
            </h2>
            <p className="muted small">{t('dashboard.cards.hint')}</p>
            <div className="ind-grid">
              {data.total
                .filter((f) => f.available)
                .map((f) => (
                  <IndicatorCard key={f.code} figure={f} drill={(part) => drillPath(query, f.code, part, scopeDrill)} />
                ))}
            </div>
            {data.total.some((f) => !f.available) && (
              // Indicators the platform holds no data for yet: listed with the reason, out of the way.
              <details className="card more-indicators">
                <summary>{t('dashboard.cards.unavailable', { count: data.total.filter((f) => !f.available).length })}</summary>
                <div className="ind-grid">
                  {data.total
                    .filter((f) => !f.available)
                    .map((f) => (
                      <IndicatorCard key={f.code} figure={f} />
                    ))}
                </div>
              </details>
            )}
          </section>

          {trend.error ? <ErrorAlert error={trend.error} /> : null}
          {trend.data && <TrendSection trend={trend.data} indicator={trendIndicator} onIndicator={(c) => setParam('xu-huong', c)} base={query} />}

          <RankingTable
            by="agency"
            rows={data.agencies.map((a) => ({ id: a.agencyId, name: a.name, code: a.code, values: a.values }))}
            definitions={data.definitions}
            indicator={rankIndicator}
            onIndicator={(c) => setParam('xep-hang', c)}
            base={base}
            exportQuery={query}
          />
          {/* An agency head's scope is one agency: no commune ranking to show. */}
          {(data.communes.length > 0 || data.scope.kind !== 'agency') && (
            <RankingTable
              by="commune"
              rows={data.communes.map((c) => ({ id: c.communeCode, name: c.name, values: c.values }))}
              definitions={data.definitions}
              indicator={rankIndicator}
              onIndicator={(c) => setParam('xep-hang', c)}
              base={base}
              exportQuery={query}
            />
          )}

          <FeedbackMapSection query={query as Record<string, string | number>} />
        </div>
      )}
    </div>
  );
}
