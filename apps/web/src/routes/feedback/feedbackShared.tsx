// Pieces shared by the feedback-report pages (phản ánh hiện trường): paths, status and decline
// labels, the categories and map settings (loaded once per visit), the photo upload with in-browser
// downscaling, the photo strip and the report's timeline.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import {
  FEEDBACK_DECLINE_LABELS_VI,
  FEEDBACK_STATUS_LABELS_VI,
  type FeedbackCategory,
  type FeedbackDeclineReason,
  type FeedbackEvent,
  type FeedbackPhoto,
  type FeedbackPhotoUpload,
  type FeedbackStatus,
  type MapCommune,
  type MapConfig,
} from '@tinhso/contracts';
import { api, ApiError, buildUrl, getCsrfToken } from '../../api';
import { formatDateTime } from '../../format';
import { SelectField } from '../../components/Field';
import { roleLabel } from '../../components/Timeline';
import type { Tone } from '../../status';

export const FEEDBACK_PUBLIC = '/phan-anh';
export const FEEDBACK_SUBMIT = '/phan-anh/gui';
export const FEEDBACK_TRACK = '/phan-anh/tra-cuu';
export const FEEDBACK_MINE = '/phan-anh/cua-toi';
export const FEEDBACK_DESK = '/xu-ly-phan-anh';
export const FEEDBACK_MODERATION = '/kiem-duyet';
export const FEEDBACK_ROUTING = '/quan-tri/phan-anh';

/** A report's own page (the server's emails link here too, with ?t=<rating secret>). */
export const trackPath = (code: string) => `${FEEDBACK_PUBLIC}/${encodeURIComponent(code)}`;
export const deskFeedbackPath = (id: string) => `${FEEDBACK_DESK}/${encodeURIComponent(id)}`;

// ------------------------------------------------------------------ labels

/** "Đường Lê Duẩn, Phường Sóc Trăng": the address, then the commune unless the address already names it. */
export function placeText(address: string | null | undefined, communeName: string): string {
  const a = address?.trim();
  if (!a) return communeName;
  return a.toLowerCase().includes(communeName.toLowerCase()) ? a : `${a}, ${communeName}`;
}

const TONES: Record<FeedbackStatus, Tone> = { received: 'neutral', assigned: 'info', in_progress: 'info', resolved: 'success', declined: 'danger' };

export function feedbackStatusLabel(t: TFunction, lang: string, status: FeedbackStatus): string {
  return lang === 'en' ? t(`feedback.status.${status}`) : (FEEDBACK_STATUS_LABELS_VI[status] ?? status);
}

export function FeedbackStatusBadge({ status }: { status: FeedbackStatus }) {
  const { t, i18n } = useTranslation();
  return <span className={`badge badge-${TONES[status] ?? 'neutral'}`}>{feedbackStatusLabel(t, i18n.language, status)}</span>;
}

export function declineLabel(t: TFunction, lang: string, reason: FeedbackDeclineReason): string {
  return lang === 'en' ? t(`feedback.decline.${reason}`) : (FEEDBACK_DECLINE_LABELS_VI[reason] ?? reason);
}

const EVENT_ACTIONS = ['submitted', 'routed', 'assigned', 'started', 'resolved', 'declined', 'reassigned', 'note', 'rated', 'published', 'hidden'] as const;
type EventAction = (typeof EVENT_ACTIONS)[number];

export function eventLabel(t: TFunction, action: string): string {
  return (EVENT_ACTIONS as readonly string[]).includes(action) ? t(`feedback.event.${action as EventAction}`) : action;
}

function lastStatusBefore(events: FeedbackEvent[], i: number): FeedbackStatus | null {
  for (let j = i - 1; j >= 0; j--) if (events[j]!.toStatus) return events[j]!.toStatus;
  return null;
}

