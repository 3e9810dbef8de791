// Every transition of the dossier lifecycle (DESIGN §4) through the HTTP API: the status it leads
// to, the timeline event it records, the audit row it writes; and the transitions the lifecycle
// forbids, which answer 409 and leave the dossier exactly as it was.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, json, type TestEnv } from '../../test/harness.ts';
import { PDF_BYTES, PNG_BYTES, type Client, type Office } from '../../test/factories.ts';
import { assertVietnamese, expectAudited, expectError } from '../../test/expect.ts';
import { verifyAuditChain } from '../../platform/audit.ts';

let env: TestEnv;
let office: Office;
let citizen: Client;

before(async () => {
  env = await createTestEnv();
  // Monday 2026-11-23, 09:00 in Vietnam.
  env.setNow('2026-11-23T02:00:00Z');
  office = await env.f.office({ processingDays: 5 });
  citizen = await env.f.signedIn('citizen');
});
after(() => env.close());

const url = (d: { id: string }, path: string) => `/api/v1/dossiers/${d.id}/${path}`;
const at = (status: Parameters<TestEnv['f']['dossierAt']>[2]) => env.f.dossierAt(office, citizen, status);

/** The action succeeded, moved the dossier to `to`, and left one timeline event and one audit row. */
async function expectTransition(
  res: Awaited<ReturnType<Client['post']>>,
  d: { id: string },
  t: { action: string; from: string; to: string; actor: Client; reason?: string | null },
) {
  assert.equal(res.statusCode, 200, res.body);
  const body = json(res);
  assert.equal(body.status, t.to);
  const last = body.timeline.at(-1);
  assert.equal(last.action, t.action);
  assert.equal(last.fromStatus, t.from);
  assert.equal(last.toStatus, t.to);
  assert.equal(last.actorRole, t.actor.user!.role);
  if (t.reason !== undefined) assert.equal(last.reason, t.reason);
  const audit = await expectAudited(env.ctx, d.id, `dossier.${t.action}`, t.actor.user!.id);
  assert.ok(Date.now() - new Date(audit.at).getTime() < 10_000, 'the audit row was just written');
  assert.equal(audit.actor_role, t.actor.user!.role);
  assert.equal(audit.data.from, t.from);
  assert.equal(audit.data.to, t.to);
  return body;
}

