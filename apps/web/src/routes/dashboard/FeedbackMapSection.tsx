// Where the period's feedback reports are: points on a Leaflet map (map tiles only when the
// operator configured a tile server — GET /map; otherwise the points and the commune centres on a
// plain background), and, as the text alternative, the reports counted per commune.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FeedbackMap, MapConfig } from '@tinhso/contracts';
import { api } from '../../api';
import { useApiData } from '../../apiData';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { formatCount } from './dashboardShared';

type Leaflet = typeof import('leaflet');
let leafletLoading: Promise<Leaflet> | null = null;
function loadLeaflet(): Promise<Leaflet> {
  leafletLoading ??= Promise.all([import('leaflet'), import('leaflet/dist/leaflet.css')]).then(([m]) => ((m as { default?: Leaflet }).default ?? m) as Leaflet);
  return leafletLoading;
}

function PointsMap({ data, config }: { data: FeedbackMap; config: MapConfig | null }) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let map: import('leaflet').Map | null = null;
    let cancelled = false;
    loadLeaflet()
      .then((L) => {
        if (cancelled || !box.current) return;
        map = L.map(box.current, { attributionControl: !!config?.tiles, zoomControl: true, scrollWheelZoom: false });
        if (config?.tiles) L.tileLayer(config.tiles.url, { attribution: config.tiles.attribution, maxZoom: 18 }).addTo(map);
        const bounds: [number, number][] = [];
        for (const c of config?.communes ?? []) {
          if (c.lat === null || c.lon === null) continue;
          // Without map tiles the commune names are what makes the points readable.
          L.circleMarker([c.lat, c.lon], { radius: 4, color: '#8c867c', weight: 1, fillColor: '#dcd7cd', fillOpacity: 1 })
            .bindTooltip(c.name, { permanent: !config?.tiles && (config?.communes.length ?? 0) <= 40, direction: 'right', className: 'commune-label' })
            .addTo(map);
          if (!data.points.length) bounds.push([c.lat, c.lon]);
        }
        for (const p of data.points) {
          L.circleMarker([p.lat, p.lon], { radius: 7, color: '#fff', weight: 1.5, fillColor: p.overdue ? '#a3161a' : '#1a4f9c', fillOpacity: 0.9 })
            .bindTooltip(`${p.code} · ${p.categoryName} · ${p.statusLabel}${p.overdue ? ` · ${t('dashboard.map.overdue')}` : ''}`)
            .addTo(map);
          bounds.push([p.lat, p.lon]);
        }
        if (bounds.length > 1) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 14 });
        else if (bounds[0]) map.setView(bounds[0], 13);
        else if (data.center) map.setView([data.center.lat, data.center.lon], 11);
        else map.setView([9.6, 105.97], 10);
      })
      .catch(() => setFailed(true));
    return () => {
      cancelled = true;
      map?.remove();
    };
  }, [data, config, t]);

  if (failed) return <p className="muted small">{t('dashboard.map.failed')}</p>;
  return <div ref={box} className={`feedback-map${config?.tiles ? '' : ' no-tiles'}`} aria-hidden="true" />;
}

export function FeedbackMapSection({ query }: { query: Record<string, string | number> }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const key = JSON.stringify(query);
  const { data, error, loading } = useApiData((signal) => api.get<FeedbackMap>('/dashboard/feedback-map', query, signal), [key]);
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
          </p>
          {data.points.length > 0 && (
            <>
              <PointsMap data={data} config={config} />
              <ul className="map-legend" aria-hidden="true">
                <li>
                  <span className="dot dot-open" /> {t('dashboard.map.legendOpen')}
                </li>
                <li>
                  <span className="dot dot-overdue" /> {t('dashboard.map.legendOverdue')}
                </li>
                {!config?.tiles && (
                  <li>
                    <span className="dot dot-commune" /> {t('dashboard.map.legendCommune')}
                  </li>
                )}
              </ul>
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
