// Due dates (DESIGN §4): the legal processing time in working days, counted from the working day
// after receipt in Vietnam's time zone, skipping weekends, Tết and the other holidays; paused
// while a supplement request is open; and an overdue dossier returned only after an apology
// with a new date.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, json, type TestEnv } from '../../test/harness.ts';
import { PDF_BYTES, PNG_BYTES, type Client } from '../../test/factories.ts';
import { expectError } from '../../test/expect.ts';

let env: TestEnv;
let citizen: Client;

before(async () => {
  env = await createTestEnv();
  citizen = await env.f.signedIn('citizen');
});
after(() => env.close());

/** 09:00 in Vietnam (UTC+7) on a civil date. */
const nineAm = (date: string) => `${date}T02:00:00Z`;
const url = (d: { id: string }, path: string) => `/api/v1/dossiers/${d.id}/${path}`;

async function ok(res: Awaited<ReturnType<Client['post']>>) {
  assert.equal(res.statusCode, 200, res.body);
  return json(res);
}

describe('due date at receipt', () => {
  it('counts working days from the day after receipt, skipping the weekend', async () => {
    const office = await env.f.office({ processingDays: 3 });
    env.setNow(nineAm('2026-11-20')); // Friday
    const d = await env.f.submitted(citizen, office.procedure.id);
    const received = await ok(await office.desk.post(url(d, 'receive'), {}));
    // Mon 23, Tue 24, Wed 25.
    assert.equal(received.dueDate, '2026-11-25');
  });

  it('uses the civil date in Vietnam (UTC+7), not UTC', async () => {
    const office = await env.f.office({ processingDays: 3 });
    // Thursday 19/11 17:30 UTC is already Friday 20/11 00:30 in Vietnam.
    env.setNow('2026-11-19T17:30:00Z');
    const d = await env.f.submitted(citizen, office.procedure.id);
    assert.match(d.code, /-261120-0001$/);
    const received = await ok(await office.desk.post(url(d, 'receive'), {}));
    assert.equal(received.dueDate, '2026-11-25');
  });

  it('skips Tết Nguyên đán 2026 (16–20/02) and the weekends around it', async () => {
    const office = await env.f.office({ processingDays: 3 });
    env.setNow(nineAm('2026-02-13')); // Friday before Tết
    const d = await env.f.submitted(citizen, office.procedure.id);
    const received = await ok(await office.desk.post(url(d, 'receive'), {}));
    // 14–15 weekend, 16–20 Tết, 21–22 weekend → Mon 23, Tue 24, Wed 25.
    assert.equal(received.dueDate, '2026-02-25');
  });

  it('a dossier received on a holiday still counts from the next working day', async () => {
    const office = await env.f.office({ processingDays: 1 });
    env.setNow(nineAm('2026-02-18')); // mùng 2 Tết
    const d = await env.f.submitted(citizen, office.procedure.id);
    const received = await ok(await office.desk.post(url(d, 'receive'), {}));
    assert.equal(received.dueDate, '2026-02-23');
  });

  it('follows the administrator’s days off (a bridged working day becomes a day off)', async () => {
    const admin = await env.f.signedIn('admin');
    assert.equal((await admin.put('/api/v1/admin/calendar', { date: '2026-12-24', kind: 'day_off', name: 'Nghỉ theo quyết định của UBND tỉnh' })).statusCode, 204);
    try {
      const office = await env.f.office({ processingDays: 2 });
      env.setNow(nineAm('2026-12-22')); // Tuesday
      const d = await env.f.submitted(citizen, office.procedure.id);
      const received = await ok(await office.desk.post(url(d, 'receive'), {}));
      assert.equal(received.dueDate, '2026-12-25'); // Wed 23, (Thu 24 off), Fri 25
    } finally {
      assert.equal((await admin.delete('/api/v1/admin/calendar/2026-12-24')).statusCode, 204);
    }
  });
});

