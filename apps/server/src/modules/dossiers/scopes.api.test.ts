// Who may do what to which dossier (DESIGN §7), as one allow/deny table. Scope is enforced in the
// service: a dossier outside the caller's scope answers 404 (its existence is not revealed), a
// dossier in scope with the wrong role answers 403, no session answers 401. Every denied call
// leaves the dossier as it was.
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { createTestEnv, json, type TestEnv } from '../../test/harness.ts';
import { PASSWORD, PDF_BYTES, PNG_BYTES, type Client, type Office } from '../../test/factories.ts';
import { expectError } from '../../test/expect.ts';
import type { DossierStatus } from '../../db/schema.ts';

let env: TestEnv;
let X: Office; // the agency the dossiers are filed with
let Y: Office; // another agency
const actors = {} as Record<Actor, Client>;

type Actor = 'owner' | 'otherCitizen' | 'deskX' | 'processorX' | 'otherProcessorX' | 'approverX' | 'deskY' | 'processorY' | 'approverY' | 'admin' | 'anonymous';

// Monday 2026-11-23, 09:00 in Vietnam; a one-day procedure is due on Tuesday 24.
const MONDAY = '2026-11-23T02:00:00Z';
const THURSDAY = '2026-11-26T02:00:00Z';

before(async () => {
  env = await createTestEnv();
  env.setNow(MONDAY);
  [X, Y] = await Promise.all([env.f.office({ processingDays: 1 }), env.f.office({ processingDays: 1 })]);
  const [owner, otherCitizen, otherProcessorX, admin] = await Promise.all([
    env.f.signedIn('citizen', null, { fullName: 'Nguyễn Thị Hương' }),
    env.f.signedIn('citizen', null, { fullName: 'Trần Văn Bình' }),
    env.f.signedIn('processor', X.agency.id, { fullName: 'Lý Thị Cúc' }),
    env.f.signedIn('admin'),
  ]);
  Object.assign(actors, {
    owner,
    otherCitizen,
    deskX: X.desk,
    processorX: X.processor,
    otherProcessorX,
    approverX: X.approver,
    deskY: Y.desk,
    processorY: Y.processor,
    approverY: Y.approver,
    admin,
    anonymous: env.f.anonymous(),
  });
});
after(() => env.close());

/** An upload owned by the caller (a made-up id for someone without a session). */
const uploadOf = async (c: Client, bytes = PDF_BYTES) => (c.user ? c.uploadId(bytes) : crypto.randomUUID());
const post = (path: string, body: (c: Client) => unknown | Promise<unknown>) => async (c: Client, d: any) => c.post(`/api/v1/dossiers/${d.id}/${path}`, await body(c));

interface ActionDef {
  /** The status the dossier must be in for the action to be legal. */
  state: DossierStatus;
  run: (c: Client, d: any) => Promise<LightMyRequestResponse>;
  /** The clock during the call, when it matters. */
  now?: string;
  read?: true;
}

const actions = {
  read: { state: 'received', read: true, run: (c, d) => c.get(`/api/v1/dossiers/${d.id}`) },
  'read attachment': { state: 'received', read: true, run: (c, d) => c.get(`/api/v1/dossiers/${d.id}/attachments/${d.attachments[0].id}`) },
  'read receipt': { state: 'received', read: true, run: (c, d) => c.get(`/api/v1/dossiers/${d.id}/receipt.pdf`) },
  'read supplement request PDF': { state: 'supplement_requested', read: true, run: (c, d) => c.get(`/api/v1/dossiers/${d.id}/documents/supplement-request.pdf`) },
  receive: { state: 'submitted', run: post('receive', () => ({})) },
  decline: { state: 'submitted', run: post('decline', () => ({ reason: 'Không thuộc thẩm quyền' })) },
  'request supplement (received)': { state: 'received', run: post('supplement-requests', () => ({ items: ['Giấy xác nhận cư trú'] })) },
  'request supplement (in progress)': { state: 'in_progress', run: post('supplement-requests', () => ({ items: ['Giấy xác nhận cư trú'] })) },
  'answer supplement': {
    state: 'supplement_requested',
    run: post('supplement', async (c) => ({ attachments: [{ uploadId: await uploadOf(c, PNG_BYTES), label: 'Giấy xác nhận cư trú' }] })),
  },
  'assign to processorX (received)': { state: 'received', run: post('assign', () => ({ assigneeId: X.processor.user!.id })) },
  'take for oneself (already assigned)': { state: 'in_progress', run: post('assign', (c) => ({ assigneeId: c.user?.id ?? crypto.randomUUID() })) },
  forward: { state: 'in_progress', run: post('forward', () => ({ note: 'Đề nghị phê duyệt' })) },
  approve: { state: 'awaiting_approval', run: post('approve', () => ({})) },
  refuse: { state: 'awaiting_approval', run: post('refuse', () => ({ reason: 'Không đủ điều kiện' })) },
  'send back': { state: 'awaiting_approval', run: post('send-back', () => ({ reason: 'Xác minh lại' })) },
  'return result': {
    state: 'approved',
    run: post('return-result', async (c) => ({ attachments: [{ uploadId: await uploadOf(c), label: 'Giấy khai sinh' }] })),
  },
  withdraw: { state: 'submitted', run: post('withdraw', () => ({ reason: 'Tôi nộp nhầm' })) },
  stop: { state: 'received', run: post('stop', () => ({ reason: 'Dừng theo đề nghị của người nộp' })) },
  note: { state: 'in_progress', run: post('notes', () => ({ note: 'Đã xác minh' })) },
  extend: { state: 'in_progress', now: THURSDAY, run: post('extensions', () => ({ reason: 'Xin lỗi vì trễ hạn', newDueDate: '2026-11-27' })) },
} satisfies Record<string, ActionDef>;
type Action = keyof typeof actions;

