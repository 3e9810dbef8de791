// The authorization matrix: every route of the OpenAPI document × every kind of caller, checked
// against the allow/deny table kept beside this file (authz-matrix.json). The table must list
// exactly the routes the server serves, so a new route cannot ship unclassified. Every body is
// valid and every dossier is in a state where the action is legal, so a call that slipped past the
// scope check would answer 2xx (or at least reach a business rule: 400/409), never the table's deny.
// Then the object-level questions a matrix cannot answer on its own: guessed and mixed ids,
// other agencies' queues, what public tracking shows, disabled accounts and CSRF on every write.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { createTestEnv, json, type TestEnv } from '../test/harness.ts';
import { BIRTH_FORM_SCHEMA, Client, PASSWORD, PDF_BYTES, type Office, type TestUser } from '../test/factories.ts';
import { expectError } from '../test/expect.ts';
import type { DossierStatus } from '../db/schema.ts';
import * as feedbackService from '../modules/feedback/service.ts';
import { PNG_BYTES } from '../test/factories.ts';

// ---------------------------------------------------------------- the table

const ACTORS = ['anonymous', 'citizenA', 'citizenB', 'deskX', 'deskY', 'processorX', 'approverX', 'admin', 'disabled', 'leader', 'communeChair', 'moderator'] as const;
type ActorName = (typeof ACTORS)[number];
type Cell = 'allow' | 'deny 401' | 'deny 403' | 'deny 404';
const CELLS: readonly Cell[] = ['allow', 'deny 401', 'deny 403', 'deny 404'];
type Row = { on: string; note?: string } & Record<ActorName, Cell>;
interface Matrix {
  actors: string[];
  routes: Record<string, Row>;
}

const matrix: Matrix = JSON.parse(fs.readFileSync(new URL('./authz-matrix.json', import.meta.url), 'utf8'));
const ROUTES = Object.keys(matrix.routes);
const ERROR_CODE: Record<string, string> = { 'deny 401': 'unauthenticated', 'deny 403': 'forbidden', 'deny 404': 'not_found' };
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

// ---------------------------------------------------------------- the world

// Monday 2026-11-23, 09:00 in Vietnam; agency X's one-day procedure is then due on Tuesday 24,
// and on Thursday 26 a dossier received on Monday is overdue (extensions are legal).
const MONDAY = '2026-11-23T02:00:00Z';
const THURSDAY = '2026-11-26T02:00:00Z';

let env: TestEnv;
let X: Office; // the agency A's dossiers are filed with
let Y: Office; // another agency
let Z: Awaited<ReturnType<TestEnv['f']['agency']>>; // a third agency the administrator edits
let owner: Client; // citizen A's second browser, used to build fixtures (its own client address)
let readable: any; // A's dossier at X in supplement_requested: received (has a receipt), has a supplement request PDF
const clients = {} as Record<ActorName, Client>;
let disabledUser: TestUser;

const seq = () => crypto.randomBytes(4).toString('hex');

before(async () => {
  env = await createTestEnv();
  env.setNow(MONDAY);
  [X, Y, Z] = await Promise.all([env.f.office({ processingDays: 1 }), env.f.office({ processingDays: 1 }), env.f.agency()]);
  const [citizenA, citizenB, admin] = await Promise.all([
    env.f.signedIn('citizen', null, { fullName: 'Nguyễn Thị Hương' }),
    env.f.signedIn('citizen', null, { fullName: 'Trần Văn Bình' }),
    env.f.signedIn('admin', null, { fullName: 'Quản trị hệ thống' }),
  ]);
  // A desk official of X whose session was created while the account was active; the account is
  // then disabled directly in the database (the administrators' route also ends its sessions,
  // checked below), so the session row outlives the account's right to use it.
  disabledUser = await env.f.user('desk', X.agency.id, { fullName: 'Cán bộ đã nghỉ việc' });
  const disabled = await env.f.session(disabledUser);
  await env.ctx.db.updateTable('users').set({ disabled: true }).where('id', '=', disabledUser.id).execute();
  // The dashboard's readers and the feedback moderator: a province leader, the chair of a commune
  // that none of X's fixtures are in, and a moderator. None of them belongs to an agency.
  const [leader, communeChair, moderator] = await Promise.all([
    env.f.signedIn('leader', null, { fullName: 'Trần Văn Lâu' }),
    env.f.signedIn('leader', null, { fullName: 'Sơn Thị Kim Liên' }),
    env.f.signedIn('moderator', null, { fullName: 'Châu Ngọc Hân' }),
  ]);
  await env.ctx.db.insertInto('communes').values({ code: '39999', name: 'Xã Chủ tịch Thử nghiệm', kind: 'xa', province: 'Sóc Trăng', lat: 9.6, lon: 105.9 }).execute();
  await env.ctx.db.updateTable('users').set({ commune_code: '39999' }).where('id', '=', communeChair.user!.id).execute();
  Object.assign(clients, {
    leader,
    communeChair,
    moderator,
    anonymous: env.f.anonymous(),
    citizenA,
    citizenB,
    deskX: X.desk,
    deskY: Y.desk,
    processorX: X.processor,
    approverX: X.approver,
    admin,
    disabled,
  } satisfies Record<ActorName, Client>);
  owner = await env.f.session(citizenA.user!);
  readable = await env.f.dossierAt(X, owner, 'supplement_requested');
});

let casesChecked = 0;
let extraChecks = 0;
after(async () => {
  console.log(`authz matrix: ${ROUTES.length} routes × ${ACTORS.length} actors = ${casesChecked} route × actor cases checked (+ ${extraChecks} CSRF and object-level requests)`);
  await env.close();
});

// ---------------------------------------------------------------- small factories for bodies and targets