/** The report's history, oldest first; internal notes are marked as such (officials only see them). */
export function FeedbackTimeline({ events, headingId }: { events: FeedbackEvent[]; headingId?: string }) {
  const { t, i18n } = useTranslation();
  if (events.length === 0) return <p className="muted">{t('feedback.track.noEvents')}</p>;
  return (
    <ol className="timeline" aria-labelledby={headingId}>
      {events.map((e, i) => (
        <li key={`${e.at}-${i}`} className={i === events.length - 1 ? 'timeline-item current' : 'timeline-item'}>
          <span className="timeline-dot" aria-hidden="true" />
          <div className="timeline-body">
            <p className="timeline-title">
              <strong>{eventLabel(t, e.action)}</strong>
              {/* The new status only where it changed (a note or publishing keeps it). */}
              {e.toStatus && (i === 0 || e.toStatus !== lastStatusBefore(events, i)) && (
                <>
                  {' → '}
                  <span>{feedbackStatusLabel(t, i18n.language, e.toStatus)}</span>
                </>
              )}
              {!e.public && (
                <>
                  {' '}
                  <span className="badge badge-muted">{t('feedback.internal')}</span>
                </>
              )}
            </p>
            <p className="timeline-meta">
              <time dateTime={e.at}>{formatDateTime(e.at)}</time>
              {e.actorRole && <span> · {roleLabel(t, e.actorRole)}</span>}
              {e.actorName && (
                <span lang="vi"> · {e.actorName}</span>
              )}
            </p>
            {e.note && (
              <p className="timeline-reason" lang="vi">
                {e.note}
              </p>
            )}
          </div>
        </li>
      ))}
    </ol>
  );
}

/** The report's photos (and the agency's, after it resolved it) as a strip of thumbnails that open full size. */
export function PhotoStrip({ photos, kind }: { photos: FeedbackPhoto[]; kind?: FeedbackPhoto['kind'] }) {
  const { t } = useTranslation();
  const shown = kind ? photos.filter((p) => p.kind === kind) : photos;
  if (shown.length === 0) return null;
  return (
    <ul className="fb-photos">
      {shown.map((p, i) => {
        const alt = p.kind === 'response' ? t('feedback.photo.responseAlt', { n: i + 1 }) : t('feedback.photo.reportAlt', { n: i + 1 });
        return (
          <li key={p.url}>
            <a href={p.url} target="_blank" rel="noopener">
              <img src={p.url} alt={alt} loading="lazy" width={120} height={90} />
            </a>
          </li>
        );
      })}
    </ul>
  );
}

// ------------------------------------------------------------------ data loaded once per visit

let categoriesPromise: Promise<FeedbackCategory[]> | null = null;
let mapPromise: Promise<MapConfig> | null = null;

function once<T>(get: () => Promise<T> | null, set: (p: Promise<T> | null) => void, load: () => Promise<T>): Promise<T> {
  let p = get();
  if (!p) {
    p = load();
    set(p);
    // A failed load is tried again next time.
    p.catch(() => set(null));
  }
  return p;
}

function useOnce<T>(load: () => Promise<T>): { data: T | null; error: unknown } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    load().then(
      (d) => live && setData(d),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return { data, error };
}

export function useCategories() {
  return useOnce(() =>
    once(
      () => categoriesPromise,
      (p) => (categoriesPromise = p),
      () => api.get<FeedbackCategory[]>('/feedback/categories'),
    ),
  );
}

/** A list filter by category: "all", then every category by name. */
export function CategoryFilter({ id, value, onChange }: { id: string; value: string; onChange: (code: string) => void }) {
  const { t } = useTranslation();
  const categories = useCategories();
  return (
    <SelectField id={id} label={t('feedback.field.category')} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{t('feedback.list.all')}</option>
      {(categories.data ?? []).map((c) => (
        <option key={c.code} value={c.code}>
          {c.name}
        </option>
      ))}
    </SelectField>
  );
}

/** Tile server (if any) and commune centre points; communes sorted by name. */
export function useMapConfig() {
  return useOnce(() =>
    once(
      () => mapPromise,
      (p) => (mapPromise = p),
      async () => {
        const c = await api.get<MapConfig>('/map');
        return { ...c, communes: [...c.communes].sort((a, b) => a.name.localeCompare(b.name, 'vi')) };
      },
    ),
  );
}