const OK = 200;
// The allow/deny table. The in-progress dossiers are assigned to processorX.
const table: [Actor, Action, number][] = [
  // reads
  ['owner', 'read', OK], ['deskX', 'read', OK], ['processorX', 'read', OK], ['otherProcessorX', 'read', OK], ['approverX', 'read', OK],
  ['otherCitizen', 'read', 404], ['deskY', 'read', 404], ['processorY', 'read', 404], ['approverY', 'read', 404], ['admin', 'read', 404], ['anonymous', 'read', 401],
  ['owner', 'read attachment', OK], ['deskX', 'read attachment', OK], ['approverX', 'read attachment', OK],
  ['otherCitizen', 'read attachment', 404], ['deskY', 'read attachment', 404], ['processorY', 'read attachment', 404], ['admin', 'read attachment', 404], ['anonymous', 'read attachment', 401],
  ['owner', 'read receipt', OK], ['deskX', 'read receipt', OK],
  ['otherCitizen', 'read receipt', 404], ['deskY', 'read receipt', 404], ['approverY', 'read receipt', 404], ['admin', 'read receipt', 404], ['anonymous', 'read receipt', 401],
  ['owner', 'read supplement request PDF', OK], ['deskX', 'read supplement request PDF', OK],
  ['otherCitizen', 'read supplement request PDF', 404], ['deskY', 'read supplement request PDF', 404], ['admin', 'read supplement request PDF', 404], ['anonymous', 'read supplement request PDF', 401],
  // the desk's actions
  ['deskX', 'receive', OK], ['processorX', 'receive', 403], ['approverX', 'receive', 403], ['owner', 'receive', 403],
  ['otherCitizen', 'receive', 404], ['deskY', 'receive', 404], ['admin', 'receive', 404], ['anonymous', 'receive', 401],
  ['deskX', 'decline', OK], ['processorX', 'decline', 403], ['approverX', 'decline', 403], ['owner', 'decline', 403], ['deskY', 'decline', 404], ['anonymous', 'decline', 401],
  ['deskX', 'request supplement (received)', OK], ['processorX', 'request supplement (received)', 403], ['approverX', 'request supplement (received)', 403],
  ['owner', 'request supplement (received)', 403], ['deskY', 'request supplement (received)', 404], ['processorY', 'request supplement (received)', 404],
  ['processorX', 'request supplement (in progress)', OK], ['deskX', 'request supplement (in progress)', OK], ['otherProcessorX', 'request supplement (in progress)', 403],
  ['deskX', 'return result', OK], ['processorX', 'return result', 403], ['approverX', 'return result', 403], ['owner', 'return result', 403],
  ['deskY', 'return result', 404], ['admin', 'return result', 404], ['anonymous', 'return result', 401],
  // assignment
  ['deskX', 'assign to processorX (received)', OK], ['approverX', 'assign to processorX (received)', OK], ['processorX', 'assign to processorX (received)', OK],
  ['otherProcessorX', 'assign to processorX (received)', 403], ['owner', 'assign to processorX (received)', 403],
  ['deskY', 'assign to processorX (received)', 404], ['approverY', 'assign to processorX (received)', 404], ['processorY', 'assign to processorX (received)', 404],
  ['otherProcessorX', 'take for oneself (already assigned)', 403],
  // processing
  ['processorX', 'forward', OK], ['otherProcessorX', 'forward', 403], ['deskX', 'forward', 403], ['approverX', 'forward', 403], ['owner', 'forward', 403], ['processorY', 'forward', 404],
  ['processorX', 'note', OK], ['deskX', 'note', OK], ['approverX', 'note', OK], ['otherProcessorX', 'note', 403], ['owner', 'note', 403], ['deskY', 'note', 404], ['anonymous', 'note', 401],
  // decisions
  ['approverX', 'approve', OK], ['deskX', 'approve', 403], ['processorX', 'approve', 403], ['owner', 'approve', 403], ['approverY', 'approve', 404], ['admin', 'approve', 404],
  ['approverX', 'refuse', OK], ['processorX', 'refuse', 403], ['approverY', 'refuse', 404],
  ['approverX', 'send back', OK], ['deskX', 'send back', 403], ['approverY', 'send back', 404],
  ['approverX', 'stop', OK], ['deskX', 'stop', 403], ['processorX', 'stop', 403], ['owner', 'stop', 403], ['approverY', 'stop', 404],
  ['deskX', 'extend', OK], ['approverX', 'extend', OK], ['processorX', 'extend', 403], ['owner', 'extend', 403], ['deskY', 'extend', 404], ['approverY', 'extend', 404],
  // the applicant's actions
  ['owner', 'answer supplement', OK], ['otherCitizen', 'answer supplement', 404], ['deskX', 'answer supplement', 403], ['processorX', 'answer supplement', 403],
  ['deskY', 'answer supplement', 404], ['admin', 'answer supplement', 404], ['anonymous', 'answer supplement', 401],
  ['owner', 'withdraw', OK], ['otherCitizen', 'withdraw', 404], ['deskX', 'withdraw', 403], ['approverX', 'withdraw', 403], ['deskY', 'withdraw', 404], ['admin', 'withdraw', 404], ['anonymous', 'withdraw', 401],
];

