// The reporting period: a month, a quarter, a year, or any from/to dates. Choosing a month,
// quarter or year applies at once; custom dates apply with the button (both dates needed).
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SelectField, TextField } from '../../components/Field';
import { currentYearMonth, type PeriodKind, type PeriodState } from './dashboardShared';

const KINDS: PeriodKind[] = ['month', 'quarter', 'year', 'custom'];

export function PeriodPicker({ value, onChange, busy }: { value: PeriodState; onChange: (p: PeriodState) => void; busy?: boolean }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(value);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setDraft(value), [value]);

  const thisYear = currentYearMonth().year;
  const years: number[] = [];
  for (let y = thisYear; y >= thisYear - 5; y--) years.push(y);
  if (!years.includes(draft.year)) years.push(draft.year);

  function apply(next: PeriodState) {
    setDraft(next);
    setError(null);
    if (next.period !== 'custom') onChange(next);
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (draft.period !== 'custom') return onChange(draft);
    if (!draft.from || !draft.to) return setError(t('dashboard.period.needDates'));
    if (draft.from > draft.to) return setError(t('dashboard.period.badOrder'));
    setError(null);
    onChange(draft);
  }

  return (
    <form className="card period-picker" onSubmit={onSubmit} aria-label={t('dashboard.period.label')}>
      <fieldset>
        <legend className="period-legend">{t('dashboard.period.label')}</legend>
        <div className="period-kinds" role="radiogroup" aria-label={t('dashboard.period.kind')}>
          {KINDS.map((k) => (
            <label key={k} className={`period-kind${draft.period === k ? ' is-current' : ''}`}>
              <input type="radio" name="period-kind" value={k} checked={draft.period === k} onChange={() => apply({ ...draft, period: k })} />
              <span>{t(`dashboard.period.kinds.${k}`)}</span>
            </label>
          ))}
        </div>
        <div className="period-fields">
          {draft.period !== 'custom' && (
            <SelectField id="period-year" label={t('dashboard.period.year')} value={draft.year} onChange={(e) => apply({ ...draft, year: Number(e.target.value) })}>
              {years.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </SelectField>
          )}
          {draft.period === 'quarter' && (
            <SelectField id="period-quarter" label={t('dashboard.period.quarter')} value={draft.quarter} onChange={(e) => apply({ ...draft, quarter: Number(e.target.value) })}>
              {[1, 2, 3, 4].map((q) => (
                <option key={q} value={q}>
                  {t('dashboard.period.quarterN', { n: q })}
                </option>
              ))}
            </SelectField>
          )}
          {draft.period === 'month' && (
            <SelectField id="period-month" label={t('dashboard.period.month')} value={draft.month} onChange={(e) => apply({ ...draft, month: Number(e.target.value) })}>
              {Array.from({ length: 12 }, (_, i) => i + 1).map((m) => (
                <option key={m} value={m}>
                  {t('dashboard.period.monthN', { n: m })}
                </option>
              ))}
            </SelectField>
          )}
          {draft.period === 'custom' && (
            <>
              <TextField id="period-from" type="date" label={t('dashboard.period.from')} value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} errors={error ? [''] : undefined} />
              <TextField id="period-to" type="date" label={t('dashboard.period.to')} value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} errors={error ? [''] : undefined} />
              <div className="field period-apply">
                <button type="submit" className="btn btn-primary" disabled={busy}>
                  {t('dashboard.period.apply')}
                </button>
              </div>
            </>
          )}
        </div>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </fieldset>
    </form>
  );
}
