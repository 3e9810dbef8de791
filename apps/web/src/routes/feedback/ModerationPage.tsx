// Moderation of feedback reports (/kiem-duyet, role moderator): the reports awaiting a decision
// (and the published and hidden ones), each with its full text and photos but never the reporter's
// contact; "Công khai" publishes it on the public page, "Ẩn" keeps it off with a reason.
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { FeedbackModerationItem } from '@tinhso/contracts';
import { api } from '../../api';
import { useApiData } from '../../apiData';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TextAreaField } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { Pagination } from '../../components/Pagination';
import { formatDateTime } from '../../format';
import { declineLabel, FeedbackStatusBadge, PhotoStrip, trackPath, placeText } from './feedbackShared';
import '../desk/desk.css';
import './feedback.css';

const STATES = ['pending', 'published', 'hidden'] as const;
type State = (typeof STATES)[number];
const PAGE_SIZE = 20;

export default function ModerationPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const raw = params.get('state') as State | null;
  const state: State = raw && STATES.includes(raw) ? raw : 'pending';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const [reload, setReload] = useState(0);
  const [notice, setNotice] = useState('');
  const { data, error, loading } = useApiData(
    (signal) => api.get<{ total: number; items: FeedbackModerationItem[] }>('/moderation/feedback', { state, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }, signal),
    [state, page, reload],
  );
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  const title = t('feedback.moderation.title');

  function go(next: { state?: State; page?: number }) {
    const p = new URLSearchParams();
    const s = next.state ?? state;
    if (s !== 'pending') p.set('state', s);
    if ((next.page ?? 1) > 1) p.set('page', String(next.page));
    setParams(p);
  }

  function done(message: string) {
    setNotice(message);
    setReload((n) => n + 1);
  }

  return (
    <div className="container page fb-moderation">
      <PageTitle title={`${title} · ${t(`feedback.moderation.states.${state}`)}`} />
      <h1>{title}</h1>
      <p className="muted">{t('feedback.moderation.intro')}</p>
      <nav className="queue-tabs" aria-label={t('feedback.moderation.tabsLabel')}>
        <ul>
          {STATES.map((s) => (
            <li key={s}>
              <Link
                to={s === 'pending' ? '?' : `?state=${s}`}
                className={s === state ? 'queue-tab is-current' : 'queue-tab'}
                aria-current={s === state ? 'page' : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  setNotice('');
                  go({ state: s });
                }}
              >
                {t(`feedback.moderation.states.${s}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <p role="status" aria-live="polite" className="status-line">
        {notice && <span className="alert alert-success block">{notice}</span>}
      </p>
      <p className="result-count">{data ? t('feedback.list.count', { count: data.total }) : ''}</p>
      {error ? <ErrorAlert error={error} /> : null}
      {loading && !data && <Loading />}
      {data && data.items.length === 0 && (
        <div className="card empty">
          <p>{t(`feedback.moderation.empty.${state}`)}</p>
        </div>
      )}
      {data && data.items.length > 0 && (
        <ul className={`fb-list${loading ? ' is-stale' : ''}`}>
          {data.items.map((r) => (
            <ModerationItem key={r.id} item={r} onDone={done} />
          ))}
        </ul>
      )}
      {data && <Pagination page={page} pages={pages} loading={loading} label={t('feedback.list.pagination')} onPage={(n) => go({ page: n })} />}
    </div>
  );
}

function ModerationItem({ item: r, onDone }: { item: FeedbackModerationItem; onDone: (message: string) => void }) {
  const { t, i18n } = useTranslation();
  const [hiding, setHiding] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const headingId = `mod-${r.id}`;

  async function publish() {
    setBusy(true);
    setError(null);
    try {
      await api.post(`/moderation/feedback/${r.id}/publish`);
      onDone(t('feedback.moderation.publishedNotice', { code: r.code }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function hide(e: FormEvent) {
    e.preventDefault();
    if (reason.trim().length < 3) {
      setReasonError([t('feedback.moderation.reasonRequired')]);
      document.getElementById(`${headingId}-reason`)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.post(`/moderation/feedback/${r.id}/hide`, { reason: reason.trim() });
      onDone(t('feedback.moderation.hiddenNotice', { code: r.code }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className="card fb-item fb-mod-item" aria-labelledby={headingId}>
      <div className="fb-item-head">
        <h2 id={headingId} className="fb-item-title">
          <span className="fb-item-code">{r.code}</span> · <span lang="vi">{r.categoryName}</span>
        </h2>
        <FeedbackStatusBadge status={r.status} />
      </div>
      <p className="muted small" lang="vi">
        {placeText(r.address, r.communeName)} · {formatDateTime(r.submittedAt)}
        {r.agencyName && ` · ${r.agencyName}`}
      </p>
      <p className="fb-description" lang="vi">
        {r.description}
      </p>
      <PhotoStrip photos={r.photos} />
      {(r.response || r.declineReason) && (
        <div className="fb-item-response">
          <p className="fb-item-response-title">{r.declineReason ? declineLabel(t, i18n.language, r.declineReason) : t('feedback.list.responseBy', { agency: r.agencyName ?? '' })}</p>
          {r.response && <p lang="vi">{r.response}</p>}
        </div>
      )}
      {r.hiddenReason && <p className="small">{t('feedback.moderation.hiddenBecause', { reason: r.hiddenReason })}</p>}
      {error ? <ErrorAlert error={error} /> : null}
      <div className="button-row">
        {!r.published && (
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void publish()} aria-label={t('feedback.moderation.publishNamed', { code: r.code })}>
            {t('feedback.moderation.publish')}
          </button>
        )}
        {(r.published || !r.hiddenReason) && !hiding && (
          <button type="button" className="btn btn-danger-outline" disabled={busy} onClick={() => setHiding(true)} aria-label={t('feedback.moderation.hideNamed', { code: r.code })}>
            {t('feedback.moderation.hide')}
          </button>
        )}
        <Link to={trackPath(r.code)} className="btn btn-quiet">
          {t('feedback.moderation.view')}
        </Link>
      </div>
      {hiding && (
        <form className="action-form" onSubmit={hide} noValidate aria-label={t('feedback.moderation.hideNamed', { code: r.code })}>
          <TextAreaField id={`${headingId}-reason`} label={t('feedback.moderation.reason')} required rows={3} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} errors={reasonError} hint={t('feedback.moderation.reasonHint')} autoFocus />
          <div className="button-row">
            <button type="submit" className="btn btn-danger" disabled={busy}>
              {t('feedback.moderation.confirmHide')}
            </button>
            <button type="button" className="btn btn-quiet" onClick={() => setHiding(false)}>
              {t('feedback.work.cancel')}
            </button>
          </div>
        </form>
      )}
    </li>
  );
}
