// Public transparency page (/minh-bach, anyone): the province's headline Decision 766 indicators for
// this year or this quarter, each with its definition and how it is counted — as the national
// portal publishes its index — each agency's figures, and how to read the same figures from the
// open-data API (GET /api/v1/indicators?from=&to=), which needs no account.
import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { IndicatorCode, PublicIndicators } from '@tinhso/contracts';
import { api, buildUrl } from '../../api';
import { useApiData } from '../../apiData';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { formatDateTime, todayInVietnam } from '../../format';
import { IndicatorCard, formatFigure, indicatorName } from '../dashboard/dashboardShared';
import '../dashboard/dashboard.css';

/** The headline figures, as the national portal's index shows them first. */
const HEADLINE: IndicatorCode[] = ['2.1', '3.3', '4.1', '5.4'];
/** Columns of the agencies table. */
const TABLE: IndicatorCode[] = ['2.1', '2.2', '3.3', '4.1', '4.2'];

type View = 'year' | 'quarter';

function range(view: View): { from: string; to: string; year: number; quarter: number } {
  const today = todayInVietnam();
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const quarter = Math.ceil(month / 3);
  if (view === 'year') return { from: `${year}-01-01`, to: today, year, quarter };
  const startMonth = String((quarter - 1) * 3 + 1).padStart(2, '0');
  return { from: `${year}-${startMonth}-01`, to: today, year, quarter };
}

export default function TransparencyPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [params, setParams] = useSearchParams();
  const view: View = params.get('ky') === 'quy' ? 'quarter' : 'year';
  const r = range(view);
  const { data, error, loading } = useApiData((signal) => api.get<PublicIndicators>('/indicators', { from: r.from, to: r.to }, signal), [r.from, r.to]);

  const headline = useMemo(() => (data ? HEADLINE.map((c) => data.province.find((f) => f.code === c)).filter((f): f is NonNullable<typeof f> => !!f) : []), [data]);
  const others = useMemo(() => (data ? data.province.filter((f) => !HEADLINE.includes(f.code)) : []), [data]);
  const title = t('dashboard.transparency.title');
  const apiPath = buildUrl('/indicators', { from: r.from, to: r.to });
  const apiUrl = `${window.location.origin}${apiPath}`;

  return (
    <div className="container page transparency-page">
      <PageTitle title={title} />
      <div className="page-head">
        <div>
          <h1>{title}</h1>
          <p className="hero-lead">{t('dashboard.transparency.lead')}</p>
        </div>
      </div>

      <nav className="drill-parts" aria-label={t('dashboard.transparency.periodLabel')}>
        <ul>
          {(['year', 'quarter'] as const).map((v) => (
            <li key={v}>
              <a
                href={v === 'quarter' ? '?ky=quy' : '?'}
                className={v === view ? 'queue-tab is-current' : 'queue-tab'}
                aria-current={v === view ? 'page' : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  setParams(v === 'quarter' ? { ky: 'quy' } : {}, { replace: true });
                }}
              >
                {v === 'year' ? t('dashboard.transparency.thisYear', { year: r.year }) : t('dashboard.transparency.thisQuarter', { quarter: r.quarter, year: r.year })}
              </a>
            </li>
          ))}
        </ul>
      </nav>

      <p className="result-count" role="status" aria-live="polite">
        {loading ? t('common.loading') : data ? t('dashboard.transparency.periodLine', { period: data.period.label, at: formatDateTime(data.generatedAt) }) : ''}
      </p>
      {error ? <ErrorAlert error={error} /> : null}
      {!data && loading && <Loading />}

      {data && (
        <div className={loading ? 'is-stale' : undefined}>
          <section aria-labelledby="headline-title">
            <h2 id="headline-title" className="section-title">
              {t('dashboard.transparency.headline')}
            </h2>
            <div className="ind-grid">
              {headline.map((f) => (
                <IndicatorCard key={f.code} figure={f} />
              ))}
            </div>
          </section>

          <details className="card more-indicators">
            <summary>{t('dashboard.transparency.more', { count: others.length })}</summary>
            <div className="ind-grid">
              {others.map((f) => (
                <IndicatorCard key={f.code} figure={f} />
              ))}
            </div>
          </details>

          {data.agencies.length > 0 && (
            <section className="card" aria-labelledby="agencies-title">
              <h2 id="agencies-title">{t('dashboard.transparency.agencies')}</h2>
              <div className="table-scroll">
                <table className="data-table rank-table">
                  <caption className="visually-hidden">{t('dashboard.transparency.agenciesCaption', { period: data.period.label })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('dashboard.tables.agency')}</th>
                      {TABLE.map((c) => {
                        const def = data.province.find((f) => f.code === c);
                        return (
                          <th key={c} scope="col" className="num num-head">
                            <abbr title={def ? indicatorName(t, lang, def) : c}>{c}</abbr>
                            <span className="cell-sub">{def ? indicatorName(t, lang, def) : ''}</span>
                          </th>
                        );
                      })}
                    </tr>
                  </thead>
                  <tbody>
                    {data.agencies.map((a) => (
                      <tr key={a.code}>
                        <th scope="row" lang="vi">
                          {a.name}
                        </th>
                        {TABLE.map((c) => {
                          const v = a.indicators.find((x) => x.code === c);
                          return (
                            <td key={c} className="num">
                              {v ? formatFigure(t, lang, v.value, v.unit) : '—'}
                            </td>
                          );
                        })}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          )}
        </div>
      )}

      <section className="card open-data" aria-labelledby="open-data-title">
        <h2 id="open-data-title">{t('dashboard.transparency.api.title')}</h2>
        <p>{t('dashboard.transparency.api.text')}</p>
        <p className="api-example">
          <code>GET /api/v1/indicators?from=YYYY-MM-DD&amp;to=YYYY-MM-DD</code>
        </p>
        <ul className="plain-list">
          <li>{t('dashboard.transparency.api.params')}</li>
          <li>{t('dashboard.transparency.api.fields')}</li>
          <li>{t('dashboard.transparency.api.license')}</li>
        </ul>
        <p className="button-row">
          <a className="btn btn-outline" href={apiPath}>
            {t('dashboard.transparency.api.try')}
          </a>
          <a className="btn btn-quiet" href="/api/docs">
            {t('dashboard.transparency.api.docs')}
          </a>
        </p>
        <p className="small muted break-all">{t('dashboard.transparency.api.example', { url: apiUrl })}</p>
      </section>
    </div>
  );
}
