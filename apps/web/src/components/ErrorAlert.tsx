import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';

/** The text to show for any error: the server's Vietnamese message, or a generic one. */
export function errorText(t: TFunction, err: unknown): string {
  if (err instanceof ApiError) {
    if (err.isNetwork) return t('errors.network');
    if (err.message) return err.message;
    if (err.status === 404) return t('errors.notFound');
    if (err.status === 413) return t('errors.tooLarge');
    if (err.status === 415) return t('errors.unsupportedMedia');
    if (err.status >= 500) return t('errors.server');
    return t('errors.generic');
  }
  return t('errors.generic');
}

/**
 * An error box (role="alert"). With `showDetails`, the server's per-field details are listed too
 * (use it where the fields are not on the page).
 */
export function ErrorAlert({ error, showDetails = false, title }: { error: unknown; showDetails?: boolean; title?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  const details = showDetails && error instanceof ApiError ? error.details : [];
  return (
    <div className="alert alert-error" role="alert">
      {title && <p className="alert-title">{title}</p>}
      <p>{errorText(t, error)}</p>
      {details.length > 0 && (
        <ul>
          {details.map((d, i) => (
            <li key={i}>{d.message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
