// Month by month for one chosen indicator: a line of the value (with the full-score threshold as a
// dashed line) over bars of the denominator. The chart is drawn by ECharts; its text alternative
// is a one-sentence summary and the same figures as a table.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { DashboardTrend } from '@tinhso/contracts';
import type { Query } from '../../api';
import { EChart } from './EChart';
import { FigureLink, exportXlsxUrl, drillParts, drillPath, formatCount, formatFigure, indicatorName, unitLabel } from './dashboardShared';

function monthLabel(ym: string): string {
  const [y, m] = ym.split('-');
  return `${m}/${y}`;
}

export function TrendSection({ trend, indicator, onIndicator, base }: { trend: DashboardTrend; indicator: string; onIndicator: (code: string) => void; base: Query }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const def = trend.definitions.find((d) => d.code === indicator) ?? trend.definitions[0];
  const rows = useMemo(
    () =>
      trend.months.map((m) => {
        const v = m.values.find((x) => x.code === def?.code);
        return { month: m.month, from: m.from, to: m.to, value: v?.value ?? null, numerator: v?.numerator ?? null, denominator: v?.denominator ?? null };
      }),
    [trend, def],
  );

  const name = def ? indicatorName(t, lang, def) : '';
  const unit = def ? unitLabel(t, lang, def.unit) : '';

  const option = useMemo(() => {
    if (!def) return {};
    const valueName = `${name} (${unit})`;
    const countName = t('dashboard.trend.denominatorSeries');
    return {
      animation: false,
      textStyle: { fontFamily: "'Be Vietnam Pro', system-ui, sans-serif" },
      color: ['#9f1c1f', '#d9cfbf'],
      tooltip: { trigger: 'axis' },
      legend: { top: 0, left: 0, data: [valueName, countName], textStyle: { color: '#45434a' } },
      grid: { left: 8, right: 8, top: 72, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: rows.map((r) => monthLabel(r.month)), axisLabel: { color: '#45434a' } },
      yAxis: [
        { type: 'value', name: unit, nameTextStyle: { color: '#45434a' }, axisLabel: { color: '#45434a' }, max: def.unit === '%' ? 100 : undefined, min: 0 },
        { type: 'value', name: t('dashboard.trend.count'), nameTextStyle: { color: '#45434a' }, axisLabel: { color: '#45434a' }, splitLine: { show: false }, min: 0 },
      ],
      series: [
        {
          name: valueName,
          type: 'line',
          data: rows.map((r) => r.value),
          connectNulls: false,
          symbolSize: 7,
          lineStyle: { width: 3 },
          z: 3,
          markLine:
            def.threshold !== null
              ? { symbol: 'none', silent: true, lineStyle: { color: '#1c6b3a', type: 'dashed' }, label: { formatter: t('dashboard.trend.thresholdLine', { v: def.thresholdText ?? def.threshold }), color: '#1c6b3a' }, data: [{ yAxis: def.threshold }] }
              : undefined,
        },
        { name: countName, type: 'bar', yAxisIndex: 1, data: rows.map((r) => r.denominator), barMaxWidth: 28, z: 1 },
      ],
    };
  }, [rows, def, name, unit, t]);

  if (!def) return null;
  const parts = drillParts(def);
  /** One month's part: the same scope, the month as a custom period. */
  const monthDrill = (r: { from: string; to: string }, part: 'numerator' | 'denominator') => {
    if (!parts.includes(part)) return null;
    const q: Query = { ...base, period: 'custom', from: r.from, to: r.to };
    delete q.year;
    delete q.month;
    delete q.quarter;
    return drillPath(q, def.code, part);
  };
  const withValue = rows.filter((r) => r.value !== null);
  const first = withValue[0];
  const last = withValue[withValue.length - 1];
  const summary =
    !first || !last
      ? t('dashboard.trend.summaryEmpty', { name })
      : t('dashboard.trend.summary', {
          name,
          first: formatFigure(t, lang, first.value, def.unit),
          firstMonth: monthLabel(first.month),
          last: formatFigure(t, lang, last.value, def.unit),
          lastMonth: monthLabel(last.month),
          min: formatFigure(t, lang, Math.min(...withValue.map((r) => r.value!)), def.unit),
          max: formatFigure(t, lang, Math.max(...withValue.map((r) => r.value!)), def.unit),
        });

  return (
    <section className="card trend-section" aria-labelledby="trend-title">
      <div className="section-head">
        <h2 id="trend-title">{t('dashboard.trend.title')}</h2>
        <a className="btn btn-outline btn-small" href={exportXlsxUrl(base, 'trend')} download>
          {t('dashboard.export.xlsx')}
          <span className="visually-hidden">: {t('dashboard.trend.title')}</span>
        </a>
      </div>
      <div className="rank-controls">
        <label htmlFor="trend-indicator" className="field-label">
          {t('dashboard.tables.indicator')}
        </label>
        <select id="trend-indicator" value={def.code} onChange={(e) => onIndicator(e.target.value)}>
          {trend.definitions.map((d) => (
            <option key={d.code} value={d.code}>
              {d.code} · {indicatorName(t, lang, d)}
            </option>
          ))}
        </select>
      </div>
      <figure className="chart-figure">
        <EChart option={option} height={340} />
        <figcaption className="chart-summary">{summary}</figcaption>
      </figure>
      <details className="chart-table">
        <summary>{t('dashboard.trend.asTable')}</summary>
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">{t('dashboard.trend.tableCaption', { name })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('dashboard.trend.month')}</th>
                <th scope="col" className="num">
                  {t('dashboard.tables.value')}
                </th>
                <th scope="col" className="num">
                  {t('dashboard.card.numerator')}
                </th>
                <th scope="col" className="num">
                  {t('dashboard.card.denominator')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.month}>
                  <th scope="row">{monthLabel(r.month)}</th>
                  <td className="num">{formatFigure(t, lang, r.value, def.unit)}</td>
                  <td className="num">
                    {r.numerator === null ? (
                      '—'
                    ) : (
                      <FigureLink to={monthDrill(r, 'numerator')} label={t('dashboard.tables.cellLink', { what: t('dashboard.card.numerator'), n: formatCount(r.numerator, lang), row: monthLabel(r.month) })}>
                        {formatCount(r.numerator, lang)}
                      </FigureLink>
                    )}
                  </td>
                  <td className="num">
                    {r.denominator === null ? (
                      '—'
                    ) : (
                      <FigureLink to={monthDrill(r, 'denominator')} label={t('dashboard.tables.cellLink', { what: t('dashboard.card.denominator'), n: formatCount(r.denominator, lang), row: monthLabel(r.month) })}>
                        {formatCount(r.denominator, lang)}
                      </FigureLink>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
