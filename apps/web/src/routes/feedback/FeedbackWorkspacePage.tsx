// An official's workspace for one feedback report (/xu-ly-phan-anh/:id): what was reported (text,
// photos, the point on a map), who reported it (reading this is audited by the server), the due
// date, the response, the rating, the whole timeline with internal notes, and exactly the actions
// the server allows now (`allowedActions`): assign, start, resolve with a public response and an
// optional photo, decline with a reason (a duplicate names the original by its code), reassign to
// another agency, and notes (internal or public).
import { lazy, Suspense, useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { FEEDBACK_DECLINE_REASONS, FEEDBACK_CODE_PATTERN, type Agency, type FeedbackDeclineReason, type FeedbackDetail, type PublicFeedbackReport } from '@tinhso/contracts';
import { api, fieldErrors } from '../../api';
import { useAuth } from '../../auth';
import { Breadcrumb } from '../../components/Breadcrumb';
import { ErrorAlert, errorText } from '../../components/ErrorAlert';
import { SelectField, TextAreaField, TextField } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { OverdueBadge } from '../../components/StatusBadge';
import { formatDate, formatDateTime } from '../../format';
import { declineLabel, FEEDBACK_DESK, FeedbackStatusBadge, FeedbackTimeline, PhotoStrip, shrinkPhoto, trackPath, uploadFeedbackPhoto, useMapConfig, placeText } from './feedbackShared';
import { Stars } from './FeedbackTrackPage';
import '../desk/desk.css';
import './feedback.css';

const FeedbackMap = lazy(() => import('./FeedbackMap'));

export const FB_ACTIONS = ['assign', 'start', 'resolve', 'decline', 'reassign', 'note'] as const;
type Action = (typeof FB_ACTIONS)[number];
const ENDPOINT: Record<Action, string> = { assign: 'assign', start: 'start', resolve: 'resolve', decline: 'decline', reassign: 'reassign', note: 'notes' };
const PRIMARY: readonly Action[] = ['start', 'resolve'];

interface Official {
  id: string;
  fullName: string;
  role: string;
}

export default function FeedbackWorkspacePage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const mapConfig = useMapConfig();
  const [report, setReport] = useState<FeedbackDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [open, setOpen] = useState<Action | null>(null);
  const [notice, setNotice] = useState<Action | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);

  const load = useCallback(async (signal?: AbortSignal) => {
    const r = await api.get<FeedbackDetail>(`/desk/feedback/${encodeURIComponent(id)}`, undefined, signal);
    setReport(r);
    setError(null);
    return r;
  }, [id]);

  useEffect(() => {
    const ctrl = new AbortController();
    setReport(null);
    load(ctrl.signal).catch((err: unknown) => {
      if ((err as Error).name !== 'AbortError') setError(err);
    });
    return () => ctrl.abort();
  }, [load]);

  async function afterAction(a: Action, updated: FeedbackDetail) {
    setReport(updated);
    setOpen(null);
    setNotice(a);
    window.setTimeout(() => {
      noticeRef.current?.focus();
      noticeRef.current?.scrollIntoView({ block: 'nearest' });
    }, 0);
  }

  const title = t('feedback.work.title');
  if (error && !report) {
    return (
      <div className="container page">
        <PageTitle title={title} />
        <h1>{title}</h1>
        <ErrorAlert error={error} />
        <Link to={FEEDBACK_DESK}>{t('feedback.work.back')}</Link>
      </div>
    );
  }
  if (!report) return <Loading />;
  const r = report;
  const actions = FB_ACTIONS.filter((a) => r.allowedActions.includes(a));
  const point = r.lat !== null && r.lon !== null ? { lat: r.lat, lon: r.lon } : null;

  return (
    <div className="container page desk-dossier fb-work">
      <PageTitle title={`${title} ${r.code}`} />
      <Breadcrumb trail={[{ to: FEEDBACK_DESK, label: t('feedback.queue.title') }]} current={r.code} />
      <div ref={noticeRef} tabIndex={-1} className="notice-region" role="status" aria-live="polite" aria-atomic="true">
        {notice && (
          <div className="alert alert-success">
            <p>{t(`feedback.work.done.${notice}`)}</p>
          </div>
        )}
      </div>

      <header className="dossier-head card">
        <p className="eyebrow">{t('feedback.track.code')}</p>
        <h1 className="dossier-code">{r.code}</h1>
        <p className="dossier-proc" lang="vi">
          {r.categoryName} · {r.agencyName}
          {r.unitName && ` · ${r.unitName}`}
        </p>
        <p className="dossier-status">
          <FeedbackStatusBadge status={r.status} />
          {r.overdue && <OverdueBadge />}
          {r.published ? (
            <span className="badge badge-success">{t('feedback.work.published')}</span>
          ) : r.hiddenReason ? (
            <span className="badge badge-warning">{t('feedback.work.hidden')}</span>
          ) : (
            <span className="badge badge-muted">{t('feedback.work.notPublished')}</span>
          )}
        </p>
        <p className="dossier-due">
          {r.dueDate ? t('feedback.work.dueOn', { date: formatDate(r.dueDate) }) : null}
          {r.assigneeName && (
            <>
              {' · '}
              {t('feedback.work.assignee', { name: r.assigneeName })}
            </>
          )}
        </p>
      </header>

      <div className="two-col side-first">
        <div className="col-main">
          <section className="card section" aria-labelledby="fb-content-title">
            <h2 id="fb-content-title">{t('feedback.work.content')}</h2>
            <p className="fb-description" lang="vi">
              {r.description}
            </p>
            <PhotoStrip photos={r.photos} kind="report" />
            <dl className="facts">
              <div>
                <dt>{t('feedback.field.place')}</dt>
                <dd lang="vi">{placeText(r.address, r.communeName)}</dd>
              </div>
              <div>
                <dt>{t('feedback.field.submittedAt')}</dt>
                <dd>
                  {formatDateTime(r.submittedAt)} · {r.source === 'open311' ? t('feedback.work.viaOpen311') : t('feedback.work.viaWeb')}
                </dd>
              </div>
              {point && (
                <div>
                  <dt>{t('feedback.work.coordinates')}</dt>
                  <dd>
                    {point.lat.toFixed(5)}, {point.lon.toFixed(5)}
                  </dd>
                </div>
              )}
            </dl>
            {point && mapConfig.data && (
              <Suspense fallback={<div className="fb-map fb-map-loading">{t('feedback.map.loading')}</div>}>
                <FeedbackMap config={mapConfig.data} label={t('feedback.work.mapLabel')} description={t('feedback.work.mapDescription', { place: r.communeName })} picked={point} focus={{ ...point, zoom: 15 }} className="fb-map-small" />
              </Suspense>
            )}
          </section>

          <section className="card section" aria-labelledby="fb-reporter-title">
            <h2 id="fb-reporter-title">{t('feedback.work.reporter')}</h2>
            <dl className="facts">
              <div>
                <dt>{t('feedback.field.fullName')}</dt>
                <dd lang="vi">{r.reporterName ?? '—'}</dd>
              </div>
              <div>
                <dt>{t('feedback.field.phone')}</dt>
                <dd>{r.reporterPhone ? <a href={`tel:${r.reporterPhone}`}>{r.reporterPhone}</a> : '—'}</dd>
              </div>
              <div>
                <dt>{t('feedback.field.email')}</dt>
                <dd className="break-all">{r.reporterEmail ?? '—'}</dd>
              </div>
            </dl>
            {r.anonymous && <p className="muted small">{t('feedback.work.anonymous')}</p>}
          </section>

          {(r.response || r.declineReason) && (
            <section className="card section" aria-labelledby="fb-answer-title">
              <h2 id="fb-answer-title">{r.status === 'declined' ? t('feedback.track.declinedTitle') : t('feedback.track.responseTitle')}</h2>
              {r.declineReason && (
                <p>
                  <strong>{declineLabel(t, i18n.language, r.declineReason)}</strong>
                  {r.duplicateOfCode && (
                    <>
                      {' — '}
                      <Link to={trackPath(r.duplicateOfCode)}>{r.duplicateOfCode}</Link>
                    </>
                  )}
                </p>
              )}
              {r.response && (
                <p className="fb-description" lang="vi">
                  {r.response}
                </p>
              )}
              <PhotoStrip photos={r.photos} kind="response" />
              {r.rating !== null && (
                <p>
                  {t('feedback.rate.rated', { stars: r.rating })} <Stars n={r.rating} />
                  {r.ratingComment && (
                    <span className="block quote" lang="vi">
                      {r.ratingComment}
                    </span>
                  )}
                </p>
              )}
            </section>
          )}

          <section className="card section" aria-labelledby="fb-work-timeline">
            <h2 id="fb-work-timeline">{t('feedback.track.timeline')}</h2>
            <FeedbackTimeline events={r.timeline} headingId="fb-work-timeline" />
          </section>
        </div>

        <aside className="col-side">
          <section className="card section" aria-labelledby="fb-actions-title">
            <h2 id="fb-actions-title">{t('feedback.work.actions')}</h2>
            {actions.length === 0 ? (
              <p className="muted">{r.status === 'resolved' || r.status === 'declined' ? t('feedback.work.finished') : t('feedback.work.noActions')}</p>
            ) : (
              <ul className="action-buttons">
                {actions.map((a) => {
                  const isOpen = open === a;
                  return (
                    <li key={a}>
                      <button
                        type="button"
                        className={`btn btn-block ${isOpen ? 'btn-primary is-open' : a === 'decline' ? 'btn-danger-outline' : PRIMARY.includes(a) ? 'btn-primary' : 'btn-outline'}`}
                        aria-expanded={isOpen}
                        aria-controls={`fb-act-${a}`}
                        onClick={() => {
                          setNotice(null);
                          setOpen(isOpen ? null : a);
                        }}
                      >
                        {t(`feedback.act.${a}`)}
                      </button>
                      {isOpen && (
                        <div id={`fb-act-${a}`} className="action-form-wrap">
                          <ActionForm action={a} report={r} onCancel={() => setOpen(null)} onDone={(u) => void afterAction(a, u)} />
                        </div>
                      )}
                    </li>
                  );
                })}
              </ul>
            )}
          </section>
        </aside>
      </div>
    </div>
  );
}