describe('the supplement request pauses the clock', () => {
  it('gives back the working days that were left when the applicant answers', async () => {
    const office = await env.f.office({ processingDays: 5 });
    env.setNow(nineAm('2026-11-23')); // Monday
    const d = await env.f.submitted(citizen, office.procedure.id);
    assert.equal((await ok(await office.desk.post(url(d, 'receive'), { assigneeId: office.processor.user!.id }))).dueDate, '2026-11-30');

    env.setNow(nineAm('2026-11-25')); // Wednesday: Thu 26, Fri 27, Mon 30 are left
    const paused = await ok(await office.processor.post(url(d, 'supplement-requests'), { items: ['Giấy xác nhận cư trú'] }));
    assert.equal(paused.status, 'supplement_requested');
    const request = await env.ctx.db.selectFrom('supplement_requests').select('remaining_days').where('dossier_id', '=', d.id).executeTakeFirstOrThrow();
    assert.equal(request.remaining_days, 3);

    // The applicant answers a week later, on Wednesday 2/12: three working days from Thursday.
    env.setNow(nineAm('2026-12-02'));
    const uploadId = await citizen.uploadId(PNG_BYTES, 'cu-tru.png');
    const resumed = await ok(await citizen.post(url(d, 'supplement'), { attachments: [{ uploadId, label: 'Giấy xác nhận cư trú' }] }));
    assert.equal(resumed.status, 'in_progress');
    assert.equal(resumed.dueDate, '2026-12-07'); // Thu 3, Fri 4, Mon 7
    assert.equal(resumed.originalDueDate, '2026-11-30');
    assert.equal(resumed.overdue, false);
  });

  it('a request before receipt sets no due date; the clock starts at receipt', async () => {
    const office = await env.f.office({ processingDays: 2 });
    env.setNow(nineAm('2026-11-23'));
    const d = await env.f.submitted(citizen, office.procedure.id);
    const paused = await ok(await office.desk.post(url(d, 'supplement-requests'), { items: ['Bản chụp CCCD rõ nét'] }));
    assert.equal(paused.dueDate, null);
    env.setNow(nineAm('2026-11-26'));
    const uploadId = await citizen.uploadId(PNG_BYTES, 'cccd.png');
    const resumed = await ok(await citizen.post(url(d, 'supplement'), { attachments: [{ uploadId, label: 'CCCD' }] }));
    assert.equal(resumed.status, 'submitted');
    assert.equal(resumed.dueDate, null);
    const received = await ok(await office.desk.post(url(d, 'receive'), {}));
    assert.equal(received.dueDate, '2026-11-30'); // Fri 27, Mon 30
  });
});

