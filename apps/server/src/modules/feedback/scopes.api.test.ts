// Who may do what with a feedback report, each action proved both ways: officials act only on
// their own agency's reports (another agency's report answers like an unknown id), citizens see
// only their own, only the moderator publishes, only the administrator edits routing, and nothing
// of a report's content or its photos is public before moderation.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { createTestEnv, json, type TestEnv } from '../../test/harness.ts';
import type { Client } from '../../test/factories.ts';
import { expectError } from '../../test/expect.ts';
import { photoId, reportAt, reportInput, submit, world, type World } from './test-factories.ts';

let env: TestEnv;
let w: World;
let citizenA: Client;
let citizenB: Client;

before(async () => {
  env = await createTestEnv();
  env.setNow('2026-11-23T02:00:00Z');
  w = await world(env);
  [citizenA, citizenB] = await Promise.all([env.f.signedIn('citizen', null, { fullName: 'Nguyễn Thị Hương' }), env.f.signedIn('citizen', null, { fullName: 'Lâm Văn Tài' })]);
});
after(() => env.close());

const ACTIONS: [string, unknown][] = [
  ['assign', {}],
  ['start', {}],
  ['resolve', { response: 'Đã xử lý xong phản ánh của công dân.' }],
  ['decline', { reason: 'not_competent' }],
  ['reassign', { agencyId: '00000000-0000-4000-8000-000000000000', note: 'Chuyển cơ quan khác' }],
  ['notes', { note: 'Ghi chú' }],
];

describe('officials: their own agency only', () => {
  it('officials of another agency can neither read nor act on X’s report, and get the same answer as for an unknown id', async () => {
    const r = await reportAt(env, w, 'received');
    for (const c of [w.Y.desk, w.Y.processor, w.Y.approver]) {
      const read = expectError(await c.get(`/api/v1/desk/feedback/${r.id}`), 404, 'not_found', 'feedback.notFound');
      const unknown = expectError(await c.get(`/api/v1/desk/feedback/${crypto.randomUUID()}`), 404, 'not_found', 'feedback.notFound');
      assert.deepEqual(read, unknown);
      for (const [path, body] of ACTIONS) expectError(await c.post(`/api/v1/desk/feedback/${r.id}/${path}`, body), 404, 'not_found');
      assert.ok(!json(await c.get('/api/v1/desk/feedback?limit=100')).items.some((i: any) => i.id === r.id));
    }
    const row = await env.ctx.db.selectFrom('feedback_reports').select(['status', 'assignee_id']).where('id', '=', r.id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { status: 'received', assignee_id: null }, 'nothing changed');
    // And X's own officials may.
    assert.equal((await w.X.desk.get(`/api/v1/desk/feedback/${r.id}`)).statusCode, 200);
  });

  it('citizens, the moderator, the administrator and a province leader have no desk: 403 on the queue and on every action', async () => {
    const r = await reportAt(env, w, 'received', citizenA);
    const leader = await env.f.signedIn('leader');
    for (const c of [citizenA, w.moderator, w.admin, leader]) {
      expectError(await c.get('/api/v1/desk/feedback'), 403, 'forbidden');
      expectError(await c.get(`/api/v1/desk/feedback/${r.id}`), 403, 'forbidden');
      for (const [path, body] of ACTIONS) expectError(await c.post(`/api/v1/desk/feedback/${r.id}/${path}`, body), 403, 'forbidden');
    }
    expectError(await env.f.anonymous().get('/api/v1/desk/feedback'), 401, 'unauthenticated');
  });

  it('a processing official may not assign a report to someone else, nor reassign it to another agency', async () => {
    const r = await reportAt(env, w, 'received');
    expectError(await w.X.processor.post(`/api/v1/desk/feedback/${r.id}/assign`, { assigneeId: w.X.approver.user!.id }), 403, 'forbidden');
    expectError(await w.X.processor.post(`/api/v1/desk/feedback/${r.id}/reassign`, { agencyId: w.Y.agency.id, note: 'Không thuộc thẩm quyền' }), 403, 'forbidden');
    // The desk may not assign it to an official of another agency.
    expectError(await w.X.desk.post(`/api/v1/desk/feedback/${r.id}/assign`, { assigneeId: w.Y.processor.user!.id }), 400, 'invalid', 'feedback.assigneeInvalid');
  });

  it('a closed report accepts only notes', async () => {
    const r = await reportAt(env, w, 'resolved');
    const e = expectError(await w.X.desk.post(`/api/v1/desk/feedback/${r.id}/decline`, { reason: 'spam' }), 409, 'conflict', 'feedback.illegalTransition');
    assert.match(e.message, /Đã xử lý xong/);
    assert.equal((await w.X.desk.post(`/api/v1/desk/feedback/${r.id}/notes`, { note: 'Đã kiểm tra lại hiện trường', public: true })).statusCode, 200);
  });
});

