// Each agency's (or commune's) figure for one chosen indicator, ranked best first (by the
// indicator's direction; no value last), sortable by any column. Every number opens the dossiers
// or reports behind it; the name narrows the whole dashboard to that agency or commune.
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { IndicatorDefinition, IndicatorValue } from '@tinhso/contracts';
import type { Query } from '../../api';
import { DASHBOARD_BASE, FigureLink, ThresholdBadge, drillParts, drillPath, exportXlsxUrl, formatCount, formatFigure, hasRest, indicatorName, restOf, toSearch } from './dashboardShared';

export interface RankRow {
  id: string;
  name: string;
  code?: string;
  values: IndicatorValue[];
}

type SortKey = 'rank' | 'name' | 'value' | 'numerator' | 'denominator' | 'rest';

export function RankingTable({
  by,
  rows,
  definitions,
  indicator,
  onIndicator,
  base,
  exportQuery,
}: {
  by: 'agency' | 'commune';
  rows: RankRow[];
  definitions: IndicatorDefinition[];
  indicator: string;
  onIndicator: (code: string) => void;
  /** Period query of the page (without scope): each row adds its own agency or commune. */
  base: Query;
  /** Period and scope of the page, for the XLSX exports. */
  exportQuery: Query;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const def = definitions.find((d) => d.code === indicator) ?? definitions[0];
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: 'rank', dir: 1 });
  const title = by === 'agency' ? t('dashboard.tables.agencies') : t('dashboard.tables.communes');
  const headId = `rank-${by}-title`;
  const selectId = `rank-${by}-indicator`;

  const ranked = useMemo(() => {
    if (!def) return [];
    const withValue = rows.map((r) => ({ ...r, v: r.values.find((x) => x.code === def.code) ?? null }));
    const scored = withValue.filter((r) => r.v?.value !== null && r.v?.value !== undefined);
    scored.sort((a, b) => (def.higherIsBetter ? b.v!.value! - a.v!.value! : a.v!.value! - b.v!.value!) || a.name.localeCompare(b.name, 'vi'));
    const rankOf = new Map<string, number>();
    let last: number | null = null;
    let rank = 0;
    scored.forEach((r, i) => {
      if (r.v!.value !== last) rank = i + 1;
      last = r.v!.value;
      rankOf.set(r.id, rank);
    });
    return withValue.map((r) => ({ ...r, rank: rankOf.get(r.id) ?? null }));
  }, [rows, def]);

  const sorted = useMemo(() => {
    const val = (r: (typeof ranked)[number]): number | string | null => {
      switch (sort.key) {
        case 'rank':
          return r.rank;
        case 'name':
          return r.name;
        case 'value':
          return r.v?.value ?? null;
        case 'numerator':
          return r.v?.numerator ?? null;
        case 'denominator':
          return r.v?.denominator ?? null;
        case 'rest':
          return r.v && hasRest(def!, r.v) ? restOf(r.v) : null;
      }
    };
    return [...ranked].sort((a, b) => {
      const x = val(a);
      const y = val(b);
      if (x === null && y === null) return a.name.localeCompare(b.name, 'vi');
      if (x === null) return 1; // no value: always last
      if (y === null) return -1;
      const c = typeof x === 'string' ? x.localeCompare(String(y), 'vi') : x - (y as number);
      return c * sort.dir || a.name.localeCompare(b.name, 'vi');
    });
  }, [ranked, sort, def]);

  if (!def) return null;
  const name = indicatorName(t, lang, def);
  const isRate = def.unit === '%';

  function header(key: SortKey, label: string, numeric = false) {
    const current = sort.key === key;
    return (
      <th scope="col" aria-sort={current ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'} className={numeric ? 'num' : undefined}>
        <button
          type="button"
          className="sort-button"
          onClick={() => setSort((s) => ({ key, dir: s.key === key ? (s.dir === 1 ? -1 : 1) : key === 'name' || key === 'rank' ? 1 : -1 }))}
        >
          {label}
          <span className="sort-mark" aria-hidden="true">
            {current ? (sort.dir === 1 ? '▲' : '▼') : '↕'}
          </span>
        </button>
      </th>
    );
  }

  const rowScope = (id: string) => (by === 'agency' ? { agencyId: id } : { communeCode: id });
  const scopeLink = (id: string) => `${DASHBOARD_BASE}${toSearch({ ...base, ...rowScope(id) })}`;
  const parts = drillParts(def);
  const valuePart = parts.includes('numerator') ? 'numerator' : 'denominator';

  return (
    <section className="card rank-section" aria-labelledby={headId}>
      <div className="section-head">
        <h2 id={headId}>{title}</h2>
        <a className="btn btn-outline btn-small" href={exportXlsxUrl(exportQuery, by === 'agency' ? 'agencies' : 'communes')} download>
          {t('dashboard.export.xlsx')}
          <span className="visually-hidden">: {title}</span>
        </a>
      </div>
      <div className="rank-controls">
        <label htmlFor={selectId} className="field-label">
          {t('dashboard.tables.indicator')}
        </label>
        <select id={selectId} value={def.code} onChange={(e) => onIndicator(e.target.value)}>
          {definitions.map((d) => (
            <option key={d.code} value={d.code}>
              {d.code} · {indicatorName(t, lang, d)}
            </option>
          ))}
        </select>
        <a className="btn btn-quiet btn-small" href={exportXlsxUrl(exportQuery, 'ranking', { indicator: def.code, by })} download>
          {t('dashboard.export.rankingXlsx')}
        </a>
      </div>
      {rows.length === 0 ? (
        <p className="empty">{by === 'agency' ? t('dashboard.tables.noAgencies') : t('dashboard.tables.noCommunes')}</p>
      ) : (
        // Focusable so that a keyboard can scroll the table sideways on a narrow screen.
        <div className="table-scroll" tabIndex={0} role="group" aria-labelledby={headId}>
          <table className="data-table rank-table" aria-describedby={`${headId}-caption`}>
            <caption id={`${headId}-caption`} className="visually-hidden">
              {t('dashboard.tables.caption', { what: title, name, code: def.code })}
            </caption>
            <thead>
              <tr>
                {header('rank', t('dashboard.tables.rank'), true)}
                {header('name', by === 'agency' ? t('dashboard.tables.agency') : t('dashboard.tables.commune'))}
                {header('value', t('dashboard.tables.value'), true)}
                {header('numerator', t('dashboard.card.numerator'), true)}
                {header('denominator', t('dashboard.card.denominator'), true)}
                {isRate && header('rest', t('dashboard.card.rest'), true)}
                <th scope="col">{t('dashboard.tables.threshold')}</th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((r) => {
                const v = r.v;
                const drill = (part: 'numerator' | 'denominator' | 'rest') => (parts.includes(part) ? drillPath(base, def.code, part, rowScope(r.id)) : null);
                return (
                  <tr key={r.id} data-row={r.code ?? r.id}>
                    <td className="num">{r.rank ?? '—'}</td>
                    <th scope="row" lang="vi">
                      <Link to={scopeLink(r.id)} title={t('dashboard.tables.openScope', { name: r.name })}>
                        {r.name}
                      </Link>
                      {r.code && <span className="cell-sub">{r.code}</span>}
                    </th>
                    <td className="num">
                      {v && v.value !== null ? (
                        <FigureLink to={drill(valuePart)} label={t('dashboard.tables.cellLink', { what: t('dashboard.tables.value'), n: formatFigure(t, lang, v.value, def.unit), row: r.name })}>
                          {formatFigure(t, lang, v.value, def.unit)}
                        </FigureLink>
                      ) : (
                        <span className="muted" title={v?.reason ?? undefined}>
                          —
                        </span>
                      )}
                    </td>
                    <td className="num">
                      {v?.numerator !== null && v?.numerator !== undefined ? (
                        <FigureLink to={drill('numerator')} label={t('dashboard.tables.cellLink', { what: t('dashboard.card.numerator'), n: formatCount(v.numerator, lang), row: r.name })}>
                          {formatCount(v.numerator, lang)}
                        </FigureLink>
                      ) : (
                        '—'
                      )}
                    </td>
                    <td className="num">
                      {v?.denominator !== null && v?.denominator !== undefined ? (
                        <FigureLink to={drill('denominator')} label={t('dashboard.tables.cellLink', { what: t('dashboard.card.denominator'), n: formatCount(v.denominator, lang), row: r.name })}>
                          {formatCount(v.denominator, lang)}
                        </FigureLink>
                      ) : (
                        '—'
                      )}
                    </td>
                    {isRate && (
                      <td className="num">
                        {v && hasRest(def, v) ? (
                          <FigureLink to={drill('rest')} label={t('dashboard.tables.cellLink', { what: t('dashboard.card.rest'), n: formatCount(restOf(v), lang), row: r.name })}>
                            {formatCount(restOf(v), lang)}
                          </FigureLink>
                        ) : (
                          '—'
                        )}
                      </td>
                    )}
                    <td>
                      <ThresholdBadge meets={v?.meetsThreshold ?? null} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