describe('an overdue dossier needs an apology and a new date', () => {
  async function overdueApproved() {
    const office = await env.f.office({ processingDays: 1 });
    env.setNow(nineAm('2026-11-23')); // Monday → due Tuesday 24
    const d = await env.f.dossierAt(office, citizen, 'approved');
    assert.equal(d.dueDate, '2026-11-24');
    env.setNow(nineAm('2026-11-26')); // Thursday: overdue
    return { office, d };
  }

  it('cannot be returned until an extension is recorded, then it can', async () => {
    const { office, d } = await overdueApproved();
    const detail = json(await office.desk.get(`/api/v1/dossiers/${d.id}`));
    assert.equal(detail.overdue, true);
    assert.ok(detail.allowedActions.includes('extend'));

    const uploadId = await office.desk.uploadId(PDF_BYTES, 'ket-qua.pdf');
    const refused = expectError(await office.desk.post(url(d, 'return-result'), { attachments: [{ uploadId, label: 'Giấy khai sinh' }] }), 409, 'deadline_passed', 'dossiers.overdueNeedsExtension');
    assert.match(refused.message, /xin lỗi/);
    assert.match(refused.message, /hẹn lại/);
    const still = json(await office.desk.get(`/api/v1/dossiers/${d.id}`));
    assert.equal(still.status, 'approved');
    assert.equal(still.attachments.filter((a: any) => a.kind === 'result').length, 0);

    const extended = await ok(await office.desk.post(url(d, 'extensions'), { reason: 'Chậm do phải xác minh thông tin cư trú', newDueDate: '2026-11-30' }));
    assert.equal(extended.dueDate, '2026-11-30');
    assert.equal(extended.overdue, false);
    assert.deepEqual(extended.extensions.map((e: any) => [e.previousDueDate, e.newDueDate]), [['2026-11-24', '2026-11-30']]);

    // The upload refused above was not consumed by the failed attempt: it can be used now.
    const returned = await ok(await office.desk.post(url(d, 'return-result'), { attachments: [{ uploadId, label: 'Giấy khai sinh' }] }));
    assert.equal(returned.status, 'result_returned');
    assert.equal(returned.originalDueDate, '2026-11-24', 'the legal due date is kept for the on-time indicators');
  });

  it('the new date must be after the current due date and a working day', async () => {
    const { office, d } = await overdueApproved();
    const reason = 'Xin lỗi vì chậm trễ';
    const bad: [string, string][] = [
      ['2026-11-24', 'dossiers.extensionDateInvalid'], // equal to the current due date
      ['2026-11-20', 'dossiers.extensionDateInvalid'], // before it
      ['2026-11-25', 'dossiers.extensionDateInvalid'], // after it but already past
      ['2026-11-28', 'dossiers.extensionDateInvalid'], // Saturday
      ['2027-02-08', 'dossiers.extensionDateInvalid'], // Tết 2027 (mùng 3)
      ['2026-02-30', 'common.invalidDate'], // no such day
    ];
    for (const [newDueDate, key] of bad) {
      const err = expectError(await office.desk.post(url(d, 'extensions'), { reason, newDueDate }), 400, 'invalid', key);
      if (key === 'dossiers.extensionDateInvalid') assert.match(err.message, /24\/11\/2026|2026-11-24/);
    }
    expectError(await office.desk.post(url(d, 'extensions'), { reason, newDueDate: '30/11/2026' }), 400, 'invalid');
    expectError(await office.desk.post(url(d, 'extensions'), { reason: '    ', newDueDate: '2026-11-30' }), 400, 'invalid', 'dossiers.reasonRequired');
    expectError(await office.desk.post(url(d, 'extensions'), { newDueDate: '2026-11-30' }), 400, 'invalid');
    // Far outside the calendar's range is bad input too, never a server error.
    expectError(await office.desk.post(url(d, 'extensions'), { reason, newDueDate: '9999-12-31' }), 400, 'invalid');
    const after = json(await office.desk.get(`/api/v1/dossiers/${d.id}`));
    assert.equal(after.dueDate, '2026-11-24');
    assert.deepEqual(after.extensions, []);
  });

  it('is not needed, and refused, while the dossier is within its time', async () => {
    const office = await env.f.office({ processingDays: 5 });
    env.setNow(nineAm('2026-11-23'));
    const d = await env.f.dossierAt(office, citizen, 'in_progress');
    expectError(await office.desk.post(url(d, 'extensions'), { reason: 'Xin gia hạn', newDueDate: '2026-12-10' }), 409, 'conflict', 'dossiers.extensionNotNeeded');
    assert.ok(!json(await office.desk.get(`/api/v1/dossiers/${d.id}`)).allowedActions.includes('extend'));
  });

  it('a dossier returned on its due date is on time and needs no extension', async () => {
    const office = await env.f.office({ processingDays: 1 });
    env.setNow(nineAm('2026-11-23'));
    const d = await env.f.dossierAt(office, citizen, 'refused');
    env.setNow('2026-11-24T16:59:00Z'); // 23:59 on the due date in Vietnam
    const returned = await ok(await office.desk.post(url(d, 'return-result'), { attachments: [] }));
    assert.equal(returned.status, 'result_returned');
  });
});
