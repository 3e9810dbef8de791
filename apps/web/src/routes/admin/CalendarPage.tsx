// Administration › Working calendar (/quan-tri/lich-nghi): the year's non-working weekdays
// (computed: public holidays, lunar Tết and Hùng Kings' day, compensatory days, plus the
// administrator's entries), the administrator's entries (days off and working weekend days) with
// add/delete, and a due-date calculator to check the effect.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SelectField, TextField } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { formatDate, todayInVietnam } from '../../format';
import { AdminShell, errorsByField, focusFirstError } from './AdminShell';
import { SavedNotice, useSaveCycle } from './adminEditor';

const OVERRIDE_FIELDS = ['date', 'kind', 'name'] as const;

interface NonWorkingDay {
  date: string;
  name: string;
  kind: string;
}

interface Holidays {
  year: number;
  holidays: NonWorkingDay[];
  workingWeekendDays: { date: string; name: string }[];
}

interface Override {
  date: string;
  kind: 'day_off' | 'working_day';
  name: string;
}

/** "Thứ Sáu" / "Friday" for a YYYY-MM-DD date. */
function weekday(date: string, lang: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'vi-VN', { weekday: 'long', timeZone: 'UTC' }).format(d);
}

function DateCell({ date, lang }: { date: string; lang: string }) {
  return (
    <>
      <time dateTime={date} className="cal-date">
        {formatDate(date)}
      </time>
      <span className="cell-sub">{weekday(date, lang)}</span>
    </>
  );
}

