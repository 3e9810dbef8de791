// Pieces shared by the leaders' dashboard (/dieu-hanh), its drill-down list and the public
// transparency page (/minh-bach): the period in the URL, number formats, drill-down and export
// addresses, and the indicator card that shows a figure beside its definition.
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { DrillPart, IndicatorDefinition, IndicatorValue } from '@tinhso/contracts';
import { buildUrl, type Query } from '../../api';
import { todayInVietnam } from '../../format';

export const DASHBOARD_BASE = '/dieu-hanh';
export const DRILL_PATH = `${DASHBOARD_BASE}/chi-tiet`;
export const TRANSPARENCY_PATH = '/minh-bach';

export type PeriodKind = 'month' | 'quarter' | 'year' | 'custom';

/** The period and scope as the URL and the API carry them (DashboardQuery). */
export interface PeriodState {
  period: PeriodKind;
  year: number;
  month: number;
  quarter: number;
  from: string;
  to: string;
}

/** URL keys of the period and scope, passed through to every dashboard API call. */
export const PERIOD_KEYS = ['period', 'year', 'month', 'quarter', 'from', 'to'] as const;
export const SCOPE_KEYS = ['agencyId', 'communeCode'] as const;

export function currentYearMonth(): { year: number; month: number } {
  const [y, m] = todayInVietnam().split('-');
  return { year: Number(y), month: Number(m) };
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** Reads the period from the URL; without one: this year (the server's default, year to date). */
export function readPeriod(params: URLSearchParams): PeriodState {
  const now = currentYearMonth();
  const raw = params.get('period');
  const period: PeriodKind = raw === 'month' || raw === 'quarter' || raw === 'custom' ? raw : 'year';
  const int = (k: string, min: number, max: number, d: number) => {
    const n = Number(params.get(k));
    return Number.isInteger(n) && n >= min && n <= max ? n : d;
  };
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  return {
    period,
    year: int('year', 2000, 2100, now.year),
    month: int('month', 1, 12, now.month),
    quarter: int('quarter', 1, 4, Math.ceil(now.month / 3)),
    from: ISO.test(from) ? from : '',
    to: ISO.test(to) ? to : '',
  };
}

/** The API query (and URL parameters) for a period: only the keys that period uses. */
export function periodQuery(p: PeriodState): Query {
  if (p.period === 'custom') return p.from && p.to ? { period: 'custom', from: p.from, to: p.to } : {};
  if (p.period === 'month') return { period: 'month', year: p.year, month: p.month };
  if (p.period === 'quarter') return { period: 'quarter', year: p.year, quarter: p.quarter };
  return { period: 'year', year: p.year };
}

/** Period + scope (+ anything else) from the current URL, as an API query. */
export function scopeQuery(params: URLSearchParams): Query {
  const q: Query = { ...periodQuery(readPeriod(params)) };
  for (const k of SCOPE_KEYS) {
    const v = params.get(k);
    if (v) q[k] = v;
  }
  return q;
}

export function toSearch(q: Query): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** The drill-down page for one part of one figure, in a scope and period. */
export function drillPath(base: Query, indicator: string, part: DrillPart, scope: { agencyId?: string | null; communeCode?: string | null } = {}): string {
  const q: Query = { ...base, indicator, part };
  if (scope.agencyId) {
    q.agencyId = scope.agencyId;
    delete q.communeCode;
  }
  if (scope.communeCode) {
    q.communeCode = scope.communeCode;
    delete q.agencyId;
  }
  return `${DRILL_PATH}${toSearch(q)}`;
}

/** The XLSX download of one table (GET /dashboard/export.xlsx, session cookie). */
export function exportXlsxUrl(base: Query, table: string, extra: Query = {}): string {
  return buildUrl('/dashboard/export.xlsx', { ...base, ...extra, table });
}

/** The period's PDF report (GET /dashboard/report.pdf, session cookie). */
export function reportPdfUrl(base: Query): string {
  return buildUrl('/dashboard/report.pdf', base);
}

// ---- numbers

function locale(lang: string): string {
  return lang === 'en' ? 'en-GB' : 'vi-VN';
}

/** 1234 → "1.234" (vi) / "1,234" (en); up to two decimals. */
export function formatCount(n: number, lang: string): string {
  return new Intl.NumberFormat(locale(lang), { maximumFractionDigits: 2 }).format(n);
}

/** A figure in its unit: "95,12%" or "4,5 ngày làm việc"; "—" without a value. */
export function formatFigure(t: TFunction, lang: string, value: number | null, unit: string): string {
  if (value === null) return '—';
  const n = new Intl.NumberFormat(locale(lang), { minimumFractionDigits: unit === '%' ? 2 : 0, maximumFractionDigits: 2 }).format(value);
  if (unit === '%') return `${n}%`;
  return `${n} ${unitLabel(t, lang, unit)}`;
}

/** The unit in the UI language (the server words it in Vietnamese). */
export function unitLabel(t: TFunction, lang: string, unit: string): string {
  if (lang === 'en' && unit === 'ngày làm việc') return t('dashboard.unit.workingDays');
  return unit;
}

/** The indicator's name in the UI language: the server's Vietnamese name, or the English one. */
export function indicatorName(t: TFunction, lang: string, def: Pick<IndicatorDefinition, 'code' | 'name'>): string {
  if (lang !== 'en') return def.name;
  return t(`dashboard.indicatorNames.${def.code.replace('.', '_')}` as 'dashboard.indicatorNames.2_1', { defaultValue: def.name });
}

/**
 * The parts of a figure that have a list behind them (GET /dashboard/drill-down answers the others
 * with 400): none without data or without a list (5.4 subtracts two rates); averages (2.2: the
 * numerator is a sum of days) list their denominator only; rates — dossiers, procedures and
 * feedback reports (5.1–5.3) alike — list numerator, denominator and the rest.
 */
export function drillParts(def: Pick<IndicatorDefinition, 'available' | 'drillDown' | 'unit'>): DrillPart[] {
  if (!def.available || def.drillDown === null) return [];
  if (def.unit !== '%') return ['denominator'];
  return ['numerator', 'denominator', 'rest'];
}

/** Rates can be split into "counted" (numerator) and "not counted" (rest = denominator − numerator). */
export function hasRest(def: Pick<IndicatorDefinition, 'unit'>, v: Pick<IndicatorValue, 'numerator' | 'denominator'>): boolean {
  return def.unit === '%' && v.numerator !== null && v.denominator !== null && v.denominator >= v.numerator;
}

export function restOf(v: Pick<IndicatorValue, 'numerator' | 'denominator'>): number {
  return (v.denominator ?? 0) - (v.numerator ?? 0);
}

/** A number that opens what is behind it, or plain text when there is nothing to list. */
export function FigureLink({ to, label, children }: { to: string | null; label: string; children: ReactNode }) {
  if (!to) return <span>{children}</span>;
  return (
    <Link to={to} className="figure-link" aria-label={label}>
      {children}
    </Link>
  );
}

/** "Đạt" / "Chưa đạt" against the full-score threshold; nothing without a threshold or value. */
export function ThresholdBadge({ meets }: { meets: boolean | null }) {
  const { t } = useTranslation();
  if (meets === null) return null;
  return meets ? <span className="badge badge-success">{t('dashboard.card.met')}</span> : <span className="badge badge-danger">{t('dashboard.card.notMet')}</span>;
}

export type Figure = IndicatorDefinition & IndicatorValue;

/**
 * One Decision 766 indicator: the value with its threshold and whether it is met, and beside it
 * the definition and the numerator and denominator, each a link to what it counts (when `drill`
 * gives an address).
 */
export function IndicatorCard({ figure, drill, headingLevel = 3 }: { figure: Figure; drill?: (part: DrillPart) => string | null; headingLevel?: 2 | 3 }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const name = indicatorName(t, lang, figure);
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const parts = drill ? drillParts(figure) : [];
  const canDrill = parts.length > 0;
  const link = (part: DrillPart) => (drill && parts.includes(part) ? drill(part) : null);
  // The big number opens what it counts: the numerator, or the denominator where only that is listed.
  const valuePart: DrillPart = parts.includes('numerator') ? 'numerator' : 'denominator';
  const id = `ind-${figure.code.replace('.', '-')}`;
  const value = formatFigure(t, lang, figure.value, figure.unit);
  const tone = figure.meetsThreshold === null ? '' : figure.meetsThreshold ? ' is-met' : ' is-unmet';
  return (
    <article className={`card ind-card${tone}`} aria-labelledby={`${id}-name`} data-indicator={figure.code}>
      <header className="ind-head">
        <span className="ind-code" aria-hidden="true">
          {figure.code}
        </span>
        <H id={`${id}-name`} className="ind-name">
          <span className="visually-hidden">{t('dashboard.card.indicator', { code: figure.code })} </span>
          <span lang={lang === 'en' ? undefined : 'vi'}>{name}</span>
        </H>
        <p className="ind-group" lang="vi">
          {figure.group}
        </p>
      </header>
      <div className="ind-body">
        <div className="ind-figure">
          <p className="ind-value">
            <span className="visually-hidden">{t('dashboard.card.value')}: </span>
            {figure.value !== null ? (
              <FigureLink to={link(valuePart)} label={t('dashboard.card.valueLink', { value, name })}>
                {figure.unit === '%' ? (
                  value
                ) : (
                  <>
                    {formatCount(figure.value, lang)}
                    <span className="ind-unit"> {unitLabel(t, lang, figure.unit)}</span>
                  </>
                )}
              </FigureLink>
            ) : (
              <span className="ind-novalue">—</span>
            )}
          </p>
          {figure.value === null && figure.reason && (
            <p className="ind-reason small" lang="vi">
              {figure.reason}
            </p>
          )}
          <p className="ind-threshold small">
            {figure.thresholdText ? (
              <>
                {t('dashboard.card.threshold')}: <strong lang="vi">{figure.thresholdText}</strong>
              </>
            ) : (
              <span className="muted">{t('dashboard.card.noThreshold')}</span>
            )}{' '}
            <ThresholdBadge meets={figure.meetsThreshold} />
          </p>
        </div>
        <dl className="ind-explain">
          <div>
            <dt>{t('dashboard.card.definition')}</dt>
            <dd lang="vi">{figure.definition}</dd>
          </div>
          {figure.numeratorDefinition && (
            <div>
              <dt>{t('dashboard.card.numerator')}</dt>
              <dd>
                {figure.numerator !== null && (
                  <>
                    <strong className="ind-part">
                      <FigureLink to={link('numerator')} label={t('dashboard.card.partLink', { part: t('dashboard.card.numerator'), n: formatCount(figure.numerator, lang), name })}>
                        {formatCount(figure.numerator, lang)}
                      </FigureLink>
                    </strong>{' '}
                  </>
                )}
                <span lang="vi">{figure.numeratorDefinition}</span>
              </dd>
            </div>
          )}
          {figure.denominatorDefinition && (
            <div>
              <dt>{t('dashboard.card.denominator')}</dt>
              <dd>
                {figure.denominator !== null && (
                  <>
                    <strong className="ind-part">
                      <FigureLink to={link('denominator')} label={t('dashboard.card.partLink', { part: t('dashboard.card.denominator'), n: formatCount(figure.denominator, lang), name })}>
                        {formatCount(figure.denominator, lang)}
                      </FigureLink>
                    </strong>{' '}
                  </>
                )}
                <span lang="vi">{figure.denominatorDefinition}</span>
              </dd>
            </div>
          )}
          {canDrill && parts.includes('rest') && hasRest(figure, figure) && (
            <div>
              <dt>{t('dashboard.card.rest')}</dt>
              <dd>
                <strong className="ind-part">
                  <FigureLink to={link('rest')} label={t('dashboard.card.partLink', { part: t('dashboard.card.rest'), n: formatCount(restOf(figure), lang), name })}>
                    {formatCount(restOf(figure), lang)}
                  </FigureLink>
                </strong>{' '}
                <span>{t('dashboard.card.restHint')}</span>
              </dd>
            </div>
          )}
        </dl>
      </div>
    </article>
  );
}
