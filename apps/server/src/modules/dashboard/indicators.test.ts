// The arithmetic of the indicators and the periods, without a database: rounding to two decimals,
// the satisfaction formula of 5.4, 5.2 from the satisfied count, empty denominators, thresholds, and how a period query becomes
// dates (months, quarters, years, leap years, the five-year cap).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { INDICATOR_CODES } from '@tinhso/contracts';
import { DEFINITIONS, computeIndicators, rate } from './indicators.ts';
import { monthsOf, resolvePeriod } from './service.ts';
import { DomainError } from '../../platform/errors.ts';

const counts = (o: Partial<Record<string, number>> = {}) => ({ received: 0, counted: 0, onTime: 0, online: 0, digitised: 0, returned: 0, returnedElectronic: 0, processingDays: 0, ...o });
const byCode = (vs: ReturnType<typeof computeIndicators>) => Object.fromEntries(vs.map((v) => [v.code, v]));

describe('indicator arithmetic', () => {
  it('rates are percentages rounded to two decimals', () => {
    assert.equal(rate(2, 3), 66.67);
    assert.equal(rate(1, 3), 33.33);
    assert.equal(rate(1, 8), 12.5);
    assert.equal(rate(7, 7), 100);
  });

  it('every code of Decision 766 we list has one definition, in order, in Vietnamese', () => {
    assert.deepEqual(DEFINITIONS.map((d) => d.code), [...INDICATOR_CODES]);
    for (const d of DEFINITIONS) assert.match(d.definition, /[àáảãạăâđêôơư]/i, d.code);
  });

  it('computes each figure from the counts, with null and a reason for an empty denominator', () => {
    const v = byCode(
      computeIndicators({
        dossiers: counts({ received: 10, counted: 9, onTime: 6, online: 5, digitised: 8, returned: 4, returnedElectronic: 1, processingDays: 10 }),
        catalog: { active: 5, fullOnline: 4, withOnlineDossiers: 2 },
        feedback: { received: 0, handled: 0, handledOnTime: 0, overdueOpen: 0, averageRating: null, ratedCount: 0, dislikeCount: 0, satisfied: 0 },
      }),
    );
    assert.deepEqual([v['2.1']!.value, v['2.1']!.numerator, v['2.1']!.denominator], [66.67, 6, 9]);
    assert.deepEqual([v['2.2']!.value, v['2.2']!.numerator, v['2.2']!.denominator], [2.5, 10, 4]);
    assert.deepEqual([v['3.1']!.value, v['3.1']!.meetsThreshold], [80, true], '80% meets "≥ 80%"');
    assert.deepEqual([v['3.3']!.value, v['3.3']!.meetsThreshold], [50, true]);
    assert.deepEqual([v['4.2']!.value, v['4.2']!.meetsThreshold], [80, true]);
    assert.equal(v['4.1']!.value, 25);
    assert.equal(v['5.1']!.value, null);
    assert.equal(v['5.1']!.reason, 'không có phản ánh, kiến nghị trong kỳ');
    // 5.4 without any rating: 100% − late share (3 of 9).
    assert.equal(v['5.4']!.value, 66.67);
    assert.equal(v['5.4']!.meetsThreshold, false);
    for (const code of ['1.4', '3.5', '3.6', '4.3']) {
      assert.equal(v[code]!.value, null);
      assert.match(v[code]!.reason!, /^chưa có dữ liệu: /);
    }
  });

  it('5.2 counts each report once (neither disliked nor late), and 5.4 never goes below 0%', () => {
    const v = byCode(
      computeIndicators({
        dossiers: counts({ received: 4, counted: 4, onTime: 1 }),
        catalog: { active: 0, fullOnline: 0, withOnlineDossiers: 0 },
        // 3 dislikes and 5 late reports (2 handled late + 3 open past due), one of them both: 10 − 7 = 3
        // satisfied, as the feedback module counts them row by row (not 10 − 3 − 5 = 2).
        feedback: { received: 10, handled: 6, handledOnTime: 4, overdueOpen: 3, averageRating: 2.5, ratedCount: 4, dislikeCount: 3, satisfied: 3 },
      }),
    );
    assert.deepEqual([v['5.2']!.value, v['5.2']!.numerator, v['5.2']!.denominator], [30, 3, 10]);
    assert.deepEqual([v['5.1']!.value, v['5.3']!.value], [40, 60]);
    // 100 − 75 (late dossiers) − 75 (dislikes) < 0 → 0.
    assert.equal(v['5.4']!.value, 0);
    assert.equal(v['3.1']!.reason, 'không có thủ tục đang áp dụng');
  });
});

describe('periods', () => {
  const today = '2026-11-20';
  it('month, quarter and year shortcuts, the year to date by default', () => {
    assert.deepEqual(resolvePeriod({ period: 'month', year: 2028, month: 2 }, today), { from: '2028-02-01', to: '2028-02-29', label: 'Tháng 2/2028' });
    assert.deepEqual(resolvePeriod({ period: 'quarter', year: 2026, quarter: 4 }, today), { from: '2026-10-01', to: '2026-12-31', label: 'Quý 4/2026' });
    assert.deepEqual(resolvePeriod({ period: 'quarter' }, today), { from: '2026-10-01', to: '2026-12-31', label: 'Quý 4/2026' });
    assert.deepEqual(resolvePeriod({ period: 'year', year: 2025 }, today), { from: '2025-01-01', to: '2025-12-31', label: 'Năm 2025' });
    assert.deepEqual(resolvePeriod({}, today), { from: '2026-01-01', to: '2026-11-20', label: 'Từ đầu năm 2026 đến 20/11/2026' });
    assert.deepEqual(resolvePeriod({ from: '2026-07-01', to: '2026-08-15' }, today), { from: '2026-07-01', to: '2026-08-15', label: '01/07/2026 – 15/08/2026' });
  });

  it('refuses a period the wrong way round, longer than five years or not a real date', () => {
    for (const q of [{ from: '2026-08-15', to: '2026-07-01' }, { from: '2020-01-01', to: '2026-01-01' }, { from: '2026-02-30', to: '2026-03-01' }, { from: '1999-12-31', to: '2000-01-31' }]) {
      assert.throws(() => resolvePeriod(q, today), (e: unknown) => e instanceof DomainError && e.code === 'invalid', JSON.stringify(q));
    }
  });

  it('months of a period are cut to the period at its edges', () => {
    assert.deepEqual(monthsOf({ from: '2026-11-15', to: '2027-01-10' }), [
      { month: '2026-11', from: '2026-11-15', to: '2026-11-30' },
      { month: '2026-12', from: '2026-12-01', to: '2026-12-31' },
      { month: '2027-01', from: '2027-01-01', to: '2027-01-10' },
    ]);
    assert.equal(monthsOf({ from: '2026-01-01', to: '2026-12-31' }).length, 12);
  });
});
