/**
 * Civil-date arithmetic and the Vietnamese lunisolar calendar (âm lịch).
 *
 * Owns: ISO 'YYYY-MM-DD' <-> Julian Day Number conversion (the integer day
 * numbers the rest of the calendar module counts with) and solar <-> lunar
 * conversion.
 *
 * The lunar algorithm is Hồ Ngọc Đức's public "Âm lịch Việt Nam" algorithm
 * (https://www.informatik.uni-leipzig.de/~duc/amlich/), which computes new
 * moons and solar terms with the simplified formulas of Jean Meeus,
 * "Astronomical Algorithms" (1998). It is evaluated at UTC+7: Vietnam's
 * calendar is computed for Hà Nội's meridian, so a new moon that falls just
 * before midnight in Vietnam but after midnight in Beijing (UTC+8) starts the
 * month a day earlier here — and occasionally shifts a whole month, as with
 * Tết 1985 (21 Jan in Vietnam, 20 Feb in China).
 */

/** Vietnam's calendar time zone, in hours east of UTC. */
const TIME_ZONE = 7;

/**
 * Years the lunar conversion is offered for. The Meeus approximations drift
 * slowly outside this window (the same one Hồ Ngọc Đức publishes tables for),
 * and a wrong Tết would silently corrupt due dates, so we refuse instead.
 */
export const LUNAR_MIN_YEAR = 1800;
export const LUNAR_MAX_YEAR = 2199;

const PI = Math.PI;
const DEG = PI / 180;

/** Mean synodic month, in days. */
const SYNODIC_MONTH = 29.530588853;
/** Julian date of the new moon of 1900-01-01 ≈ 13:51 GMT, the origin for counting lunations k. */
const NEW_MOON_EPOCH = 2415021.076998695;

/* ------------------------------------------------------------------------ */
/* Julian Day Numbers                                                        */
/* ------------------------------------------------------------------------ */

/**
 * Julian Day Number of a civil date. Dates before 15 Oct 1582 are read in the
 * Julian calendar, as in the original algorithm; callers here stay far later.
 */
export function jdFromDate(day: number, month: number, year: number): number {
  const a = Math.floor((14 - month) / 12);
  const y = year + 4800 - a;
  const m = month + 12 * a - 3;
  const jd =
    day + Math.floor((153 * m + 2) / 5) + 365 * y +
    Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400) - 32045;
  if (jd < 2299161) {
    return day + Math.floor((153 * m + 2) / 5) + 365 * y + Math.floor(y / 4) - 32083;
  }
  return jd;
}

/** Inverse of {@link jdFromDate}. */
export function jdToDate(jd: number): { day: number; month: number; year: number } {
  let b: number;
  let c: number;
  if (jd > 2299160) {
    const a = jd + 32044;
    b = Math.floor((4 * a + 3) / 146097);
    c = a - Math.floor((b * 146097) / 4);
  } else {
    b = 0;
    c = jd + 32082;
  }
  const d = Math.floor((4 * c + 3) / 1461);
  const e = c - Math.floor((1461 * d) / 4);
  const m = Math.floor((5 * e + 2) / 153);
  return {
    day: e - Math.floor((153 * m + 2) / 5) + 1,
    month: m + 3 - 12 * Math.floor(m / 10),
    year: b * 100 + d - 4800 + Math.floor(m / 10),
  };
}