/** An upload of the caller's own when the caller can upload, else a made-up id (the call is refused before it matters). */
async function uploadOf(c: Client, filename = 'giay-to.pdf'): Promise<string> {
  const res = await c.upload(PDF_BYTES, filename);
  return res.statusCode === 201 ? json(res).id : crypto.randomUUID();
}
const reason = (text: string) => ({ reason: text });
const submission = async (c: Client) => env.f.submission(X.procedure.id, [await uploadOf(c, 'giay-chung-sinh.pdf')]);
const procedureInput = (code = `TT.Z.${seq()}`) => ({
  code,
  name: 'Cấp bản sao trích lục hộ tịch',
  field: 'Hộ tịch',
  agencyId: Z.id,
  processingDays: 2,
  fee: 8000,
  onlineLevel: 'partial' as const,
  documents: [{ name: 'Tờ khai theo mẫu', required: true }],
  formSchema: BIRTH_FORM_SCHEMA,
});
const agencyInput = (code = `Z${seq().toUpperCase()}.01`) => ({ code, name: `UBND xã Thử nghiệm ${code}`, level: 'commune' as const });
const officialInput = (email = `motcua-z-${seq()}@example.vn`) => ({ email, fullName: 'Đoàn Văn Khải', role: 'desk' as const, agencyId: Z.id });

/** A session of the same user (logging in or out ends the session it is sent with). Keeps "no CSRF token" clients as they are. */
async function throwawayLike(c: Client): Promise<Client> {
  if (!c.user) return c;
  const t = await env.f.session(c.user);
  return c.csrf ? t : new Client(env.app, t.user, t.cookie, null);
}

/** Denied calls share one target per route (being denied, they never change it); allowed writes get a fresh one. */
const shared = new Map<string, Promise<any>>();
function once<T>(key: string, make: () => Promise<T>): Promise<T> {
  if (!shared.has(key)) shared.set(key, make());
  return shared.get(key)!;
}
const dossier = (route: string, state: DossierStatus, fresh: boolean) => (fresh ? env.f.dossierAt(X, owner, state) : once(route, () => env.f.dossierAt(X, owner, state)));

async function snapshot(id: string) {
  const d = await env.ctx.db.selectFrom('dossiers').select(['status', 'assignee_id', 'due_date', 'updated_at']).where('id', '=', id).executeTakeFirstOrThrow();
  const events = await env.ctx.db.selectFrom('dossier_events').select('id').where('dossier_id', '=', id).execute();
  const atts = await env.ctx.db.selectFrom('dossier_attachments').select('id').where('dossier_id', '=', id).execute();
  return { ...d, updated_at: new Date(d.updated_at).toISOString(), events: events.length, attachments: atts.length };
}

interface Prepared {
  send: () => Promise<LightMyRequestResponse>;
  /** The dossier the call is about: a denied call must leave it as it was. */
  dossierId?: string;
  /** Extra checks on an allowed answer. */
  check?: (res: LightMyRequestResponse) => void;
}
type Builder = (c: Client, who: ActorName, allowed: boolean) => Promise<Prepared>;

const get = (url: string, check?: Prepared['check']): Builder => async (c) => ({ send: () => c.get(url), check });
const isPdf = (res: LightMyRequestResponse) => assert.equal(res.headers['content-type'], 'application/pdf');

/** A lifecycle action on A's dossier at X in `state`; `body` is built per caller. */
function action(path: string, state: DossierStatus, body: (c: Client) => unknown | Promise<unknown>, opts: { at?: string } = {}): Builder {
  const route = `POST /api/v1/dossiers/{id}/${path}`;
  return async (c, _who, allowed) => {
    const d = await dossier(route, state, allowed);
    const payload = await body(c);
    return {
      dossierId: d.id,
      send: async () => {
        if (opts.at) env.setNow(opts.at);
        try {
          return await c.post(`/api/v1/dossiers/${d.id}/${path}`, payload);
        } finally {
          env.setNow(MONDAY);
        }
      },
      check: (res) => assert.equal(json(res).id, d.id),
    };
  };
}

const adminTarget = {
  user: (fresh: boolean) => (fresh ? env.f.user('desk', Z.id) : once('user', () => env.f.user('desk', Z.id))),
  agency: (fresh: boolean) => (fresh ? env.f.agency() : once('agency', () => env.f.agency())),
  procedure: (fresh: boolean) => (fresh ? env.f.procedure(Z.id) : once('procedure', () => env.f.procedure(Z.id))),
  dayOff: (fresh: boolean) => {
    const make = async () => {
      // A weekday in 2031, far from every fixture's dates, so no due date moves.
      const date = `2031-0${1 + crypto.randomInt(9)}-1${crypto.randomInt(10)}`;
      await env.ctx.db.insertInto('calendar_overrides').values({ date, kind: 'day_off', name: 'Nghỉ thử nghiệm', updated_by: null }).onConflict((oc) => oc.column('date').doNothing()).execute();
      return date;
    };
    return fresh ? make() : once('dayOff', make);
  },
};

// ---------------------------------------------------------------- feedback reports (modules/feedback)

/**
 * Commune F, whose road-damage reports the routing rules send to agency X, and citizen A's reports
 * there, made through the service (the submission route's per-address rate limit is for people,
 * not fixtures) and moved through the officials' routes to the state each row names.
 */
