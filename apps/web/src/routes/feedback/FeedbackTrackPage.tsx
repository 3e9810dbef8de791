// Tracking a feedback report by its code (/phan-anh/:code; the form at /phan-anh/tra-cuu), for anyone: status, category,
// place, agency, due date, the agency's public response, the public timeline — and the content
// once a moderator has published it. The signed-in reporter sees their own report in full. When the
// report is resolved, its reporter rates the outcome: signed in, or with the secret shown after
// sending and in the confirmation email (its link carries ?t=…, kept on the device and then taken
// out of the address bar).
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { FeedbackDetail, PublicFeedbackReport } from '@tinhso/contracts';
import { api, ApiError } from '../../api';
import { useAuth } from '../../auth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TextAreaField, TextField } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { SearchField } from '../../components/SearchField';
import { formatDate, formatDateTime } from '../../format';
import { declineLabel, FEEDBACK_PUBLIC, FEEDBACK_TRACK, FeedbackStatusBadge, FeedbackTimeline, PhotoStrip, rememberToken, storedToken, trackPath, placeText } from './feedbackShared';
import './feedback.css';

type View = PublicFeedbackReport & { own?: FeedbackDetail };

function tokenFromUrl(hash: string, search: string): string {
  const h = new URLSearchParams(hash.replace(/^#/, ''));
  const s = new URLSearchParams(search);
  return (s.get('t') ?? h.get('t') ?? s.get('token') ?? h.get('token') ?? '').trim();
}

export default function FeedbackTrackPage() {
  const { t, i18n } = useTranslation();
  const { code = '' } = useParams();
  const { me, status: authStatus } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const [text, setText] = useState(code);
  const [data, setData] = useState<View | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const [reload, setReload] = useState(0);

  useEffect(() => setText(code), [code]);

  // A link from the email carries the rating secret: keep it on this device and take it out of the
  // address bar (so it is not shared with the page's address or kept in the history).
  useEffect(() => {
    const tok = tokenFromUrl(location.hash, location.search);
    if (code && tok) {
      rememberToken(code, tok);
      navigate(trackPath(code), { replace: true });
    }
  }, [code, location.hash, location.search, navigate]);

  useEffect(() => {
    if (!code || authStatus === 'loading') return;
    const ctrl = new AbortController();
    setLoading(true);
    setError(null);
    (async () => {
      const pub = await api.get<PublicFeedbackReport>(`/feedback/reports/${encodeURIComponent(code.trim())}`, undefined, ctrl.signal);
      let own: FeedbackDetail | undefined;
      if (me) own = await api.get<FeedbackDetail>(`/me/feedback/${encodeURIComponent(pub.code)}`, undefined, ctrl.signal).catch(() => undefined);
      return { ...pub, own };
    })()
      .then(setData)
      .catch((err: unknown) => {
        if ((err as Error).name === 'AbortError') return;
        setData(null);
        setError(err);
      })
      .finally(() => {
        if (!ctrl.signal.aborted) setLoading(false);
      });
    return () => ctrl.abort();
  }, [code, me, authStatus, reload]);

  function onSearch(e: FormEvent) {
    e.preventDefault();
    const c = text.trim().toUpperCase();
    if (c) navigate(trackPath(c));
  }

  const notFound = error instanceof ApiError && (error.status === 404 || error.status === 400);
  const title = t('feedback.track.title');
  const d = data;
  const description = d?.own?.description ?? d?.description ?? null;
  const photos = d?.own?.photos ?? d?.photos ?? [];
  const address = d?.own?.address ?? d?.address ?? null;

  return (
    <div className="container page fb-track">
      <PageTitle title={code ? `${title} ${code}` : title} />
      <h1>{title}</h1>
      <p className="muted">{t('feedback.track.intro')}</p>
      <form className="card" role="search" onSubmit={onSearch}>
        <SearchField id="fb-track-code" label={t('feedback.track.codeLabel')} value={text} onValueChange={setText} placeholder="PA-261127-0001" spellCheck={false} autoCapitalize="characters" maxLength={20} button={t('feedback.track.lookUp')} />
      </form>

      <div aria-live="polite">
        {loading && <Loading label={t('feedback.track.loading')} />}
        {notFound && !loading && (
          <div className="alert alert-warning" role="alert">
            <p className="alert-title">{t('feedback.track.notFoundTitle')}</p>
            <p>{t('feedback.track.notFoundText', { code })}</p>
          </div>
        )}
        {error && !notFound ? <ErrorAlert error={error} /> : null}
      </div>

      {d && !loading && (
        <article className="card fb-report" aria-labelledby="fb-report-title">
          <header className="result-header">
            <div>
              <p className="eyebrow">{t('feedback.track.code')}</p>
              <h2 id="fb-report-title" className="dossier-code">
                {d.code}
              </h2>
            </div>
            <p className="result-status">
              <span className="visually-hidden">{t('feedback.field.status')}: </span>
              <FeedbackStatusBadge status={d.status} />
            </p>
          </header>
          {!d.published && !d.own && <p className="alert alert-info">{t('feedback.track.unpublished')}</p>}
          <dl className="facts">
            <div>
              <dt>{t('feedback.field.category')}</dt>
              <dd lang="vi">{d.categoryName}</dd>
            </div>
            <div>
              <dt>{t('feedback.field.place')}</dt>
              <dd lang="vi">{placeText(address, d.communeName)}</dd>
            </div>
            <div>
              <dt>{t('feedback.field.agency')}</dt>
              <dd lang="vi">{d.agencyName ?? t('feedback.track.routing')}</dd>
            </div>
            <div>
              <dt>{t('feedback.field.submittedAt')}</dt>
              <dd>{formatDateTime(d.submittedAt)}</dd>
            </div>
            <div>
              <dt>{t('feedback.field.dueDate')}</dt>
              <dd>{d.dueDate ? formatDate(d.dueDate) : '—'}</dd>
            </div>
            {d.closedAt && (
              <div>
                <dt>{t('feedback.field.closedAt')}</dt>
                <dd>{formatDateTime(d.closedAt)}</dd>
              </div>
            )}
          </dl>
          {description && (
            <>
              <h3>{t('feedback.field.description')}</h3>
              <p className="fb-description" lang="vi">
                {description}
              </p>
            </>
          )}
          <PhotoStrip photos={photos} kind="report" />

          {(d.response || d.declineReason) && (
            <section className={`fb-response ${d.status === 'declined' ? 'is-declined' : ''}`} aria-labelledby="fb-response-title">
              <h3 id="fb-response-title">{d.status === 'declined' ? t('feedback.track.declinedTitle') : t('feedback.track.responseTitle')}</h3>
              {d.declineReason && (
                <p>
                  <strong>{declineLabel(t, i18n.language, d.declineReason)}</strong>
                  {d.duplicateOfCode && (
                    <>
                      {' — '}
                      <Link to={trackPath(d.duplicateOfCode)}>{t('feedback.track.seeOriginal', { code: d.duplicateOfCode })}</Link>
                    </>
                  )}
                </p>
              )}
              {d.response && (
                <p className="fb-description" lang="vi">
                  {d.response}
                </p>
              )}
              <PhotoStrip photos={photos} kind="response" />
            </section>
          )}

          {d.rating !== null && (
            <p className="fb-rated">
              {t('feedback.rate.rated', { stars: d.rating })} <Stars n={d.rating} />
            </p>
          )}
          {d.status === 'resolved' && d.rating === null && (!d.own || d.own.allowedActions.includes('rate')) && (
            <RatingOffer code={d.code} signedInReporter={!!d.own} onRated={() => setReload((n) => n + 1)} />
          )}

          <h3 id="fb-timeline">{t('feedback.track.timeline')}</h3>
          <FeedbackTimeline events={d.own?.timeline ?? d.timeline} headingId="fb-timeline" />
        </article>
      )}
      {!code && (
        <p>
          <Link to={FEEDBACK_PUBLIC}>{t('feedback.track.browse')}</Link>
        </p>
      )}
      {code && !d && !loading && (
        <p>
          <Link to={FEEDBACK_TRACK}>{t('feedback.track.another')}</Link>
        </p>
      )}
    </div>
  );
}

export function Stars({ n }: { n: number }) {
  return (
    <span className="fb-stars" aria-hidden="true">
      {'★'.repeat(n)}
      <span className="fb-stars-off">{'★'.repeat(5 - n)}</span>
    </span>
  );
}

/**
 * The rating form for the reporter: open at once for the signed-in reporter or on the device that
 * holds the secret (sent from here, or opened from the email's link); for anyone else behind a
 * button, as only the reporter can rate.
 */
function RatingOffer(props: { code: string; signedInReporter: boolean; onRated: () => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(() => props.signedInReporter || !!storedToken(props.code));
  const [asked, setAsked] = useState(false);
  if (open) return <RatingForm {...props} focusOnMount={asked} />;
  return (
    <p className="fb-rate-offer">
      <button
        type="button"
        className="btn btn-outline"
        onClick={() => {
          setAsked(true);
          setOpen(true);
        }}
      >
        {t('feedback.rate.iAmReporter')}
      </button>
    </p>
  );
}

function RatingForm({ code, signedInReporter, onRated, focusOnMount }: { code: string; signedInReporter: boolean; onRated: () => void; focusOnMount?: boolean }) {
  const { t } = useTranslation();
  const titleRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusOnMount) titleRef.current?.focus();
  }, [focusOnMount]);
  const [stars, setStars] = useState(0);
  const [comment, setComment] = useState('');
  const [token, setToken] = useState(() => storedToken(code));
  const [known] = useState(() => !!storedToken(code));
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [error, setError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const errs: Record<string, string[]> = {};
    if (stars < 1) errs.stars = [t('feedback.rate.starsRequired')];
    if (!signedInReporter && token.trim().length < 16) errs.token = [t('feedback.rate.tokenRequired')];
    setErrors(errs);
    setError(null);
    if (Object.keys(errs).length) {
      document.getElementById(errs.stars ? 'fb-star-1' : 'fb-token')?.focus();
      return;
    }
    setSending(true);
    try {
      await api.post(`/feedback/reports/${encodeURIComponent(code)}/rating`, {
        stars,
        ...(comment.trim() ? { comment: comment.trim() } : {}),
        ...(token.trim() ? { accessToken: token.trim() } : {}),
      });
      onRated();
    } catch (err) {
      setError(err);
    } finally {
      setSending(false);
    }
  }

  return (
    <form className="fb-rating card" onSubmit={onSubmit} noValidate aria-labelledby="fb-rate-title">
      <h3 id="fb-rate-title" ref={titleRef} tabIndex={-1}>
        {t('feedback.rate.title')}
      </h3>
      <p className="field-hint">{t('feedback.rate.intro')}</p>
      <fieldset className={`fb-star-set${errors.stars ? ' has-error' : ''}`} aria-describedby={errors.stars ? 'fb-stars-error' : undefined}>
        <legend className="field-label">{t('feedback.rate.stars')}</legend>
        <div className="fb-star-options">
          {[1, 2, 3, 4, 5].map((n) => (
            <label key={n} className={stars >= n ? 'is-on' : undefined}>
              <input type="radio" id={`fb-star-${n}`} name="stars" value={n} checked={stars === n} onChange={() => setStars(n)} />
              <span aria-hidden="true">★</span>
              <span className="visually-hidden">{t('feedback.rate.starLabel', { count: n })}</span>
            </label>
          ))}
        </div>
        {stars > 0 && <p className="small">{t(`feedback.rate.level${stars as 1 | 2 | 3 | 4 | 5}`)}</p>}
        {errors.stars && (
          <p id="fb-stars-error" className="field-error">
            {errors.stars.join(' ')}
          </p>
        )}
      </fieldset>
      <TextAreaField id="fb-rate-comment" label={t('feedback.rate.comment')} rows={3} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} />
      {!signedInReporter && !known && (
        <TextField id="fb-token" label={t('feedback.rate.token')} hint={t('feedback.rate.tokenHint')} value={token} onChange={(e) => setToken(e.target.value)} errors={errors.token} spellCheck={false} autoComplete="off" />
      )}
      {error ? <ErrorAlert error={error} /> : null}
      <button type="submit" className="btn btn-primary" disabled={sending}>
        {t('feedback.rate.send')}
      </button>
    </form>
  );
}