function DueDateCalculator() {
  const { t, i18n } = useTranslation();
  const [from, setFrom] = useState(todayInVietnam());
  const [days, setDays] = useState('5');
  const [result, setResult] = useState<{ from: string; days: number; dueDate: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const n = Number(days);
    const problems: Record<string, string[]> = {};
    if (!/^\d{4}-\d{2}-\d{2}$/.test(from)) problems.from = [t('validation.formatDate')];
    if (days.trim() === '' || !Number.isInteger(n) || n < 0 || n > 3650) problems.days = [t('admin.calendar.daysInvalid')];
    setErrors(problems);
    setError(null);
    if (Object.keys(problems).length) {
      focusFirstError('calc-', problems, ['from', 'days']);
      return;
    }
    setBusy(true);
    try {
      setResult(await api.get('/calendar/due-date', { from, days: n }));
    } catch (err) {
      setResult(null);
      setError(err);
      setErrors(errorsByField(err, ['from', 'days']));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="calc-title">
      <h2 id="calc-title">{t('admin.calendar.calcTitle')}</h2>
      <p className="field-hint">{t('admin.calendar.calcIntro')}</p>
      <form onSubmit={onSubmit} noValidate className="calc-form">
        <TextField id="calc-from" type="date" label={t('admin.calendar.calcFrom')} required value={from} onChange={(e) => setFrom(e.target.value)} errors={errors.from} />
        <TextField id="calc-days" type="number" inputMode="numeric" min={0} max={3650} label={t('admin.calendar.calcDays')} required value={days} onChange={(e) => setDays(e.target.value)} errors={errors.days} />
        <div className="calc-submit">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {t('admin.calendar.calcButton')}
          </button>
        </div>
      </form>
      {error && !Object.keys(errors).length ? <ErrorAlert error={error} /> : null}
      <div role="status" aria-live="polite">
        {result && (
          <p className="calc-result">
            {t('admin.calendar.calcResult', { from: formatDate(result.from), days: result.days })}{' '}
            <strong>
              {weekday(result.dueDate, i18n.language)}, {formatDate(result.dueDate)}
            </strong>
          </p>
        )}
      </div>
    </section>
  );
}

export default function CalendarPage() {
  const { t, i18n } = useTranslation();
  const thisYear = Number(todayInVietnam().slice(0, 4));
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year')) || thisYear;
  const [holidays, setHolidays] = useState<Holidays | null>(null);
  const [overrides, setOverrides] = useState<Override[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [reload, setReload] = useState(0);

  const [date, setDate] = useState('');
  const [kind, setKind] = useState<'day_off' | 'working_day'>('day_off');
  const [name, setName] = useState('');
  const { errors, error, setError, saving, passes, save } = useSaveCycle('cal-');
  const [notice, setNotice] = useState('');
  const [deleting, setDeleting] = useState<string | null>(null);

  const load = useCallback(
    (signal?: AbortSignal) =>
      Promise.all([api.get<Holidays>('/calendar/holidays', { year }, signal), api.get<Override[]>('/admin/calendar', { year }, signal)]).then(([h, o]) => {
        setHolidays(h);
        setOverrides([...o].sort((a, b) => a.date.localeCompare(b.date)));
        setLoadError(null);
      }),
    [year],
  );

  useEffect(() => {
    const ctrl = new AbortController();
    setHolidays(null);
    setOverrides(null);
    load(ctrl.signal).catch((err: unknown) => {
      if ((err as Error).name !== 'AbortError') setLoadError(err);
    });
    return () => ctrl.abort();
  }, [load, reload]);

  async function onAdd(e: FormEvent) {
    e.preventDefault();
    setNotice('');
    const problems: Record<string, string[]> = {};
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) problems.date = [t('admin.calendar.dateRequired')];
    if (name.trim().length < 2) problems.name = [t('admin.calendar.nameRequired')];
    if (!passes(problems, OVERRIDE_FIELDS)) return;
    await save(async () => {
      await api.put('/admin/calendar', { date, kind, name: name.trim() });
      setNotice(t('admin.calendar.added', { date: formatDate(date) }));
      const y = Number(date.slice(0, 4));
      setDate('');
      setName('');
      if (y !== year) setParams({ year: String(y) });
      else setReload((n) => n + 1);
    }, {}, OVERRIDE_FIELDS);
  }

  async function onDelete(o: Override) {
    setNotice('');
    setError(null);
    setDeleting(o.date);
    try {
      await api.del(`/admin/calendar/${o.date}`);
      setNotice(t('admin.calendar.deleted', { date: formatDate(o.date) }));
      setReload((n) => n + 1);
      window.setTimeout(() => document.getElementById('cal-date')?.focus(), 0);
    } catch (err) {
      setError(err);
    } finally {
      setDeleting(null);
    }
  }

  const kindLabel = (k: string) => (k === 'holiday' ? t('admin.calendar.kindHoliday') : k === 'compensatory' ? t('admin.calendar.kindCompensatory') : k === 'working_day' ? t('admin.calendar.kindWorkingDay') : k === 'day_off' || k === 'override' || k === 'admin' ? t('admin.calendar.kindDayOff') : k);
  const years = [thisYear - 1, thisYear, thisYear + 1, thisYear + 2];
  if (!years.includes(year)) years.push(year);

  return (
    <AdminShell title={t('admin.calendar.title')}>
      <p className="muted">{t('admin.calendar.intro')}</p>
      <div className="card year-picker">
        <SelectField id="cal-year" label={t('admin.calendar.year')} value={String(year)} onChange={(e) => setParams({ year: e.target.value })}>
          {years
            .sort((a, b) => a - b)
            .map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
        </SelectField>
      </div>
      {loadError ? <ErrorAlert error={loadError} /> : null}

      <div className="calendar-grid">
        <section className="card" aria-labelledby="holidays-title">
          <h2 id="holidays-title">{t('admin.calendar.holidaysTitle', { year })}</h2>
          <p className="field-hint">{t('admin.calendar.holidaysIntro')}</p>
          {!holidays && !loadError && <Loading />}
          {holidays && (
            <>
              {holidays.holidays.length === 0 ? (
                <p className="muted">{t('admin.calendar.noHolidays')}</p>
              ) : (
                <table className="data-table compact-table">
                  <caption className="visually-hidden">{t('admin.calendar.holidaysTitle', { year })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('admin.calendar.date')}</th>
                      <th scope="col">{t('admin.calendar.name')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {holidays.holidays.map((h) => (
                      <tr key={h.date}>
                        <th scope="row">
                          <DateCell date={h.date} lang={i18n.language} />
                        </th>
                        <td lang="vi">
                          {h.name}
                          <span className="cell-sub">{kindLabel(h.kind)}</span>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {holidays.workingWeekendDays.length > 0 && (
                <>
                  <h3 className="cal-subtitle">{t('admin.calendar.workingWeekendTitle')}</h3>
                  <ul className="plain-list">
                    {holidays.workingWeekendDays.map((w) => (
                      <li key={w.date}>
                        <strong>
                          {weekday(w.date, i18n.language)}, {formatDate(w.date)}
                        </strong>{' '}
                        <span lang="vi">{w.name}</span>
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </>
          )}
        </section>

        <div>
          <section className="card" aria-labelledby="overrides-title">
            <h2 id="overrides-title">{t('admin.calendar.overridesTitle', { year })}</h2>
            <p className="field-hint">{t('admin.calendar.overridesIntro')}</p>
            <SavedNotice notice={notice} />
            {overrides && overrides.length === 0 && <p className="muted">{t('admin.calendar.noOverrides')}</p>}
            {overrides && overrides.length > 0 && (
              <ul className="override-list">
                {overrides.map((o) => (
                  <li key={o.date} className="override-item">
                    <div>
                      <strong>
                        <time dateTime={o.date}>{formatDate(o.date)}</time>
                      </strong>{' '}
                      <span className="muted">({weekday(o.date, i18n.language)})</span>
                      <span className="block" lang="vi">
                        {o.name}
                      </span>
                      <span className={`badge ${o.kind === 'day_off' ? 'badge-warning' : 'badge-info'}`}>{kindLabel(o.kind)}</span>
                    </div>
                    <button type="button" className="btn btn-danger-outline btn-small" onClick={() => void onDelete(o)} disabled={deleting === o.date} aria-label={t('admin.calendar.deleteNamed', { date: formatDate(o.date) })}>
                      {t('admin.calendar.delete')}
                    </button>
                  </li>
                ))}
              </ul>
            )}

            <form onSubmit={onAdd} noValidate className="override-form" aria-labelledby="override-form-title">
              <h3 id="override-form-title">{t('admin.calendar.addTitle')}</h3>
              <TextField id="cal-date" type="date" label={t('admin.calendar.date')} required value={date} onChange={(e) => setDate(e.target.value)} errors={errors.date} />
              <SelectField id="cal-kind" label={t('admin.calendar.kind')} required value={kind} onChange={(e) => setKind(e.target.value as Override['kind'])} errors={errors.kind} hint={kind === 'working_day' ? t('admin.calendar.workingDayHint') : t('admin.calendar.dayOffHint')}>
                <option value="day_off">{t('admin.calendar.kindDayOff')}</option>
                <option value="working_day">{t('admin.calendar.kindWorkingDay')}</option>
              </SelectField>
              <TextField id="cal-name" label={t('admin.calendar.name')} hint={t('admin.calendar.nameHint')} required value={name} onChange={(e) => setName(e.target.value)} errors={errors.name} maxLength={200} />
              {error && !Object.values(errors).some((v) => v.length) ? <ErrorAlert error={error} /> : null}
              <button type="submit" className="btn btn-primary" disabled={saving}>
                {t('admin.calendar.add')}
              </button>
            </form>
          </section>

          <DueDateCalculator />
        </div>
      </div>
    </AdminShell>
  );
}