const feedbackFixtures = (() => {
  let ready: Promise<{ commune: string }> | null = null;
  return () =>
    (ready ??= (async () => {
      const commune = String(20000 + crypto.randomInt(70000));
      await env.ctx.db.insertInto('communes').values({ code: commune, name: 'Phường Thử nghiệm Phản ánh', kind: 'phuong', province: 'Sóc Trăng', lat: 9.6, lon: 105.97 }).execute();
      await env.ctx.db.insertInto('feedback_routing_rules').values({ category_code: 'road_damage', commune_code: commune, agency_id: X.agency.id, unit_id: null, updated_by: null }).execute();
      return { commune };
    })());
})();
const feedbackInput = async () => ({
  categoryCode: 'road_damage',
  description: 'Ổ gà sâu trước cổng trường tiểu học, xe máy dễ té ngã.',
  communeCode: (await feedbackFixtures()).commune,
  reporter: { phone: '0912345678' },
});
type FeedbackState = 'received' | 'in_progress' | 'resolved';
async function feedbackReportAt(state: FeedbackState, withPhoto = false): Promise<{ id: string; code: string }> {
  const a = clients.citizenA.user!;
  const actor = { userId: a.id, role: 'citizen' as const, agencyId: null, unitId: null, communeCode: null, fullName: a.fullName, email: a.email };
  const photoIds = withPhoto ? [(await feedbackService.uploadPhoto(env.ctx, actor, PNG_BYTES, null)).id] : [];
  const { report } = await feedbackService.submitReport(env.ctx, actor, { ...(await feedbackInput()), photoIds }, { source: 'web' });
  const step = async (c: Client, path: string, body: unknown = {}) => {
    const res = await c.post(`/api/v1/desk/feedback/${report.id}/${path}`, body);
    assert.equal(res.statusCode, 200, `${path}: ${res.body}`);
  };
  if (state !== 'received') await step(X.processor, 'start');
  if (state === 'resolved') await step(X.processor, 'resolve', { response: 'Đã vá ổ gà trước cổng trường.' });
  return report;
}
const feedbackReport = (route: string, state: FeedbackState, fresh: boolean, withPhoto = false) => (fresh ? feedbackReportAt(state, withPhoto) : once(route, () => feedbackReportAt(state, withPhoto)));
function feedbackAction(path: string, state: FeedbackState, body: () => unknown | Promise<unknown>): Builder {
  const route = `POST /api/v1/desk/feedback/{id}/${path}`;
  return async (c, _who, allowed) => {
    const r = await feedbackReport(route, state, allowed);
    const payload = await body();
    return { send: () => c.post(`/api/v1/desk/feedback/${r.id}/${path}`, payload), check: (res) => assert.equal(json(res).id, r.id) };
  };
}
/** How to call each route of the table: one request per (actor, allowed) with a valid body and a target in the right state. */
const builders: Record<string, Builder> = {
  'GET /api/v1/health': get('/api/v1/health'),
  'GET /api/v1/map': get('/api/v1/map'),
  'POST /api/v1/auth/register': async (c) => ({
    send: () => c.post('/api/v1/auth/register', { email: `dang-ky-${seq()}@example.vn`, password: 'MatKhau2026', fullName: 'Lâm Thị Thu' }),
  }),
  'POST /api/v1/auth/login': async (c) => {
    const t = await throwawayLike(c);
    return { send: () => t.post('/api/v1/auth/login', { email: (c.user ?? clients.citizenA.user!).email, password: PASSWORD }) };
  },
  'POST /api/v1/auth/logout': async (c) => {
    const t = await throwawayLike(c);
    return { send: () => t.post('/api/v1/auth/logout') };
  },
  'GET /api/v1/auth/me': get('/api/v1/auth/me'),

  'GET /api/v1/admin/users': get('/api/v1/admin/users'),
  'POST /api/v1/admin/users': async (c) => {
    const body = { ...officialInput(), password: 'MatKhau2026' };
    return { send: () => c.post('/api/v1/admin/users', body) };
  },
  'PUT /api/v1/admin/users/{id}': async (c, _who, allowed) => {
    const u = await adminTarget.user(allowed);
    return { send: () => c.put(`/api/v1/admin/users/${u.id}`, officialInput(u.email)) };
  },

  'GET /api/v1/agencies': get('/api/v1/agencies'),
  'GET /api/v1/communes': get('/api/v1/communes'),
  'GET /api/v1/agencies/{id}/units': async (c) => get(`/api/v1/agencies/${X.agency.id}/units`)(c, 'anonymous', true),
  'GET /api/v1/agencies/{id}/officials': async (c) =>
    get(`/api/v1/agencies/${X.agency.id}/officials`, (res) => assert.ok(json(res).some((o: any) => o.id === X.desk.user!.id)))(c, 'anonymous', true),
  'POST /api/v1/admin/agencies': async (c) => ({ send: () => c.post('/api/v1/admin/agencies', agencyInput()) }),
  'PUT /api/v1/admin/agencies/{id}': async (c, _who, allowed) => {
    const a = await adminTarget.agency(allowed);
    return { send: () => c.put(`/api/v1/admin/agencies/${a.id}`, { ...agencyInput(a.code), name: 'UBND xã Thử nghiệm (đổi tên)' }) };
  },
  'POST /api/v1/admin/agencies/{id}/units': async (c) => ({ send: () => c.post(`/api/v1/admin/agencies/${Z.id}/units`, { name: `Phòng Tư pháp ${seq()}` }) }),

  'GET /api/v1/procedures': get('/api/v1/procedures?q=khai%20sinh'),
  'GET /api/v1/procedure-fields': get('/api/v1/procedure-fields'),
  'GET /api/v1/procedures/{id}': async (c) => get(`/api/v1/procedures/${X.procedure.id}`)(c, 'anonymous', true),
  'GET /api/v1/admin/procedures': get('/api/v1/admin/procedures'),
  'POST /api/v1/admin/procedures': async (c) => ({ send: () => c.post('/api/v1/admin/procedures', procedureInput()) }),
  'PUT /api/v1/admin/procedures/{id}': async (c, _who, allowed) => {
    const p = await adminTarget.procedure(allowed);
    return { send: () => c.put(`/api/v1/admin/procedures/${p.id}`, procedureInput(p.code)) };
  },

  'POST /api/v1/uploads': async (c) => ({ send: () => c.upload(PDF_BYTES, 'to-khai.pdf') }),
  'POST /api/v1/dossiers': async (c) => {
    const body = await submission(c);
    return { send: () => c.post('/api/v1/dossiers', body, { 'idempotency-key': `authz-${seq()}${seq()}` }) };
  },
  'GET /api/v1/me/dossiers': get('/api/v1/me/dossiers'),
  'GET /api/v1/desk/dossiers': get('/api/v1/desk/dossiers'),
  'GET /api/v1/dossiers/{id}': async (c) => ({ dossierId: readable.id, send: () => c.get(`/api/v1/dossiers/${readable.id}`), check: (res) => assert.ok(json(res).timeline.length >= 3) }),
  'GET /api/v1/dossiers/{id}/attachments/{attachmentId}': async (c) => ({
    dossierId: readable.id,
    send: () => c.get(`/api/v1/dossiers/${readable.id}/attachments/${readable.attachments[0].id}`),
    check: (res) => assert.deepEqual(res.rawPayload, PDF_BYTES),
  }),
  'GET /api/v1/dossiers/{id}/receipt.pdf': async (c) => ({ dossierId: readable.id, send: () => c.get(`/api/v1/dossiers/${readable.id}/receipt.pdf`), check: isPdf }),
  'GET /api/v1/dossiers/{id}/documents/{kind}': async (c) => ({ dossierId: readable.id, send: () => c.get(`/api/v1/dossiers/${readable.id}/documents/supplement-request.pdf`), check: isPdf }),
  'GET /api/v1/tracking/{code}': async (c) => ({ send: () => c.get(`/api/v1/tracking/${encodeURIComponent(readable.code)}`), check: (res) => assert.equal(json(res).code, readable.code) }),

  'POST /api/v1/dossiers/{id}/receive': action('receive', 'submitted', () => ({})),
  'POST /api/v1/dossiers/{id}/decline': action('decline', 'submitted', () => reason('Hồ sơ không thuộc thẩm quyền giải quyết')),
  'POST /api/v1/dossiers/{id}/supplement-requests': action('supplement-requests', 'in_progress', () => ({ items: ['Bản sao giấy xác nhận cư trú'] })),
  'POST /api/v1/dossiers/{id}/supplement': action('supplement', 'supplement_requested', async (c) => ({ attachments: [{ uploadId: await uploadOf(c), label: 'Bản sao giấy chứng nhận kết hôn' }] })),
  'POST /api/v1/dossiers/{id}/assign': action('assign', 'received', () => ({ assigneeId: X.processor.user!.id })),
  'POST /api/v1/dossiers/{id}/forward': action('forward', 'in_progress', () => ({ note: 'Đề nghị lãnh đạo phê duyệt' })),
  'POST /api/v1/dossiers/{id}/approve': action('approve', 'awaiting_approval', () => ({})),
  'POST /api/v1/dossiers/{id}/refuse': action('refuse', 'awaiting_approval', () => reason('Không đủ điều kiện theo quy định')),
  'POST /api/v1/dossiers/{id}/send-back': action('send-back', 'awaiting_approval', () => reason('Cần xác minh lại nơi cư trú')),
  'POST /api/v1/dossiers/{id}/return-result': action('return-result', 'approved', async (c) => ({ attachments: [{ uploadId: await uploadOf(c, 'ket-qua.pdf'), label: 'Giấy khai sinh (bản chính)' }] })),
  'POST /api/v1/dossiers/{id}/withdraw': action('withdraw', 'submitted', () => reason('Tôi nộp nhầm thủ tục')),
  'POST /api/v1/dossiers/{id}/stop': action('stop', 'received', () => reason('Người nộp đề nghị dừng giải quyết')),
  'POST /api/v1/dossiers/{id}/notes': action('notes', 'in_progress', () => ({ note: 'Đã đối chiếu bản chính' })),
  'POST /api/v1/dossiers/{id}/extensions': action('extensions', 'in_progress', () => ({ reason: 'Xin lỗi vì trễ hạn do cần xác minh', newDueDate: '2026-11-27' }), { at: THURSDAY }),

  // Each reader gets their own scope by default: X for its head, the province for the leader, the commune for its chair.
  'GET /api/v1/dashboard/overview': async (c, who) => ({
    send: () => c.get('/api/v1/dashboard/overview'),
    check: (res) => {
      const scope = json(res).scope;
      if (who === 'approverX') assert.equal(scope.agencyId, X.agency.id);
      if (who === 'leader') assert.equal(scope.agencyId ?? scope.communeCode ?? null, null);
      if (who === 'communeChair') assert.equal(scope.communeCode, '39999');
    },
  }),
  'GET /api/v1/dashboard/trend': get('/api/v1/dashboard/trend'),
  'GET /api/v1/dashboard/rankings': get('/api/v1/dashboard/rankings?indicator=2.1&by=agency'),
  'GET /api/v1/dashboard/drill-down': get('/api/v1/dashboard/drill-down?indicator=2.1&part=rest'),
  'GET /api/v1/dashboard/feedback-map': get('/api/v1/dashboard/feedback-map'),
  'GET /api/v1/dashboard/export.xlsx': get('/api/v1/dashboard/export.xlsx?table=overview'),
  'GET /api/v1/dashboard/report.pdf': get('/api/v1/dashboard/report.pdf', isPdf),
  'GET /api/v1/indicators': get('/api/v1/indicators', (res) => assert.equal(json(res).province.length, 15)),

  'GET /api/v1/calendar/due-date': get('/api/v1/calendar/due-date?from=2026-11-23&days=3'),
  'GET /api/v1/calendar/holidays': get('/api/v1/calendar/holidays?year=2026'),
  'GET /api/v1/admin/calendar': get('/api/v1/admin/calendar?year=2031'),
  'PUT /api/v1/admin/calendar': async (c) => ({ send: () => c.put('/api/v1/admin/calendar', { date: `2031-12-${10 + crypto.randomInt(10)}`, kind: 'day_off', name: 'Nghỉ bù thử nghiệm' }) }),
  'DELETE /api/v1/admin/calendar/{date}': async (c, _who, allowed) => {
    const date = await adminTarget.dayOff(allowed);
    return { send: () => c.delete(`/api/v1/admin/calendar/${date}`) };
  },

  'GET /api/v1/admin/api-clients': get('/api/v1/admin/api-clients'),
  'POST /api/v1/admin/api-clients': async (c) => ({ send: () => c.post('/api/v1/admin/api-clients', { name: 'Hệ thống kết nối thử nghiệm', scopes: ['open311:write'] }) }),
  'POST /api/v1/admin/api-clients/{id}/disable': async (c, _who, allowed) => {
    const make = async () =>
      (await env.ctx.db.insertInto('api_clients').values({ name: 'Hệ thống kết nối thử nghiệm', key_prefix: crypto.randomBytes(6).toString('hex'), key_hash: crypto.randomBytes(32).toString('hex'), scopes: ['open311:write'] }).returning('id').executeTakeFirstOrThrow()).id;
    const id = allowed ? await make() : await once('apiClient', make);
    return { send: () => c.post(`/api/v1/admin/api-clients/${id}/disable`), check: (res) => assert.equal(json(res).disabled, true) };
  },

  'GET /api/v1/feedback/categories': get('/api/v1/feedback/categories', (res) => assert.ok(json(res).some((c: any) => c.code === 'road_damage'))),
  'POST /api/v1/feedback/photos': async (c) => {
    const boundary = `----authz${seq()}`;
    const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="o-ga.png"\r\nContent-Type: image/png\r\n\r\n`), PNG_BYTES, Buffer.from(`\r\n--${boundary}--\r\n`)]);
    return { send: () => c.request({ method: 'POST', url: '/api/v1/feedback/photos', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }) };
  },
  'POST /api/v1/feedback/reports': async (c) => {
    const body = await feedbackInput();
    return { send: () => c.post('/api/v1/feedback/reports', body, { 'idempotency-key': `authz-${seq()}${seq()}` }), check: (res) => assert.equal(json(res).agencyName, X.agency.name) };
  },
  'GET /api/v1/feedback/reports': get('/api/v1/feedback/reports?q=o%20ga'),
  'GET /api/v1/feedback/reports/{code}': async (c) => {
    const r = await feedbackReport('GET /api/v1/feedback/reports/{code}', 'received', false);
    return { send: () => c.get(`/api/v1/feedback/reports/${r.code}`), check: (res) => assert.equal(json(res).description, null) };
  },
  'GET /api/v1/feedback/reports/{code}/photos/{n}': async (c) => {
    const r = await feedbackReport('GET /api/v1/feedback/reports/{code}/photos/{n}', 'received', false, true);
    return { send: () => c.get(`/api/v1/feedback/reports/${r.code}/photos/1`), check: (res) => assert.deepEqual(res.rawPayload, PNG_BYTES) };
  },
  'POST /api/v1/feedback/reports/{code}/rating': async (c, _who, allowed) => {
    const r = await feedbackReport('POST /api/v1/feedback/reports/{code}/rating', 'resolved', allowed);
    return { send: () => c.post(`/api/v1/feedback/reports/${r.code}/rating`, { stars: 4, comment: 'Xử lý nhanh' }), check: (res) => assert.equal(json(res).rating, 4) };
  },
  'GET /api/v1/me/feedback': get('/api/v1/me/feedback'),
  'GET /api/v1/me/feedback/{code}': async (c) => {
    const r = await feedbackReport('GET /api/v1/me/feedback/{code}', 'received', false);
    return { send: () => c.get(`/api/v1/me/feedback/${r.code}`), check: (res) => assert.equal(json(res).id, r.id) };
  },
  'GET /api/v1/desk/feedback': get('/api/v1/desk/feedback'),
  'GET /api/v1/desk/feedback/{id}': async (c) => {
    const r = await feedbackReport('GET /api/v1/desk/feedback/{id}', 'received', false);
    return { send: () => c.get(`/api/v1/desk/feedback/${r.id}`), check: (res) => assert.equal(json(res).reporterPhone, '0912345678') };
  },
  'POST /api/v1/desk/feedback/{id}/assign': feedbackAction('assign', 'received', () => ({ assigneeId: X.processor.user!.id })),
  'POST /api/v1/desk/feedback/{id}/start': feedbackAction('start', 'received', () => ({})),
  'POST /api/v1/desk/feedback/{id}/resolve': feedbackAction('resolve', 'in_progress', () => ({ response: 'Đã vá ổ gà, mặt đường đã phẳng.' })),
  'POST /api/v1/desk/feedback/{id}/decline': feedbackAction('decline', 'received', () => ({ reason: 'not_competent', note: 'Tuyến đường do tỉnh quản lý.' })),
  'POST /api/v1/desk/feedback/{id}/reassign': feedbackAction('reassign', 'received', () => ({ agencyId: Z.id, note: 'Thuộc thẩm quyền cơ quan khác' })),
  'POST /api/v1/desk/feedback/{id}/notes': feedbackAction('notes', 'in_progress', () => ({ note: 'Đã cử người kiểm tra hiện trường' })),
  'GET /api/v1/moderation/feedback': get('/api/v1/moderation/feedback'),
  'POST /api/v1/moderation/feedback/{id}/publish': async (c) => {
    const r = await feedbackReport('POST /api/v1/moderation/feedback/{id}/publish', 'received', false);
    return { send: () => c.post(`/api/v1/moderation/feedback/${r.id}/publish`) };
  },
  'POST /api/v1/moderation/feedback/{id}/hide': async (c) => {
    const r = await feedbackReport('POST /api/v1/moderation/feedback/{id}/hide', 'received', false);
    return { send: () => c.post(`/api/v1/moderation/feedback/${r.id}/hide`, { reason: 'Ảnh có biển số xe chưa che' }) };
  },
  'GET /api/v1/admin/feedback/routing-rules': get('/api/v1/admin/feedback/routing-rules'),
  'POST /api/v1/admin/feedback/routing-rules': async (c) => {
    const body = { categoryCode: 'waste', communeCode: (await feedbackFixtures()).commune, agencyId: Z.id };
    return { send: () => c.post('/api/v1/admin/feedback/routing-rules', body) };
  },
  'DELETE /api/v1/admin/feedback/routing-rules/{id}': async (c, _who, allowed) => {
    const make = async () => {
      const commune = String(20000 + crypto.randomInt(70000));
      await env.ctx.db.insertInto('communes').values({ code: commune, name: 'Xã Thử nghiệm Quy tắc', kind: 'xa', province: 'Sóc Trăng', lat: null, lon: null }).onConflict((oc) => oc.column('code').doNothing()).execute();
      return (await env.ctx.db.insertInto('feedback_routing_rules').values({ category_code: 'waste', commune_code: commune, agency_id: Z.id, unit_id: null, updated_by: null }).returning('id').executeTakeFirstOrThrow()).id;
    };
    const id = allowed ? await make() : await once('feedbackRule', make);
    return { send: () => c.delete(`/api/v1/admin/feedback/routing-rules/${id}`) };
  },
  'GET /api/v1/admin/feedback/categories': get('/api/v1/admin/feedback/categories'),
  'PUT /api/v1/admin/feedback/categories/{code}': async (c) => ({
    send: () => c.put('/api/v1/admin/feedback/categories/authz_matrix', { name: 'Lĩnh vực thử nghiệm', description: 'Dùng cho bảng phân quyền', group: 'Khác', active: false, keywords: [] }),
  }),
};

// ---------------------------------------------------------------- judging one answer

/** Null when the answer matches the cell, else a one-line explanation that names the kind of failure. */
function judge(route: string, who: ActorName, cell: Cell, res: LightMyRequestResponse): string | null {
  const got = res.statusCode;
  const head = `${who} ${route} → ${got} (table: ${cell})`;
  const body = res.body.slice(0, 200);
  if (cell === 'allow') return got >= 200 && got < 300 ? null : `EXPECTED ALLOW, got a refusal: ${head}: ${body}`;
  if (got >= 200 && got < 300) return `UNEXPECTED ALLOW (authorization hole): ${head}`;
  const want = Number(cell.slice(5));
  if (got === want) {
    let code: unknown;
    try {
      code = JSON.parse(res.body)?.error?.code;
    } catch {}
    return code === ERROR_CODE[cell] ? null : `WRONG ERROR BODY: ${head}: error.code ${String(code)}, expected ${ERROR_CODE[cell]}`;
  }
  if ([401, 403, 404].includes(got)) return `WRONG DENIAL: ${head}: ${body}`;
  return `REACHED THE RULES (the scope check let a denied caller through): ${head}: ${body}`;
}

// ---------------------------------------------------------------- the matrix

describe('the table lists exactly the routes of the OpenAPI document', () => {
  it('every route served is classified, and every classified route is served', async () => {
    const res = await env.app.inject({ method: 'GET', url: '/api/docs/json' });
    assert.equal(res.statusCode, 200);
    const served = new Set<string>();
    for (const [path, ops] of Object.entries<Record<string, unknown>>(json(res).paths)) {
      for (const m of Object.keys(ops)) if (HTTP_METHODS.includes(m)) served.add(`${m.toUpperCase()} ${path}`);
    }
    const unclassified = [...served].filter((r) => !matrix.routes[r]);
    const gone = ROUTES.filter((r) => !served.has(r));
    assert.deepEqual(unclassified, [], `routes missing from apps/server/src/reliability/authz-matrix.json (classify them for every actor): ${unclassified.join(', ')}`);
    assert.deepEqual(gone, [], `routes in authz-matrix.json that the server no longer has: ${gone.join(', ')}`);
  });

  it('every row has one valid cell per actor, and a request builder in this file', () => {
    assert.deepEqual(matrix.actors, [...ACTORS]);
    for (const route of ROUTES) {
      const row = matrix.routes[route]!;
      for (const who of ACTORS) assert.ok(CELLS.includes(row[who]), `${route}: ${who} has "${row[who]}"; one of ${CELLS.join(', ')}`);
      assert.deepEqual(Object.keys(row).filter((k) => !['on', 'note', ...ACTORS].includes(k)), [], `${route}: unknown keys`);
      assert.ok(builders[route], `${route} has no request builder in authz-matrix.test.ts`);
    }
    assert.deepEqual(Object.keys(builders).filter((r) => !matrix.routes[r]), [], 'builders for routes the table does not list');
  });
});

describe('allow/deny matrix: every route × every actor', () => {
  for (const route of ROUTES) {
    it(route, async () => {
      const build = builders[route];
      assert.ok(build, `no request builder for ${route}`);
      const row = matrix.routes[route]!;
      const failures: string[] = [];
      for (const who of ACTORS) {
        const cell = row[who];
        const allowed = cell === 'allow';
        const p = await build(clients[who], who, allowed);
        const before = p.dossierId && !allowed ? await snapshot(p.dossierId) : null;
        const res = await p.send();
        casesChecked++;
        const verdict = judge(route, who, cell, res);
        if (verdict) {
          failures.push(verdict);
          continue;
        }
        if (allowed && p.check) {
          try {
            p.check(res);
          } catch (err) {
            failures.push(`ALLOWED BUT WRONG ANSWER: ${who} ${route}: ${(err as Error).message}`);
          }
        }
        if (before) {
          const now = await snapshot(p.dossierId!);
          if (JSON.stringify(now) !== JSON.stringify(before)) failures.push(`DENIED CALL CHANGED THE DOSSIER: ${who} ${route}: ${JSON.stringify(before)} → ${JSON.stringify(now)}`);
        }
      }
      if (failures.length) assert.fail(`${failures.length} failure(s):\n${failures.join('\n')}`);
    });
  }
});

describe('CSRF: every write refuses a session without its token', () => {
  it('for each unsafe route, the first signed-in actor the table allows gets 403 auth.csrf without x-csrf-token, and nothing changes', async () => {
    const failures: string[] = [];
    const unsafe = ROUTES.filter((r) => !r.startsWith('GET '));
    let checked = 0;
    for (const route of unsafe) {
      const tableActor = ACTORS.find((a) => a !== 'anonymous' && a !== 'disabled' && matrix.routes[route]![a] === 'allow');
      if (!tableActor) {
        failures.push(`${route}: no signed-in actor is allowed, so CSRF cannot be checked; extend this test`);
        continue;
      }
      checked++;
      const c = clients[tableActor];
      const who = tableActor;
      const noToken = new Client(env.app, c.user, c.cookie, null);
      const p = await builders[route]!(noToken, tableActor, false);
      const before = p.dossierId ? await snapshot(p.dossierId) : null;
      const res = await p.send();
      extraChecks++;
      if (res.statusCode !== 403 || JSON.parse(res.body)?.error?.key !== 'auth.csrf') failures.push(`${who} ${route} without x-csrf-token → ${res.statusCode}: ${res.body.slice(0, 200)}`);
      if (before && JSON.stringify(await snapshot(p.dossierId!)) !== JSON.stringify(before)) failures.push(`${who} ${route} without x-csrf-token changed the dossier`);
    }
    if (failures.length) assert.fail(`${failures.length} failure(s):\n${failures.join('\n')}`);
    assert.equal(checked, unsafe.length);
  });
});

// ---------------------------------------------------------------- object level

const count = async <T>(p: Promise<T>) => (extraChecks++, p);

describe('object level: ids that are guessed, known or mixed reveal nothing', () => {
  it('citizen B can read neither A’s dossier, nor its timeline, attachments, receipt or documents — and the answer is the same as for an id that does not exist', async () => {
    const B = clients.citizenB;
    const d = readable;
    const A_SECRETS = [d.code, d.applicantName, d.applicantEmail, d.applicantPhone, d.applicantAddress, 'Nguyễn Gia Bảo', d.attachments[0].filename];
    const urls = (id: string, attachmentId: string) => [
      `/api/v1/dossiers/${id}`,
      `/api/v1/dossiers/${id}/attachments/${attachmentId}`,
      `/api/v1/dossiers/${id}/receipt.pdf`,
      `/api/v1/dossiers/${id}/documents/supplement-request.pdf`,
      `/api/v1/dossiers/${id}/documents/decline-notice.pdf`,
      `/api/v1/dossiers/${id}/documents/apology-letter.pdf`,
    ];
    const real = urls(d.id, d.attachments[0].id);
    const guessed = urls(crypto.randomUUID(), crypto.randomUUID());
    for (let i = 0; i < real.length; i++) {
      const res = await count(B.get(real[i]!));
      const err = expectError(res, 404, 'not_found');
      for (const s of A_SECRETS) assert.ok(!res.body.includes(s), `${real[i]} leaks ${s}`);
      const unknown = expectError(await count(B.get(guessed[i]!)), 404, 'not_found');
      assert.equal(err.key, unknown.key, `${real[i]}: A's real dossier answers like an unknown one`);
    }
    // B's list of his own dossiers never includes A's.
    const mine = json(await count(B.get('/api/v1/me/dossiers?limit=100')));
    assert.ok(mine.every((x: any) => x.id !== d.id && x.code !== d.code));
  });

  it('an attachment is served only through its own dossier: an id of A’s attachment under B’s dossier, or of X’s under Y’s, is not found', async () => {
    const own = await env.f.submitted(clients.citizenB, X.procedure.id);
    expectError(await count(clients.citizenB.get(`/api/v1/dossiers/${own.id}/attachments/${readable.attachments[0].id}`)), 404, 'not_found', 'files.notFound');
    assert.equal((await count(clients.citizenB.get(`/api/v1/dossiers/${own.id}/attachments/${own.attachments[0].id}`))).statusCode, 200);
    const atY = await env.f.dossierAt(Y, owner, 'received');
    expectError(await count(Y.desk.get(`/api/v1/dossiers/${atY.id}/attachments/${readable.attachments[0].id}`)), 404, 'not_found', 'files.notFound');
    expectError(await count(X.desk.get(`/api/v1/dossiers/${readable.id}/attachments/${atY.attachments[0].id}`)), 404, 'not_found', 'files.notFound');
    // Even the owner of both cannot fetch one dossier's file through the other.
    expectError(await count(owner.get(`/api/v1/dossiers/${atY.id}/attachments/${readable.attachments[0].id}`)), 404, 'not_found', 'files.notFound');
  });

  it('B cannot attach A’s upload to his own submission, nor answer a supplement request with it; A still can', async () => {
    const aUpload = await owner.uploadId(PDF_BYTES, 'cccd-nguyen-thi-huong.pdf');
    expectError(await count(clients.citizenB.post('/api/v1/dossiers', env.f.submission(X.procedure.id, [aUpload]))), 400, 'invalid', 'files.notYours');
    const bSup = await env.f.dossierAt(X, clients.citizenB, 'supplement_requested');
    expectError(await count(clients.citizenB.post(`/api/v1/dossiers/${bSup.id}/supplement`, { attachments: [{ uploadId: aUpload, label: 'Giấy tờ bổ sung' }] })), 400, 'invalid', 'files.notYours');
    assert.equal((await count(owner.post('/api/v1/dossiers', env.f.submission(X.procedure.id, [aUpload])))).statusCode, 201);
  });

  it('officials of agency Y can neither find, read nor act on agency X’s dossiers', async () => {
    const d = await env.f.dossierAt(X, owner, 'received');
    for (const c of [Y.desk, Y.processor, Y.approver]) {
      expectError(await count(c.get(`/api/v1/dossiers/${d.id}`)), 404, 'not_found');
      expectError(await count(c.get(`/api/v1/dossiers/${d.id}/receipt.pdf`)), 404, 'not_found');
      const byCode = json(await count(c.get(`/api/v1/desk/dossiers?q=${encodeURIComponent(d.code)}`)));
      assert.deepEqual(byCode.items, [], `${c.user!.role} of Y finds X's dossier by its code`);
      const all = json(await count(c.get('/api/v1/desk/dossiers?limit=100')));
      assert.ok(all.items.every((i: any) => i.id !== d.id && i.id !== readable.id), `${c.user!.role} of Y lists X's dossiers`);
    }
    // Y's approver cannot pull X's dossier to Y's processor, nor X's desk push it there.
    expectError(await count(Y.approver.post(`/api/v1/dossiers/${d.id}/assign`, { assigneeId: Y.processor.user!.id })), 404, 'not_found');
    expectError(await count(X.desk.post(`/api/v1/dossiers/${d.id}/assign`, { assigneeId: Y.processor.user!.id })), 400, 'invalid', 'dossiers.assigneeInvalid');
    // Y's officials cannot list X's officials either.
    expectError(await count(Y.approver.get(`/api/v1/agencies/${X.agency.id}/officials`)), 403, 'forbidden');
    const after = await snapshot(d.id);
    assert.equal(after.status, 'received');
    assert.equal(after.assignee_id, null);
  });

  it('public tracking shows status and dates only: no email, phone, address, form data, file names, notes or ids', async () => {
    const secrets = {
      fullName: 'Trịnh Công Sơn',
      email: 'son.trinh.rieng@example.vn',
      phone: '0987654321',
      address: '12 đường Mậu Thân, phường Ninh Kiều',
      child: 'Trịnh Bảo Ngọc Diệp',
      birth: '2019-02-14',
      file: 'cccd-trinh-cong-son.pdf',
      note: 'Ghi chú nội bộ: đã gọi điện cho người nộp',
      item: 'Bản sao sổ hộ khẩu của ông Sơn',
    };
    const up = await owner.uploadId(PDF_BYTES, secrets.file);
    const body = env.f.submission(X.procedure.id, [up], {
      applicant: { fullName: secrets.fullName, email: secrets.email, phone: secrets.phone, address: secrets.address },
      formData: { childFullName: secrets.child, childBirthDate: secrets.birth, childGender: 'Nữ' },
    });
    const sub = await owner.post('/api/v1/dossiers', body);
    assert.equal(sub.statusCode, 201, sub.body);
    const d = json(sub);
    for (const [c, path, b] of [
      [X.desk, 'receive', {}],
      [X.desk, 'notes', { note: secrets.note }],
      [X.desk, 'supplement-requests', { items: [secrets.item], note: secrets.note }],
    ] as const) {
      const r = await c.post(`/api/v1/dossiers/${d.id}/${path}`, b);
      assert.equal(r.statusCode, 200, `${path}: ${r.body}`);
    }
    const anon = await count(clients.anonymous.get(`/api/v1/tracking/${encodeURIComponent(d.code)}`));
    assert.equal(anon.statusCode, 200, anon.body);
    const t = json(anon);
    assert.deepEqual(Object.keys(t).sort(), ['agencyName', 'applicantNameMasked', 'code', 'dueDate', 'finishedAt', 'procedureName', 'receivedAt', 'status', 'statusLabel', 'submittedAt', 'timeline']);
    for (const e of t.timeline) assert.deepEqual(Object.keys(e).sort(), ['action', 'at', 'toStatus']);
    assert.equal(t.applicantNameMasked, 'Trịnh C. S.');
    const leaks = [...Object.values(secrets), 'Trịnh Công', 'Công Sơn', d.id, owner.user!.id, X.desk.user!.id, 'Lê Thị Mai', 'MatKhau'].filter((s) => anon.body.includes(s));
    assert.deepEqual(leaks, [], `public tracking leaks: ${leaks.join(', ')}`);
    assert.doesNotMatch(anon.body, /@|\b0\d{9,10}\b|\+84/, 'no email address or phone number of any kind');
    // A signed-in stranger, an official of another agency and a lower-case code see exactly the same.
    for (const c of [clients.citizenB, Y.desk]) assert.equal((await count(c.get(`/api/v1/tracking/${encodeURIComponent(d.code)}`))).body, anon.body);
    assert.equal((await count(clients.anonymous.get(`/api/v1/tracking/${encodeURIComponent(d.code.toLowerCase())}`))).body, anon.body);
    expectError(await count(clients.anonymous.get('/api/v1/tracking/H00.00-000000-0000')), 404, 'not_found');
  });

  it('a disabled account of any role is signed out at once, whether disabled in the database or by an administrator', async () => {
    for (const role of ['citizen', 'desk', 'processor', 'approver', 'admin'] as const) {
      const u = await env.f.user(role, role === 'citizen' || role === 'admin' ? null : X.agency.id);
      const s = await env.f.session(u);
      assert.equal((await count(s.get('/api/v1/auth/me'))).statusCode, 200);
      await env.ctx.db.updateTable('users').set({ disabled: true }).where('id', '=', u.id).execute();
      expectError(await count(s.get('/api/v1/auth/me')), 401, 'unauthenticated');
      const own = role === 'citizen' ? '/api/v1/me/dossiers' : role === 'admin' ? '/api/v1/admin/users' : '/api/v1/desk/dossiers';
      expectError(await count(s.get(own)), 401, 'unauthenticated');
    }
    // Through the administrators' route the sessions are deleted, and signing in again is refused.
    const u = await env.f.user('desk', X.agency.id);
    const s = await env.f.session(u);
    const put = await count(clients.admin.put(`/api/v1/admin/users/${u.id}`, { email: u.email, fullName: u.fullName, role: 'desk', agencyId: X.agency.id, disabled: true }));
    assert.equal(put.statusCode, 200, put.body);
    assert.equal((await env.ctx.db.selectFrom('sessions').select('token_hash').where('user_id', '=', u.id).execute()).length, 0, 'sessions deleted');
    expectError(await count(s.get('/api/v1/desk/dossiers')), 401, 'unauthenticated');
    expectError(await count(env.f.anonymous().post('/api/v1/auth/login', { email: u.email, password: PASSWORD })), 403, 'forbidden', 'auth.disabled');
    // The table's disabled actor (a desk official of X) is still refused what deskX may do.
    assert.equal(disabledUser.agencyId, X.agency.id);
    expectError(await count(clients.disabled.get(`/api/v1/dossiers/${readable.id}`)), 401, 'unauthenticated');
  });
});
