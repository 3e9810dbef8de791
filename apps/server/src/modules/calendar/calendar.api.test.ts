// The public working-day calendar: due dates in working days, the year's days off (Tết from the
// Vietnamese lunar calendar, compensatory days), administrator overrides that take effect at once,
// and bad input answered with a Vietnamese 400, never a 500.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, json, type TestEnv } from '../../test/harness.ts';
import type { Client } from '../../test/factories.ts';
import { assertVietnamese, expectAudited, expectError } from '../../test/expect.ts';

let env: TestEnv;
let admin: Client;
let anyone: Client;

before(async () => {
  env = await createTestEnv();
  admin = await env.f.signedIn('admin');
  anyone = env.f.anonymous();
});
after(() => env.close());

const dueDate = async (from: string, days: number) => {
  const res = await anyone.get(`/api/v1/calendar/due-date?from=${from}&days=${days}`);
  assert.equal(res.statusCode, 200, res.body);
  return json(res).dueDate as string;
};
const holidays = async (year: number) => {
  const res = await anyone.get(`/api/v1/calendar/holidays?year=${year}`);
  assert.equal(res.statusCode, 200, res.body);
  return json(res);
};

describe('due dates', () => {
  it('count working days from the day after, skipping weekends', async () => {
    const res = json(await anyone.get('/api/v1/calendar/due-date?from=2026-11-20&days=3'));
    assert.deepEqual(res, { from: '2026-11-20', days: 3, dueDate: '2026-11-25' });
    assert.equal(await dueDate('2026-11-23', 5), '2026-11-30');
    assert.equal(await dueDate('2026-11-21', 1), '2026-11-23'); // received on a Saturday
    assert.equal(await dueDate('2026-11-20', 0), '2026-11-20');
  });

  it('skip Tết and the other statutory holidays', async () => {
    assert.equal(await dueDate('2026-02-13', 3), '2026-02-25'); // Tết Bính Ngọ: 16–20/02
    assert.equal(await dueDate('2026-04-24', 1), '2026-04-28'); // Giỗ Tổ on Sunday 26/4 → Monday 27/4 off
    assert.equal(await dueDate('2026-04-29', 1), '2026-05-04'); // 30/4 and 1/5
    assert.equal(await dueDate('2023-01-20', 1), '2023-01-30'); // Tết Quý Mão with compensatory days
  });
});

describe('the days off of a year', () => {
  it('2026 lists Tết Nguyên đán and the compensatory day for Giỗ Tổ', async () => {
    const res = await holidays(2026);
    assert.equal(res.year, 2026);
    const byDate = Object.fromEntries(res.holidays.map((h: any) => [h.date, h]));
    for (const d of ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']) {
      assert.equal(byDate[d]?.name, 'Tết Nguyên đán', d);
      assert.equal(byDate[d]?.kind, 'holiday');
    }
    assert.deepEqual(byDate['2026-04-27'], { date: '2026-04-27', name: 'Nghỉ bù Giỗ Tổ Hùng Vương', kind: 'compensatory' });
    for (const d of ['2026-01-01', '2026-04-30', '2026-05-01', '2026-09-02']) assert.ok(byDate[d], d);
    assert.ok(res.holidays.every((h: any) => ![0, 6].includes(new Date(`${h.date}T00:00:00Z`).getUTCDay())), 'only Monday–Friday are listed');
    assert.deepEqual(res.workingWeekendDays, []);
  });

  it('2023 lists the Tết days and the days given back for those on a weekend', async () => {
    const res = await holidays(2023);
    const list = res.holidays.map((h: any) => `${h.date} ${h.kind}`);
    for (const expected of [
      '2023-01-02 compensatory', // 1/1 was a Sunday
      '2023-01-23 holiday',
      '2023-01-24 holiday',
      '2023-01-25 holiday',
      '2023-01-26 compensatory', // 30 Tết on Saturday 21/1
      '2023-01-27 compensatory', // mùng 1 on Sunday 22/1
      '2023-05-02 compensatory', // Giỗ Tổ on Saturday 29/4
      '2023-05-03 compensatory', // 30/4 on Sunday
    ]) {
      assert.ok(list.includes(expected), `${expected} in ${list.join(', ')}`);
    }
  });
});

describe('bad input', () => {
  const bad = [
    '/api/v1/calendar/due-date?from=2026-13-45&days=3',
    '/api/v1/calendar/due-date?from=2026-02-30&days=3',
    '/api/v1/calendar/due-date?from=20261120&days=3',
    '/api/v1/calendar/due-date?from=hom-nay&days=3',
    '/api/v1/calendar/due-date?from=2026-11-20&days=-1',
    '/api/v1/calendar/due-date?from=2026-11-20&days=abc',
    '/api/v1/calendar/due-date?from=2026-11-20&days=1.5',
    '/api/v1/calendar/due-date?from=2026-11-20&days=99999',
    '/api/v1/calendar/due-date?from=2026-11-20',
    '/api/v1/calendar/due-date?days=3',
    '/api/v1/calendar/due-date?from=2199-12-01&days=3650', // beyond the lunar calendar's years
    '/api/v1/calendar/due-date?from=0001-01-01&days=1',
    '/api/v1/calendar/holidays?year=20',
    '/api/v1/calendar/holidays?year=abc',
    '/api/v1/calendar/holidays?year=2200',
    '/api/v1/calendar/holidays?year=2026.5',
    '/api/v1/calendar/holidays',
  ];
  for (const url of bad) {
    it(`${url.replace('/api/v1/calendar/', '')} → 400 in Vietnamese`, async () => {
      const err = expectError(await anyone.get(url), 400, 'invalid');
      for (const d of err.details ?? []) assertVietnamese(d.message, `details of ${url}`);
    });
  }

  it('an impossible date is named as such', async () => {
    const err = expectError(await anyone.get('/api/v1/calendar/due-date?from=2026-13-45&days=3'), 400, 'invalid', 'common.invalidDate');
    assert.match(err.message, /NNNN-TT-NN/);
  });
});

