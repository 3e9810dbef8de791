// A feedback report's whole life through the API: submitted from a phone (anonymous or signed in,
// with photos), routed by the rules to the competent agency with a 15-working-day deadline,
// handled by its officials, rated by the reporter, and shown to the public — searchable without
// diacritics and without any personal data — only once a moderator publishes it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FEEDBACK_CODE_PATTERN } from '@tinhso/contracts';
import { createTestEnv, json, type TestEnv } from '../../test/harness.ts';
import { PNG_BYTES, type Client } from '../../test/factories.ts';
import { expectAudited } from '../../test/expect.ts';
import { JPEG_BYTES } from '../../reliability/hostile-payloads.ts';
import { commune, photoId, reportAt, reportInput, rule, step, submit, world, type World } from './test-factories.ts';

let env: TestEnv;
let w: World;
let citizen: Client;

// Monday 20 April 2026, 09:00 in Vietnam.
const MONDAY = '2026-04-20T02:00:00Z';

before(async () => {
  env = await createTestEnv();
  env.setNow(MONDAY);
  w = await world(env);
  citizen = await env.f.signedIn('citizen', null, { fullName: 'Nguyễn Thị Hương' });
});
after(() => env.close());

const PERSONAL = ['Trần Văn Bình', '0912345678', 'Nguyễn Thị Hương', '@example.vn', 'reporter'];
function assertNoPersonalData(body: string) {
  for (const s of PERSONAL) assert.ok(!body.includes(s), `public answer leaks "${s}": ${body.slice(0, 300)}`);
}

describe('submission and routing', () => {
  it('an anonymous reporter with two photos gets a PA- code, the agency of the commune rule and a due date 15 working days later, over the Hùng Kings and 30/4–1/5 holidays', async () => {
    const anonymous = env.f.anonymous();
    const photos = [await photoId(anonymous, PNG_BYTES), await photoId(anonymous, JPEG_BYTES)];
    const r = await submit(anonymous, reportInput(w, { photoIds: photos }));
    assert.match(r.code, FEEDBACK_CODE_PATTERN);
    assert.ok(r.code.startsWith('PA-260420-'), r.code);
    assert.equal(r.status, 'received');
    assert.equal(r.agencyName, w.X.agency.name);
    // Tue 21 … Fri 24 (4), Mon 27 is the day off for Hùng Kings' day (Sun 26), 28–29 (6), 30/4 and
    // 1/5 are holidays, 4–8 May (11), 11–14 May (15). Without the holidays it would be 11 May.
    assert.equal(r.dueDate, '2026-05-14');
    assert.ok(r.accessToken.length >= 16);

    const row = await env.ctx.db.selectFrom('feedback_reports').selectAll().where('id', '=', r.id).executeTakeFirstOrThrow();
    assert.equal(row.agency_id, w.X.agency.id);
    assert.equal(row.unit_id, w.X.agency.unitId);
    assert.equal(row.reporter_id, null);
    assert.equal(row.published, false);
    const photosRows = await env.ctx.db.selectFrom('feedback_photos').select(['n', 'kind', 'mime']).where('report_id', '=', r.id).orderBy('n').execute();
    assert.deepEqual(photosRows, [
      { n: 1, kind: 'report', mime: 'image/png' },
      { n: 2, kind: 'report', mime: 'image/jpeg' },
    ]);
    await expectAudited(env.ctx, r.id, 'feedback.submit');
  });

  it('codes follow a daily sequence: the next report of the day gets the next number', async () => {
    const a = await submit(env.f.anonymous(), reportInput(w));
    const b = await submit(env.f.anonymous(), reportInput(w));
    assert.equal(Number(b.code.slice(-4)), Number(a.code.slice(-4)) + 1);
    env.setNow('2026-04-21T02:00:00Z');
    try {
      const c = await submit(env.f.anonymous(), reportInput(w));
      assert.ok(c.code.startsWith('PA-260421-'), c.code);
    } finally {
      env.setNow(MONDAY);
    }
  });

  it('submissions at the same moment get distinct consecutive codes; racing retries with one key make one report', async () => {
    const codes = (await Promise.all(Array.from({ length: 8 }, () => submit(env.f.anonymous(), reportInput(w))))).map((r) => Number(r.code.slice(-4))).sort((a, b) => a - b);
    assert.deepEqual(codes, codes.map((_, i) => codes[0]! + i));
    const body = reportInput(w);
    const sameKey = await Promise.all(Array.from({ length: 4 }, () => env.f.anonymous().post('/api/v1/feedback/reports', body, { 'idempotency-key': 'dua-nhau-gui-lai-0001' })));
    assert.deepEqual(sameKey.map((r) => r.statusCode).sort(), [200, 200, 200, 201]);
    assert.equal(new Set(sameKey.map((r) => json(r).code)).size, 1);
    // Each answer carries its own working access token.
    assert.equal(new Set(sameKey.map((r) => json(r).accessToken)).size, 4);
  });

  it('without a commune rule the category default applies; a location alone picks the nearest commune', async () => {
    const byDefault = await submit(env.f.anonymous(), reportInput(w, { communeCode: w.B.code }));
    assert.equal(byDefault.agencyName, w.Y.agency.name);
    // A point a few hundred metres from commune A's centre, no commune given.
    const byMap = await submit(env.f.anonymous(), reportInput(w, { communeCode: undefined, location: { lat: 9.614, lon: 105.981 } }));
    assert.equal(byMap.agencyName, w.X.agency.name);
    const row = await env.ctx.db.selectFrom('feedback_reports').select(['commune_code', 'lat', 'lon']).where('id', '=', byMap.id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { commune_code: w.A.code, lat: 9.614, lon: 105.981 });
  });

  it('with no rule at all, the commune’s own People’s Committee takes it', async () => {
    const C = await commune(env, { name: 'Xã Không Quy Tắc' });
    const ubnd = await env.ctx.db.insertInto('agencies').values({ code: `U${Date.now() % 100000}.9`, name: 'UBND xã Không Quy Tắc', level: 'commune', commune_code: C.code, address: null, phone: null, email: null }).returning(['id', 'name']).executeTakeFirstOrThrow();
    const r = await submit(env.f.anonymous(), reportInput(w, { categoryCode: 'waste', communeCode: C.code }));
    assert.equal(r.agencyName, ubnd.name);
  });

  it('a signed-in citizen reports without repeating contact details; the same Idempotency-Key returns the same report', async () => {
    const body = reportInput(w, { reporter: undefined, photoIds: [await photoId(citizen)] });
    const first = await citizen.post('/api/v1/feedback/reports', body, { 'idempotency-key': 'bao-cao-o-ga-0001' });
    assert.equal(first.statusCode, 201, first.body);
    const again = await citizen.post('/api/v1/feedback/reports', body, { 'idempotency-key': 'bao-cao-o-ga-0001' });
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(json(again).code, json(first).code);
    const mine = json(await citizen.get('/api/v1/me/feedback'));
    assert.equal(mine.filter((m: any) => m.code === json(first).code).length, 1);
    const detail = json(await citizen.get(`/api/v1/me/feedback/${json(first).code}`));
    assert.equal(detail.reporterEmail, citizen.user!.email);
    assert.equal(detail.reporterName, 'Nguyễn Thị Hương');
    assert.equal(detail.photos.length, 1);
  });
});

