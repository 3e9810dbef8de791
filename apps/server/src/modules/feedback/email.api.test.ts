// The reporter who left an email hears of every step of their report, through a real SMTP server
// started inside the test: the outbox row is written with the change and the job worker sends it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ParsedMail } from 'mailparser';
import { FEEDBACK_STATUS_LABELS_VI } from '@tinhso/contracts';
import { createTestEnv, type TestEnv } from '../../test/harness.ts';
import { startSmtp, type Inbox } from '../../test/smtp.ts';
import { reportInput, step, submit, world, type World } from './test-factories.ts';

let env: TestEnv;
let inbox: Inbox;
let w: World;

before(async () => {
  inbox = await startSmtp();
  env = await createTestEnv({}, { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(inbox.port) });
  env.setNow('2026-11-23T02:00:00Z');
  w = await world(env);
});
after(async () => {
  await env.close();
  await inbox.close();
});

/** Polls (bounded) until `count` messages for `to` have arrived; returns them in arrival order. */
async function receivedFor(to: string, count: number): Promise<ParsedMail[]> {
  const mine = () => inbox.messages.filter((m) => m.to && !Array.isArray(m.to) && m.to.value.some((a) => a.address === to));
  for (let i = 0; i < 300 && mine().length < count; i++) await new Promise((r) => setTimeout(r, 10));
  return mine();
}

const queuedFor = async (id: string) => (await env.ctx.db.selectFrom('outbox').select('payload').where('kind', '=', 'email').execute()).filter((j) => j.payload.feedbackId === id);

describe('an email at every step of a report', () => {
  it('an anonymous reporter gets the confirmation with a link to rate, then one message per status change, with the response', async () => {
    const email = 'nguoi-dan-an-danh@example.vn';
    const r = await submit(env.f.anonymous(), reportInput(w, { reporter: { email } }));
    await step(w.X.desk, r.id, 'assign', { assigneeId: w.X.processor.user!.id });
    await step(w.X.processor, r.id, 'notes', { note: 'Ghi chú nội bộ: không gửi thư' });
    await step(w.X.processor, r.id, 'start');
    await step(w.X.processor, r.id, 'resolve', { response: 'Đã vá ổ gà và cắm biển cảnh báo.' });
    assert.equal((await queuedFor(r.id)).length, 4, 'no email for an internal note');

    await env.platform.worker.runOnce();
    const mails = await receivedFor(email, 4);
    assert.deepEqual(
      mails.map((m) => m.subject),
      (['received', 'assigned', 'in_progress', 'resolved'] as const).map((s) => `[Tỉnh Số] Phản ánh ${r.code}: ${FEEDBACK_STATUS_LABELS_VI[s]}`),
    );
    const [confirmation, , , resolved] = mails as [ParsedMail, ParsedMail, ParsedMail, ParsedMail];
    assert.ok(confirmation.text?.includes(`http://tinhso.test/phan-anh/${r.code}?t=${encodeURIComponent(r.accessToken)}`), confirmation.text);
    assert.ok(confirmation.text?.includes(w.X.agency.name));
    assert.ok(confirmation.text?.includes('Hạn xử lý:'));
    assert.ok(resolved.text?.includes('Kết quả xử lý: Đã vá ổ gà và cắm biển cảnh báo.'), resolved.text);
    assert.ok(resolved.text?.includes('đánh giá'));
    for (const m of mails) assert.ok(!m.text?.includes('Ghi chú nội bộ'));
  });

  it('a signed-in citizen is written to at their account’s address; declining and re-routing are announced with their reason', async () => {
    const citizen = await env.f.signedIn('citizen', null, { email: 'huong.nguyen@example.vn' });
    const r = await submit(citizen, reportInput(w, { reporter: undefined }));
    await step(w.X.approver, r.id, 'reassign', { agencyId: w.Y.agency.id, note: 'Tuyến đường tỉnh' });
    await step(w.Y.desk, r.id, 'decline', { reason: 'not_competent', note: 'Đoạn đường thuộc dự án đang thi công, chủ đầu tư chịu trách nhiệm.' });
    await env.platform.worker.runOnce();
    const mails = await receivedFor('huong.nguyen@example.vn', 3);
    assert.equal(mails.length, 3);
    assert.ok(mails[1]!.text?.includes(`Chuyển đến ${w.Y.agency.name}: Tuyến đường tỉnh`), mails[1]!.text);
    assert.equal(mails[2]!.subject, `[Tỉnh Số] Phản ánh ${r.code}: Từ chối xử lý`);
    assert.ok(mails[2]!.text?.includes('chủ đầu tư chịu trách nhiệm'));
    assert.ok(!mails[0]!.text?.includes('?t='), 'a signed-in reporter rates from their account: no secret in the link');
  });

  it('a reporter who left only a phone number gets no email', async () => {
    const r = await submit(env.f.anonymous(), reportInput(w, { reporter: { phone: '0987654321' } }));
    await step(w.X.desk, r.id, 'start');
    assert.equal((await queuedFor(r.id)).length, 0);
  });
});