/** The commune whose centre point is nearest to a point (what the server also assumes). */
export function nearestCommune(lat: number, lon: number, communes: MapCommune[]): MapCommune | null {
  let best: MapCommune | null = null;
  let bestD = Infinity;
  const k = Math.cos((lat * Math.PI) / 180);
  for (const c of communes) {
    if (c.lat === null || c.lon === null) continue;
    const d = (c.lat - lat) ** 2 + ((c.lon - lon) * k) ** 2;
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}

// ------------------------------------------------------------------ photos

export const PHOTO_TYPES = ['image/jpeg', 'image/png'];
export const PHOTO_MAX_SIDE = 1600;
/** Photos above this size (or side) are redrawn as JPEG in the browser before upload: phone photos are 3–8 MB. */
const PHOTO_SMALL_ENOUGH = 1024 * 1024;

/**
 * A phone photo as it should be sent: JPEG or PNG as is when small, else redrawn on a canvas to at
 * most 1600 px on its longer side as JPEG (quality 0.85), the right way up (EXIF orientation).
 * Anything the browser cannot decode is returned unchanged (the server checks the type).
 */
export async function shrinkPhoto(file: File): Promise<File> {
  if (!PHOTO_TYPES.includes(file.type)) return file;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    return file;
  }
  try {
    const side = Math.max(bitmap.width, bitmap.height);
    if (file.size <= PHOTO_SMALL_ENOUGH && side <= PHOTO_MAX_SIDE) return file;
    const scale = Math.min(1, PHOTO_MAX_SIDE / side);
    const w = Math.max(1, Math.round(bitmap.width * scale));
    const h = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const g = canvas.getContext('2d');
    if (!g) return file;
    g.fillStyle = '#fff'; // transparent PNG areas become white, not black, in the JPEG
    g.fillRect(0, 0, w, h);
    g.drawImage(bitmap, 0, 0, w, h);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
    // Too many pixels: always the smaller picture. Only too many bytes: only if it saves some.
    if (!blob || (side <= PHOTO_MAX_SIDE && blob.size >= file.size)) return file;
    const name = file.name.replace(/\.[^.]*$/, '') + '.jpg';
    return new File([blob], name, { type: 'image/jpeg', lastModified: file.lastModified });
  } finally {
    bitmap.close();
  }
}

/** POST /api/v1/feedback/photos (multipart "file"), with upload progress (0..1). */
export function uploadFeedbackPhoto(file: File, onProgress?: (fraction: number) => void, signal?: AbortSignal): Promise<FeedbackPhotoUpload> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', buildUrl('/feedback/photos'));
    xhr.setRequestHeader('accept', 'application/json');
    const csrf = getCsrfToken();
    if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress?.(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON */
      }
      if (xhr.status >= 200 && xhr.status < 300 && body && typeof body === 'object') {
        resolve(body as FeedbackPhotoUpload);
        return;
      }
      const e = (body as { error?: { code?: unknown; key?: unknown; message?: unknown; details?: unknown } } | null)?.error;
      if (e && typeof e.message === 'string') reject(new ApiError(xhr.status, String(e.code ?? 'internal'), String(e.key ?? ''), e.message, e.details));
      else reject(new ApiError(xhr.status, xhr.status === 413 ? 'too_large' : xhr.status === 415 ? 'unsupported_media' : 'internal', '', ''));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'network', ''));
    xhr.onabort = () => reject(new DOMException('Aborted', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/** A key per submission attempt, kept across retries (the server then answers with the same report). */
export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}

// ------------------------------------------------------------------ the anonymous reporter's token

const TOKEN_KEY = (code: string) => `tinhso.feedback.token.${code}`;

/** The secret that lets an anonymous reporter rate: kept on the device that sent the report. */
export function rememberToken(code: string, token: string): void {
  try {
    localStorage.setItem(TOKEN_KEY(code), token);
  } catch {
    /* private mode: the reporter can still type it from the email */
  }
}

export function storedToken(code: string): string {
  try {
    return localStorage.getItem(TOKEN_KEY(code)) ?? '';
  } catch {
    return '';
  }
}