describe('administrator overrides', () => {
  it('a day off and a working Saturday change the answers at once, and undoing them restores them', async () => {
    assert.equal(await dueDate('2026-11-20', 3), '2026-11-25');

    let res = await admin.put('/api/v1/admin/calendar', { date: '2026-11-24', kind: 'day_off', name: 'Nghỉ lễ kỷ niệm thành lập tỉnh' });
    assert.equal(res.statusCode, 204, res.body);
    await expectAudited(env.ctx, '2026-11-24', 'calendar.override.save', admin.user!.id);
    assert.equal(await dueDate('2026-11-20', 3), '2026-11-26');
    assert.deepEqual(
      (await holidays(2026)).holidays.find((h: any) => h.date === '2026-11-24'),
      { date: '2026-11-24', name: 'Nghỉ lễ kỷ niệm thành lập tỉnh', kind: 'day_off' },
    );

    res = await admin.put('/api/v1/admin/calendar', { date: '2026-11-21', kind: 'working_day', name: 'Làm bù cho ngày 24/11' });
    assert.equal(res.statusCode, 204, res.body);
    assert.equal(await dueDate('2026-11-20', 3), '2026-11-25'); // Sat 21, Mon 23, (Tue 24 off), Wed 25
    assert.deepEqual((await holidays(2026)).workingWeekendDays, [{ date: '2026-11-21', name: 'Làm bù cho ngày 24/11' }]);

    const listed = json(await admin.get('/api/v1/admin/calendar?year=2026'));
    assert.deepEqual(listed.map((o: any) => [o.date, o.kind]), [['2026-11-21', 'working_day'], ['2026-11-24', 'day_off']]);

    // Editing the same date replaces it.
    assert.equal((await admin.put('/api/v1/admin/calendar', { date: '2026-11-24', kind: 'working_day', name: 'Hủy ngày nghỉ' })).statusCode, 204);
    assert.equal(await dueDate('2026-11-20', 3), '2026-11-24');

    assert.equal((await admin.delete('/api/v1/admin/calendar/2026-11-21')).statusCode, 204);
    assert.equal((await admin.delete('/api/v1/admin/calendar/2026-11-24')).statusCode, 204);
    assert.equal(await dueDate('2026-11-20', 3), '2026-11-25');
    assert.deepEqual(json(await admin.get('/api/v1/admin/calendar?year=2026')), []);
  });

  it('an override can give back a Tết day as a working day', async () => {
    assert.equal((await admin.put('/api/v1/admin/calendar', { date: '2026-02-20', kind: 'working_day', name: 'Đi làm sớm' })).statusCode, 204);
    try {
      assert.equal(await dueDate('2026-02-13', 1), '2026-02-20');
    } finally {
      await admin.delete('/api/v1/admin/calendar/2026-02-20');
    }
    assert.equal(await dueDate('2026-02-13', 1), '2026-02-23');
  });

  it('bad overrides are a Vietnamese 400; deleting a date with none is 404', async () => {
    expectError(await admin.put('/api/v1/admin/calendar', { date: '2026-02-30', kind: 'day_off', name: 'Không có ngày này' }), 400, 'invalid', 'common.invalidDate');
    expectError(await admin.put('/api/v1/admin/calendar', { date: '2026-11-24', kind: 'holiday', name: 'Sai loại' }), 400, 'invalid');
    expectError(await admin.put('/api/v1/admin/calendar', { date: '2026-11-24', kind: 'day_off', name: 'x' }), 400, 'invalid');
    // Outside the years the calendar computes (holidays and due dates answer 400 there), an override could never apply.
    for (const date of ['9999-01-02', '1899-12-29', '2200-01-01']) {
      const err = expectError(await admin.put('/api/v1/admin/calendar', { date, kind: 'day_off', name: 'Ngày ngoài phạm vi' }), 400, 'invalid', 'calendar.yearOutOfRange');
      assert.match(err.message, /1900–2199/);
    }
    assert.equal((await admin.put('/api/v1/admin/calendar', { date: '2199-12-31', kind: 'day_off', name: 'Ngày cuối phạm vi' })).statusCode, 204);
    assert.equal((await admin.delete('/api/v1/admin/calendar/2199-12-31')).statusCode, 204);
    expectError(await admin.delete('/api/v1/admin/calendar/2026-11-27'), 404, 'not_found');
    expectError(await admin.delete('/api/v1/admin/calendar/2026-13-01'), 400, 'invalid');
  });

  it('only the administrator may edit or list them', async () => {
    const body = { date: '2026-11-24', kind: 'day_off', name: 'Nghỉ' };
    for (const role of ['citizen', 'desk', 'approver'] as const) {
      const c = role === 'citizen' ? await env.f.signedIn(role) : await env.f.signedIn(role, (await env.f.agency()).id);
      expectError(await c.put('/api/v1/admin/calendar', body), 403, 'forbidden');
      expectError(await c.delete('/api/v1/admin/calendar/2026-11-24'), 403, 'forbidden');
      expectError(await c.get('/api/v1/admin/calendar?year=2026'), 403, 'forbidden');
    }
    expectError(await anyone.put('/api/v1/admin/calendar', body), 401, 'unauthenticated');
    assert.equal(await dueDate('2026-11-20', 3), '2026-11-25');
  });
});
