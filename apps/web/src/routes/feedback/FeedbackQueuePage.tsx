// The officials' feedback queue (/xu-ly-phan-anh): the reports routed to their agency, by tab
// (new, assigned, in progress, due soon, overdue, mine, resolved, declined, all), searchable by code
// or text. Due dates are 15 working days after receipt; overdue rows are red, rows due within two
// working days are marked. State lives in the URL (?tab=&q=&page=).
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { FEEDBACK_DUE_WORKING_DAYS, type FeedbackQueuePage as Page, type FeedbackQueueQuery } from '@tinhso/contracts';
import { api } from '../../api';
import { useApiData } from '../../apiData';
import { useAuth } from '../../auth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { Pagination } from '../../components/Pagination';
import { SearchField } from '../../components/SearchField';
import { OverdueBadge } from '../../components/StatusBadge';
import { formatDate, formatDateTime } from '../../format';
import { CategoryFilter, deskFeedbackPath, FeedbackStatusBadge, placeText } from './feedbackShared';
import '../desk/desk.css';
import './feedback.css';

const PAGE_SIZE = 20;
export const FB_TABS = ['received', 'assigned', 'in_progress', 'soon', 'overdue', 'mine', 'resolved', 'declined', 'all'] as const;
type Tab = (typeof FB_TABS)[number];

const TAB_QUERY: Record<Tab, Partial<FeedbackQueueQuery>> = {
  received: { status: 'received' },
  assigned: { status: 'assigned' },
  in_progress: { status: 'in_progress' },
  soon: { due: 'soon' },
  overdue: { due: 'overdue' },
  mine: { mine: true },
  resolved: { status: 'resolved' },
  declined: { status: 'declined' },
  all: {},
};

