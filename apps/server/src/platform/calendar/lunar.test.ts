/**
 * Specification of the Vietnamese lunar calendar conversion. Expected dates
 * come from published Vietnamese calendars, not from this implementation.
 */

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { isIsoDate, lunarNewYear, lunarToSolar, solarToLunar } from './lunar.ts';

describe('lunarNewYear: Tết Nguyên đán as celebrated in Vietnam', () => {
  const tet: Record<number, string> = {
    2007: '2007-02-17', // China: 18 Feb
    2020: '2020-01-25',
    2021: '2021-02-12',
    2022: '2022-02-01',
    2023: '2023-01-22',
    2024: '2024-02-10',
    2025: '2025-01-29',
    2026: '2026-02-17',
    2027: '2027-02-06',
  };
  for (const [year, date] of Object.entries(tet)) {
    it(`Tết ${year} is ${date}`, () => {
      assert.equal(lunarNewYear(Number(year)), date);
    });
  }

  it('Tết 1985 is 21 January, a whole month before China’s 20 February (UTC+7, not UTC+8)', () => {
    assert.equal(lunarNewYear(1985), '1985-01-21');
    assert.notDeepEqual(solarToLunar('1985-02-20'), { year: 1985, month: 1, day: 1, leap: false });
  });

  it('Tết 2030 is 2 February, a day before China’s 3 February (new moon at 23:07 in Hà Nội)', () => {
    assert.equal(lunarNewYear(2030), '2030-02-02');
  });
});

describe('lunarToSolar', () => {
  it('puts Giỗ Tổ Hùng Vương (10/3 lunar) on the dates the government announced', () => {
    assert.equal(lunarToSolar(2023, 3, 10), '2023-04-29');
    assert.equal(lunarToSolar(2024, 3, 10), '2024-04-18');
    assert.equal(lunarToSolar(2025, 3, 10), '2025-04-07');
    assert.equal(lunarToSolar(2026, 3, 10), '2026-04-26');
  });

  it('finds Tết Trung thu (15/8 lunar)', () => {
    assert.equal(lunarToSolar(2024, 8, 15), '2024-09-17');
    assert.equal(lunarToSolar(2025, 8, 15), '2025-10-06');
  });

  it('distinguishes a leap month from the ordinary month it repeats', () => {
    // Quý Mão 2023 had a leap 2nd month, Ất Tỵ 2025 a leap 6th month.
    assert.equal(lunarToSolar(2023, 2, 1, true), '2023-03-22');
    assert.equal(lunarToSolar(2025, 6, 1, true), '2025-07-25');
    assert.equal(lunarToSolar(2025, 7, 15), '2025-09-06'); // Rằm tháng Bảy, after the leap month
  });

  it('knows whether the last month of the year has 29 or 30 days', () => {
    // Quý Mão (2023) ended on the 30th; Giáp Thìn (2024) and Ất Tỵ (2025) end on the 29th.
    assert.equal(lunarToSolar(2023, 12, 30), '2024-02-09');
    assert.equal(lunarToSolar(2024, 12, 29), '2025-01-28');
    assert.throws(() => lunarToSolar(2024, 12, 30), RangeError);
    assert.equal(lunarToSolar(2025, 12, 29), '2026-02-16');
    assert.throws(() => lunarToSolar(2025, 12, 30), RangeError);
  });

  it('rejects lunar dates that do not exist', () => {
    assert.throws(() => lunarToSolar(2024, 2, 1, true), RangeError); // 2024 has no leap month
    assert.throws(() => lunarToSolar(2023, 3, 1, true), RangeError); // 2023's leap month is the 2nd
    assert.throws(() => lunarToSolar(2024, 13, 1), RangeError);
    assert.throws(() => lunarToSolar(2024, 0, 1), RangeError);
    assert.throws(() => lunarToSolar(2024, 1, 31), RangeError);
    assert.throws(() => lunarToSolar(2024, 1, 1.5), RangeError);
    assert.throws(() => lunarToSolar(1500, 1, 1), RangeError);
  });
});

describe('solarToLunar', () => {
  it('gives the lunar date of a solar date', () => {
    assert.deepEqual(solarToLunar('2024-02-10'), { year: 2024, month: 1, day: 1, leap: false });
    assert.deepEqual(solarToLunar('2024-02-09'), { year: 2023, month: 12, day: 30, leap: false });
    assert.deepEqual(solarToLunar('2023-03-22'), { year: 2023, month: 2, day: 1, leap: true });
    assert.deepEqual(solarToLunar('2023-04-19'), { year: 2023, month: 2, day: 29, leap: true });
    assert.deepEqual(solarToLunar('2023-04-20'), { year: 2023, month: 3, day: 1, leap: false });
  });

  it('round-trips every day of 2024–2026, and lunar days run without gaps', () => {
    let previous: ReturnType<typeof solarToLunar> | undefined;
    for (let t = Date.UTC(2024, 0, 1); t <= Date.UTC(2026, 11, 31); t += 86_400_000) {
      const date = new Date(t).toISOString().slice(0, 10);
      const lunar = solarToLunar(date);
      assert.equal(lunarToSolar(lunar.year, lunar.month, lunar.day, lunar.leap), date, `round trip of ${date}`);
      if (previous) {
        if (lunar.day === 1) {
          assert.ok(previous.day === 29 || previous.day === 30, `month before ${date} has 29 or 30 days`);
        } else {
          assert.equal(lunar.day, previous.day + 1, `day after ${date}`);
          assert.equal(lunar.month, previous.month);
          assert.equal(lunar.leap, previous.leap);
        }
      }
      previous = lunar;
    }
  });

  it('throws RangeError for malformed dates', () => {
    for (const bad of ['2024-02-30', '2023-02-29', '2024-2-3', '2024-13-01', '24-01-01', '', '2024-01-01T00:00:00Z']) {
      assert.throws(() => solarToLunar(bad), RangeError, bad);
    }
  });
});

describe('isIsoDate', () => {
  it('accepts real dates written as YYYY-MM-DD only', () => {
    assert.equal(isIsoDate('2024-02-29'), true);
    assert.equal(isIsoDate('2000-02-29'), true);
    assert.equal(isIsoDate('1900-02-29'), false);
    assert.equal(isIsoDate('2025-02-29'), false);
    assert.equal(isIsoDate('2025-04-31'), false);
    assert.equal(isIsoDate('2025-00-10'), false);
    assert.equal(isIsoDate(' 2025-01-01'), false);
    assert.equal(isIsoDate('2025/01/01'), false);
    assert.equal(isIsoDate(20250101), false);
  });
});
