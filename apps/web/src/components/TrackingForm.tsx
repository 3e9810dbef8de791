import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';

/** "Tra cứu hồ sơ": a dossier code → /tra-cuu/<code>. */
export function TrackingForm({ idPrefix, initial = '' }: { idPrefix: string; initial?: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [code, setCode] = useState(initial);
  const [error, setError] = useState('');
  const id = `${idPrefix}-tracking-code`;

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const value = code.trim().toUpperCase();
    if (value.length < 5) {
      setError(t('tracking.codeTooShort'));
      return;
    }
    setError('');
    navigate(`/tra-cuu/${encodeURIComponent(value)}`);
  }

  return (
    <form className="tracking-form" onSubmit={onSubmit} noValidate>
      <label htmlFor={id} className="field-label">
        {t('tracking.codeLabel')}
      </label>
      <div className="search-row">
        <input
          id={id}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          placeholder={t('tracking.codePlaceholder')}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : `${id}-hint`}
        />
        <button type="submit" className="btn btn-primary">
          {t('tracking.submit')}
        </button>
      </div>
      {error ? (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      ) : (
        <p id={`${id}-hint`} className="field-hint">
          {t('tracking.codeHint')}
        </p>
      )}
    </form>
  );
}