describe('handling, rating and publishing', () => {
  it('received → assigned → in progress → resolved with a public response and photo → rated → published → public and searchable without diacritics', async () => {
    const { X, moderator } = w;
    const photo = await photoId(citizen);
    const r = await submit(citizen, reportInput(w, { reporter: undefined, description: 'Đèn đường hư hỏng và ổ gà sâu trên đường Lê Lợi, trời tối rất nguy hiểm.', photoIds: [photo] }));

    // In the agency's queue, due in 15 working days.
    const queue = json(await X.desk.get('/api/v1/desk/feedback?status=received'));
    assert.ok(queue.items.some((i: any) => i.id === r.id));

    let d = await step(X.desk, r.id, 'assign', { assigneeId: X.processor.user!.id });
    assert.equal(d.status, 'assigned');
    assert.equal(d.assigneeName, 'Phạm Minh Tuấn');
    d = await step(X.processor, r.id, 'start', { note: 'Đã liên hệ đội duy tu' });
    assert.equal(d.status, 'in_progress');
    d = await step(X.processor, r.id, 'notes', { note: 'Ghi chú nội bộ: cần 2 bao nhựa đường', public: false });
    const responsePhoto = await photoId(X.processor, JPEG_BYTES);
    d = await step(X.processor, r.id, 'resolve', { response: 'Đã thay bóng đèn và vá ổ gà ngày 22/4/2026.', photoId: responsePhoto });
    assert.equal(d.status, 'resolved');
    assert.equal(d.response, 'Đã thay bóng đèn và vá ổ gà ngày 22/4/2026.');
    assert.deepEqual(d.photos.map((p: any) => p.kind), ['report', 'response']);
    assert.deepEqual(d.allowedActions, ['note']);
    await expectAudited(env.ctx, r.id, 'feedback.resolve', X.processor.user!.id);
    // The official's full view carries the reporter's contact: reading it is audited.
    const full = json(await X.processor.get(`/api/v1/desk/feedback/${r.id}`));
    assert.equal(full.reporterEmail, citizen.user!.email);
    assert.ok(full.timeline.some((e: any) => e.note === 'Ghi chú nội bộ: cần 2 bao nhựa đường' && e.public === false));
    await expectAudited(env.ctx, r.id, 'feedback.read', X.processor.user!.id);

    // Not public yet: not listed, and tracking by code shows the status but not the content.
    const anonymous = env.f.anonymous();
    const before = json(await anonymous.get('/api/v1/feedback/reports?q=den%20duong%20le%20loi'));
    assert.ok(!before.items.some((i: any) => i.id === r.id));
    const tracked = json(await anonymous.get(`/api/v1/feedback/reports/${r.code}`));
    assert.equal(tracked.status, 'resolved');
    assert.equal(tracked.published, false);
    assert.equal(tracked.description, null);
    assert.deepEqual(tracked.photos, []);
    assert.equal((await anonymous.get(`/api/v1/feedback/reports/${r.code}/photos/1`)).statusCode, 404);
    assert.ok(!JSON.stringify(tracked).includes('nội bộ'), 'internal notes never public');

    // The reporter rates; a second rating is refused.
    const rated = await citizen.post(`/api/v1/feedback/reports/${r.code}/rating`, { stars: 5, comment: 'Xử lý nhanh, cảm ơn phường' });
    assert.equal(rated.statusCode, 200, rated.body);
    assert.equal(json(rated).rating, 5);
    assert.equal((await citizen.post(`/api/v1/feedback/reports/${r.code}/rating`, { stars: 1 })).statusCode, 409);

    // The moderator sees it pending, then publishes it.
    const pending = json(await moderator.get('/api/v1/moderation/feedback?state=pending&limit=100'));
    const item = pending.items.find((i: any) => i.id === r.id);
    assert.ok(item, 'pending moderation');
    assert.equal(item.description.startsWith('Đèn đường'), true);
    assertNoPersonalData(JSON.stringify(item));
    const published = await moderator.post(`/api/v1/moderation/feedback/${r.id}/publish`);
    assert.equal(published.statusCode, 200, published.body);
    await expectAudited(env.ctx, r.id, 'feedback.publish', moderator.user!.id);

    // Public, searchable without diacritics, filterable, with lat/lon and photos, and no personal data.
    const list = await anonymous.get(`/api/v1/feedback/reports?q=${encodeURIComponent('den duong LE LOI')}&category=road_damage&commune=${w.A.code}&status=resolved&from=2026-04-20&to=2026-04-20`);
    assert.equal(list.statusCode, 200, list.body);
    const found = json(list).items.find((i: any) => i.id === r.id);
    assert.ok(found, 'found by a search without diacritics');
    assert.equal(found.response, 'Đã thay bóng đèn và vá ổ gà ngày 22/4/2026.');
    assert.equal(found.agencyName, X.agency.name);
    assert.equal(found.rating, 5);
    assert.equal(found.photos.length, 2);
    assertNoPersonalData(list.body);
    assert.ok(!list.body.includes('nội bộ'));
    // The response text is searchable too; other dates filter it out.
    assert.ok(json(await anonymous.get('/api/v1/feedback/reports?q=thay%20bong%20den')).items.some((i: any) => i.id === r.id));
    assert.ok(!json(await anonymous.get('/api/v1/feedback/reports?q=thay%20bong%20den&from=2026-04-21')).items.some((i: any) => i.id === r.id));

    const photoRes = await anonymous.get(found.photos[1].url);
    assert.equal(photoRes.statusCode, 200);
    assert.equal(photoRes.headers['content-type'], 'image/jpeg');
    assert.deepEqual(photoRes.rawPayload, JPEG_BYTES);

    const publicReport = json(await anonymous.get(`/api/v1/feedback/reports/${r.code.toLowerCase()}`));
    assert.equal(publicReport.description, 'Đèn đường hư hỏng và ổ gà sâu trên đường Lê Lợi, trời tối rất nguy hiểm.');
    // Internal steps and notes (assigned, started, the note) stay inside the agency.
    assert.deepEqual(publicReport.timeline.map((e: any) => e.action), ['submitted', 'routed', 'resolved', 'rated', 'published']);
    assert.ok(publicReport.timeline.every((e: any) => e.actorName === null));

    // The moderator can hide it again.
    assert.equal((await moderator.post(`/api/v1/moderation/feedback/${r.id}/hide`, { reason: 'Ảnh có biển số xe chưa che' })).statusCode, 200);
    assert.ok(!json(await anonymous.get('/api/v1/feedback/reports?q=thay%20bong%20den')).items.some((i: any) => i.id === r.id));
  });

  it('an anonymous reporter rates with the access token from the submission; without it nobody can', async () => {
    const r = await reportAt(env, w, 'resolved');
    const stranger = env.f.anonymous();
    const denied = await stranger.post(`/api/v1/feedback/reports/${r.code}/rating`, { stars: 1 });
    assert.equal(denied.statusCode, 403);
    assert.equal(json(denied).error.key, 'feedback.ratingForbidden');
    const wrong = await stranger.post(`/api/v1/feedback/reports/${r.code}/rating`, { stars: 1, accessToken: 'x'.repeat(32) });
    assert.equal(wrong.statusCode, 403);
    const ok = await stranger.post(`/api/v1/feedback/reports/${r.code}/rating`, { stars: 2, comment: 'Chưa triệt để', accessToken: r.accessToken });
    assert.equal(ok.statusCode, 200, ok.body);
    const row = await env.ctx.db.selectFrom('feedback_reports').select(['rating', 'rating_comment']).where('id', '=', r.id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { rating: 2, rating_comment: 'Chưa triệt để' });
  });

  it('a report cannot be rated before it is resolved', async () => {
    const r = await reportAt(env, w, 'in_progress');
    const res = await env.f.anonymous().post(`/api/v1/feedback/reports/${r.code}/rating`, { stars: 4, accessToken: r.accessToken });
    assert.equal(res.statusCode, 409);
    assert.equal(json(res).error.key, 'feedback.ratingNotAllowed');
  });

  it('declining as a duplicate links the original report, publicly', async () => {
    const original = await reportAt(env, w, 'in_progress');
    const dup = await reportAt(env, w, 'received');
    const d = await step(w.X.desk, dup.id, 'decline', { reason: 'duplicate', duplicateOfCode: original.code });
    assert.equal(d.status, 'declined');
    assert.equal(d.declineReason, 'duplicate');
    assert.equal(d.duplicateOfCode, original.code);
    const pub = json(await env.f.anonymous().get(`/api/v1/feedback/reports/${dup.code}`));
    assert.equal(pub.duplicateOfCode, original.code);
    assert.match(pub.response, /Trùng với phản ánh đã có/);
    assert.ok(pub.closed);

    const self = await reportAt(env, w, 'received');
    const refused = await w.X.desk.post(`/api/v1/desk/feedback/${self.id}/decline`, { reason: 'duplicate', duplicateOfCode: self.code });
    assert.equal(json(refused).error.key, 'feedback.duplicateOfInvalid');
    const missing = await w.X.desk.post(`/api/v1/desk/feedback/${self.id}/decline`, { reason: 'duplicate' });
    assert.equal(json(missing).error.key, 'feedback.duplicateOfRequired');
  });

  it('reassigning sends the report to another agency: it leaves X’s queue and enters Y’s, received again with the same due date', async () => {
    const r = await reportAt(env, w, 'assigned');
    const d = await step(w.X.approver, r.id, 'reassign', { agencyId: w.Y.agency.id, note: 'Tuyến đường do tỉnh quản lý' });
    assert.equal(d.agencyId, w.Y.agency.id);
    assert.deepEqual(d.allowedActions, [], 'no longer X’s to act on');
    const row = await env.ctx.db.selectFrom('feedback_reports').select(['agency_id', 'status', 'assignee_id', 'due_date']).where('id', '=', r.id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { agency_id: w.Y.agency.id, status: 'received', assignee_id: null, due_date: r.dueDate });
    assert.equal((await w.X.desk.get(`/api/v1/desk/feedback/${r.id}`)).statusCode, 404);
    assert.equal((await w.Y.desk.get(`/api/v1/desk/feedback/${r.id}`)).statusCode, 200);
    assert.ok(json(await w.Y.desk.get('/api/v1/desk/feedback')).items.some((i: any) => i.id === r.id));
  });

  it('spam cannot be published; a processing official takes an unassigned report and others’ reports are not theirs to resolve', async () => {
    const spam = await reportAt(env, w, 'received');
    await step(w.X.desk, spam.id, 'decline', { reason: 'spam' });
    const res = await w.moderator.post(`/api/v1/moderation/feedback/${spam.id}/publish`);
    assert.equal(res.statusCode, 409);
    assert.equal(json(res).error.key, 'feedback.spamNotPublishable');

    const r = await reportAt(env, w, 'received');
    const other = await env.f.signedIn('processor', w.X.agency.id, { fullName: 'Chuyên viên khác' });
    await step(other, r.id, 'assign');
    const notMine = await w.X.processor.post(`/api/v1/desk/feedback/${r.id}/resolve`, { response: 'Đã xử lý xong phản ánh này.' });
    assert.equal(notMine.statusCode, 403);
    assert.equal(json(notMine).error.key, 'feedback.notAssignee');
  });
});