describe('citizens: their own reports only', () => {
  it('citizen B sees neither A’s report in their list nor its detail, which answers like an unknown code', async () => {
    const r = await reportAt(env, w, 'received', citizenA, { reporter: undefined });
    assert.ok(json(await citizenA.get('/api/v1/me/feedback')).some((m: any) => m.id === r.id));
    assert.ok(!json(await citizenB.get('/api/v1/me/feedback')).some((m: any) => m.id === r.id));
    const theirs = expectError(await citizenB.get(`/api/v1/me/feedback/${r.code}`), 404, 'not_found', 'feedback.notFound');
    const unknown = expectError(await citizenB.get('/api/v1/me/feedback/PA-991231-9999'), 404, 'not_found', 'feedback.notFound');
    assert.deepEqual(theirs, unknown);
    expectError(await citizenB.post(`/api/v1/feedback/reports/${r.code}/rating`, { stars: 1 }), 403, 'forbidden', 'feedback.ratingForbidden');
    expectError(await env.f.anonymous().get('/api/v1/me/feedback'), 401, 'unauthenticated');
    expectError(await w.X.desk.get('/api/v1/me/feedback'), 403, 'forbidden');
  });

  it('officials cannot file reports as citizens', async () => {
    expectError(await w.X.desk.post('/api/v1/feedback/reports', reportInput(w)), 403, 'forbidden');
  });

  it('the reporter’s own view never carries internal notes', async () => {
    const r = await reportAt(env, w, 'in_progress', citizenA, { reporter: undefined });
    await w.X.processor.post(`/api/v1/desk/feedback/${r.id}/notes`, { note: 'Nội bộ: chờ kinh phí' });
    const mine = json(await citizenA.get(`/api/v1/me/feedback/${r.code}`));
    assert.ok(!JSON.stringify(mine).includes('chờ kinh phí'));
    assert.ok(mine.timeline.every((e: any) => e.public && e.actorName === null));
  });
});

describe('photos before moderation', () => {
  it('an unpublished report’s photo is served to its reporter, X’s officials and the moderator only', async () => {
    const photo = await photoId(citizenA);
    const r = await submit(citizenA, reportInput(w, { reporter: undefined, photoIds: [photo] }));
    const url = `/api/v1/feedback/reports/${r.code}/photos/1`;
    for (const c of [citizenA, w.X.desk, w.X.processor, w.moderator]) assert.equal((await c.get(url)).statusCode, 200);
    for (const c of [env.f.anonymous(), citizenB, w.Y.desk, w.admin]) expectError(await c.get(url), 404, 'not_found', 'feedback.photoNotFound');
    expectError(await citizenA.get(`/api/v1/feedback/reports/${r.code}/photos/2`), 404, 'not_found', 'feedback.photoNotFound');
  });

  it('a photo id is used once: a second report cannot take someone else’s photo again', async () => {
    const photo = await photoId(env.f.anonymous());
    await submit(env.f.anonymous(), reportInput(w, { photoIds: [photo] }));
    expectError(await env.f.anonymous().post('/api/v1/feedback/reports', reportInput(w, { photoIds: [photo] })), 400, 'invalid', 'feedback.photoInvalid');
  });
});

describe('moderation and administration', () => {
  it('only the moderator lists, publishes and hides', async () => {
    const r = await reportAt(env, w, 'received');
    for (const c of [citizenA, w.X.desk, w.X.approver, w.admin]) {
      expectError(await c.get('/api/v1/moderation/feedback'), 403, 'forbidden');
      expectError(await c.post(`/api/v1/moderation/feedback/${r.id}/publish`), 403, 'forbidden');
      expectError(await c.post(`/api/v1/moderation/feedback/${r.id}/hide`, { reason: 'Nội dung không phù hợp' }), 403, 'forbidden');
    }
    expectError(await env.f.anonymous().post(`/api/v1/moderation/feedback/${r.id}/publish`), 401, 'unauthenticated');
    const row = await env.ctx.db.selectFrom('feedback_reports').select('published').where('id', '=', r.id).executeTakeFirstOrThrow();
    assert.equal(row.published, false);
    assert.equal((await w.moderator.post(`/api/v1/moderation/feedback/${r.id}/publish`)).statusCode, 200);
  });

  it('only the administrator reads and edits routing rules and categories', async () => {
    const body = { categoryCode: 'waste', communeCode: null, agencyId: w.X.agency.id };
    for (const c of [citizenA, w.X.desk, w.X.approver, w.moderator]) {
      expectError(await c.get('/api/v1/admin/feedback/routing-rules'), 403, 'forbidden');
      expectError(await c.post('/api/v1/admin/feedback/routing-rules', body), 403, 'forbidden');
      expectError(await c.delete(`/api/v1/admin/feedback/routing-rules/${crypto.randomUUID()}`), 403, 'forbidden');
      expectError(await c.get('/api/v1/admin/feedback/categories'), 403, 'forbidden');
      expectError(await c.put('/api/v1/admin/feedback/categories/waste', { name: 'Rác', description: '', group: 'Môi trường', active: true, keywords: [] }), 403, 'forbidden');
    }
    const n = await env.ctx.db.selectFrom('feedback_routing_rules').select((eb) => eb.fn.countAll<number>().as('n')).where('category_code', '=', 'waste').executeTakeFirstOrThrow();
    assert.equal(Number(n.n), 0);
  });
});
