/**
 * Specification of statutory holidays and working-day arithmetic. Weekdays in
 * the expectations were checked against a real calendar (`date -d`), and
 * holiday dates against the government's announcements.
 */

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { statutoryHolidays, type Holiday } from './holidays.ts';
import { WorkingCalendar, isIsoDate, type CalendarOverride } from './working-days.ts';

const on = (holidays: Holiday[], date: string): Holiday | undefined => holidays.find((h) => h.date === date);
const compensatory = (year: number): string[] =>
  statutoryHolidays(year).filter((h) => h.kind === 'compensatory').map((h) => h.date);

describe('statutoryHolidays (Labour Code 2019, art. 112)', () => {
  it('lists the eleven statutory days of 2026, sorted, with Vietnamese names', () => {
    // 2026-04-26 (Hùng Kings) is a Sunday, hence the compensatory Monday.
    assert.deepEqual(statutoryHolidays(2026), [
      { date: '2026-01-01', name: 'Tết Dương lịch', kind: 'holiday' },
      { date: '2026-02-16', name: 'Tết Nguyên đán', kind: 'holiday' },
      { date: '2026-02-17', name: 'Tết Nguyên đán', kind: 'holiday' },
      { date: '2026-02-18', name: 'Tết Nguyên đán', kind: 'holiday' },
      { date: '2026-02-19', name: 'Tết Nguyên đán', kind: 'holiday' },
      { date: '2026-02-20', name: 'Tết Nguyên đán', kind: 'holiday' },
      { date: '2026-04-26', name: 'Giỗ Tổ Hùng Vương', kind: 'holiday' },
      { date: '2026-04-27', name: 'Nghỉ bù Giỗ Tổ Hùng Vương', kind: 'compensatory' },
      { date: '2026-04-30', name: 'Ngày Chiến thắng', kind: 'holiday' },
      { date: '2026-05-01', name: 'Ngày Quốc tế Lao động', kind: 'holiday' },
      { date: '2026-09-01', name: 'Quốc khánh (ngày nghỉ liền kề)', kind: 'holiday' },
      { date: '2026-09-02', name: 'Quốc khánh', kind: 'holiday' },
    ]);
  });

  it('gives Tết the last day of the old lunar year, whether it is the 29th or the 30th', () => {
    const tet = (year: number): string[] =>
      statutoryHolidays(year).filter((h) => h.name === 'Tết Nguyên đán').map((h) => h.date);
    // 2026: the old year ends on 29 tháng Chạp (16 Feb); mùng 1 is 17 Feb.
    assert.deepEqual(tet(2026), ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']);
    // 2024: the old year ends on 30 tháng Chạp (9 Feb); mùng 1 is 10 Feb.
    assert.deepEqual(tet(2024), ['2024-02-09', '2024-02-10', '2024-02-11', '2024-02-12', '2024-02-13']);
  });

  it('2021: Labour Day on Saturday 1/5 is compensated on Monday 3/5', () => {
    assert.deepEqual(on(statutoryHolidays(2021), '2021-05-03'), {
      date: '2021-05-03',
      name: 'Nghỉ bù Ngày Quốc tế Lao động',
      kind: 'compensatory',
    });
  });

  it('2022: 30/4 on Saturday and 1/5 on Sunday are compensated on Monday 2/5 and Tuesday 3/5', () => {
    const holidays = statutoryHolidays(2022);
    assert.equal(on(holidays, '2022-05-02')?.name, 'Nghỉ bù Ngày Chiến thắng');
    assert.equal(on(holidays, '2022-05-03')?.name, 'Nghỉ bù Ngày Quốc tế Lao động');
  });

  it('2023: compensatory days chain past a holiday (Hùng Kings Sat 29/4, 30/4 Sun, 1/5 Mon → Tue 2/5, Wed 3/5)', () => {
    const holidays = statutoryHolidays(2023);
    assert.deepEqual(
      holidays.filter((h) => h.date >= '2023-04-29' && h.date <= '2023-05-04'),
      [
        { date: '2023-04-29', name: 'Giỗ Tổ Hùng Vương', kind: 'holiday' },
        { date: '2023-04-30', name: 'Ngày Chiến thắng', kind: 'holiday' },
        { date: '2023-05-01', name: 'Ngày Quốc tế Lao động', kind: 'holiday' },
        { date: '2023-05-02', name: 'Nghỉ bù Giỗ Tổ Hùng Vương', kind: 'compensatory' },
        { date: '2023-05-03', name: 'Nghỉ bù Ngày Chiến thắng', kind: 'compensatory' },
      ],
    );
  });

  it('2024: mùng 1 Tết on Saturday 10/2 and mùng 2 on Sunday push two days off past the Tết break', () => {
    // Tết runs Fri 9/2 – Tue 13/2; the first free weekdays after are Wed 14/2 and Thu 15/2.
    assert.deepEqual(compensatory(2024), ['2024-02-14', '2024-02-15']);
    assert.equal(on(statutoryHolidays(2024), '2024-02-14')?.name, 'Nghỉ bù Tết Nguyên đán');
  });

  it('compensates Tết Dương lịch on a weekend with the next Monday', () => {
    assert.deepEqual(on(statutoryHolidays(2022), '2022-01-03')?.kind, 'compensatory'); // 1/1/2022 Sat
    assert.deepEqual(on(statutoryHolidays(2023), '2023-01-02')?.kind, 'compensatory'); // 1/1/2023 Sun
  });

  describe('pairs Quốc khánh 2/9 with one adjacent day by its weekday', () => {
    const cases: [year: number, weekday: string, companion: string, compensated?: string][] = [
      [2024, 'Monday', '2024-09-03'],
      [2025, 'Tuesday', '2025-09-01'],
      [2026, 'Wednesday', '2026-09-01'],
      [2021, 'Thursday', '2021-09-03'],
      [2022, 'Friday', '2022-09-01'],
      [2023, 'Saturday', '2023-09-01', '2023-09-04'],
      [2029, 'Sunday', '2029-09-03', '2029-09-04'],
    ];
    for (const [year, weekday, companion, compensated] of cases) {
      it(`${weekday} 2/9/${year} → ${companion}${compensated ? `, compensated on ${compensated}` : ''}`, () => {
        const september = statutoryHolidays(year).filter((h) => h.date.slice(5, 7) === '09');
        const expected: Holiday[] = [
          { date: companion, name: 'Quốc khánh (ngày nghỉ liền kề)', kind: 'holiday' },
          { date: `${year}-09-02`, name: 'Quốc khánh', kind: 'holiday' },
        ];
        if (compensated) expected.push({ date: compensated, name: 'Nghỉ bù Quốc khánh', kind: 'compensatory' });
        expected.sort((a, b) => a.date.localeCompare(b.date));
        assert.deepEqual(september, expected);
      });
    }
  });
});

describe('WorkingCalendar without overrides', () => {
  const calendar = new WorkingCalendar([]);

  it('treats Saturdays, Sundays and holidays as days off', () => {
    assert.equal(calendar.isWorkingDay('2026-03-06'), true); // Friday
    assert.equal(calendar.isWorkingDay('2026-03-07'), false); // Saturday
    assert.equal(calendar.isWorkingDay('2026-03-08'), false); // Sunday
    assert.equal(calendar.isWorkingDay('2026-02-18'), false); // mùng 2 Tết
    assert.equal(calendar.isWorkingDay('2026-04-27'), false); // compensatory Monday
  });

  it('names the day in dayInfo', () => {
    assert.deepEqual(calendar.dayInfo('2026-03-06'), { working: true });
    assert.deepEqual(calendar.dayInfo('2026-03-07'), { working: false, name: 'Thứ Bảy' });
    assert.deepEqual(calendar.dayInfo('2026-03-08'), { working: false, name: 'Chủ nhật' });
    assert.deepEqual(calendar.dayInfo('2026-04-30'), { working: false, name: 'Ngày Chiến thắng' });
    assert.deepEqual(calendar.dayInfo('2026-04-27'), { working: false, name: 'Nghỉ bù Giỗ Tổ Hùng Vương' });
  });

  describe('addWorkingDays: due date of a dossier received on `from`', () => {
    it('starts counting on the working day after receipt', () => {
      assert.equal(calendar.addWorkingDays('2026-03-02', 1), '2026-03-03'); // Mon → Tue
      assert.equal(calendar.addWorkingDays('2026-03-02', 5), '2026-03-09'); // Mon → next Mon
    });

    it('returns the day of receipt for zero days', () => {
      assert.equal(calendar.addWorkingDays('2026-03-02', 0), '2026-03-02');
      assert.equal(calendar.addWorkingDays('2026-03-08', 0), '2026-03-08'); // even a Sunday
    });

    it('skips weekends', () => {
      assert.equal(calendar.addWorkingDays('2026-03-06', 1), '2026-03-09'); // Fri → Mon
      assert.equal(calendar.addWorkingDays('2026-03-07', 1), '2026-03-09'); // received Sat → Mon
      assert.equal(calendar.addWorkingDays('2026-03-08', 1), '2026-03-09'); // received Sun → Mon
      assert.equal(calendar.addWorkingDays('2026-03-05', 3), '2026-03-10'); // Thu + 3 → Tue
    });

    it('skips the Tết 2026 break (Sat 14/2 – Sun 22/2)', () => {
      assert.equal(calendar.addWorkingDays('2026-02-13', 1), '2026-02-23');
      assert.equal(calendar.addWorkingDays('2026-02-13', 5), '2026-02-27');
      assert.equal(calendar.addWorkingDays('2026-02-18', 1), '2026-02-23'); // received during Tết
      assert.equal(calendar.addWorkingDays('2026-02-12', 2), '2026-02-23');
    });

    it('crosses a year end and skips Tết Dương lịch', () => {
      assert.equal(calendar.addWorkingDays('2026-12-31', 1), '2027-01-04'); // Thu → (Fri 1/1 holiday) → Mon
      assert.equal(calendar.addWorkingDays('2025-12-31', 2), '2026-01-05'); // Wed → Fri 2/1, Mon 5/1
    });

    it('handles long processing times (60 working days across Tết)', () => {
      assert.equal(calendar.addWorkingDays('2026-01-05', 60), '2026-04-06');
    });
  });

  describe('workingDaysBetween: working days d with from < d <= to', () => {
    it('counts the end but not the start', () => {
      assert.equal(calendar.workingDaysBetween('2026-03-02', '2026-03-03'), 1);
      assert.equal(calendar.workingDaysBetween('2026-03-02', '2026-03-09'), 5);
      assert.equal(calendar.workingDaysBetween('2026-02-13', '2026-02-23'), 1);
      assert.equal(calendar.workingDaysBetween('2026-01-05', '2026-04-06'), 60);
    });

    it('is 0 when `to` is not after `from`', () => {
      assert.equal(calendar.workingDaysBetween('2026-03-03', '2026-03-03'), 0);
      assert.equal(calendar.workingDaysBetween('2026-03-09', '2026-03-02'), 0);
      assert.equal(calendar.workingDaysBetween('2026-03-06', '2026-03-08'), 0); // Fri → Sun
    });

    it('counts 250 working days in 2026 (261 weekdays minus 11 days off)', () => {
      assert.equal(calendar.workingDaysBetween('2025-12-31', '2026-12-31'), 250);
    });

    it('is the inverse of addWorkingDays', () => {
      for (const from of ['2023-04-28', '2024-02-08', '2025-12-27', '2026-02-14', '2026-08-28']) {
        for (const days of [1, 2, 3, 7, 15, 30, 90, 400]) {
          const due = calendar.addWorkingDays(from, days);
          assert.equal(calendar.workingDaysBetween(from, due), days, `${from} + ${days}`);
          assert.equal(calendar.isWorkingDay(due), true, `${from} + ${days} lands on a working day`);
        }
      }
    });
  });

  it('lists the non-working weekdays of 2026', () => {
    assert.deepEqual(calendar.nonWorkingWeekdays(2026), [
      { date: '2026-01-01', name: 'Tết Dương lịch', kind: 'holiday' },
      { date: '2026-02-16', name: 'Tết Nguyên đán', kind: 'holiday' },
      { date: '2026-02-17', name: 'Tết Nguyên đán', kind: 'holiday' },
      { date: '2026-02-18', name: 'Tết Nguyên đán', kind: 'holiday' },
      { date: '2026-02-19', name: 'Tết Nguyên đán', kind: 'holiday' },
      { date: '2026-02-20', name: 'Tết Nguyên đán', kind: 'holiday' },
      { date: '2026-04-27', name: 'Nghỉ bù Giỗ Tổ Hùng Vương', kind: 'compensatory' },
      { date: '2026-04-30', name: 'Ngày Chiến thắng', kind: 'holiday' },
      { date: '2026-05-01', name: 'Ngày Quốc tế Lao động', kind: 'holiday' },
      { date: '2026-09-01', name: 'Quốc khánh (ngày nghỉ liền kề)', kind: 'holiday' },
      { date: '2026-09-02', name: 'Quốc khánh', kind: 'holiday' },
    ]);
    assert.deepEqual(calendar.workingWeekendDays(2026), []);
  });
});

describe('WorkingCalendar overrides win over the computed calendar', () => {
  it('a Saturday marked as a working day counts', () => {
    const calendar = new WorkingCalendar([{ date: '2026-03-07', kind: 'working_day', name: 'Làm bù' }]);
    assert.equal(calendar.isWorkingDay('2026-03-07'), true);
    assert.deepEqual(calendar.dayInfo('2026-03-07'), { working: true, name: 'Làm bù' });
    assert.equal(calendar.addWorkingDays('2026-03-06', 1), '2026-03-07');
    assert.equal(calendar.addWorkingDays('2026-03-06', 2), '2026-03-09');
    assert.deepEqual(calendar.workingWeekendDays(2026), [{ date: '2026-03-07', name: 'Làm bù' }]);
  });

  it('a computed holiday marked as a working day is cancelled', () => {
    const calendar = new WorkingCalendar([{ date: '2026-09-01', kind: 'working_day', name: 'Đi làm' }]);
    assert.equal(calendar.isWorkingDay('2026-09-01'), true);
    assert.equal(calendar.addWorkingDays('2026-08-31', 1), '2026-09-01');
    assert.equal(calendar.addWorkingDays('2026-08-31', 2), '2026-09-03');
    assert.equal(calendar.nonWorkingWeekdays(2026).some((d) => d.date === '2026-09-01'), false);
  });

  it('an added day off is skipped', () => {
    const calendar = new WorkingCalendar([{ date: '2026-03-02', kind: 'day_off', name: 'Nghỉ theo thông báo' }]);
    assert.equal(calendar.isWorkingDay('2026-03-02'), false);
    assert.deepEqual(calendar.dayInfo('2026-03-02'), { working: false, name: 'Nghỉ theo thông báo' });
    assert.equal(calendar.addWorkingDays('2026-02-27', 1), '2026-03-03');
    assert.equal(
      calendar.nonWorkingWeekdays(2026).find((d) => d.date === '2026-03-02')?.kind,
      'day_off',
    );
  });

  describe('the government’s real 2025 schedule, entered as overrides', () => {
    const overrides: CalendarOverride[] = [
      { date: '2025-01-27', kind: 'day_off', name: 'Nghỉ Tết Nguyên đán (hoán đổi)' },
      { date: '2025-02-03', kind: 'working_day', name: 'Đi làm sau Tết' },
      { date: '2025-04-26', kind: 'working_day', name: 'Làm bù cho ngày 02/5' },
      { date: '2025-05-02', kind: 'day_off', name: 'Nghỉ hoán đổi' },
    ];
    const calendar = new WorkingCalendar(overrides);
    const daysOff = (from: string, to: string): string[] => {
      const result: string[] = [];
      for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
        const date = new Date(t).toISOString().slice(0, 10);
        if (!calendar.isWorkingDay(date)) result.push(date);
      }
      return result;
    };

    it('Tết: off from Saturday 25/1 to Sunday 2/2, back to work on Monday 3/2', () => {
      assert.deepEqual(daysOff('2025-01-20', '2025-02-09'), [
        '2025-01-25', '2025-01-26', '2025-01-27', '2025-01-28', '2025-01-29',
        '2025-01-30', '2025-01-31', '2025-02-01', '2025-02-02',
        '2025-02-08', '2025-02-09', // an ordinary weekend
      ]);
    });

    it('30/4 – 1/5: off from Wednesday 30/4 to Sunday 4/5, Saturday 26/4 worked', () => {
      assert.deepEqual(daysOff('2025-04-21', '2025-05-11'), [
        '2025-04-27', // Sunday; Saturday 26/4 is worked
        '2025-04-30', '2025-05-01', '2025-05-02', '2025-05-03', '2025-05-04',
        '2025-05-10', '2025-05-11',
      ]);
      assert.equal(calendar.addWorkingDays('2025-04-25', 1), '2025-04-26');
      assert.equal(calendar.addWorkingDays('2025-04-29', 1), '2025-05-05');
    });

    it('reports the resulting non-working weekdays and working weekend days', () => {
      assert.deepEqual(calendar.nonWorkingWeekdays(2025), [
        { date: '2025-01-01', name: 'Tết Dương lịch', kind: 'holiday' },
        { date: '2025-01-27', name: 'Nghỉ Tết Nguyên đán (hoán đổi)', kind: 'day_off' },
        { date: '2025-01-28', name: 'Tết Nguyên đán', kind: 'holiday' },
        { date: '2025-01-29', name: 'Tết Nguyên đán', kind: 'holiday' },
        { date: '2025-01-30', name: 'Tết Nguyên đán', kind: 'holiday' },
        { date: '2025-01-31', name: 'Tết Nguyên đán', kind: 'holiday' },
        { date: '2025-04-07', name: 'Giỗ Tổ Hùng Vương', kind: 'holiday' },
        { date: '2025-04-30', name: 'Ngày Chiến thắng', kind: 'holiday' },
        { date: '2025-05-01', name: 'Ngày Quốc tế Lao động', kind: 'holiday' },
        { date: '2025-05-02', name: 'Nghỉ hoán đổi', kind: 'day_off' },
        { date: '2025-09-01', name: 'Quốc khánh (ngày nghỉ liền kề)', kind: 'holiday' },
        { date: '2025-09-02', name: 'Quốc khánh', kind: 'holiday' },
      ]);
      assert.deepEqual(calendar.workingWeekendDays(2025), [{ date: '2025-04-26', name: 'Làm bù cho ngày 02/5' }]);
    });
  });
});