export default function FeedbackQueuePage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const [params, setParams] = useSearchParams();
  const rawTab = params.get('tab') as Tab | null;
  const tab: Tab = rawTab && FB_TABS.includes(rawTab) ? rawTab : 'received';
  const q = params.get('q') ?? '';
  const category = params.get('category') ?? '';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const [text, setText] = useState(q);
  const [reload, setReload] = useState(0);
  const [counts, setCounts] = useState<Partial<Record<Tab, number>>>({});
  const [soonIds, setSoonIds] = useState<Set<string>>(new Set());
  useEffect(() => setText(q), [q]);

  const { data, error, loading } = useApiData(
    (signal) => api.get<Page>('/desk/feedback', { ...TAB_QUERY[tab], q: q.trim() || undefined, category, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }, signal),
    [tab, q, category, page, reload],
  );

  // Counts per tab, and which reports are due soon (to mark them in every tab).
  useEffect(() => {
    const ctrl = new AbortController();
    Promise.all(FB_TABS.map((id) => api.get<Page>('/desk/feedback', { ...TAB_QUERY[id], limit: id === 'soon' ? 100 : 1 }, ctrl.signal).then((p) => [id, p] as const)))
      .then((pairs) => {
        setCounts(Object.fromEntries(pairs.map(([id, p]) => [id, p.total])));
        setSoonIds(new Set(pairs.find(([id]) => id === 'soon')?.[1].items.map((r) => r.id) ?? []));
      })
      .catch(() => undefined);
    return () => ctrl.abort();
  }, [reload]);

  function go(next: { tab?: Tab; q?: string; category?: string; page?: number }) {
    const p = new URLSearchParams();
    const nt = next.tab ?? tab;
    const nq = next.q ?? q;
    const nc = next.category ?? category;
    if (nt !== 'received') p.set('tab', nt);
    if (nq.trim()) p.set('q', nq.trim());
    if (nc) p.set('category', nc);
    if ((next.page ?? 1) > 1) p.set('page', String(next.page));
    setParams(p);
  }

  function onSearch(e: FormEvent) {
    e.preventDefault();
    go({ q: text });
  }

  const title = t('feedback.queue.title');
  const tabLabel = (id: Tab) => t(`feedback.queue.tabs.${id}`);
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;

  if (me && !me.agencyId) {
    return (
      <div className="container page narrow">
        <PageTitle title={title} />
        <h1>{title}</h1>
        <div className="alert alert-warning">
          <p>{t('desk.queue.noAgency')}</p>
        </div>
      </div>
    );
  }

  return (
    <div className="container page desk-queue fb-queue">
      <PageTitle title={`${title} · ${tabLabel(tab)}`} />
      <div className="page-head">
        <div>
          <h1>{title}</h1>
          {me?.agencyName && (
            <p className="muted desk-agency" lang="vi">
              {me.agencyName}
            </p>
          )}
          <p className="muted small">{t('feedback.queue.rule', { days: FEEDBACK_DUE_WORKING_DAYS })}</p>
        </div>
        <button type="button" className="btn btn-outline btn-small" onClick={() => setReload((n) => n + 1)} disabled={loading}>
          {t('desk.queue.refresh')}
        </button>
      </div>

      <nav className="queue-tabs" aria-label={t('feedback.queue.tabsLabel')}>
        <ul>
          {FB_TABS.map((id) => (
            <li key={id}>
              <Link
                to={id === 'received' ? '?' : `?tab=${id}`}
                className={id === tab ? 'queue-tab is-current' : 'queue-tab'}
                aria-current={id === tab ? 'page' : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  go({ tab: id, page: 1 });
                }}
              >
                <span>{tabLabel(id)}</span>
                {counts[id] !== undefined && (
                  <span className={`queue-count${(id === 'overdue' || id === 'soon') && counts[id]! > 0 ? ' is-alert' : ''}`}>
                    <span className="visually-hidden">: </span>
                    {counts[id]}
                  </span>
                )}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <form className="queue-search card fb-queue-search" role="search" onSubmit={onSearch}>
        <div>
          <SearchField id="fb-queue-q" label={t('feedback.queue.search')} value={text} onValueChange={setText} placeholder={t('feedback.queue.searchPlaceholder')} maxLength={100} button={t('desk.queue.searchButton')} />
        </div>
        <CategoryFilter id="fb-queue-category" value={category} onChange={(code) => go({ category: code })} />
      </form>

      <h2 id="fb-queue-title" className="queue-list-title">
        {tabLabel(tab)}
      </h2>
      <p className="result-count" role="status" aria-live="polite">
        {loading ? t('common.loading') : data ? t('feedback.list.count', { count: data.total }) : ''}
      </p>
      {error ? <ErrorAlert error={error} /> : null}
      {!data && loading && <Loading />}
      {data && data.items.length === 0 && !loading && (
        <div className="card empty">
          <p>{q ? t('feedback.list.emptySearch', { q }) : t('feedback.queue.empty')}</p>
        </div>
      )}
      {data && data.items.length > 0 && (
        <table className={`data-table responsive-table queue-table fb-queue-table${loading ? ' is-stale' : ''}`} aria-labelledby="fb-queue-title">
          <thead>
            <tr>
              <th scope="col">{t('feedback.col.code')}</th>
              <th scope="col">{t('feedback.field.category')}</th>
              <th scope="col">{t('feedback.field.place')}</th>
              <th scope="col">{t('feedback.field.submittedAt')}</th>
              <th scope="col">{t('feedback.field.dueDate')}</th>
              <th scope="col">{t('feedback.field.status')}</th>
              <th scope="col">{t('feedback.col.assignee')}</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((r) => {
              const soon = !r.overdue && !r.closedAt && soonIds.has(r.id);
              return (
                <tr key={r.id} className={r.overdue ? 'row-overdue' : soon ? 'row-soon' : undefined}>
                  <th scope="row" data-label={t('feedback.col.code')}>
                    <Link to={deskFeedbackPath(r.id)} className="dossier-code">
                      {r.code}
                    </Link>
                  </th>
                  <td data-label={t('feedback.field.category')} lang="vi">
                    {r.categoryName}
                    <span className="cell-sub">{r.descriptionExcerpt.length > 80 ? `${r.descriptionExcerpt.slice(0, 80)}…` : r.descriptionExcerpt}</span>
                  </td>
                  <td data-label={t('feedback.field.place')} lang="vi">
                    {placeText(r.address, r.communeName)}
                  </td>
                  <td data-label={t('feedback.field.submittedAt')}>{formatDateTime(r.submittedAt)}</td>
                  <td data-label={t('feedback.field.dueDate')}>
                    {r.dueDate ? (
                      <span className={r.overdue ? 'due-date is-overdue' : 'due-date'}>
                        <time dateTime={r.dueDate}>{formatDate(r.dueDate)}</time>
                        {r.overdue && <OverdueBadge />}
                        {soon && <span className="badge badge-warning">{t('feedback.queue.dueSoon')}</span>}
                      </span>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td data-label={t('feedback.field.status')}>
                    <FeedbackStatusBadge status={r.status} />
                  </td>
                  <td data-label={t('feedback.col.assignee')}>{r.assigneeName ? <span lang="vi">{r.assigneeName}</span> : <span className="muted">{t('desk.queue.unassigned')}</span>}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {data && <Pagination page={page} pages={pages} loading={loading} label={t('feedback.list.pagination')} onPage={(n) => go({ page: n })} />}
    </div>
  );
}
