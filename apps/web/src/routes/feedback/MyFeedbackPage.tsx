// "Phản ánh của tôi" (/phan-anh/cua-toi): the signed-in reporter's own reports, newest first, each
// linking to its tracking page (where the reporter sees it in full and rates the outcome).
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { FeedbackSummary } from '@tinhso/contracts';
import { api } from '../../api';
import { useApiData } from '../../apiData';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { formatDate, formatDateTime } from '../../format';
import { FEEDBACK_SUBMIT, FeedbackStatusBadge, trackPath, placeText } from './feedbackShared';
import { Stars } from './FeedbackTrackPage';
import './feedback.css';

export default function MyFeedbackPage() {
  const { t } = useTranslation();
  const { data, error, loading } = useApiData((signal) => api.get<FeedbackSummary[]>('/me/feedback', undefined, signal), []);
  const title = t('feedback.mine.title');
  return (
    <div className="container page fb-mine">
      <PageTitle title={title} />
      <div className="page-head">
        <h1>{title}</h1>
        <Link className="btn btn-primary" to={FEEDBACK_SUBMIT}>
          {t('feedback.list.submit')}
        </Link>
      </div>
      {error ? <ErrorAlert error={error} /> : null}
      {loading && !data && <Loading />}
      {data && data.length === 0 && (
        <div className="card empty">
          <p>{t('feedback.mine.empty')}</p>
        </div>
      )}
      {data && data.length > 0 && (
        <ul className="fb-list">
          {data.map((r) => (
            <li key={r.id} className="card fb-item">
              <div className="fb-item-head">
                <h2 className="fb-item-title">
                  <Link to={trackPath(r.code)}>
                    <span className="fb-item-code">{r.code}</span>
                    <span className="visually-hidden"> — </span> <span lang="vi">{r.categoryName}</span>
                  </Link>
                </h2>
                <FeedbackStatusBadge status={r.status} />
              </div>
              <p className="muted small" lang="vi">
                {placeText(r.address, r.communeName)} · {t('feedback.mine.sentAt', { at: formatDateTime(r.submittedAt) })}
              </p>
              <p className="fb-excerpt" lang="vi">
                {r.descriptionExcerpt}
              </p>
              <p className="small">
                {r.agencyName && <span lang="vi">{r.agencyName}</span>}
                {r.dueDate && !r.closedAt && <span> · {t('feedback.mine.due', { date: formatDate(r.dueDate) })}</span>}
                {r.status === 'resolved' && r.rating === null && (
                  <>
                    {' · '}
                    <Link to={trackPath(r.code)}>{t('feedback.mine.rateNow')}</Link>
                  </>
                )}
                {r.rating !== null && (
                  <>
                    {' · '}
                    <span className="visually-hidden">{t('feedback.rate.rated', { stars: r.rating })}</span>
                    <Stars n={r.rating} />
                  </>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
