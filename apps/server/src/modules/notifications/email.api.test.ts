// The applicant gets an email at every change of their dossier's status, through a real SMTP
// server started inside the test: the outbox row is written with the change, the job worker sends
// it, a failing SMTP server leaves the job pending for a retry, and it is delivered once the
// server is back.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { ParsedMail } from 'mailparser';
import { STATUS_LABELS_VI } from '@tinhso/contracts';
import { createTestEnv, json, type TestEnv } from '../../test/harness.ts';
import { PDF_BYTES, PNG_BYTES, type Client } from '../../test/factories.ts';
import { startSmtp, type Inbox } from '../../test/smtp.ts';

/** Polls (bounded) until `count` messages for `to` have arrived; returns them. */
async function receivedFor(inbox: Inbox, to: string, count: number): Promise<ParsedMail[]> {
  const mine = () => inbox.messages.filter((m) => m.to && !Array.isArray(m.to) && m.to.value.some((a) => a.address === to));
  for (let i = 0; i < 200 && mine().length < count; i++) await new Promise((r) => setTimeout(r, 10));
  return mine();
}

let env: TestEnv;
let inbox: Inbox;
let citizen: Client;
let n = 0;

before(async () => {
  inbox = await startSmtp();
  env = await createTestEnv({}, { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(inbox.port) });
  env.setNow('2026-11-23T02:00:00Z');
  citizen = await env.f.signedIn('citizen');
});
after(async () => {
  await env.close();
  await inbox.close();
});

const step = async (c: Client, id: string, path: string, body: unknown = {}) => {
  const res = await c.post(`/api/v1/dossiers/${id}/${path}`, body);
  assert.equal(res.statusCode, 200, res.body);
  return json(res);
};

/** Submits with a fresh applicant email so each test reads only its own messages. */
async function submitAs(procedureId: string) {
  const email = `cong-dan-${++n}@example.vn`;
  const body = env.f.submission(procedureId, [await citizen.uploadId()], { applicant: { fullName: 'Nguyễn Thị Hương', email } });
  const res = await citizen.post('/api/v1/dossiers', body);
  assert.equal(res.statusCode, 201, res.body);
  return { d: json(res), email };
}

const pending = async () => env.ctx.db.selectFrom('outbox').selectAll().where('status', '=', 'pending').execute();

describe('an email at every status change', () => {
  it('sends one message per change, with the Vietnamese subject and the tracking link', async () => {
    const office = await env.f.office({ processingDays: 3 });
    const { d, email } = await submitAs(office.procedure.id);
    await step(office.desk, d.id, 'receive');
    await step(office.desk, d.id, 'supplement-requests', { items: ['Bản sao giấy chứng nhận kết hôn', 'Tờ khai có chữ ký'] });
    const uploadId = await citizen.uploadId(PNG_BYTES, 'ket-hon.png');
    await step(citizen, d.id, 'supplement', { attachments: [{ uploadId, label: 'Giấy chứng nhận kết hôn' }] });
    await step(office.processor, d.id, 'assign', { assigneeId: office.processor.user!.id });
    await step(office.processor, d.id, 'notes', { note: 'Không gửi thư cho ghi chú nội bộ' });
    await step(office.processor, d.id, 'forward');
    await step(office.approver, d.id, 'approve');
    const resultId = await office.desk.uploadId(PDF_BYTES, 'giay-khai-sinh.pdf');
    await step(office.desk, d.id, 'return-result', { attachments: [{ uploadId: resultId, label: 'Giấy khai sinh' }] });

    const statuses = ['submitted', 'received', 'supplement_requested', 'received', 'in_progress', 'awaiting_approval', 'approved', 'result_returned'] as const;
    assert.equal((await pending()).filter((j) => j.payload.dossierId === d.id).length, statuses.length, 'one queued email per change');

    await env.platform.worker.runOnce();
    const mails = await receivedFor(inbox, email, statuses.length);
    assert.deepEqual(
      mails.map((m) => m.subject),
      statuses.map((s) => `[Tỉnh Số] Hồ sơ ${d.code}: ${STATUS_LABELS_VI[s]}`),
    );
    const link = `http://tinhso.test/tra-cuu/${encodeURIComponent(d.code)}`;
    for (const m of mails) {
      assert.ok(m.text?.includes(link), `tracking link in "${m.subject}"`);
      assert.ok(m.text?.includes('Kính gửi Ông/Bà Nguyễn Thị Hương'));
      assert.ok(m.text?.includes(`Mã hồ sơ: ${d.code}`));
      assert.equal(m.from?.value[0]?.address, 'no-reply@tinhso.local');
    }
    assert.match(mails[1]!.text!, /Ngày hẹn trả kết quả: 26\/11\/2026/);
    assert.match(mails[2]!.text!, /1\. Bản sao giấy chứng nhận kết hôn\n\s+2\. Tờ khai có chữ ký/);
    assert.equal((await pending()).length, 0, 'nothing left pending in the outbox');
    const done = await env.ctx.db.selectFrom('outbox').select(['status', 'attempts']).where('status', '=', 'done').execute();
    assert.ok(done.every((j) => j.attempts === 1));
  });

  it('a decline carries its reason', async () => {
    const office = await env.f.office();
    const { d, email } = await submitAs(office.procedure.id);
    await step(office.desk, d.id, 'decline', { reason: 'Thủ tục không thuộc thẩm quyền của phường' });
    await env.platform.worker.runOnce();
    const mails = await receivedFor(inbox, email, 2);
    assert.equal(mails[1]!.subject, `[Tỉnh Số] Hồ sơ ${d.code}: Từ chối tiếp nhận`);
    assert.match(mails[1]!.text!, /Lý do \/ ý kiến: Thủ tục không thuộc thẩm quyền của phường/);
  });

  it('when the SMTP server is down the job stays pending and is retried, then delivered once it is back', async () => {
    const office = await env.f.office();
    await inbox.close();
    const { d, email } = await submitAs(office.procedure.id);
    await step(office.desk, d.id, 'receive');

    await env.platform.worker.runOnce();
    let jobs = (await pending()).filter((j) => j.payload.dossierId === d.id);
    assert.equal(jobs.length, 2, 'both messages are still pending');
    for (const j of jobs) {
      assert.equal(j.attempts, 1);
      assert.ok(j.last_error, 'the failure is recorded');
      assert.ok(new Date(j.run_at).getTime() > Date.now(), 'the retry is scheduled later (backoff)');
      assert.equal(j.locked_until, null);
    }
    assert.equal(await env.platform.worker.runOnce(), 0, 'not retried before its backoff');

    // The server comes back on the same port; the backoff elapses.
    inbox = await startSmtp(inbox.port, inbox.messages);
    await env.ctx.db.updateTable('outbox').set({ run_at: sql`run_at - interval '1 hour'` }).where('status', '=', 'pending').execute();
    await env.platform.worker.runOnce();

    const mails = await receivedFor(inbox, email, 2);
    assert.deepEqual(mails.map((m) => m.subject), [`[Tỉnh Số] Hồ sơ ${d.code}: Mới đăng ký`, `[Tỉnh Số] Hồ sơ ${d.code}: Đã tiếp nhận`]);
    jobs = await env.ctx.db.selectFrom('outbox').selectAll().execute().then((rows) => rows.filter((j) => j.payload.dossierId === d.id));
    assert.deepEqual(jobs.map((j) => [j.status, j.attempts]), [['done', 2], ['done', 2]]);
    assert.equal((await pending()).length, 0);
  });
});