/* ------------------------------------------------------------------------ */
/* ISO civil dates                                                           */
/* ------------------------------------------------------------------------ */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isGregorianLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isGregorianLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function parseIso(s: unknown): { year: number; month: number; day: number } | null {
  if (typeof s !== 'string') return null;
  const match = ISO_DATE.exec(s);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  // Before the Gregorian reform jdFromDate switches to the Julian calendar,
  // so such dates would not round-trip; nobody files a dossier in 1582.
  if (year < 1583) return null;
  if (month < 1 || month > 12) return null;
  if (day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

/** True for a real Gregorian calendar date written exactly as 'YYYY-MM-DD' (years 1583–9999). */
export function isIsoDate(s: unknown): s is string {
  return parseIso(s) !== null;
}

/** Julian Day Number of an ISO date; throws RangeError when the string is not one. */
export function isoToJd(date: string): number {
  const parsed = parseIso(date);
  if (!parsed) {
    throw new RangeError(`Invalid date ${JSON.stringify(date)}: expected a real calendar date 'YYYY-MM-DD'`);
  }
  return jdFromDate(parsed.day, parsed.month, parsed.year);
}

/** ISO date of a Julian Day Number. */
export function jdToIso(jd: number): string {
  const { day, month, year } = jdToDate(jd);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Day of week of a Julian Day Number: 0 = Sunday … 6 = Saturday, like Date#getUTCDay. */
export function jdWeekday(jd: number): number {
  return (jd + 1) % 7;
}

/* ------------------------------------------------------------------------ */
/* Astronomy (Meeus, simplified)                                             */
/* ------------------------------------------------------------------------ */

/** Julian date (UT, fractional) of the k-th new moon after the one of January 1900. */
function newMoon(k: number): number {
  const T = k / 1236.85; // Julian centuries since 1900 January 0.5
  const T2 = T * T;
  const T3 = T2 * T;
  let jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd1 += 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * DEG); // mean new moon
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3; // Sun's mean anomaly
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3; // Moon's mean anomaly
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3; // Moon's argument of latitude
  let c1 = (0.1734 - 0.000393 * T) * Math.sin(M * DEG) + 0.0021 * Math.sin(2 * DEG * M);
  c1 = c1 - 0.4068 * Math.sin(Mpr * DEG) + 0.0161 * Math.sin(DEG * 2 * Mpr);
  c1 = c1 - 0.0004 * Math.sin(DEG * 3 * Mpr);
  c1 = c1 + 0.0104 * Math.sin(DEG * 2 * F) - 0.0051 * Math.sin(DEG * (M + Mpr));
  c1 = c1 - 0.0074 * Math.sin(DEG * (M - Mpr)) + 0.0004 * Math.sin(DEG * (2 * F + M));
  c1 = c1 - 0.0004 * Math.sin(DEG * (2 * F - M)) - 0.0006 * Math.sin(DEG * (2 * F + Mpr));
  c1 = c1 + 0.001 * Math.sin(DEG * (2 * F - Mpr)) + 0.0005 * Math.sin(DEG * (2 * Mpr + M));
  // ΔT: the formulas above are in dynamical time; convert to universal time.
  const deltaT =
    T < -11
      ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3
      : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return jd1 + c1 - deltaT;
}

/** Apparent longitude of the Sun, in radians in [0, 2π), at Julian date jdn (UT). */
function sunLongitude(jdn: number): number {
  const T = (jdn - 2451545.0) / 36525; // Julian centuries since J2000.0
  const T2 = T * T;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2; // mean anomaly
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2; // mean longitude
  let DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(DEG * M);
  DL = DL + (0.019993 - 0.000101 * T) * Math.sin(DEG * 2 * M) + 0.00029 * Math.sin(DEG * 3 * M);
  let L = (L0 + DL) * DEG;
  L = L - PI * 2 * Math.floor(L / (PI * 2));
  return L;
}

/**
 * Which 30° sector (0–11) of the ecliptic the Sun is in at local midnight
 * starting day `dayNumber`. Sector boundaries are the major solar terms
 * (trung khí); sector 9 begins at the winter solstice (270°).
 */
export function getSunLongitude(dayNumber: number, timeZone: number = TIME_ZONE): number {
  return Math.floor((sunLongitude(dayNumber - 0.5 - timeZone / 24) / PI) * 6);
}

/** Local civil day (JDN) on which the k-th new moon after January 1900 falls. */
export function getNewMoonDay(k: number, timeZone: number = TIME_ZONE): number {
  return Math.floor(newMoon(k) + 0.5 + timeZone / 24);
}

/* ------------------------------------------------------------------------ */
/* Lunar calendar rules                                                      */
/* ------------------------------------------------------------------------ */

/**
 * First day (JDN) of lunar month 11 of `year` — the month containing the
 * winter solstice, which anchors every lunar year.
 */
export function getLunarMonth11(year: number, timeZone: number = TIME_ZONE): number {
  const off = jdFromDate(31, 12, year) - 2415021;
  const k = Math.floor(off / SYNODIC_MONTH);
  let nm = getNewMoonDay(k, timeZone);
  // A month starting after the solstice cannot be month 11: take the previous one.
  if (getSunLongitude(nm, timeZone) >= 9) {
    nm = getNewMoonDay(k - 1, timeZone);
  }
  return nm;
}

/**
 * In a 13-month year starting at month 11 `a11`, the offset (in months after
 * a11) of the leap month: the first month that contains no major solar term,
 * i.e. whose start and end lie in the same 30° sector.
 */
export function getLeapMonthOffset(a11: number, timeZone: number = TIME_ZONE): number {
  const k = Math.floor((a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5);
  let i = 1;
  let arc = getSunLongitude(getNewMoonDay(k + i, timeZone), timeZone);
  let last: number;
  do {
    last = arc;
    i++;
    arc = getSunLongitude(getNewMoonDay(k + i, timeZone), timeZone);
  } while (arc !== last && i < 14);
  return i - 1;
}

export interface LunarDate {
  year: number;
  month: number;
  day: number;
  /** True in the intercalary month (tháng nhuận) that repeats `month`. */
  leap: boolean;
}

/** Lunar date of a solar (Gregorian) civil date. */
export function convertSolar2Lunar(
  day: number,
  month: number,
  year: number,
  timeZone: number = TIME_ZONE,
): LunarDate {
  const dayNumber = jdFromDate(day, month, year);
  const k = Math.floor((dayNumber - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  let monthStart = getNewMoonDay(k + 1, timeZone);
  if (monthStart > dayNumber) {
    monthStart = getNewMoonDay(k, timeZone);
  }
  let a11 = getLunarMonth11(year, timeZone);
  let b11 = a11;
  let lunarYear: number;
  if (a11 >= monthStart) {
    lunarYear = year;
    a11 = getLunarMonth11(year - 1, timeZone);
  } else {
    lunarYear = year + 1;
    b11 = getLunarMonth11(year + 1, timeZone);
  }
  const lunarDay = dayNumber - monthStart + 1;
  const diff = Math.floor((monthStart - a11) / 29);
  let leap = false;
  let lunarMonth = diff + 11;
  if (b11 - a11 > 365) {
    const leapMonthDiff = getLeapMonthOffset(a11, timeZone);
    if (diff >= leapMonthDiff) {
      lunarMonth = diff + 10;
      leap = diff === leapMonthDiff;
    }
  }
  if (lunarMonth > 12) {
    lunarMonth -= 12;
  }
  // Months 11 and 12 right after a11 still belong to the previous lunar year.
  if (lunarMonth >= 11 && diff < 4) {
    lunarYear -= 1;
  }
  return { year: lunarYear, month: lunarMonth, day: lunarDay, leap };
}

/**
 * Solar civil date (as a JDN) of a lunar date, or null when `leap` is asked
 * for a month that is not that year's leap month. Days beyond the month's
 * length spill into the next month; {@link lunarToSolar} rejects them.
 */
export function convertLunar2Solar(
  lunarDay: number,
  lunarMonth: number,
  lunarYear: number,
  leap: boolean,
  timeZone: number = TIME_ZONE,
): number | null {
  let a11: number;
  let b11: number;
  if (lunarMonth < 11) {
    a11 = getLunarMonth11(lunarYear - 1, timeZone);
    b11 = getLunarMonth11(lunarYear, timeZone);
  } else {
    a11 = getLunarMonth11(lunarYear, timeZone);
    b11 = getLunarMonth11(lunarYear + 1, timeZone);
  }
  const k = Math.floor(0.5 + (a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  let off = lunarMonth - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365) {
    const leapOff = getLeapMonthOffset(a11, timeZone);
    let leapMonth = leapOff - 2;
    if (leapMonth < 0) leapMonth += 12;
    if (leap && lunarMonth !== leapMonth) {
      return null;
    }
    if (leap || off >= leapOff) {
      off += 1;
    }
  } else if (leap) {
    return null;
  }
  const monthStart = getNewMoonDay(k + off, timeZone);
  return monthStart + lunarDay - 1;
}

/* ------------------------------------------------------------------------ */
/* Public API on ISO strings                                                 */
/* ------------------------------------------------------------------------ */

function assertSupportedYear(year: number, what: string): void {
  if (!Number.isInteger(year) || year < LUNAR_MIN_YEAR || year > LUNAR_MAX_YEAR) {
    throw new RangeError(
      `${what} ${year} is outside the supported lunar calendar range ${LUNAR_MIN_YEAR}–${LUNAR_MAX_YEAR}`,
    );
  }
}

/** Lunar date of an ISO solar date, computed for Vietnam (UTC+7). */
export function solarToLunar(date: string): LunarDate {
  const jd = isoToJd(date);
  const { day, month, year } = jdToDate(jd);
  assertSupportedYear(year, 'Year');
  return convertSolar2Lunar(day, month, year);
}

/**
 * ISO solar date of a Vietnamese lunar date. Throws RangeError for a lunar
 * date that does not exist (day 30 of a 29-day month, or a leap month the
 * year does not have).
 */
export function lunarToSolar(lunarYear: number, lunarMonth: number, lunarDay: number, leap = false): string {
  assertSupportedYear(lunarYear, 'Lunar year');
  if (!Number.isInteger(lunarMonth) || lunarMonth < 1 || lunarMonth > 12) {
    throw new RangeError(`Invalid lunar month ${lunarMonth}`);
  }
  if (!Number.isInteger(lunarDay) || lunarDay < 1 || lunarDay > 30) {
    throw new RangeError(`Invalid lunar day ${lunarDay}`);
  }
  const jd = convertLunar2Solar(lunarDay, lunarMonth, lunarYear, leap);
  const label = `${lunarDay}/${lunarMonth}${leap ? ' (nhuận)' : ''}/${lunarYear}`;
  if (jd === null) {
    throw new RangeError(`Lunar year ${lunarYear} has no leap month ${lunarMonth} (${label})`);
  }
  // Converting back catches day 30 of a short month, which would otherwise
  // silently land on day 1 of the following month.
  const { day, month, year } = jdToDate(jd);
  const back = convertSolar2Lunar(day, month, year);
  if (back.year !== lunarYear || back.month !== lunarMonth || back.day !== lunarDay || back.leap !== leap) {
    throw new RangeError(`Lunar date ${label} does not exist`);
  }
  return jdToIso(jd);
}

/** Solar date of Tết Nguyên đán (lunar 1/1) of the given year. */
export function lunarNewYear(year: number): string {
  return lunarToSolar(year, 1, 1);
}
