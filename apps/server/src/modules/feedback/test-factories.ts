// Small factories for the feedback tests: communes with centre points, an agency with its
// officials and a routing rule, photos sent through the real multipart route, and reports brought
// through the API to a given status.
import crypto from 'node:crypto';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import type { FeedbackStatus } from '@tinhso/contracts';
import { json, type TestEnv } from '../../test/harness.ts';
import { PNG_BYTES, type Client, type Office } from '../../test/factories.ts';

const seq = () => crypto.randomBytes(3).toString('hex');

export async function commune(env: TestEnv, o: { name?: string; lat?: number; lon?: number } = {}) {
  const code = String(10000 + crypto.randomInt(89999));
  const name = o.name ?? `Phường Thử nghiệm ${seq()}`;
  await env.ctx.db.insertInto('communes').values({ code, name, kind: 'phuong', province: 'Sóc Trăng', lat: o.lat ?? null, lon: o.lon ?? null }).onConflict((oc) => oc.column('code').doNothing()).execute();
  return { code, name };
}

/** A routing rule written straight to the table (the admin route is tested on its own). */
export async function rule(env: TestEnv, categoryCode: string, communeCode: string | null, agencyId: string, unitId: string | null = null) {
  await env.ctx.db
    .insertInto('feedback_routing_rules')
    .values({ category_code: categoryCode, commune_code: communeCode, agency_id: agencyId, unit_id: unitId, updated_by: null })
    .execute();
}

/**
 * Two communes (A with a centre point near Phú Lợi, B far away), agency X responsible for road
 * damage in A (by a commune rule), agency Y the category's default, a moderator and an admin.
 */
export async function world(env: TestEnv) {
  const [A, B] = [await commune(env, { name: 'Phường Phú Lợi (thử)', lat: 9.6125, lon: 105.9795 }), await commune(env, { name: 'Xã Cù Lao Dung (thử)', lat: 9.65, lon: 106.2 })];
  const [X, Y] = await Promise.all([env.f.office(), env.f.office()]);
  await rule(env, 'road_damage', A.code, X.agency.id, X.agency.unitId);
  await rule(env, 'road_damage', null, Y.agency.id);
  const [moderator, admin] = await Promise.all([env.f.signedIn('moderator', null, { fullName: 'Kiểm duyệt viên' }), env.f.signedIn('admin')]);
  return { A, B, X, Y, moderator, admin };
}
export type World = Awaited<ReturnType<typeof world>>;

/** Sends one photo through POST /api/v1/feedback/photos (multipart, like the web app). */
export function sendPhoto(client: Client, bytes: Buffer = PNG_BYTES, filename = 'o-ga.png', contentType = 'image/png'): Promise<LightMyRequestResponse> {
  const boundary = `----tinhso${seq()}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return client.request({ method: 'POST', url: '/api/v1/feedback/photos', payload: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
}

export async function photoId(client: Client, bytes?: Buffer): Promise<string> {
  const res = await sendPhoto(client, bytes);
  assert.equal(res.statusCode, 201, res.body);
  return json(res).id;
}

export function reportInput(w: World, o: Record<string, unknown> = {}) {
  return {
    categoryCode: 'road_damage',
    description: 'Ổ gà lớn giữa đường Trần Hưng Đạo, xe máy đi ban đêm rất nguy hiểm.',
    communeCode: w.A.code,
    address: 'Trước số 120 đường Trần Hưng Đạo',
    reporter: { fullName: 'Trần Văn Bình', phone: '0912345678', email: `binh-${seq()}@example.vn` },
    ...o,
  };
}

export async function submit(client: Client, body: unknown, key = `fb-${seq()}${seq()}`): Promise<any> {
  const res = await client.post('/api/v1/feedback/reports', body, { 'idempotency-key': key });
  assert.equal(res.statusCode, 201, res.body);
  return json(res);
}

export async function step(client: Client, id: string, path: string, body: unknown = {}): Promise<any> {
  const res = await client.post(`/api/v1/desk/feedback/${id}/${path}`, body);
  assert.equal(res.statusCode, 200, `${path}: ${res.body}`);
  return json(res);
}

/** A report at X (commune A, road damage) brought through the API to `status`; returns the submission answer. */
export async function reportAt(env: TestEnv, w: World, status: FeedbackStatus, reporter: Client = env.f.anonymous(), input: Record<string, unknown> = {}): Promise<any> {
  const X: Office = w.X;
  const r = await submit(reporter, reportInput(w, input));
  if (status === 'received') return r;
  if (status === 'assigned') return (await step(X.desk, r.id, 'assign', { assigneeId: X.processor.user!.id }), r);
  if (status === 'in_progress') return (await step(X.processor, r.id, 'start'), r);
  if (status === 'resolved') return (await step(X.processor, r.id, 'resolve', { response: 'Đã vá ổ gà bằng bê tông nhựa, đường đã thông thoáng.' }), r);
  if (status === 'declined') return (await step(X.desk, r.id, 'decline', { reason: 'not_competent', note: 'Đoạn đường do tỉnh quản lý.' }), r);
  throw new Error(`reportAt: no path to ${status}`);
}