describe('transitions the lifecycle allows', () => {
  it('receive: the desk accepts a submitted dossier and the due date is set', async () => {
    const d = await at('submitted');
    const body = await expectTransition(await office.desk.post(url(d, 'receive'), {}), d, { action: 'receive', from: 'submitted', to: 'received', actor: office.desk });
    assert.equal(body.dueDate, '2026-11-30');
    assert.equal(body.originalDueDate, '2026-11-30');
    assert.ok(body.receivedAt);
  });

  it('receive with an assignee goes straight to in_progress', async () => {
    const d = await at('submitted');
    const body = await expectTransition(await office.desk.post(url(d, 'receive'), { assigneeId: office.processor.user!.id }), d, {
      action: 'receive',
      from: 'submitted',
      to: 'in_progress',
      actor: office.desk,
    });
    assert.equal(body.assigneeId, office.processor.user!.id);
  });

  it('decline: the desk refuses to accept, with the reason recorded', async () => {
    const d = await at('submitted');
    const reason = 'Thủ tục không thuộc thẩm quyền của UBND phường';
    const body = await expectTransition(await office.desk.post(url(d, 'decline'), { reason }), d, { action: 'decline', from: 'submitted', to: 'declined', actor: office.desk, reason });
    assert.ok(body.finishedAt);
    const audit = await expectAudited(env.ctx, d.id, 'dossier.decline');
    assert.equal(audit.data.reason, reason);
  });

  it('decline without a reason is refused with a Vietnamese 400 and changes nothing', async () => {
    const d = await at('submitted');
    const missing = expectError(await office.desk.post(url(d, 'decline'), {}), 400, 'invalid');
    assert.ok(missing.details.some((x: any) => x.field === 'body/reason' || /reason/.test(x.message)), JSON.stringify(missing.details));
    missing.details.forEach((x: any) => assertVietnamese(x.message));
    expectError(await office.desk.post(url(d, 'decline'), { reason: '      ' }), 400, 'invalid', 'dossiers.reasonRequired');
    const after = json(await office.desk.get(`/api/v1/dossiers/${d.id}`));
    assert.equal(after.status, 'submitted');
    assert.equal(after.timeline.length, 1);
  });

  it('request_supplement from submitted: the desk lists all that is missing at once', async () => {
    const d = await at('submitted');
    const items = ['Bản sao giấy chứng nhận kết hôn', 'Giấy chứng sinh bản chính'];
    const body = await expectTransition(await office.desk.post(url(d, 'supplement-requests'), { items, note: 'Bổ sung trong 5 ngày' }), d, {
      action: 'request_supplement',
      from: 'submitted',
      to: 'supplement_requested',
      actor: office.desk,
    });
    assert.deepEqual(body.supplementRequests.map((s: any) => s.items), [items]);
    assert.equal(body.supplementRequests[0].answeredAt, null);
  });

  it('request_supplement from in_progress by the assigned processor', async () => {
    const d = await at('in_progress');
    await expectTransition(await office.processor.post(url(d, 'supplement-requests'), { items: ['Tờ khai có chữ ký'] }), d, {
      action: 'request_supplement',
      from: 'in_progress',
      to: 'supplement_requested',
      actor: office.processor,
    });
  });

  it('request_supplement with no item listed is a Vietnamese 400', async () => {
    const d = await at('received');
    expectError(await office.desk.post(url(d, 'supplement-requests'), { items: [] }), 400, 'invalid');
    expectError(await office.desk.post(url(d, 'supplement-requests'), { items: ['  ', ' '] }), 400, 'invalid');
  });

  for (const from of ['submitted', 'received', 'in_progress'] as const) {
    it(`answer_supplement with files returns a dossier asked from ${from} to ${from}`, async () => {
      const d = await at(from);
      const asker = from === 'in_progress' ? office.processor : office.desk;
      assert.equal((await asker.post(url(d, 'supplement-requests'), { items: ['Giấy xác nhận cư trú'] })).statusCode, 200);
      const uploadId = await citizen.uploadId(PNG_BYTES, 'xac-nhan-cu-tru.png');
      const body = await expectTransition(
        await citizen.post(url(d, 'supplement'), { note: 'Tôi gửi bổ sung', attachments: [{ uploadId, label: 'Giấy xác nhận cư trú' }] }),
        d,
        { action: 'answer_supplement', from: 'supplement_requested', to: from, actor: citizen },
      );
      const added = body.attachments.filter((a: any) => a.kind === 'supplement');
      assert.deepEqual(added.map((a: any) => [a.label, a.mime]), [['Giấy xác nhận cư trú', 'image/png']]);
      assert.ok(body.supplementRequests[0].answeredAt);
    });
  }

  it('answer_supplement without a file is a Vietnamese 400 and the request stays open', async () => {
    const d = await at('supplement_requested');
    expectError(await citizen.post(url(d, 'supplement'), { attachments: [] }), 400, 'invalid');
    const after = json(await citizen.get(`/api/v1/dossiers/${d.id}`));
    assert.equal(after.status, 'supplement_requested');
    assert.equal(after.supplementRequests[0].answeredAt, null);
  });

  it('assign by the desk: a received dossier goes to a processor', async () => {
    const d = await at('received');
    const body = await expectTransition(await office.desk.post(url(d, 'assign'), { assigneeId: office.processor.user!.id }), d, {
      action: 'assign',
      from: 'received',
      to: 'in_progress',
      actor: office.desk,
    });
    assert.equal(body.assigneeId, office.processor.user!.id);
    assert.equal(body.assigneeName, 'Phạm Minh Tuấn');
  });

  it('assign by the approver: reassigns a dossier in progress to another processor', async () => {
    const d = await at('in_progress');
    const other = await env.f.user('processor', office.agency.id, { fullName: 'Trần Văn Lâm' });
    const body = await expectTransition(await office.approver.post(url(d, 'assign'), { assigneeId: other.id }), d, {
      action: 'assign',
      from: 'in_progress',
      to: 'in_progress',
      actor: office.approver,
    });
    assert.equal(body.assigneeId, other.id);
  });

  it('assign by a processor: takes an unassigned dossier for themselves', async () => {
    const d = await at('received');
    const body = await expectTransition(await office.processor.post(url(d, 'assign'), { assigneeId: office.processor.user!.id }), d, {
      action: 'assign',
      from: 'received',
      to: 'in_progress',
      actor: office.processor,
    });
    assert.equal(body.assigneeId, office.processor.user!.id);
  });

  it('assign to someone who is not a processor of the agency is a Vietnamese 400', async () => {
    const d = await at('received');
    const elsewhere = await env.f.user('processor', (await env.f.agency()).id);
    for (const assigneeId of [office.desk.user!.id, elsewhere.id, citizen.user!.id]) {
      expectError(await office.desk.post(url(d, 'assign'), { assigneeId }), 400, 'invalid', 'dossiers.assigneeInvalid');
    }
    assert.equal(json(await office.desk.get(`/api/v1/dossiers/${d.id}`)).status, 'received');
  });

  it('forward: the assigned processor sends the dossier for approval', async () => {
    const d = await at('in_progress');
    await expectTransition(await office.processor.post(url(d, 'forward'), { note: 'Đủ điều kiện, đề nghị phê duyệt' }), d, {
      action: 'forward',
      from: 'in_progress',
      to: 'awaiting_approval',
      actor: office.processor,
      reason: 'Đủ điều kiện, đề nghị phê duyệt',
    });
  });

  it('approve: the approver decides in favour', async () => {
    const d = await at('awaiting_approval');
    await expectTransition(await office.approver.post(url(d, 'approve'), {}), d, { action: 'approve', from: 'awaiting_approval', to: 'approved', actor: office.approver });
    const row = await env.ctx.db.selectFrom('dossiers').select(['decided_by', 'decided_at']).where('id', '=', d.id).executeTakeFirstOrThrow();
    assert.equal(row.decided_by, office.approver.user!.id);
    assert.ok(row.decided_at);
  });

  it('refuse: the approver refuses with a reason; without one it is a Vietnamese 400', async () => {
    const d = await at('awaiting_approval');
    expectError(await office.approver.post(url(d, 'refuse'), {}), 400, 'invalid');
    const reason = 'Người được khai sinh đã được đăng ký khai sinh trước đó';
    await expectTransition(await office.approver.post(url(d, 'refuse'), { reason }), d, { action: 'refuse', from: 'awaiting_approval', to: 'refused', actor: office.approver, reason });
  });

  it('send_back: the approver returns the dossier to processing, with a reason', async () => {
    const d = await at('awaiting_approval');
    expectError(await office.approver.post(url(d, 'send-back'), { reason: '      ' }), 400, 'invalid', 'dossiers.reasonRequired');
    const reason = 'Cần xác minh lại nơi cư trú';
    await expectTransition(await office.approver.post(url(d, 'send-back'), { reason }), d, { action: 'send_back', from: 'awaiting_approval', to: 'in_progress', actor: office.approver, reason });
  });

  it('return_result of an approved dossier needs a result file', async () => {
    const d = await at('approved');
    expectError(await office.desk.post(url(d, 'return-result'), { attachments: [] }), 400, 'invalid', 'dossiers.resultFileRequired');
    assert.equal(json(await office.desk.get(`/api/v1/dossiers/${d.id}`)).status, 'approved');
    const uploadId = await office.desk.uploadId(PDF_BYTES, 'giay-khai-sinh.pdf');
    const body = await expectTransition(await office.desk.post(url(d, 'return-result'), { attachments: [{ uploadId, label: 'Giấy khai sinh' }] }), d, {
      action: 'return_result',
      from: 'approved',
      to: 'result_returned',
      actor: office.desk,
    });
    assert.deepEqual(body.attachments.filter((a: any) => a.kind === 'result').map((a: any) => a.label), ['Giấy khai sinh']);
    assert.ok(body.finishedAt);
  });

  it('return_result of a refused dossier may go without a file', async () => {
    const d = await at('refused');
    await expectTransition(await office.desk.post(url(d, 'return-result'), { attachments: [], note: 'Trả văn bản trả lời' }), d, {
      action: 'return_result',
      from: 'refused',
      to: 'result_returned',
      actor: office.desk,
    });
  });

  for (const from of ['submitted', 'received', 'in_progress', 'supplement_requested', 'awaiting_approval'] as const) {
    it(`withdraw: the applicant withdraws a dossier that is ${from} (before a decision)`, async () => {
      const d = await at(from);
      const reason = 'Tôi nộp nhầm thủ tục';
      const body = await expectTransition(await citizen.post(url(d, 'withdraw'), { reason }), d, { action: 'withdraw', from, to: 'withdrawn', actor: citizen, reason });
      assert.ok(body.finishedAt);
    });
  }

  it('stop: the approver stops processing with a notice', async () => {
    const d = await at('in_progress');
    const reason = 'Có tranh chấp về quyền nuôi con, chờ quyết định của Tòa án';
    await expectTransition(await office.approver.post(url(d, 'stop'), { reason }), d, { action: 'stop', from: 'in_progress', to: 'stopped', actor: office.approver, reason });
  });

  it('note: an official writes an opinion, the status does not change', async () => {
    const d = await at('in_progress');
    await expectTransition(await office.processor.post(url(d, 'notes'), { note: 'Đã gọi điện xác minh với người nộp' }), d, {
      action: 'note',
      from: 'in_progress',
      to: 'in_progress',
      actor: office.processor,
      reason: 'Đã gọi điện xác minh với người nộp',
    });
    expectError(await office.approver.post(url(d, 'notes'), { note: '   ' }), 400, 'invalid');
  });

  it('extend: an overdue dossier gets an apology with a new date', async () => {
    const d = await at('in_progress'); // due 2026-11-30
    env.setNow('2026-12-01T02:00:00Z');
    try {
      const reason = 'Cần thêm thời gian xác minh';
      const body = await expectTransition(await office.desk.post(url(d, 'extensions'), { reason, newDueDate: '2026-12-04' }), d, {
        action: 'extend',
        from: 'in_progress',
        to: 'in_progress',
        actor: office.desk,
        reason,
      });
      assert.equal(body.dueDate, '2026-12-04');
      assert.equal(body.originalDueDate, '2026-11-30');
      assert.deepEqual(body.extensions.map((e: any) => [e.previousDueDate, e.newDueDate, e.reason]), [['2026-11-30', '2026-12-04', reason]]);
    } finally {
      env.setNow('2026-11-23T02:00:00Z');
    }
  });

  it('lists what the caller may do next', async () => {
    const d = await at('in_progress');
    assert.deepEqual(json(await office.processor.get(`/api/v1/dossiers/${d.id}`)).allowedActions.sort(), ['forward', 'note', 'request_supplement'].sort());
    assert.deepEqual(json(await citizen.get(`/api/v1/dossiers/${d.id}`)).allowedActions, ['withdraw']);
  });
});