describe('WorkingCalendar input validation', () => {
  const calendar = new WorkingCalendar([]);
  const malformed = ['2026-02-30', '2025-02-29', '2026-2-3', '2026-13-01', '26-01-01', '', 'hôm nay', '2026-01-01T00:00:00Z'];

  it('throws RangeError for malformed dates', () => {
    for (const bad of malformed) {
      assert.throws(() => calendar.isWorkingDay(bad), RangeError, bad);
      assert.throws(() => calendar.dayInfo(bad), RangeError, bad);
      assert.throws(() => calendar.addWorkingDays(bad, 1), RangeError, bad);
      assert.throws(() => calendar.workingDaysBetween(bad, '2026-01-01'), RangeError, bad);
      assert.throws(() => calendar.workingDaysBetween('2026-01-01', bad), RangeError, bad);
      assert.equal(isIsoDate(bad), false, bad);
    }
  });

  it('throws RangeError for a negative, fractional or non-numeric number of days', () => {
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(() => calendar.addWorkingDays('2026-03-02', bad), RangeError, String(bad));
    }
  });

  it('throws RangeError for a non-integer year', () => {
    assert.throws(() => calendar.nonWorkingWeekdays(2026.5), RangeError);
    assert.throws(() => calendar.workingWeekendDays(Number.NaN), RangeError);
    assert.throws(() => statutoryHolidays(2026.5), RangeError);
  });

  it('rejects malformed or ambiguous overrides', () => {
    assert.throws(() => new WorkingCalendar([{ date: '2026-02-30', kind: 'day_off', name: 'x' }]), RangeError);
    assert.throws(
      () => new WorkingCalendar([{ date: '2026-03-02', kind: 'holiday' as 'day_off', name: 'x' }]),
      RangeError,
    );
    assert.throws(
      () =>
        new WorkingCalendar([
          { date: '2026-03-02', kind: 'day_off', name: 'x' },
          { date: '2026-03-02', kind: 'working_day', name: 'y' },
        ]),
      RangeError,
    );
  });
});
