// Where the period's feedback reports are: points on a Leaflet map (map tiles only when the
// operator configured a tile server — GET /map; otherwise the points and the commune centres on a
// plain background), and, as the text alternative, the reports counted per commune.
import { Suspense, lazy, useMemo } from 'react';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { FeedbackMap as FeedbackMapData, MapConfig } from '@tinhso/contracts';
import type { MapMarker } from '../feedback/FeedbackMap';
import '../feedback/feedback.css';
import { api } from '../../api';
import { useApiData } from '../../apiData';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { formatCount } from './dashboardShared';

// The feedback pages' map component (Leaflet, commune centres and names, popups that link to the
// report), loaded only when this section shows points.
const FeedbackMap = lazy(() => import('../feedback/FeedbackMap'));

export function FeedbackMapSection({ query }: { query: Record<string, string | number> }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const key = JSON.stringify(query);
  const navigate = useNavigate();
  const { data, error, loading } = useApiData((signal) => api.get<FeedbackMapData>('/dashboard/feedback-map', query, signal), [key]);
  const { data: config } = useApiData((signal) => api.get<MapConfig>('/map', undefined, signal).catch(() => null), []);

  const byCommune = useMemo(() => {
    const names = new Map((config?.communes ?? []).map((c) => [c.code, c.name]));
    const out = new Map<string, { name: string; total: number; overdue: number }>();
    for (const p of data?.points ?? []) {
      const code = p.communeCode ?? '';
      const row = out.get(code) ?? { name: (code && names.get(code)) || t('dashboard.map.unknownCommune'), total: 0, overdue: 0 };
      row.total += 1;
      if (p.overdue) row.overdue += 1;
      out.set(code, row);
    }
    return [...out.values()].sort((a, b) => b.total - a.total || a.name.localeCompare(b.name, 'vi'));
  }, [data, config, t]);

  const overdue = data?.points.filter((p) => p.overdue).length ?? 0;
  const markers = useMemo<MapMarker[]>(
    () =>
      (data?.points ?? []).map((p) => ({
        id: p.id,
        lat: p.lat,
        lon: p.lon,
        title: p.categoryName,
        lines: [p.code, p.overdue ? `${p.statusLabel} · ${t('dashboard.map.overdue')}` : p.statusLabel, ...(p.agencyName ? [p.agencyName] : [])],
        href: `/phan-anh/${encodeURIComponent(p.code)}`,
        linkText: t('dashboard.map.openReport'),
      })),
    [data, t],
  );

  return (
    <section className="card map-section" aria-labelledby="map-title">
      <h2 id="map-title">{t('dashboard.map.title')}</h2>
      {error ? <ErrorAlert error={error} /> : null}
      {!data && loading && <Loading />}
      {data && !data.available && (
        <p className="muted" lang="vi">
          {data.reason ?? t('dashboard.map.unavailable')}
        </p>
      )}
      {data && data.available && (
        <>
          <p className="chart-summary" aria-live="polite">
            {data.points.length === 0 ? t('dashboard.map.none') : t('dashboard.map.summary', { count: data.points.length, n: formatCount(data.points.length, lang), overdue: formatCount(overdue, lang) })}
            {/* The server sends the newest 1,000 points and says how many there are; the indicators count them all. */}
            {data.total > data.points.length && <> {t('dashboard.map.capped', { n: formatCount(data.points.length, lang), total: formatCount(data.total, lang) })}</>}
          </p>
          {data.points.length > 0 && (
            <>
              {config ? (
                <Suspense fallback={<Loading />}>
                  <FeedbackMap config={config} label={t('dashboard.map.title')} description={t('dashboard.map.mapLabel')} markers={markers} onNavigate={(href) => navigate(href)} />
                </Suspense>
              ) : null}
              <details className="chart-table">
                <summary>{t('dashboard.map.asTable')}</summary>
                <div className="table-scroll">
                  <table className="data-table">
                    <caption className="visually-hidden">{t('dashboard.map.tableCaption')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('dashboard.tables.commune')}</th>
                        <th scope="col" className="num">
                          {t('dashboard.map.reports')}
                        </th>
                        <th scope="col" className="num">
                          {t('dashboard.map.overdueCol')}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {byCommune.map((r) => (
                        <tr key={r.name}>
                          <th scope="row" lang="vi">
                            {r.name}
                          </th>
                          <td className="num">{formatCount(r.total, lang)}</td>
                          <td className="num">{formatCount(r.overdue, lang)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </details>
            </>
          )}
        </>
      )}
    </section>
  );
}
