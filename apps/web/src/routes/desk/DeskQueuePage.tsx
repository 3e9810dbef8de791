// The officials' queue (/can-bo): the agency's dossiers by tab (waiting for receipt, in progress,
// awaiting approval, waiting for the result to be returned, supplement requested, due soon,
// overdue, mine, all), searchable by dossier code or applicant name. State lives in the URL
// (?tab=&q=&page=), so the back button and shared links keep the view.
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { DossierSummary, Role } from '@tinhso/contracts';
import { api, type Query } from '../../api';
import { useApiData } from '../../apiData';
import { useAuth } from '../../auth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { Pagination } from '../../components/Pagination';
import { SearchField } from '../../components/SearchField';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDateTime } from '../../format';
import { DueDate, deskDossierPath } from './deskShared';
import './desk.css';

const PAGE_SIZE = 20;

export const TAB_IDS = ['submitted', 'received', 'in_progress', 'awaiting_approval', 'to_return', 'supplement', 'soon', 'overdue', 'mine', 'all'] as const;
export type TabId = (typeof TAB_IDS)[number];

/** Each tab is one or more queue queries (the "to return" tab merges approved and refused). */
const TAB_QUERIES: Record<TabId, Query[]> = {
  submitted: [{ status: 'submitted' }],
  received: [{ status: 'received' }],
  in_progress: [{ status: 'in_progress' }],
  awaiting_approval: [{ status: 'awaiting_approval' }],
  to_return: [{ status: 'approved' }, { status: 'refused' }],
  supplement: [{ status: 'supplement_requested' }],
  soon: [{ due: 'soon' }],
  overdue: [{ due: 'overdue' }],
  // A processing official's own dossiers that still need something (finished ones are under "all").
  mine: [
    { mine: true, status: 'in_progress' },
    { mine: true, status: 'supplement_requested' },
    { mine: true, status: 'awaiting_approval' },
  ],
  all: [{}],
};

export function tabsFor(role: Role | undefined): TabId[] {
  return TAB_IDS.filter((id) => id !== 'mine' || role === 'processor');
}

export function defaultTab(role: Role | undefined): TabId {
  if (role === 'processor') return 'mine';
  if (role === 'approver') return 'awaiting_approval';
  return 'submitted';
}

interface Page {
  total: number;
  /** The server stops counting at 10,000: then there are more than `total`. */
  totalCapped: boolean;
  items: DossierSummary[];
}

/** A count that may be a lower bound ("more than 10,000"). */
type Count = { n: number; capped: boolean };
type QueueResult = { total: number; totalCapped: boolean; pages: number; items: DossierSummary[] };

