// Bad input to the feedback routes gets a 4xx with a Vietnamese message and a key the web app can
// use — never a 500 — and the abuse limits of the anonymous routes hold.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createTestEnv, json, type TestEnv } from '../../test/harness.ts';
import { PDF_BYTES, PNG_BYTES, Client, randomIp } from '../../test/factories.ts';
import { expectError } from '../../test/expect.ts';
import { photoId, reportInput, sendPhoto, submit, world, type World } from './test-factories.ts';

let env: TestEnv;
let w: World;

before(async () => {
  env = await createTestEnv();
  env.setNow('2026-11-23T02:00:00Z');
  w = await world(env);
});
after(() => env.close());

const post = (body: unknown, headers: Record<string, string> = {}) => env.f.anonymous().post('/api/v1/feedback/reports', body, headers);

describe('submission', () => {
  it('refuses, in Vietnamese, a report without a place, without a way to answer, or of an unknown category or commune', async () => {
    expectError(await post(reportInput(w, { communeCode: undefined })), 400, 'invalid', 'feedback.locationRequired');
    expectError(await post(reportInput(w, { reporter: { fullName: 'Ẩn danh' } })), 400, 'invalid', 'feedback.contactRequired');
    expectError(await post(reportInput(w, { reporter: undefined })), 400, 'invalid', 'feedback.contactRequired');
    expectError(await post(reportInput(w, { categoryCode: 'khong_co' })), 400, 'invalid', 'feedback.categoryNotFound');
    expectError(await post(reportInput(w, { communeCode: '00000' })), 400, 'invalid', 'org.communeNotFound');
    // A map point in Hà Nội, far from every commune of the province.
    const far = expectError(await post(reportInput(w, { communeCode: undefined, location: { lat: 21.0285, lon: 105.8542 } })), 400, 'invalid', 'feedback.outsideProvince');
    assert.match(far.message, /50 km/);
  });

  it('schema violations name the field: short description, latitude out of range, six photos, a bad phone, unknown fields', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ description: 'Ổ gà' }, 'body/description'],
      [{ location: { lat: 91, lon: 105 } }, 'body/location/lat'],
      [{ photoIds: Array.from({ length: 6 }, () => crypto.randomUUID()) }, 'body/photoIds'],
      [{ reporter: { phone: '12345' } }, 'body/reporter/phone'],
      [{ priority: 'cao' }, 'body'],
    ];
    for (const [patch, field] of cases) {
      const e = expectError(await post(reportInput(w, patch)), 400, 'invalid', 'common.invalidInput');
      assert.ok(e.details.some((d: any) => d.field === field), `${JSON.stringify(patch)} → ${JSON.stringify(e.details)}`);
    }
  });

  it('an unknown, used or expired photo id is refused and the report is not created', async () => {
    const before = await env.ctx.db.selectFrom('feedback_reports').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expectError(await post(reportInput(w, { photoIds: [crypto.randomUUID()] })), 400, 'invalid', 'feedback.photoInvalid');
    const old = await photoId(env.f.anonymous());
    env.setNow('2026-11-24T03:00:00Z'); // 25 hours later
    try {
      expectError(await post(reportInput(w, { photoIds: [old] })), 400, 'invalid', 'feedback.photoInvalid');
      // The next upload clears the expired one away.
      await photoId(env.f.anonymous());
      assert.equal(await env.ctx.db.selectFrom('feedback_photo_uploads').select('id').where('id', '=', old).executeTakeFirst(), undefined);
    } finally {
      env.setNow('2026-11-23T02:00:00Z');
    }
    const after = await env.ctx.db.selectFrom('feedback_reports').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n));
  });

  it('an Idempotency-Key must be well formed, and replaying one with different content is a conflict', async () => {
    expectError(await post(reportInput(w), { 'idempotency-key': 'ngắn' }), 400, 'invalid', 'common.idempotencyKeyInvalid');
    const key = `khoa-${Date.now()}`;
    await submit(env.f.anonymous(), reportInput(w), key);
    expectError(await post(reportInput(w, { description: 'Một phản ánh khác hẳn, về đèn đường không sáng.' }), { 'idempotency-key': key }), 409, 'conflict', 'feedback.idempotencyMismatch');
  });
});

