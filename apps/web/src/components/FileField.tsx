// One document's file picker: checks type and size in the browser, uploads at once (POST
// /api/v1/uploads) with a progress bar, and shows the server's Vietnamese error (413/415).
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { uploadFile } from '../api';
import { formatBytes } from '../format';
import { errorText } from './ErrorAlert';

export interface UploadedFile {
  uploadId: string;
  filename: string;
  size: number;
  mime: string;
}

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
const TYPES = ['application/pdf', 'image/jpeg', 'image/png'];
const EXTENSIONS = /\.(pdf|jpe?g|png)$/i;
export const ACCEPT = 'application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png';

export function checkFile(file: File): 'tooLarge' | 'badType' | 'empty' | null {
  if (file.size === 0) return 'empty';
  if (file.size > MAX_UPLOAD_BYTES) return 'tooLarge';
  if (file.type ? !TYPES.includes(file.type) : !EXTENSIONS.test(file.name)) return 'badType';
  return null;
}

interface Props {
  id: string;
  label: ReactNode;
  /** true: "Bắt buộc" badge; false: "Không bắt buộc" badge; undefined: no badge. */
  required?: boolean;
  hint?: ReactNode;
  value: UploadedFile | null;
  onChange: (value: UploadedFile | null) => void;
  /** Errors from outside (e.g. the server said this document is missing). */
  errors?: string[];
  disabled?: boolean;
  /** Tells the parent an upload is running, so it can hold the submit. */
  onBusyChange?: (busy: boolean) => void;
}

export function FileField({ id, label, required, hint, value, onChange, errors, disabled, onBusyChange }: Props) {
  const { t } = useTranslation();
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState('');
  const [announce, setAnnounce] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);
  const abortRef = useRef<AbortController | null>(null);

  useEffect(() => () => abortRef.current?.abort(), []);

  async function onPick(file: File | undefined) {
    if (!file) return;
    setError('');
    const problem = checkFile(file);
    if (problem) {
      setError(problem === 'tooLarge' ? t('upload.tooLarge', { name: file.name, max: MAX_UPLOAD_BYTES / 1024 / 1024 }) : problem === 'empty' ? t('upload.empty', { name: file.name }) : t('upload.badType', { name: file.name }));
      if (inputRef.current) inputRef.current.value = '';
      return;
    }
    abortRef.current?.abort();
    const ctrl = new AbortController();
    abortRef.current = ctrl;
    setProgress(0);
    setAnnounce(t('upload.uploading', { name: file.name }));
    onBusyChange?.(true);
    try {
      const res = await uploadFile(file, { onProgress: setProgress, signal: ctrl.signal });
      onChange({ uploadId: res.id, filename: res.filename, size: res.size, mime: res.mime });
      setAnnounce(t('upload.done', { name: res.filename }));
    } catch (err) {
      if ((err as Error).name === 'AbortError') return;
      setError(errorText(t, err));
      setAnnounce('');
    } finally {
      if (abortRef.current === ctrl) abortRef.current = null;
      setProgress(null);
      onBusyChange?.(false);
      if (inputRef.current) inputRef.current.value = '';
    }
  }

  const shownErrors = [error, ...(errors ?? [])].filter(Boolean);
  const describedBy = [hint ? `${id}-hint` : '', shownErrors.length ? `${id}-error` : '', value ? `${id}-file` : ''].filter(Boolean).join(' ') || undefined;
  const uploading = progress !== null;

  return (
    <div className={`field file-field${shownErrors.length ? ' has-error' : ''}${value ? ' has-file' : ''}`}>
      <p className="field-label">
        <span id={`${id}-label`} lang="vi">
          {label}
        </span>
        {required === true && (
          <>
            {' '}
            <span className="badge badge-required">{t('procedure.required')}</span>
          </>
        )}
        {required === false && (
          <>
            {' '}
            <span className="badge badge-optional">{t('procedure.optional')}</span>
          </>
        )}
      </p>
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
      {value && (
        <p id={`${id}-file`} className="file-current">
          <span className="file-ok" aria-hidden="true">
            ✓
          </span>{' '}
          <span className="visually-hidden">{t('upload.attached')}: </span>
          <span className="file-name">{value.filename}</span> <span className="muted">({formatBytes(value.size)})</span>
        </p>
      )}
      <div className="file-actions">
        <input
          ref={inputRef}
          id={id}
          type="file"
          className="file-input"
          accept={ACCEPT}
          aria-labelledby={`${id}-label`}
          aria-describedby={describedBy}
          aria-invalid={shownErrors.length ? true : undefined}
          aria-required={required || undefined}
          disabled={disabled || uploading}
          onChange={(e) => void onPick(e.target.files?.[0])}
        />
        <label htmlFor={id} className={`btn btn-outline file-button${disabled || uploading ? ' is-disabled' : ''}`} aria-hidden="true">
          {value ? t('upload.replace') : t('upload.choose')}
        </label>
        {value && !uploading && (
          <button type="button" className="btn btn-quiet" onClick={() => onChange(null)} disabled={disabled} aria-label={t('upload.removeNamed', { name: value.filename })}>
            {t('upload.remove')}
          </button>
        )}
      </div>
      {uploading && (
        <div className="upload-progress">
          <progress max={1} value={progress ?? 0} aria-label={t('upload.progressLabel')} />
          <span aria-hidden="true">{Math.round((progress ?? 0) * 100)}%</span>
        </div>
      )}
      <p className="visually-hidden" role="status" aria-live="polite">
        {announce}
      </p>
      {shownErrors.length > 0 && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {shownErrors.join(' ')}
        </p>
      )}
      <p className="field-hint small">{t('upload.rules', { max: MAX_UPLOAD_BYTES / 1024 / 1024 })}</p>
    </div>
  );
}
