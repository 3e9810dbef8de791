// "Gửi phản ánh" (/phan-anh/gui): a citizen reports a problem on the ground from a phone — signed
// in, or anonymous with a phone number or email. Category, description, up to 5 photos (shrunk in
// the browser, uploaded at once), a point on the map (or "use my location") and/or the commune and
// an address — the page works with no map tiles at all. POST /api/v1/feedback/reports with an
// Idempotency-Key kept across retries; then the tracking code, its link and (anonymous) the secret
// that lets the reporter rate the outcome.
import { lazy, Suspense, useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { FEEDBACK_MAX_PHOTOS, type FeedbackSubmitted, type SubmitFeedbackInput } from '@tinhso/contracts';
import { api, ApiError, fieldErrors } from '../../api';
import { useAuth, loginPath } from '../../auth';
import { ErrorAlert, errorText } from '../../components/ErrorAlert';
import { SelectField, TextAreaField, TextField } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { formatBytes, formatDate } from '../../format';
import { EMAIL_RE, normalisePhone, PHONE_RE } from '../../validation';
import { FEEDBACK_SUBMIT, nearestCommune, newIdempotencyKey, PHOTO_TYPES, rememberToken, shrinkPhoto, trackPath, uploadFeedbackPhoto, useCategories, useMapConfig } from './feedbackShared';
import './feedback.css';

const FeedbackMap = lazy(() => import('./FeedbackMap'));

interface Photo {
  key: number;
  name: string;
  preview: string;
  size: number;
  uploadId: string | null;
  progress: number;
  error: string;
}

type Errors = Record<string, string[]>;

const FIELD_ORDER = ['categoryCode', 'description', 'photos', 'location', 'communeCode', 'address', 'fullName', 'phone', 'email'] as const;

export default function SubmitFeedbackPage() {
  const { t } = useTranslation();
  const { me, status: authStatus } = useAuth();
  const categories = useCategories();
  const mapConfig = useMapConfig();

  const [categoryCode, setCategoryCode] = useState('');
  const [description, setDescription] = useState('');
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [point, setPoint] = useState<{ lat: number; lon: number } | null>(null);
  const [focus, setFocus] = useState<{ lat: number; lon: number; zoom?: number } | null>(null);
  const [communeCode, setCommuneCode] = useState('');
  const [address, setAddress] = useState('');
  const [fullName, setFullName] = useState('');
  const [phone, setPhone] = useState('');
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [submitError, setSubmitError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  const [locating, setLocating] = useState(false);
  const [locateMessage, setLocateMessage] = useState('');
  const [done, setDone] = useState<{ result: FeedbackSubmitted; email: string } | null>(null);
  const idemKey = useRef(newIdempotencyKey());
  const nextPhotoKey = useRef(1);
  const doneRef = useRef<HTMLHeadingElement>(null);
  const photoInput = useRef<HTMLInputElement>(null);

  // Free the previews' memory when the page goes.
  const photosRef = useRef(photos);
  photosRef.current = photos;
  useEffect(() => () => photosRef.current.forEach((p) => URL.revokeObjectURL(p.preview)), []);

  useEffect(() => {
    if (done) window.setTimeout(() => doneRef.current?.focus(), 0);
  }, [done]);

  const communes = mapConfig.data?.communes ?? [];
  const uploading = photos.some((p) => !p.uploadId && !p.error);
  const canLocate = typeof navigator !== 'undefined' && 'geolocation' in navigator;

  function pick(p: { lat: number; lon: number }) {
    setPoint(p);
    setErrors((e) => ({ ...e, location: [] }));
    const near = nearestCommune(p.lat, p.lon, communes);
    if (near) setCommuneCode(near.code);
  }

  function onCommune(code: string) {
    setCommuneCode(code);
    setErrors((e) => ({ ...e, location: [], communeCode: [] }));
    const c = communes.find((x) => x.code === code);
    if (c && c.lat !== null && c.lon !== null && !point) setFocus({ lat: c.lat, lon: c.lon, zoom: 13 });
  }

  function useMyLocation() {
    if (!canLocate) return;
    setLocating(true);
    setLocateMessage(t('feedback.submit.locating'));
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        const p = { lat: Number(pos.coords.latitude.toFixed(6)), lon: Number(pos.coords.longitude.toFixed(6)) };
        pick(p);
        setFocus({ ...p, zoom: 16 });
        setLocating(false);
        setLocateMessage(t('feedback.submit.located'));
      },
      (err) => {
        setLocating(false);
        setLocateMessage(err.code === err.PERMISSION_DENIED ? t('feedback.submit.locateDenied') : t('feedback.submit.locateFailed'));
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
    );
  }

  async function addPhotos(list: FileList | null) {
    if (!list) return;
    const room = FEEDBACK_MAX_PHOTOS - photos.length;
    const files = Array.from(list);
    if (photoInput.current) photoInput.current.value = '';
    if (files.length > room) setErrors((e) => ({ ...e, photos: [t('feedback.submit.tooManyPhotos', { max: FEEDBACK_MAX_PHOTOS })] }));
    else setErrors((e) => ({ ...e, photos: [] }));
    for (const original of files.slice(0, Math.max(0, room))) {
      const key = nextPhotoKey.current++;
      if (!PHOTO_TYPES.includes(original.type)) {
        setErrors((e) => ({ ...e, photos: [t('feedback.submit.photoType', { name: original.name })] }));
        continue;
      }
      const file = await shrinkPhoto(original);
      const entry: Photo = { key, name: file.name, preview: URL.createObjectURL(file), size: file.size, uploadId: null, progress: 0, error: '' };
      setPhotos((ps) => [...ps, entry]);
      const update = (patch: Partial<Photo>) => setPhotos((ps) => ps.map((p) => (p.key === key ? { ...p, ...patch } : p)));
      try {
        const res = await uploadFeedbackPhoto(file, (f) => update({ progress: f }));
        update({ uploadId: res.id, progress: 1 });
      } catch (err) {
        update({ error: errorText(t, err) });
      }
    }
  }

  function removePhoto(key: number) {
    setPhotos((ps) => {
      const gone = ps.find((p) => p.key === key);
      if (gone) URL.revokeObjectURL(gone.preview);
      return ps.filter((p) => p.key !== key);
    });
  }

  function validate(): Errors {
    const e: Errors = {};
    if (!categoryCode) e.categoryCode = [t('feedback.submit.categoryRequired')];
    if (description.trim().length < 10) e.description = [t('feedback.submit.descriptionShort')];
    if (description.length > 5000) e.description = [t('validation.maxLength', { limit: 5000 })];
    if (!point && !communeCode) e.location = [t('feedback.submit.locationRequired')];
    if (address.length > 500) e.address = [t('validation.maxLength', { limit: 500 })];
    if (photos.some((p) => p.error)) e.photos = [t('feedback.submit.photoFailed')];
    const p = normalisePhone(phone.trim());
    if (p && !PHONE_RE.test(p)) e.phone = [t('auth.phoneInvalid')];
    if (email.trim() && !EMAIL_RE.test(email.trim())) e.email = [t('validation.formatEmail')];
    if (!me && !p && !email.trim()) e.phone = [t('feedback.submit.contactRequired')];
    if (fullName.trim() && fullName.trim().length < 2) e.fullName = [t('feedback.submit.nameShort')];
    return e;
  }

  function focusFirst(e: Errors) {
    const first = FIELD_ORDER.find((k) => e[k]?.length);
    if (!first) return;
    const id = first === 'location' ? 'fb-commune' : first === 'photos' ? 'fb-photos' : `fb-${first}`;
    window.setTimeout(() => document.getElementById(id)?.focus(), 0);
  }

  async function onSubmit(ev: FormEvent) {
    ev.preventDefault();
    if (sending || uploading) return;
    setSubmitError(null);
    const e = validate();
    setErrors(e);
    if (Object.values(e).some((v) => v.length)) {
      focusFirst(e);
      return;
    }
    const reporter: NonNullable<SubmitFeedbackInput['reporter']> = {};
    if (fullName.trim()) reporter.fullName = fullName.trim();
    if (phone.trim()) reporter.phone = normalisePhone(phone.trim());
    if (email.trim()) reporter.email = email.trim();
    const body: SubmitFeedbackInput = {
      categoryCode,
      description: description.trim(),
      ...(point ? { location: point } : {}),
      ...(communeCode ? { communeCode } : {}),
      ...(address.trim() ? { address: address.trim() } : {}),
      photoIds: photos.filter((p) => p.uploadId).map((p) => p.uploadId!),
      ...(Object.keys(reporter).length ? { reporter } : {}),
    };
    setSending(true);
    try {
      const result = await api.post<FeedbackSubmitted>('/feedback/reports', body, { 'Idempotency-Key': idemKey.current });
      rememberToken(result.code, result.accessToken);
      setDone({ result, email: email.trim() || (me?.email ?? '') });
    } catch (err) {
      const fe = fieldErrors(err);
      const mapped: Errors = {};
      for (const [k, msgs] of Object.entries(fe)) {
        const key = k.startsWith('reporter.') ? k.slice(9) : k.startsWith('location') ? 'location' : k.startsWith('photoIds') ? 'photos' : k;
        (mapped[key] ??= []).push(...msgs);
      }
      setErrors(mapped);
      setSubmitError(err);
      focusFirst(mapped);
    } finally {
      setSending(false);
    }
  }

  const title = t('feedback.submit.title');

  if (done) {
    const r = done.result;
    return (
      <div className="container page narrow">
        <PageTitle title={`${t('feedback.submit.sentTitle')} ${r.code}`} />
        <div className="card fb-sent">
          <p className="eyebrow">{t('feedback.submit.sentTitle')}</p>
          <h1 ref={doneRef} tabIndex={-1} className="dossier-code">
            {r.code}
          </h1>
          <p>{t('feedback.submit.sentText')}</p>
          <dl className="facts">
            {r.agencyName && (
              <div>
                <dt>{t('feedback.field.agency')}</dt>
                <dd lang="vi">{r.agencyName}</dd>
              </div>
            )}
            {r.dueDate && (
              <div>
                <dt>{t('feedback.field.dueDate')}</dt>
                <dd>{formatDate(r.dueDate)}</dd>
              </div>
            )}
          </dl>
          {done.email ? <p className="alert alert-info">{t('feedback.submit.emailPromise', { email: done.email })}</p> : <p className="muted">{t('feedback.submit.noEmail')}</p>}
          {!me && (
            <div className="fb-token">
              <p>{t('feedback.submit.tokenText')}</p>
              <p>
                <code className="break-all">{r.accessToken}</code>
              </p>
            </div>
          )}
          <p className="button-row">
            <Link className="btn btn-primary" to={trackPath(r.code)}>
              {t('feedback.submit.follow')}
            </Link>
            <a
              className="btn btn-outline"
              href={FEEDBACK_SUBMIT}
              onClick={(e) => {
                e.preventDefault();
                window.location.assign(FEEDBACK_SUBMIT);
              }}
            >
              {t('feedback.submit.another')}
            </a>
          </p>
        </div>
      </div>
    );
  }

  if (authStatus === 'loading') return <Loading />;

  const groups = new Map<string, { code: string; name: string }[]>();
  for (const c of categories.data ?? []) {
    if (!c.active) continue;
    const list = groups.get(c.group) ?? [];
    list.push(c);
    groups.set(c.group, list);
  }
  const chosen = categories.data?.find((c) => c.code === categoryCode);
  const locationErrors = errors.location ?? [];

  return (
    <div className="container page fb-submit">
      <PageTitle title={title} />
      <h1>{title}</h1>
      <p className="muted">{t('feedback.submit.intro')}</p>
      {!me && (
        <p className="alert alert-info">
          {t('feedback.submit.anonymousNote')}{' '}
          <Link to={loginPath(FEEDBACK_SUBMIT)}>{t('feedback.submit.signInInstead')}</Link>
        </p>
      )}
      {categories.error ? <ErrorAlert error={categories.error} /> : null}

      <form onSubmit={onSubmit} noValidate className="fb-form">
        <section className="card section" aria-labelledby="fb-what">
          <h2 id="fb-what">{t('feedback.submit.what')}</h2>
          <SelectField id="fb-categoryCode" label={t('feedback.field.category')} required value={categoryCode} onChange={(e) => setCategoryCode(e.target.value)} errors={errors.categoryCode} hint={chosen?.description || undefined}>
            <option value="">{categories.data ? t('feedback.submit.chooseCategory') : t('common.loading')}</option>
            {[...groups.entries()].map(([group, list]) => (
              <optgroup key={group} label={group}>
                {list.map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </SelectField>
          <TextAreaField
            id="fb-description"
            label={t('feedback.field.description')}
            required
            rows={5}
            maxLength={5000}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            hint={t('feedback.submit.descriptionHint')}
            errors={errors.description}
          />

          <div className={`field fb-photo-field${errors.photos?.length ? ' has-error' : ''}`}>
            <p className="field-label" id="fb-photos-label">
              {t('feedback.submit.photos', { max: FEEDBACK_MAX_PHOTOS })}
            </p>
            <p className="field-hint" id="fb-photos-hint">
              {t('feedback.submit.photosHint')}
            </p>
            {photos.length > 0 && (
              <ul className="fb-photo-list">
                {photos.map((p, i) => (
                  <li key={p.key} className={p.error ? 'has-error' : undefined}>
                    <img src={p.preview} alt={t('feedback.submit.photoPreview', { n: i + 1, name: p.name })} width={96} height={96} />
                    <div className="fb-photo-meta">
                      <span className="file-name">{p.name}</span>
                      <span className="muted small">{formatBytes(p.size)}</span>
                      {p.error ? (
                        <span className="field-error">{p.error}</span>
                      ) : p.uploadId ? (
                        <span className="fb-photo-ok">{t('feedback.submit.photoUploaded')}</span>
                      ) : (
                        <progress max={1} value={p.progress} aria-label={t('feedback.submit.photoUploading', { name: p.name })} />
                      )}
                    </div>
                    <button type="button" className="btn btn-quiet btn-small" onClick={() => removePhoto(p.key)} aria-label={t('feedback.submit.removePhoto', { n: i + 1 })}>
                      {t('feedback.submit.remove')}
                    </button>
                  </li>
                ))}
              </ul>
            )}
            {photos.length < FEEDBACK_MAX_PHOTOS && (
              <div className="file-actions">
                <input
                  ref={photoInput}
                  id="fb-photos"
                  type="file"
                  className="file-input"
                  accept="image/jpeg,image/png"
                  multiple
                  aria-labelledby="fb-photos-label"
                  aria-describedby={`fb-photos-hint${errors.photos?.length ? ' fb-photos-error' : ''}`}
                  onChange={(e) => void addPhotos(e.target.files)}
                />
                <label htmlFor="fb-photos" className="btn btn-outline file-button" aria-hidden="true">
                  {photos.length ? t('feedback.submit.addMorePhotos') : t('feedback.submit.addPhotos')}
                </label>
              </div>
            )}
            <p className="visually-hidden" role="status" aria-live="polite">
              {t('feedback.submit.photoCount', { count: photos.filter((p) => p.uploadId).length })}
            </p>
            {errors.photos && errors.photos.length > 0 && (
              <p id="fb-photos-error" className="field-error" role="alert">
                {errors.photos.join(' ')}
              </p>
            )}
          </div>
        </section>

        <section className="card section" aria-labelledby="fb-where">
          <h2 id="fb-where">{t('feedback.submit.where')}</h2>
          <p className="field-hint">{t('feedback.submit.whereHint')}</p>
          {mapConfig.data ? (
            <Suspense fallback={<div className="fb-map fb-map-loading">{t('feedback.map.loading')}</div>}>
              <FeedbackMap
                config={mapConfig.data}
                label={t('feedback.submit.mapLabel')}
                description={t('feedback.submit.mapDescription')}
                picked={point}
                onPick={pick}
                focus={focus}
                centreButton={t('feedback.submit.pickCentre')}
                className="fb-map-pick"
              />
            </Suspense>
          ) : mapConfig.error ? (
            <ErrorAlert error={mapConfig.error} />
          ) : (
            <Loading />
          )}
          <div className="fb-point-row" aria-live="polite">
            {point ? (
              <p className="fb-point">
                <span>{t('feedback.submit.pointChosen', { lat: point.lat.toFixed(5), lon: point.lon.toFixed(5) })}</span>{' '}
                <button type="button" className="btn btn-quiet btn-small" onClick={() => setPoint(null)}>
                  {t('feedback.submit.clearPoint')}
                </button>
              </p>
            ) : (
              <p className="muted small">{t('feedback.submit.noPoint')}</p>
            )}
            {locateMessage && <p className="small">{locateMessage}</p>}
          </div>
          {canLocate && (
            <p>
              <button type="button" className="btn btn-outline" onClick={useMyLocation} disabled={locating}>
                {t('feedback.submit.useMyLocation')}
              </button>
            </p>
          )}
          <SelectField id="fb-commune" label={t('feedback.field.commune')} value={communeCode} onChange={(e) => onCommune(e.target.value)} errors={locationErrors.length ? locationErrors : errors.communeCode} hint={t('feedback.submit.communeHint')}>
            <option value="">{t('feedback.submit.chooseCommune')}</option>
            {communes.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
              </option>
            ))}
          </SelectField>
          <TextField id="fb-address" label={t('feedback.field.address')} value={address} maxLength={500} onChange={(e) => setAddress(e.target.value)} hint={t('feedback.submit.addressHint')} errors={errors.address} autoComplete="street-address" />
        </section>

        <section className="card section" aria-labelledby="fb-who">
          <h2 id="fb-who">{t('feedback.submit.who')}</h2>
          {me ? (
            <p>{t('feedback.submit.asAccount', { name: me.fullName, email: me.email })}</p>
          ) : (
            <>
              <p className="field-hint">{t('feedback.submit.whoHint')}</p>
              <TextField id="fb-fullName" label={t('feedback.field.fullName')} value={fullName} maxLength={200} onChange={(e) => setFullName(e.target.value)} errors={errors.fullName} autoComplete="name" />
              <div className="grid-2">
                <TextField id="fb-phone" label={t('feedback.field.phone')} type="tel" inputMode="tel" value={phone} maxLength={20} onChange={(e) => setPhone(e.target.value)} errors={errors.phone} autoComplete="tel" />
                <TextField id="fb-email" label={t('feedback.field.email')} type="email" value={email} maxLength={200} onChange={(e) => setEmail(e.target.value)} errors={errors.email} autoComplete="email" hint={t('feedback.submit.emailHint')} />
              </div>
            </>
          )}
        </section>

        {submitError && !(submitError instanceof ApiError && submitError.details.length > 0) ? <ErrorAlert error={submitError} /> : null}
        {submitError instanceof ApiError && submitError.details.length > 0 ? <ErrorAlert error={submitError} showDetails /> : null}
        <div className="submit-bar">
          <button type="submit" className="btn btn-primary btn-large" disabled={sending || uploading}>
            {sending ? t('feedback.submit.sending') : uploading ? t('feedback.submit.waitUploads') : t('feedback.submit.send')}
          </button>
        </div>
      </form>
    </div>
  );
}
