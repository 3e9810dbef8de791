/**
 * Vietnam's working-day calendar: lunar dates, statutory holidays and
 * due-date arithmetic in working days. Pure and dependency-free.
 */

export { LUNAR_MIN_YEAR, LUNAR_MAX_YEAR, lunarNewYear, lunarToSolar, solarToLunar, type LunarDate } from './lunar.ts';
export { statutoryHolidays, type Holiday } from './holidays.ts';
export {
  WorkingCalendar,
  isIsoDate,
  type CalendarOverride,
  type DayInfo,
  type NonWorkingWeekday,
  type WorkingWeekendDay,
} from './working-days.ts';