async function fetchTab(tab: TabId, q: string, page: number, signal?: AbortSignal): Promise<QueueResult> {
  const queries = TAB_QUERIES[tab];
  const pages = await Promise.all(queries.map((query) => api.get<Page>('/desk/dossiers', { ...query, q: q || undefined, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }, signal)));
  const items = pages.flatMap((p) => p.items);
  if (pages.length > 1) items.sort((a, b) => (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') || a.submittedAt.localeCompare(b.submittedAt));
  return {
    total: pages.reduce((n, p) => n + p.total, 0),
    totalCapped: pages.some((p) => p.totalCapped),
    pages: Math.max(1, ...pages.map((p) => Math.ceil(p.total / PAGE_SIZE))),
    items,
  };
}

async function countTab(tab: TabId, signal?: AbortSignal): Promise<Count> {
  const pages = await Promise.all(TAB_QUERIES[tab].map((query) => api.get<Page>('/desk/dossiers', { ...query, limit: 1 }, signal)));
  return { n: pages.reduce((n, p) => n + p.total, 0), capped: pages.some((p) => p.totalCapped) };
}

export default function DeskQueuePage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const [params, setParams] = useSearchParams();
  const tabs = tabsFor(me?.role);
  const rawTab = params.get('tab') as TabId | null;
  const tab: TabId = rawTab && tabs.includes(rawTab) ? rawTab : defaultTab(me?.role);
  const q = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);

  const [text, setText] = useState(q);
  const [counts, setCounts] = useState<Partial<Record<TabId, Count>>>({});
  const countText = (c: Count) => (c.capped ? t('desk.queue.countBadgeCapped', { count: c.n }) : t('desk.queue.countBadge', { count: c.n }));
  const [reloadKey, setReloadKey] = useState(0);

  useEffect(() => setText(q), [q]);

  const { data: result, error, loading } = useApiData((signal) => fetchTab(tab, q.trim(), page, signal), [tab, q, page, reloadKey]);

  const tabKey = tabs.join(',');
  useEffect(() => {
    const ctrl = new AbortController();
    const ids = tabKey.split(',') as TabId[];
    Promise.all(ids.map((id) => countTab(id, ctrl.signal).then((n) => [id, n] as const)))
      .then((pairs) => setCounts(Object.fromEntries(pairs)))
      .catch(() => undefined);
    return () => ctrl.abort();
  }, [tabKey, reloadKey]);

  const update = useCallback(
    (next: { tab?: TabId; q?: string; page?: number }) => {
      const p = new URLSearchParams();
      const nt = next.tab ?? tab;
      const nq = next.q ?? q;
      const np = next.page ?? 1;
      if (nt !== defaultTab(me?.role)) p.set('tab', nt);
      if (nq.trim()) p.set('q', nq.trim());
      if (np > 1) p.set('page', String(np));
      setParams(p);
    },
    [tab, q, me?.role, setParams],
  );

  function tabHref(id: TabId): string {
    const p = new URLSearchParams();
    if (id !== defaultTab(me?.role)) p.set('tab', id);
    if (q.trim()) p.set('q', q.trim());
    const s = p.toString();
    return s ? `?${s}` : '?';
  }

  function onSearch(e: FormEvent) {
    e.preventDefault();
    update({ q: text, page: 1 });
  }

  const tabLabel = useMemo(() => (id: TabId) => t(`desk.queue.tabs.${id}`), [t]);
  const title = t('desk.queue.title');

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
    <div className="container page desk-queue">
      <PageTitle title={`${title} · ${tabLabel(tab)}`} />
      <div className="page-head">
        <div>
          <h1>{title}</h1>
          {me?.agencyName && (
            <p className="muted desk-agency" lang="vi">
              {me.agencyName}
            </p>
          )}
        </div>
        <button type="button" className="btn btn-outline btn-small" onClick={() => setReloadKey((k) => k + 1)} disabled={loading}>
          {t('desk.queue.refresh')}
        </button>
      </div>

      <nav className="queue-tabs" aria-label={t('desk.queue.tabsLabel')}>
        <ul>
          {tabs.map((id) => (
            <li key={id}>
              <Link
                to={tabHref(id)}
                className={id === tab ? 'queue-tab is-current' : 'queue-tab'}
                aria-current={id === tab ? 'page' : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  update({ tab: id, page: 1 });
                }}
              >
                <span>{tabLabel(id)}</span>
                {counts[id] !== undefined && (
                  <span className={`queue-count${id === 'overdue' && counts[id]!.n > 0 ? ' is-alert' : ''}`}>
                    <span className="visually-hidden">: </span>
                    {countText(counts[id]!)}
                  </span>
                )}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <form className="queue-search card" role="search" onSubmit={onSearch}>
        <SearchField id="queue-q" label={t('desk.queue.searchLabel')} value={text} onValueChange={setText} placeholder={t('desk.queue.searchPlaceholder')} spellCheck={false} maxLength={100} button={t('desk.queue.searchButton')} />
        {q && (
          <p className="field-hint">
            {t('desk.queue.searchingFor', { q, tab: tabLabel(tab) })}{' '}
            <button
              type="button"
              className="btn btn-quiet btn-inline"
              onClick={() => {
                setText('');
                update({ q: '', page: 1 });
              }}
            >
              {t('desk.queue.clearSearch')}
            </button>
          </p>
        )}
      </form>

      <h2 id="queue-list-title" className="queue-list-title">
        {tabLabel(tab)}
      </h2>
      <p className="result-count" role="status" aria-live="polite">
        {loading ? t('common.loading') : result ? t(result.totalCapped ? 'desk.queue.countCapped' : 'desk.queue.count', { count: result.total }) : ''}
      </p>
      {error ? <ErrorAlert error={error} /> : null}
      {!result && loading && <Loading />}
      {result && result.items.length === 0 && !loading && (
        <div className="card empty">
          <p>{q ? t('desk.queue.emptySearch', { q }) : t('desk.queue.empty')}</p>
          {q && tab !== 'all' && (
            <button type="button" className="btn btn-outline" onClick={() => update({ tab: 'all', page: 1 })}>
              {t('desk.queue.searchAll')}
            </button>
          )}
        </div>
      )}
      {result && result.items.length > 0 && (
        <table className={`data-table responsive-table queue-table${loading ? ' is-stale' : ''}`} aria-labelledby="queue-list-title">
          <thead>
            <tr>
              <th scope="col">{t('desk.col.code')}</th>
              <th scope="col">{t('desk.col.procedure')}</th>
              <th scope="col">{t('desk.col.applicant')}</th>
              <th scope="col">{t('desk.col.received')}</th>
              <th scope="col">{t('desk.col.due')}</th>
              <th scope="col">{t('desk.col.status')}</th>
              <th scope="col">{t('desk.col.assignee')}</th>
            </tr>
          </thead>
          <tbody>
            {result.items.map((d) => (
              <tr key={d.id} className={d.overdue ? 'row-overdue' : undefined}>
                <th scope="row" data-label={t('desk.col.code')}>
                  <Link to={deskDossierPath(d.id)} className="dossier-code">
                    {d.code}
                  </Link>
                </th>
                <td data-label={t('desk.col.procedure')} lang="vi">
                  {d.procedureName}
                </td>
                <td data-label={t('desk.col.applicant')} lang="vi">
                  {d.applicantName}
                </td>
                <td data-label={t('desk.col.received')}>
                  {d.receivedAt ? (
                    formatDateTime(d.receivedAt)
                  ) : (
                    <span className="muted">{t('desk.queue.submittedOn', { at: formatDateTime(d.submittedAt) })}</span>
                  )}
                </td>
                <td data-label={t('desk.col.due')}>
                  <DueDate dossier={d} />
                </td>
                <td data-label={t('desk.col.status')}>
                  <StatusBadge status={d.status} />
                </td>
                <td data-label={t('desk.col.assignee')}>{d.assigneeName ? <span lang="vi">{d.assigneeName}</span> : <span className="muted">{t('desk.queue.unassigned')}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {result && <Pagination page={page} pages={result.pages} loading={loading} label={t('desk.queue.pagination')} onPage={(n) => update({ page: n })} />}
    </div>
  );
}
