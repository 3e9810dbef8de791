/**
 * Vietnam's statutory public holidays (Labour Code 2019, art. 112) and the
 * compensatory days off they generate, computed for one Gregorian year.
 *
 * This is the default a province starts from. The government announces the
 * actual schedule every year (which adjacent day goes with Quốc khánh, how
 * Tết is bridged, which Saturdays are worked); administrators record that as
 * overrides in the working calendar rather than here.
 */

import { isoToJd, jdFromDate, jdToIso, jdWeekday, lunarNewYear, lunarToSolar } from './lunar.ts';

export interface Holiday {
  date: string;
  name: string;
  kind: 'holiday' | 'compensatory';
}

const SATURDAY = 6;
const SUNDAY = 0;

function isWeekend(jd: number): boolean {
  const weekday = jdWeekday(jd);
  return weekday === SATURDAY || weekday === SUNDAY;
}

/**
 * The day that accompanies 2 September, by weekday of 2/9. The law only says
 * "one adjacent day before or after" and the government picks it each year;
 * this is the project's default until an administrator records the real one.
 * It never lands on a weekend, so it never needs compensating itself.
 */
const NATIONAL_DAY_COMPANION_OFFSET: Readonly<Record<number, -1 | 1>> = {
  0: +1, // Sun → Mon 3/9
  1: +1, // Mon → Tue 3/9
  2: -1, // Tue → Mon 1/9
  3: -1, // Wed → Tue 1/9
  4: +1, // Thu → Fri 3/9
  5: -1, // Fri → Thu 1/9
  6: -1, // Sat → Fri 1/9
};

/** The statutory holidays of a year, before compensation. */
function fixedHolidays(year: number): Map<number, string> {
  const days = new Map<number, string>();
  const add = (jd: number, name: string): void => {
    // Two holidays can coincide (Hùng Kings' day may fall on 30/4); the law
    // grants no extra day for that, so the date simply carries both names.
    const existing = days.get(jd);
    days.set(jd, existing === undefined ? name : `${existing}; ${name}`);
  };
  const ymd = (month: number, day: number): number => jdFromDate(day, month, year);

  add(ymd(1, 1), 'Tết Dương lịch');

  // Tết: the last day of the old lunar year (29 or 30 tháng Chạp, whichever
  // the month has) is simply the eve of mùng 1, so no month length is needed.
  const tet = isoToJd(lunarNewYear(year));
  add(tet - 1, 'Tết Nguyên đán');
  for (let i = 0; i < 4; i++) add(tet + i, 'Tết Nguyên đán');

  add(isoToJd(lunarToSolar(year, 3, 10)), 'Giỗ Tổ Hùng Vương');
  add(ymd(4, 30), 'Ngày Chiến thắng');
  add(ymd(5, 1), 'Ngày Quốc tế Lao động');

  const nationalDay = ymd(9, 2);
  add(nationalDay, 'Quốc khánh');
  const companion = NATIONAL_DAY_COMPANION_OFFSET[jdWeekday(nationalDay)] ?? 1;
  add(nationalDay + companion, 'Quốc khánh (ngày nghỉ liền kề)');

  return days;
}

/**
 * Statutory holidays of `year`, sorted by date, including the compensatory
 * days off (nghỉ bù) owed for holidays that fall on a Saturday or Sunday.
 * Throws RangeError outside the supported lunar years.
 */
export function statutoryHolidays(year: number): Holiday[] {
  if (!Number.isInteger(year)) {
    throw new RangeError(`Invalid year ${year}`);
  }
  const fixed = fixedHolidays(year);
  const taken = new Set<number>(fixed.keys());
  const result: Holiday[] = [];

  // Date order matters: an earlier weekend holiday claims the first free
  // weekday, and the next one chains past it (30/4 Sat + 1/5 Sun → Mon, Tue).
  const ordered = [...fixed.entries()].sort((a, b) => a[0] - b[0]);
  for (const [jd, name] of ordered) {
    result.push({ date: jdToIso(jd), name, kind: 'holiday' });
    if (!isWeekend(jd)) continue;
    let substitute = jd + 1;
    while (isWeekend(substitute) || taken.has(substitute)) substitute++;
    taken.add(substitute);
    result.push({ date: jdToIso(substitute), name: `Nghỉ bù ${name}`, kind: 'compensatory' });
  }

  return result.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