describe('the overdue queue', () => {
  it('a report still open after its due date shows as overdue in the queue', async () => {
    const r = await reportAt(env, w, 'in_progress');
    env.setNow('2026-05-15T02:00:00Z');
    try {
      const q = json(await w.X.desk.get('/api/v1/desk/feedback?due=overdue&limit=100'));
      const item = q.items.find((i: any) => i.id === r.id);
      assert.ok(item, 'listed as overdue');
      assert.equal(item.overdue, true);
      assert.equal(item.dueDate, '2026-05-14');
    } finally {
      env.setNow(MONDAY);
    }
  });
});

describe('administering categories and routing rules', () => {
  it('an administrator adds a commune rule that routes the next report, replaces it, deletes it', async () => {
    const { admin, B, X, Y } = w;
    const created = await admin.post('/api/v1/admin/feedback/routing-rules', { categoryCode: 'road_damage', communeCode: B.code, agencyId: X.agency.id, unitId: null });
    assert.equal(created.statusCode, 200, created.body);
    assert.equal(json(created).agencyName, X.agency.name);
    assert.equal((await submit(env.f.anonymous(), reportInput(w, { communeCode: B.code }))).agencyName, X.agency.name);

    const replaced = json(await admin.post('/api/v1/admin/feedback/routing-rules', { categoryCode: 'road_damage', communeCode: B.code, agencyId: Y.agency.id }));
    assert.equal(replaced.id, json(created).id, 'one rule per category × commune');
    const rules = json(await admin.get('/api/v1/admin/feedback/routing-rules'));
    assert.equal(rules.filter((r: any) => r.categoryCode === 'road_damage' && r.communeCode === B.code).length, 1);
    await expectAudited(env.ctx, replaced.id, 'feedback.routing.save', admin.user!.id);

    assert.equal((await admin.delete(`/api/v1/admin/feedback/routing-rules/${replaced.id}`)).statusCode, 204);
    assert.equal((await admin.delete(`/api/v1/admin/feedback/routing-rules/${replaced.id}`)).statusCode, 404);

    const badUnit = await admin.post('/api/v1/admin/feedback/routing-rules', { categoryCode: 'road_damage', communeCode: B.code, agencyId: X.agency.id, unitId: Y.agency.unitId });
    assert.equal(json(badUnit).error.key, 'feedback.unitNotInAgency');
  });

  it('categories are data: nine seeded in Vietnamese; an administrator adds one and deactivates it', async () => {
    const cats = json(await env.f.anonymous().get('/api/v1/feedback/categories'));
    assert.ok(cats.length >= 9);
    assert.equal(cats.find((c: any) => c.code === 'flooding_drainage').name, 'Ngập úng, thoát nước');
    const put = await w.admin.put('/api/v1/admin/feedback/categories/tree_hazard', { name: 'Cây xanh nguy hiểm', description: 'Cây gãy đổ, nghiêng', group: 'Môi trường', active: true, keywords: ['cây gãy'] });
    assert.equal(put.statusCode, 200, put.body);
    await rule(env, 'tree_hazard', null, w.Y.agency.id);
    assert.equal((await submit(env.f.anonymous(), reportInput(w, { categoryCode: 'tree_hazard' }))).agencyName, w.Y.agency.name);
    await w.admin.put('/api/v1/admin/feedback/categories/tree_hazard', { name: 'Cây xanh nguy hiểm', description: '', group: 'Môi trường', active: false, keywords: [] });
    assert.ok(!json(await env.f.anonymous().get('/api/v1/feedback/categories')).some((c: any) => c.code === 'tree_hazard'));
    const res = await env.f.anonymous().post('/api/v1/feedback/reports', reportInput(w, { categoryCode: 'tree_hazard' }));
    assert.equal(json(res).error.key, 'feedback.categoryNotFound');
  });
});
