// The procedure catalog: search (the server folds diacritics), filters, pages. State lives in the URL.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Agency, ProcedureSummary } from '@tinhso/contracts';
import { api } from '../../api';
import { useApiData } from '../../apiData';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SelectField } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { Pagination } from '../../components/Pagination';
import { SearchField } from '../../components/SearchField';
import { OnlineLevelBadge } from '../../components/StatusBadge';
import { formatMoney, processingText } from '../../format';

const PAGE_SIZE = 10;

export default function CatalogPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const agencyId = params.get('agencyId') ?? '';
  const field = params.get('field') ?? '';
  const level = params.get('level') ?? '';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);

  const [text, setText] = useState(q);
  const [agencies, setAgencies] = useState<Agency[]>([]);
  const [fields, setFields] = useState<string[]>([]);
  const listRef = useRef<HTMLHeadingElement>(null);
  const [showFilters, setShowFilters] = useState(false);
  const activeFilters = [agencyId, field, level].filter(Boolean).length;

  useEffect(() => setText(q), [q]);

  useEffect(() => {
    const ctrl = new AbortController();
    Promise.all([api.get<Agency[]>('/agencies', undefined, ctrl.signal), api.get<string[]>('/procedure-fields', undefined, ctrl.signal)])
      .then(([a, f]) => {
        setAgencies(a);
        setFields(f);
      })
      .catch(() => undefined);
    return () => ctrl.abort();
  }, []);

  const {
    data: result,
    error,
    loading,
  } = useApiData(
    (signal) =>
      api.get<{ total: number; items: ProcedureSummary[] }>(
        '/procedures',
        { q: q.trim() || undefined, agencyId: agencyId || undefined, field: field || undefined, onlineLevel: level || undefined, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE },
        signal,
      ),
    [q, agencyId, field, level, page],
  );

  // Typing searches after a short pause; Enter or the button searches at once.
  useEffect(() => {
    if (text === q) return;
    const id = window.setTimeout(() => update({ q: text }), 400);
    return () => window.clearTimeout(id);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text]);

  function update(changes: Record<string, string>, keepPage = false) {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!keepPage) next.delete('page');
    setParams(next, { replace: !('page' in changes) });
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    update({ q: text });
  }

  function goTo(p: number) {
    update({ page: p > 1 ? String(p) : '' }, true);
    listRef.current?.focus();
  }

  const pages = result ? Math.max(1, Math.ceil(result.total / PAGE_SIZE)) : 1;
  const filtered = !!(q || agencyId || field || level);

  return (
    <div className="container page">
      <PageTitle title={t('catalog.title')} />
      <h1>{t('catalog.title')}</h1>
      <p className="muted">{t('catalog.intro')}</p>

      <form className={`card filters${showFilters ? ' show-extra' : ''}`} role="search" aria-label={t('catalog.filtersLabel')} onSubmit={onSubmit}>
        <div className="field filters-search">
          <SearchField id="catalog-q" label={t('catalog.searchLabel')} value={text} onValueChange={setText} placeholder={t('catalog.searchPlaceholder')} enterKeyHint="search" button={t('common.search')} />
        </div>
        <div id="catalog-filters-extra" className="filters-extra">
        <SelectField id="catalog-agency" label={t('catalog.agency')} value={agencyId} onChange={(e) => update({ agencyId: e.target.value })}>
          <option value="">{t('catalog.allAgencies')}</option>
          {agencies.map((a) => (
            <option key={a.id} value={a.id} lang="vi">
              {a.name}
            </option>
          ))}
        </SelectField>
        <SelectField id="catalog-field" label={t('catalog.field')} value={field} onChange={(e) => update({ field: e.target.value })}>
          <option value="">{t('catalog.allFields')}</option>
          {fields.map((f) => (
            <option key={f} value={f} lang="vi">
              {f}
            </option>
          ))}
        </SelectField>
        <SelectField id="catalog-level" label={t('catalog.level')} value={level} onChange={(e) => update({ level: e.target.value })}>
          <option value="">{t('catalog.allLevels')}</option>
          <option value="full">{t('procedure.levelFull')}</option>
          <option value="partial">{t('procedure.levelPartial')}</option>
        </SelectField>
        </div>
        <div className="filters-actions">
          <button type="button" className="btn btn-outline btn-small filters-toggle" aria-expanded={showFilters} aria-controls="catalog-filters-extra" onClick={() => setShowFilters((v) => !v)}>
            {activeFilters ? t('catalog.filtersToggleCount', { count: activeFilters }) : t('catalog.filtersToggle')}
          </button>
          {filtered && (
            <button type="button" className="btn btn-quiet btn-small" onClick={() => setParams(new URLSearchParams(), { replace: true })}>
              {t('catalog.clearFilters')}
            </button>
          )}
        </div>
      </form>

      <h2 ref={listRef} tabIndex={-1} className="visually-hidden">
        {t('catalog.results')}
      </h2>
      <p className="result-count" aria-live="polite" role="status">
        {loading ? t('common.loading') : result ? t('catalog.count', { count: result.total }) : ''}
      </p>
      {error ? <ErrorAlert error={error} /> : null}
      {loading && !result && <Loading />}
      {result && result.items.length === 0 && !loading && (
        <div className="empty">
          <p>{t('catalog.empty')}</p>
        </div>
      )}
      {result && result.items.length > 0 && (
        <ul className={`procedure-list${loading ? ' is-stale' : ''}`}>
          {result.items.map((p) => (
            <li key={p.id} className="card procedure-item">
              <h3 className="procedure-name">
                <Link to={`/thu-tuc/${p.id}`} lang="vi">
                  {p.name}
                </Link>
              </h3>
              <p className="procedure-meta">
                <span lang="vi">{p.agencyName}</span>
                <span className="sep" aria-hidden="true">
                  ·
                </span>
                <span lang="vi">{p.field}</span>
              </p>
              <dl className="procedure-facts">
                <div>
                  <dt>{t('procedure.processingTime')}</dt>
                  <dd>{processingText(t, p.processingDays)}</dd>
                </div>
                <div>
                  <dt>{t('procedure.fee')}</dt>
                  <dd>{p.fee > 0 ? formatMoney(p.fee) : t('procedure.free')}</dd>
                </div>
                <div>
                  <dt>{t('procedure.level')}</dt>
                  <dd>
                    <OnlineLevelBadge level={p.onlineLevel} />
                  </dd>
                </div>
              </dl>
            </li>
          ))}
        </ul>
      )}

      {result && <Pagination page={page} pages={pages} label={t('catalog.pagination')} onPage={goTo} />}
    </div>
  );
}