describe('transitions the lifecycle forbids', () => {
  type Status = Parameters<TestEnv['f']['dossierAt']>[2];
  const cases: { status: Status; action: string; path: string; by: 'desk' | 'processor' | 'approver' | 'citizen'; body?: unknown }[] = [
    { status: 'received', action: 'receive', path: 'receive', by: 'desk' },
    { status: 'declined', action: 'receive', path: 'receive', by: 'desk' },
    { status: 'received', action: 'decline', path: 'decline', by: 'desk', body: { reason: 'Không hợp lệ' } },
    { status: 'awaiting_approval', action: 'request_supplement', path: 'supplement-requests', by: 'desk', body: { items: ['Tờ khai'] } },
    { status: 'approved', action: 'request_supplement', path: 'supplement-requests', by: 'desk', body: { items: ['Tờ khai'] } },
    { status: 'received', action: 'answer_supplement', path: 'supplement', by: 'citizen', body: 'upload' },
    { status: 'awaiting_approval', action: 'assign', path: 'assign', by: 'approver', body: 'processor' },
    { status: 'submitted', action: 'assign', path: 'assign', by: 'desk', body: 'processor' },
    { status: 'received', action: 'forward', path: 'forward', by: 'processor' },
    { status: 'in_progress', action: 'approve', path: 'approve', by: 'approver' },
    { status: 'approved', action: 'refuse', path: 'refuse', by: 'approver', body: { reason: 'Không đủ điều kiện' } },
    { status: 'in_progress', action: 'send_back', path: 'send-back', by: 'approver', body: { reason: 'Xem lại' } },
    { status: 'awaiting_approval', action: 'return_result', path: 'return-result', by: 'desk', body: { attachments: [] } },
    { status: 'result_returned', action: 'return_result', path: 'return-result', by: 'desk', body: { attachments: [] } },
    { status: 'approved', action: 'withdraw', path: 'withdraw', by: 'citizen', body: { reason: 'Không cần nữa' } },
    { status: 'refused', action: 'withdraw', path: 'withdraw', by: 'citizen', body: { reason: 'Không cần nữa' } },
    { status: 'result_returned', action: 'withdraw', path: 'withdraw', by: 'citizen', body: { reason: 'Không cần nữa' } },
    { status: 'declined', action: 'withdraw', path: 'withdraw', by: 'citizen', body: { reason: 'Không cần nữa' } },
    { status: 'awaiting_approval', action: 'stop', path: 'stop', by: 'approver', body: { reason: 'Dừng giải quyết' } },
    { status: 'submitted', action: 'stop', path: 'stop', by: 'approver', body: { reason: 'Dừng giải quyết' } },
    { status: 'submitted', action: 'note', path: 'notes', by: 'desk', body: { note: 'Ghi chú' } },
    { status: 'result_returned', action: 'note', path: 'notes', by: 'desk', body: { note: 'Ghi chú' } },
    { status: 'submitted', action: 'extend', path: 'extensions', by: 'desk', body: { reason: 'Xin lỗi', newDueDate: '2026-12-31' } },
    { status: 'withdrawn', action: 'receive', path: 'receive', by: 'desk' },
    { status: 'stopped', action: 'assign', path: 'assign', by: 'approver', body: 'processor' },
  ];

  const byStatus = new Map<Status, Promise<any>>();
  const dossierIn = (s: Status) => {
    if (!byStatus.has(s)) byStatus.set(s, at(s));
    return byStatus.get(s)!;
  };

  for (const c of cases) {
    it(`${c.action} on a ${c.status} dossier → 409 conflict, dossier unchanged`, async () => {
      const d = await dossierIn(c.status);
      const actor = c.by === 'citizen' ? citizen : office[c.by];
      const before = json(await office.desk.get(`/api/v1/dossiers/${d.id}`));
      let body = c.body ?? {};
      if (body === 'upload') body = { attachments: [{ uploadId: await citizen.uploadId(), label: 'Tờ khai' }] };
      if (body === 'processor') body = { assigneeId: office.processor.user!.id };
      const err = expectError(await actor.post(url(d, c.path), body), 409, 'conflict', 'dossiers.illegalTransition');
      assert.deepEqual(err.details, { action: c.action, status: c.status });
      assert.match(err.message, /^Không thể "/);
      const after = json(await office.desk.get(`/api/v1/dossiers/${d.id}`));
      for (const k of ['status', 'dueDate', 'assigneeId', 'finishedAt', 'timeline', 'attachments', 'supplementRequests', 'extensions']) {
        assert.deepEqual(after[k], before[k], `${k} unchanged`);
      }
      const audited = await env.ctx.db.selectFrom('audit_log').select('id').where('subject_id', '=', d.id).where('action', '=', `dossier.${c.action}`).where('data', '@>', JSON.stringify({ from: c.status }) as never).execute();
      assert.equal(audited.length, 0, 'no audit row for a refused transition');
    });
  }

  it('the audit chain is intact after all of the above', async () => {
    const report = await verifyAuditChain(env.ctx.db);
    assert.equal(report.ok, true, JSON.stringify(report.broken));
    assert.ok(report.checked > 50);
  });
});