/** One dossier per action for the denied calls: being denied, they never change it. */
const shared = new Map<Action, Promise<any>>();
const fresh = (a: Action) => env.f.dossierAt(X, actors.owner, actions[a].state);
const sharedFor = (a: Action) => {
  if (!shared.has(a)) shared.set(a, fresh(a));
  return shared.get(a)!;
};

const snapshot = async (id: string) => {
  const d = await env.ctx.db.selectFrom('dossiers').select(['status', 'assignee_id', 'due_date', 'updated_at']).where('id', '=', id).executeTakeFirstOrThrow();
  const events = await env.ctx.db.selectFrom('dossier_events').select('id').where('dossier_id', '=', id).execute();
  return { ...d, updated_at: new Date(d.updated_at).toISOString(), events: events.length };
};

const codeOf: Record<number, string> = { 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found' };

describe('allow/deny table: actor × action on a dossier of agency X filed by owner', () => {
  for (const [actor, action, expected] of table) {
    it(`${actor} ${expected === OK ? 'may' : 'may not'} ${action} → ${expected}`, async () => {
      const def: ActionDef = actions[action];
      const d = expected === OK ? await fresh(action) : await sharedFor(action);
      const before = await snapshot(d.id);
      if (def.now) env.setNow(def.now);
      let res: LightMyRequestResponse;
      try {
        res = await def.run(actors[actor], d);
      } finally {
        env.setNow(MONDAY);
      }
      if (expected === OK) {
        assert.equal(res.statusCode, OK, res.body);
        if (action === 'read receipt' || action === 'read supplement request PDF') assert.equal(res.headers['content-type'], 'application/pdf');
        else if (action === 'read attachment') assert.deepEqual(res.rawPayload, PDF_BYTES);
        else assert.equal(json(res).id, d.id);
        if (!def.read) assert.notDeepEqual(await snapshot(d.id), before, 'the allowed action changed the dossier');
      } else {
        expectError(res, expected, codeOf[expected]);
        assert.deepEqual(await snapshot(d.id), before, 'the denied call left the dossier as it was');
      }
    });
  }
});

describe('queues and lists', () => {
  it('an agency’s queue lists its own dossiers and never another agency’s', async () => {
    const d = await env.f.dossierAt(X, actors.owner, 'received');
    for (const who of ['deskX', 'processorX', 'approverX'] as const) {
      const res = await actors[who].get(`/api/v1/desk/dossiers?q=${encodeURIComponent(d.code)}`);
      assert.equal(res.statusCode, 200);
      assert.deepEqual(json(res).items.map((i: any) => i.id), [d.id], who);
    }
    for (const who of ['deskY', 'processorY', 'approverY'] as const) {
      const res = await actors[who].get('/api/v1/desk/dossiers?limit=100');
      assert.equal(res.statusCode, 200);
      assert.ok(json(res).items.every((i: any) => i.id !== d.id && !i.code.startsWith(X.agency.code)), who);
    }
  });

  it('the queue is for officials: citizens and the administrator get 403, no session 401', async () => {
    expectError(await actors.owner.get('/api/v1/desk/dossiers'), 403, 'forbidden');
    expectError(await actors.admin.get('/api/v1/desk/dossiers'), 403, 'forbidden');
    expectError(await actors.anonymous.get('/api/v1/desk/dossiers'), 401, 'unauthenticated');
  });

  it('“my dossiers” lists only the applicant’s own, and only for citizens', async () => {
    const d = await env.f.dossierAt(X, actors.owner, 'submitted');
    const mine = json(await actors.owner.get('/api/v1/me/dossiers?limit=100'));
    assert.ok(mine.some((i: any) => i.id === d.id));
    const theirs = json(await actors.otherCitizen.get('/api/v1/me/dossiers?limit=100'));
    assert.ok(theirs.every((i: any) => i.id !== d.id));
    expectError(await actors.deskX.get('/api/v1/me/dossiers'), 403, 'forbidden');
    expectError(await actors.anonymous.get('/api/v1/me/dossiers'), 401, 'unauthenticated');
  });

  it('submitting is for applicants: an official gets 403, no session 401', async () => {
    const body = env.f.submission(X.procedure.id, [crypto.randomUUID()]);
    expectError(await actors.deskX.post('/api/v1/dossiers', body), 403, 'forbidden');
    expectError(await actors.anonymous.post('/api/v1/dossiers', body), 401, 'unauthenticated');
  });

  it('an unknown dossier is 404, a malformed id 400', async () => {
    expectError(await actors.deskX.get(`/api/v1/dossiers/${crypto.randomUUID()}`), 404, 'not_found');
    expectError(await actors.owner.post(`/api/v1/dossiers/${crypto.randomUUID()}/withdraw`, { reason: 'Không cần nữa' }), 404, 'not_found');
    expectError(await actors.deskX.get('/api/v1/dossiers/khong-phai-uuid'), 400, 'invalid');
  });

  it('reads of personal data by officials are audited with their purpose; the applicant’s own are not', async () => {
    const d = await env.f.dossierAt(X, actors.owner, 'supplement_requested');
    const reads = ['', `/attachments/${d.attachments[0].id}`, '/receipt.pdf', '/documents/supplement-request.pdf'];
    const mark = await env.ctx.db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow();
    for (const path of reads) {
      assert.equal((await actors.owner.get(`/api/v1/dossiers/${d.id}${path}`)).statusCode, 200, path);
      assert.equal((await actors.approverX.get(`/api/v1/dossiers/${d.id}${path}`)).statusCode, 200, path);
    }
    const rows = await env.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('subject_id', '=', d.id)
      .where('id', '>', Number(mark.id))
      .where('action', 'in', ['dossier.read', 'dossier.attachment.read', 'dossier.receipt.read', 'dossier.document.read'])
      .orderBy('id')
      .execute();
    assert.deepEqual(
      rows.map((r) => [r.action, r.actor_id, r.purpose]),
      ['dossier.read', 'dossier.attachment.read', 'dossier.receipt.read', 'dossier.document.read'].map((a) => [a, X.approver.user!.id, 'processing']),
    );
  });
});

describe('disabled accounts', () => {
  it('a disabled account cannot sign in (403, Vietnamese)', async () => {
    const user = await env.f.user('desk', X.agency.id, { disabled: true });
    const res = await env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: PASSWORD }, remoteAddress: '10.9.9.1' });
    expectError(res, 403, 'forbidden', 'auth.disabled');
  });

  it('disabling an account ends its existing session at once', async () => {
    const official = await env.f.signedIn('processor', X.agency.id);
    assert.equal((await official.get('/api/v1/auth/me')).statusCode, 200);
    const res = await actors.admin.put(`/api/v1/admin/users/${official.user!.id}`, {
      email: official.user!.email,
      fullName: official.user!.fullName,
      role: 'processor',
      agencyId: X.agency.id,
      disabled: true,
    });
    assert.equal(res.statusCode, 200, res.body);
    expectError(await official.get('/api/v1/auth/me'), 401, 'unauthenticated');
    const d = await env.f.dossierAt(X, actors.owner, 'received');
    expectError(await official.get(`/api/v1/dossiers/${d.id}`), 401, 'unauthenticated');
  });

  it('a session of an account disabled directly in the database stops working too', async () => {
    const official = await env.f.signedIn('desk', X.agency.id);
    const d = await env.f.dossierAt(X, actors.owner, 'submitted');
    await env.ctx.db.updateTable('users').set({ disabled: true }).where('id', '=', official.user!.id).execute();
    expectError(await official.post(`/api/v1/dossiers/${d.id}/receive`, {}), 401, 'unauthenticated');
    assert.equal((await snapshot(d.id)).status, 'submitted');
  });
});