function ActionForm({ action, report, onCancel, onDone }: { action: Action; report: FeedbackDetail; onCancel: () => void; onDone: (r: FeedbackDetail) => void }) {
  const { t, i18n } = useTranslation();
  const { me } = useAuth();
  const label = t(`feedback.act.${action}`);
  const [note, setNote] = useState('');
  const [isPublic, setIsPublic] = useState(false);
  const [assigneeId, setAssigneeId] = useState('');
  const [officials, setOfficials] = useState<Official[] | null>(null);
  const [reason, setReason] = useState<FeedbackDeclineReason | ''>('');
  const [duplicateOf, setDuplicateOf] = useState('');
  const [original, setOriginal] = useState<PublicFeedbackReport | null>(null);
  const [originalError, setOriginalError] = useState('');
  const [agencies, setAgencies] = useState<Agency[] | null>(null);
  const [agencyId, setAgencyId] = useState('');
  const [units, setUnits] = useState<{ id: string; name: string }[]>([]);
  const [unitId, setUnitId] = useState('');
  const [photo, setPhoto] = useState<{ id: string; name: string; preview: string } | null>(null);
  const [photoBusy, setPhotoBusy] = useState(false);
  const [photoError, setPhotoError] = useState('');
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [error, setError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const p = `fb-${action}`;

  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('textarea, select, input, button[type="submit"]')?.focus();
  }, []);

  useEffect(() => {
    if (action !== 'assign' || !report.agencyId) return;
    const ctrl = new AbortController();
    api
      .get<Official[]>(`/agencies/${report.agencyId}/officials`, undefined, ctrl.signal)
      .then(setOfficials)
      .catch(() => setOfficials([]));
    return () => ctrl.abort();
  }, [action, report.agencyId]);

  useEffect(() => {
    if (action !== 'reassign') return;
    const ctrl = new AbortController();
    api
      .get<Agency[]>('/agencies', undefined, ctrl.signal)
      .then((list) => setAgencies(list.filter((a) => a.id !== report.agencyId)))
      .catch(() => setAgencies([]));
    return () => ctrl.abort();
  }, [action, report.agencyId]);

  useEffect(() => {
    setUnitId('');
    if (!agencyId) return setUnits([]);
    const ctrl = new AbortController();
    api
      .get<{ id: string; name: string }[]>(`/agencies/${agencyId}/units`, undefined, ctrl.signal)
      .then(setUnits)
      .catch(() => setUnits([]));
    return () => ctrl.abort();
  }, [agencyId]);

  // The original of a duplicate, looked up as the code is typed, so the official sees what it is.
  useEffect(() => {
    setOriginal(null);
    setOriginalError('');
    const code = duplicateOf.trim().toUpperCase();
    if (!FEEDBACK_CODE_PATTERN.test(code)) return;
    const ctrl = new AbortController();
    const timer = window.setTimeout(() => {
      api
        .get<PublicFeedbackReport>(`/feedback/reports/${code}`, undefined, ctrl.signal)
        .then(setOriginal)
        .catch((err: unknown) => {
          if ((err as Error).name !== 'AbortError') setOriginalError(errorText(t, err));
        });
    }, 300);
    return () => {
      window.clearTimeout(timer);
      ctrl.abort();
    };
  }, [duplicateOf, t]);

  async function onPhoto(file: File | undefined) {
    if (!file) return;
    setPhotoError('');
    setPhotoBusy(true);
    try {
      const small = await shrinkPhoto(file);
      const res = await uploadFeedbackPhoto(small);
      if (photo) URL.revokeObjectURL(photo.preview);
      setPhoto({ id: res.id, name: small.name, preview: URL.createObjectURL(small) });
    } catch (err) {
      setPhotoError(errorText(t, err));
    } finally {
      setPhotoBusy(false);
    }
  }

  function validate(): Record<string, string[]> {
    const e: Record<string, string[]> = {};
    if (action === 'resolve' && note.trim().length < 10) e.response = [t('feedback.work.responseShort')];
    if (action === 'decline') {
      if (!reason) e.reason = [t('feedback.work.reasonRequired')];
      if (reason === 'duplicate' && !FEEDBACK_CODE_PATTERN.test(duplicateOf.trim().toUpperCase())) e.duplicateOfCode = [t('feedback.work.duplicateRequired')];
      if (reason === 'duplicate' && duplicateOf.trim().toUpperCase() === report.code) e.duplicateOfCode = [t('feedback.work.duplicateSelf')];
    }
    if (action === 'reassign') {
      if (!agencyId) e.agencyId = [t('feedback.work.agencyRequired')];
      if (note.trim().length < 3) e.note = [t('feedback.work.noteShort')];
    }
    if (action === 'note' && !note.trim()) e.note = [t('feedback.work.noteRequired')];
    return e;
  }

  function body(): unknown {
    const n = note.trim();
    switch (action) {
      case 'assign':
        return { ...(assigneeId ? { assigneeId } : {}), ...(n ? { note: n } : {}) };
      case 'start':
        return n ? { note: n } : {};
      case 'resolve':
        return { response: n, ...(photo ? { photoId: photo.id } : {}) };
      case 'decline':
        return { reason, ...(reason === 'duplicate' ? { duplicateOfCode: duplicateOf.trim().toUpperCase() } : {}), ...(n ? { note: n } : {}) };
      case 'reassign':
        return { agencyId, ...(unitId ? { unitId } : {}), note: n };
      case 'note':
        return { note: n, public: isPublic };
    }
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (sending || photoBusy) return;
    const errs = validate();
    setErrors(errs);
    setError(null);
    if (Object.keys(errs).length) {
      window.setTimeout(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(), 0);
      return;
    }
    setSending(true);
    try {
      const updated = await api.post<FeedbackDetail>(`/desk/feedback/${report.id}/${ENDPOINT[action]}`, body());
      onDone(updated);
    } catch (err) {
      setError(err);
      const fe = fieldErrors(err);
      if (Object.keys(fe).length) setErrors(Object.fromEntries(Object.entries(fe).map(([k, v]) => [k === 'note' && action === 'resolve' ? 'response' : k, v])));
    } finally {
      setSending(false);
    }
  }

  const noteLabel =
    action === 'resolve' ? t('feedback.work.response') : action === 'decline' ? t('feedback.work.declineNote') : action === 'reassign' ? t('feedback.work.reassignNote') : action === 'note' ? t('feedback.work.note') : t('feedback.work.optionalNote');

  return (
    <form ref={formRef} className="action-form" aria-label={label} onSubmit={onSubmit} noValidate>
      {action === 'assign' && (
        <SelectField id={`${p}-assignee`} label={t('feedback.work.assignTo')} value={assigneeId} onChange={(e) => setAssigneeId(e.target.value)} hint={t('feedback.work.assignHint')}>
          <option value="">{t('feedback.work.assignSelf', { name: me?.fullName ?? '' })}</option>
          {(officials ?? [])
            .filter((o) => o.id !== me?.id)
            .map((o) => (
              <option key={o.id} value={o.id}>
                {o.fullName}
              </option>
            ))}
        </SelectField>
      )}
      {action === 'decline' && (
        <>
          <SelectField id={`${p}-reason`} label={t('feedback.work.reason')} required value={reason} onChange={(e) => setReason(e.target.value as FeedbackDeclineReason)} errors={errors.reason}>
            <option value="">{t('feedback.work.chooseReason')}</option>
            {FEEDBACK_DECLINE_REASONS.map((x) => (
              <option key={x} value={x}>
                {declineLabel(t, i18n.language, x)}
              </option>
            ))}
          </SelectField>
          {reason === 'duplicate' && (
            <>
              <TextField id={`${p}-duplicateOfCode`} label={t('feedback.work.duplicateOf')} required value={duplicateOf} onChange={(e) => setDuplicateOf(e.target.value)} placeholder="PA-261127-0001" hint={t('feedback.work.duplicateHint')} errors={errors.duplicateOfCode} spellCheck={false} autoCapitalize="characters" />
              <div aria-live="polite" className="small">
                {original && (
                  <p className="fb-original">
                    <FeedbackStatusBadge status={original.status} /> <span lang="vi">{original.categoryName} · {original.communeName}</span>
                    {original.description && <span className="block muted" lang="vi">{original.description.slice(0, 140)}</span>}
                  </p>
                )}
                {originalError && <p className="field-error">{originalError}</p>}
              </div>
            </>
          )}
        </>
      )}
      {action === 'reassign' && (
        <>
          <SelectField id={`${p}-agencyId`} label={t('feedback.work.toAgency')} required value={agencyId} onChange={(e) => setAgencyId(e.target.value)} errors={errors.agencyId}>
            <option value="">{agencies ? t('feedback.work.chooseAgency') : t('common.loading')}</option>
            {(agencies ?? []).map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </SelectField>
          {units.length > 0 && (
            <SelectField id={`${p}-unitId`} label={t('feedback.work.toUnit')} value={unitId} onChange={(e) => setUnitId(e.target.value)}>
              <option value="">{t('feedback.work.anyUnit')}</option>
              {units.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </SelectField>
          )}
        </>
      )}
      <TextAreaField
        id={`${p}-${action === 'resolve' ? 'response' : 'note'}`}
        label={noteLabel}
        required={action === 'resolve' || action === 'reassign' || action === 'note'}
        rows={action === 'resolve' ? 5 : 3}
        maxLength={action === 'resolve' || action === 'note' ? 5000 : 2000}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        hint={action === 'resolve' ? t('feedback.work.responseHint') : action === 'decline' ? t('feedback.work.declineNoteHint') : undefined}
        errors={action === 'resolve' ? errors.response : errors.note}
      />
      {action === 'note' && (
        <label className="fb-check">
          <input type="checkbox" checked={isPublic} onChange={(e) => setIsPublic(e.target.checked)} /> {t('feedback.work.notePublic')}
        </label>
      )}
      {action === 'resolve' && (
        <div className="field">
          <p className="field-label" id={`${p}-photo-label`}>
            {t('feedback.work.responsePhoto')}
          </p>
          {photo && (
            <p className="fb-photo-one">
              <img src={photo.preview} alt={t('feedback.work.responsePhotoAlt')} width={80} height={80} /> <span className="file-name">{photo.name}</span>{' '}
              <button type="button" className="btn btn-quiet btn-small" onClick={() => setPhoto(null)}>
                {t('feedback.submit.remove')}
              </button>
            </p>
          )}
          <div className="file-actions">
            <input id={`${p}-photo`} type="file" className="file-input" accept="image/jpeg,image/png" aria-labelledby={`${p}-photo-label`} disabled={photoBusy} onChange={(e) => void onPhoto(e.target.files?.[0])} />
            <label htmlFor={`${p}-photo`} className="btn btn-outline file-button" aria-hidden="true">
              {photoBusy ? t('feedback.submit.photoUploading', { name: '' }) : photo ? t('feedback.work.replacePhoto') : t('feedback.work.choosePhoto')}
            </label>
          </div>
          {photoError && (
            <p className="field-error" role="alert">
              {photoError}
            </p>
          )}
        </div>
      )}
      {error ? <ErrorAlert error={error} /> : null}
      <div className="button-row">
        <button type="submit" className="btn btn-primary" disabled={sending || photoBusy}>
          {t('feedback.work.confirm')}
        </button>
        <button type="button" className="btn btn-quiet" onClick={onCancel}>
          {t('feedback.work.cancel')}
        </button>
      </div>
    </form>
  );
}
