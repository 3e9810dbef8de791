// Published feedback reports (/phan-anh), for anyone: a list and a map of the reports a moderator
// published, with the agencies' responses; search (the API ignores diacritics), filters by
// category, commune and status, pages of 20. No personal data is ever in these answers. State lives
// in the URL (?q=&category=&commune=&status=&page=&view=), so links and the back button keep it.
import { lazy, Suspense, useEffect, useMemo, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { FEEDBACK_STATUSES, type FeedbackStatus, type PublicFeedbackPage as Page } from '@tinhso/contracts';
import { api } from '../../api';
import { useApiData } from '../../apiData';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SelectField } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { Pagination } from '../../components/Pagination';
import { SearchField } from '../../components/SearchField';
import { formatDate } from '../../format';
import { CategoryFilter, FEEDBACK_SUBMIT, feedbackStatusLabel, FeedbackStatusBadge, trackPath, useMapConfig, placeText } from './feedbackShared';
import type { MapMarker } from './FeedbackMap';
import './feedback.css';

const FeedbackMap = lazy(() => import('./FeedbackMap'));
const PAGE_SIZE = 20;

export default function PublicFeedbackPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const mapConfig = useMapConfig();
  const q = params.get('q') ?? '';
  const category = params.get('category') ?? '';
  const commune = params.get('commune') ?? '';
  const rawStatus = params.get('status') ?? '';
  const status = (FEEDBACK_STATUSES as readonly string[]).includes(rawStatus) ? (rawStatus as FeedbackStatus) : '';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const view = params.get('view') === 'map' ? 'map' : 'list';
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);

  const { data, error, loading } = useApiData(
    (signal) => api.get<Page>('/feedback/reports', { q: q.trim() || undefined, category, commune, status, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }, signal),
    [q, category, commune, status, page],
  );

  function update(next: Partial<Record<'q' | 'category' | 'commune' | 'status' | 'view' | 'page', string>>) {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    if (!('page' in next)) p.delete('page');
    setParams(p);
  }

  function onSearch(e: FormEvent) {
    e.preventDefault();
    update({ q: text.trim() });
  }

  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  const markers = useMemo<MapMarker[]>(
    () =>
      (data?.items ?? [])
        .filter((r) => r.lat !== null && r.lon !== null)
        .map((r) => ({
          id: r.id,
          lat: r.lat!,
          lon: r.lon!,
          title: `${r.code} · ${r.categoryName}`,
          lines: [feedbackStatusLabel(t, i18n.language, r.status), placeText(r.address, r.communeName), (r.description ?? '').slice(0, 120)],
          href: trackPath(r.code),
          linkText: t('feedback.list.open'),
        })),
    [data, t, i18n.language],
  );
  const title = t('feedback.list.title');

  return (
    <div className="container page fb-public">
      <PageTitle title={title} />
      <div className="page-head">
        <div>
          <h1>{title}</h1>
          <p className="muted">{t('feedback.list.intro')}</p>
        </div>
        <Link className="btn btn-primary" to={FEEDBACK_SUBMIT}>
          {t('feedback.list.submit')}
        </Link>
      </div>

      <form className="card fb-filters" role="search" onSubmit={onSearch} aria-label={t('feedback.list.filters')}>
        <div className="fb-filter-q">
          <SearchField id="fb-q" label={t('feedback.list.search')} value={text} onValueChange={setText} placeholder={t('feedback.list.searchPlaceholder')} maxLength={100} button={t('feedback.list.searchButton')} />
        </div>
        <CategoryFilter id="fb-f-category" value={category} onChange={(code) => update({ category: code })} />
        <SelectField id="fb-f-commune" label={t('feedback.field.commune')} value={commune} onChange={(e) => update({ commune: e.target.value })}>
          <option value="">{t('feedback.list.all')}</option>
          {(mapConfig.data?.communes ?? []).map((c) => (
            <option key={c.code} value={c.code}>
              {c.name}
            </option>
          ))}
        </SelectField>
        <SelectField id="fb-f-status" label={t('feedback.field.status')} value={status} onChange={(e) => update({ status: e.target.value })}>
          <option value="">{t('feedback.list.all')}</option>
          {FEEDBACK_STATUSES.map((s) => (
            <option key={s} value={s}>
              {feedbackStatusLabel(t, i18n.language, s)}
            </option>
          ))}
        </SelectField>
      </form>

      <div className="fb-view-switch" role="group" aria-label={t('feedback.list.viewLabel')}>
        <button type="button" className={`btn btn-small ${view === 'list' ? 'btn-primary' : 'btn-outline'}`} aria-pressed={view === 'list'} onClick={() => update({ view: '', page: String(page > 1 ? page : '') })}>
          {t('feedback.list.viewList')}
        </button>
        <button type="button" className={`btn btn-small ${view === 'map' ? 'btn-primary' : 'btn-outline'}`} aria-pressed={view === 'map'} onClick={() => update({ view: 'map', page: String(page > 1 ? page : '') })}>
          {t('feedback.list.viewMap')}
        </button>
      </div>

      <p className="result-count" role="status" aria-live="polite">
        {loading ? t('common.loading') : data ? t('feedback.list.count', { count: data.total }) : ''}
      </p>
      {error ? <ErrorAlert error={error} /> : null}
      {!data && loading && <Loading />}

      <div className={`fb-results view-${view}`}>
        <div className="fb-results-map">
          {mapConfig.data && (
            <Suspense fallback={<div className="fb-map fb-map-loading">{t('feedback.map.loading')}</div>}>
              <FeedbackMap config={mapConfig.data} label={t('feedback.list.mapLabel')} description={t('feedback.list.mapDescription', { count: markers.length })} markers={markers} fitMarkers onNavigate={(href) => navigate(href)} />
            </Suspense>
          )}
        </div>
        <div className="fb-results-list">
          {data && data.items.length === 0 && !loading && (
            <div className="card empty">
              <p>{q ? t('feedback.list.emptySearch', { q }) : t('feedback.list.empty')}</p>
            </div>
          )}
          {data && data.items.length > 0 && (
            <ul className={`fb-list${loading ? ' is-stale' : ''}`}>
              {data.items.map((r) => (
                <li key={r.id} className="card fb-item">
                  <div className="fb-item-head">
                    <h2 className="fb-item-title">
                      <Link to={trackPath(r.code)}>
                        <span lang="vi">{r.categoryName}</span>
                        <span className="visually-hidden"> — </span>
                        <span className="fb-item-code">{r.code}</span>
                      </Link>
                    </h2>
                    <FeedbackStatusBadge status={r.status} />
                  </div>
                  <p className="muted small" lang="vi">
                    {placeText(r.address, r.communeName)} · {formatDate(r.submittedAt)}
                  </p>
                  {r.description && (
                    <p className="fb-excerpt" lang="vi">
                      {r.description.length > 240 ? `${r.description.slice(0, 240)}…` : r.description}
                    </p>
                  )}
                  {r.photos.some((p) => p.kind === 'report') && (
                    <img className="fb-item-thumb" src={r.photos.find((p) => p.kind === 'report')!.url} alt={t('feedback.photo.reportAlt', { n: 1 })} width={96} height={72} loading="lazy" />
                  )}
                  {r.response && (
                    <div className="fb-item-response">
                      <p className="fb-item-response-title">{t('feedback.list.responseBy', { agency: r.agencyName ?? '' })}</p>
                      <p lang="vi">{r.response.length > 300 ? `${r.response.slice(0, 300)}…` : r.response}</p>
                    </div>
                  )}
                </li>
              ))}
            </ul>
          )}
          {data && <Pagination page={page} pages={pages} loading={loading} label={t('feedback.list.pagination')} onPage={(n) => update({ page: String(n) })} />}
        </div>
      </div>
    </div>
  );
}
