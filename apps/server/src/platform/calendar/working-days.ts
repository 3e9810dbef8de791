/**
 * The working-day calendar used for dossier due dates: Saturdays and Sundays
 * off, statutory holidays off (computed), and the administrator's yearly
 * overrides on top (the government's announced days off and swapped
 * working days), which always win.
 */

import { statutoryHolidays, type Holiday } from './holidays.ts';
import { isIsoDate, isoToJd, jdFromDate, jdToDate, jdToIso, jdWeekday } from './lunar.ts';

export { isIsoDate };

export interface CalendarOverride {
  date: string;
  kind: 'day_off' | 'working_day';
  name: string;
}

export interface DayInfo {
  working: boolean;
  name?: string;
}

export interface NonWorkingWeekday {
  date: string;
  name: string;
  kind: 'holiday' | 'compensatory' | 'day_off';
}

export interface WorkingWeekendDay {
  date: string;
  name: string;
}

const SATURDAY = 6;
const SUNDAY = 0;

function isWeekend(jd: number): boolean {
  const weekday = jdWeekday(jd);
  return weekday === SATURDAY || weekday === SUNDAY;
}

function assertYear(year: number): void {
  if (!Number.isInteger(year)) {
    throw new RangeError(`Invalid year ${year}`);
  }
}

export class WorkingCalendar {
  private readonly overrides = new Map<number, CalendarOverride>();
  /** Statutory holidays by year, then by JDN; computing Tết is the costly part. */
  private readonly holidayCache = new Map<number, Map<number, Holiday>>();

  constructor(overrides: readonly CalendarOverride[] = []) {
    for (const override of overrides) {
      const jd = isoToJd(override.date);
      if (override.kind !== 'day_off' && override.kind !== 'working_day') {
        throw new RangeError(`Invalid calendar override kind ${JSON.stringify(override.kind)} on ${override.date}`);
      }
      // Two rows for one date would make the outcome depend on row order;
      // better to refuse than to silently pick one.
      if (this.overrides.has(jd)) {
        throw new RangeError(`Duplicate calendar override for ${override.date}`);
      }
      this.overrides.set(jd, { ...override });
    }
  }

  isWorkingDay(date: string): boolean {
    return this.isWorkingJd(isoToJd(date));
  }

  dayInfo(date: string): DayInfo {
    const jd = isoToJd(date);
    const override = this.overrides.get(jd);
    if (override) {
      return { working: override.kind === 'working_day', name: override.name };
    }
    const holiday = this.holidaysOf(jd).get(jd);
    if (holiday) {
      return { working: false, name: holiday.name };
    }
    const weekday = jdWeekday(jd);
    if (weekday === SATURDAY) return { working: false, name: 'Thứ Bảy' };
    if (weekday === SUNDAY) return { working: false, name: 'Chủ nhật' };
    return { working: true };
  }

  /**
   * Due date of a dossier received on `from` with a legal processing time of
   * `days` working days. The day of receipt never counts, even if it is a
   * working day: counting starts on the first working day after it.
   */
  addWorkingDays(from: string, days: number): string {
    let jd = isoToJd(from);
    if (!Number.isInteger(days) || days < 0) {
      throw new RangeError(`Invalid number of working days ${days}: expected a non-negative integer`);
    }
    let remaining = days;
    while (remaining > 0) {
      jd++;
      if (this.isWorkingJd(jd)) remaining--;
    }
    return jdToIso(jd);
  }

  /** Number of working days d with from < d <= to; 0 when `to` is not after `from`. */
  workingDaysBetween(from: string, to: string): number {
    const start = isoToJd(from);
    const end = isoToJd(to);
    let count = 0;
    for (let jd = start + 1; jd <= end; jd++) {
      if (this.isWorkingJd(jd)) count++;
    }
    return count;
  }

  /** Every Monday–Friday of `year` that is not a working day, in date order. */
  nonWorkingWeekdays(year: number): NonWorkingWeekday[] {
    assertYear(year);
    const result: NonWorkingWeekday[] = [];
    for (let jd = jdFromDate(1, 1, year), end = jdFromDate(31, 12, year); jd <= end; jd++) {
      if (isWeekend(jd) || this.isWorkingJd(jd)) continue;
      const override = this.overrides.get(jd);
      if (override) {
        result.push({ date: jdToIso(jd), name: override.name, kind: 'day_off' });
        continue;
      }
      const holiday = this.holidaysOf(jd).get(jd);
      if (holiday) {
        result.push({ date: jdToIso(jd), name: holiday.name, kind: holiday.kind });
      }
    }
    return result;
  }

  /** Every Saturday or Sunday of `year` that an override makes a working day, in date order. */
  workingWeekendDays(year: number): WorkingWeekendDay[] {
    assertYear(year);
    const result: WorkingWeekendDay[] = [];
    for (let jd = jdFromDate(1, 1, year), end = jdFromDate(31, 12, year); jd <= end; jd++) {
      if (!isWeekend(jd)) continue;
      const override = this.overrides.get(jd);
      if (override?.kind === 'working_day') {
        result.push({ date: jdToIso(jd), name: override.name });
      }
    }
    return result;
  }

  private isWorkingJd(jd: number): boolean {
    const override = this.overrides.get(jd);
    if (override) return override.kind === 'working_day';
    if (isWeekend(jd)) return false;
    return !this.holidaysOf(jd).has(jd);
  }

  /** The statutory holidays of the Gregorian year containing `jd`. */
  private holidaysOf(jd: number): Map<number, Holiday> {
    const { year } = jdToDate(jd);
    let byDay = this.holidayCache.get(year);
    if (!byDay) {
      byDay = new Map();
      for (const holiday of statutoryHolidays(year)) {
        byDay.set(isoToJd(holiday.date), holiday);
      }
      this.holidayCache.set(year, byDay);
    }
    return byDay;
  }
}