describe('photos', () => {
  it('takes JPEG and PNG only, judged by content; refuses a PDF, a renamed text file, a cut-off image and a request without a file', async () => {
    const anon = env.f.anonymous();
    expectError(await sendPhoto(anon, PDF_BYTES, 'anh.jpg', 'image/jpeg'), 415, 'unsupported_media', 'feedback.photoBadType');
    const pdfHash = createHash('sha256').update(PDF_BYTES).digest('hex');
    assert.equal(await env.ctx.db.selectFrom('files').select('sha256').where('sha256', '=', pdfHash).executeTakeFirst(), undefined, 'a refused photo is not stored');
    expectError(await sendPhoto(anon, Buffer.from('không phải ảnh'), 'anh.png', 'image/png'), 415, 'unsupported_media', 'files.badType');
    expectError(await sendPhoto(anon, PNG_BYTES.subarray(0, PNG_BYTES.length - 12)), 400, 'invalid', 'files.corrupt');
    expectError(await anon.post('/api/v1/feedback/photos', { file: 'x' }), 400, 'invalid', 'files.missing');
    const ok = await sendPhoto(anon);
    assert.equal(ok.statusCode, 201, ok.body);
    assert.deepEqual(Object.keys(json(ok)).sort(), ['id', 'mime', 'size']);
  });

  it('one photo per request: two in one request are a Vietnamese 400 and neither is kept', async () => {
    const boundary = '----tinhso-hai-anh';
    const part = (name: string) => Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: image/png\r\n\r\n`), PNG_BYTES, Buffer.from('\r\n')]);
    const before = await env.ctx.db.selectFrom('feedback_photo_uploads').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const res = await env.f.anonymous().request({ method: 'POST', url: '/api/v1/feedback/photos', payload: Buffer.concat([part('a.png'), part('b.png'), Buffer.from(`--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    const err = expectError(res, 400, 'invalid', 'files.tooMany');
    assert.match(err.message, /một tệp/);
    const after = await env.ctx.db.selectFrom('feedback_photo_uploads').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n));
  });

  it('is rate limited per client address, with a Vietnamese 429', async () => {
    const ip = randomIp();
    const client = new Client(env.app, null, null, null, ip);
    let last;
    for (let i = 0; i < 31; i++) last = await sendPhoto(client);
    expectError(last!, 429, 'rate_limited');
    // Another address is not affected.
    assert.equal((await sendPhoto(env.f.anonymous())).statusCode, 201);
  });
});

describe('reads', () => {
  it('an unknown or malformed code is 404; bad filters are 400', async () => {
    const anon = env.f.anonymous();
    expectError(await anon.get('/api/v1/feedback/reports/PA-000000-0000'), 404, 'not_found', 'feedback.notFound');
    expectError(await anon.get('/api/v1/feedback/reports/khong-phai-ma'), 404, 'not_found', 'feedback.notFound');
    expectError(await anon.get(`/api/v1/feedback/reports/${'A'.repeat(61)}`), 400, 'invalid');
    expectError(await anon.get('/api/v1/feedback/reports/PA-000000-0000/photos/0'), 400, 'invalid');
    expectError(await anon.get('/api/v1/feedback/reports?from=2026-13-45'), 400, 'invalid', 'common.invalidDate');
    expectError(await anon.get('/api/v1/feedback/reports?status=done'), 400, 'invalid', 'common.invalidInput');
    expectError(await anon.get('/api/v1/feedback/reports?limit=1000'), 400, 'invalid', 'common.invalidInput');
    const q = await anon.get(`/api/v1/feedback/reports?q=${encodeURIComponent("%_\\' or 1=1 --")}`);
    assert.equal(q.statusCode, 200);
    assert.equal(json(q).total, 0);
  });

  it('a rating outside 1–5 stars is refused', async () => {
    const r = await submit(env.f.anonymous(), reportInput(w));
    for (const stars of [0, 6, 2.5]) expectError(await env.f.anonymous().post(`/api/v1/feedback/reports/${r.code}/rating`, { stars, accessToken: r.accessToken }), 400, 'invalid', 'common.invalidInput');
  });

  it('official actions refuse bad bodies in Vietnamese', async () => {
    const r = await submit(env.f.anonymous(), reportInput(w));
    expectError(await w.X.desk.post(`/api/v1/desk/feedback/${r.id}/decline`, { reason: 'ghet' }), 400, 'invalid', 'common.invalidInput');
    expectError(await w.X.desk.post(`/api/v1/desk/feedback/${r.id}/resolve`, { response: 'xong' }), 400, 'invalid', 'common.invalidInput');
    expectError(await w.X.desk.post(`/api/v1/desk/feedback/${r.id}/resolve`, { response: '          .          ' }), 400, 'invalid');
    expectError(await w.X.desk.post(`/api/v1/desk/feedback/${r.id}/reassign`, { agencyId: crypto.randomUUID(), note: 'Chuyển đi' }), 400, 'invalid', 'org.agencyNotFound');
    expectError(await w.X.desk.post(`/api/v1/desk/feedback/${r.id}/reassign`, { agencyId: w.X.agency.id, note: 'Chuyển đi' }), 400, 'invalid', 'feedback.reassignSameAgency');
    expectError(await w.X.desk.post(`/api/v1/desk/feedback/${r.id}/assign`, { assigneeId: crypto.randomUUID() }), 400, 'invalid', 'feedback.assigneeInvalid');
    expectError(await w.X.desk.get('/api/v1/desk/feedback/khong-phai-uuid'), 400, 'invalid');
  });
});
