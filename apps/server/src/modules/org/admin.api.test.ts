// The system administrator builds the organisation: agencies, their units and the officials who
// sit in them. Officials always belong to an agency; only the administrator may do any of this.
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, json, type TestEnv } from '../../test/harness.ts';
import { randomIp, type Client } from '../../test/factories.ts';
import { assertVietnamese, expectAudited, expectError } from '../../test/expect.ts';

let env: TestEnv;
let admin: Client;

before(async () => {
  env = await createTestEnv();
  admin = await env.f.signedIn('admin');
});
after(() => env.close());

const code = () => `H${crypto.randomInt(10, 99)}.${crypto.randomInt(10, 99)}.${crypto.randomInt(10, 99)}`;
const created = async (res: Awaited<ReturnType<Client['post']>>) => {
  assert.equal(res.statusCode, 201, res.body);
  return json(res);
};
const newAgency = (overrides: Record<string, unknown> = {}) =>
  admin.post('/api/v1/admin/agencies', { code: code(), name: 'UBND phường Khánh Hòa', level: 'commune', address: 'Phường Khánh Hòa, Cần Thơ', phone: '02993123456', ...overrides });
const official = (agencyId: string | null, overrides: Record<string, unknown> = {}) => ({
  email: `can-bo-${crypto.randomUUID().slice(0, 8)}@tinhso.example`,
  password: 'MatKhau2026',
  fullName: 'Huỳnh Thị Ngọc',
  role: 'desk',
  agencyId,
  ...overrides,
});

describe('agencies and units', () => {
  it('the administrator creates an agency; it is listed publicly', async () => {
    const agency = await created(await newAgency({ name: 'Sở Xây dựng', level: 'province' }));
    assert.equal(agency.level, 'province');
    await expectAudited(env.ctx, agency.id, 'org.agency.create', admin.user!.id);
    const list = json(await env.f.anonymous().get('/api/v1/agencies'));
    assert.ok(list.some((a: any) => a.id === agency.id && a.name === 'Sở Xây dựng'));
  });

  it('saves a province-level agency unchanged: null commune, address and email stay null', async () => {
    const created = json(await admin.post('/api/v1/admin/agencies', { code: 'H55.97', name: 'Sở Thử nghiệm', level: 'province', communeCode: null, address: null, phone: null, email: null }));
    const { id, ...same } = created;
    const saved = await admin.put(`/api/v1/admin/agencies/${id}`, same);
    assert.equal(saved.statusCode, 200, saved.body);
    assert.deepEqual(json(saved), created);
  });

  it('refuses a commune that does not exist with a Vietnamese 400', async () => {
    expectError(await admin.post('/api/v1/admin/agencies', { code: 'H55.98', name: 'UBND xã Không Có', level: 'commune', communeCode: '99999' }), 400, 'invalid', 'org.communeNotFound');
  });

  it('edits an agency', async () => {
    const agency = await created(await newAgency());
    const res = await admin.put(`/api/v1/admin/agencies/${agency.id}`, { code: agency.code, name: 'UBND phường Khánh Hòa (mới)', level: 'commune' });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(json(res).name, 'UBND phường Khánh Hòa (mới)');
    expectError(await admin.put(`/api/v1/admin/agencies/${crypto.randomUUID()}`, { code: code(), name: 'Không có', level: 'commune' }), 404, 'not_found', 'org.agencyNotFound');
  });

  it('refuses a taken or malformed agency code', async () => {
    const agency = await created(await newAgency());
    expectError(await newAgency({ code: agency.code }), 409, 'conflict', 'org.codeTaken');
    const err = expectError(await newAgency({ code: 'h15 thường' }), 400, 'invalid');
    err.details.forEach((d: any) => assertVietnamese(d.message));
    expectError(await newAgency({ level: 'district' }), 400, 'invalid');
  });

  it('adds units to an agency; a unit name is unique within it', async () => {
    const agency = await created(await newAgency());
    const unit = await created(await admin.post(`/api/v1/admin/agencies/${agency.id}/units`, { name: 'Phòng Văn hóa – Xã hội' }));
    assert.equal(unit.agencyId, agency.id);
    await expectAudited(env.ctx, unit.id, 'org.unit.create', admin.user!.id);
    assert.deepEqual(json(await env.f.anonymous().get(`/api/v1/agencies/${agency.id}/units`)).map((u: any) => u.name), ['Phòng Văn hóa – Xã hội']);
    expectError(await admin.post(`/api/v1/admin/agencies/${agency.id}/units`, { name: 'Phòng Văn hóa – Xã hội' }), 409, 'conflict', 'org.unitNameTaken');
    expectError(await admin.post(`/api/v1/admin/agencies/${crypto.randomUUID()}/units`, { name: 'Phòng Kinh tế' }), 404, 'not_found', 'org.agencyNotFound');
    expectError(await admin.post(`/api/v1/admin/agencies/${agency.id}/units`, { name: 'x' }), 400, 'invalid');
  });
});

describe('officials', () => {
  it('the administrator creates an official in an agency and unit, who can then sign in', async () => {
    const agency = await created(await newAgency());
    const unit = await created(await admin.post(`/api/v1/admin/agencies/${agency.id}/units`, { name: 'Bộ phận Một cửa' }));
    const input = official(agency.id, { unitId: unit.id });
    const user = await created(await admin.post('/api/v1/admin/users', input));
    assert.deepEqual({ role: user.role, agencyId: user.agencyId, unitId: user.unitId, disabled: user.disabled }, { role: 'desk', agencyId: agency.id, unitId: unit.id, disabled: false });
    await expectAudited(env.ctx, user.id, 'identity.user.create', admin.user!.id);
    const login = await env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: input.email, password: input.password }, remoteAddress: randomIp() });
    assert.equal(login.statusCode, 200, login.body);
    assert.equal(json(login).agencyName, 'UBND phường Khánh Hòa');
    const listed = json(await admin.get(`/api/v1/admin/users?role=desk&agencyId=${agency.id}`));
    assert.deepEqual(listed.map((u: any) => u.id), [user.id]);
  });

  it('keeps an official’s phone number when an edit does not send one, and lists it', async () => {
    const agency = await created(await newAgency());
    const input = { ...official(agency.id), phone: '0299123456' };
    const user = await created(await admin.post('/api/v1/admin/users', input));
    assert.equal(user.phone, '0299123456');
    const { phone: _omitted, password: _keep, ...withoutPhone } = input;
    const edited = await admin.put(`/api/v1/admin/users/${user.id}`, { ...withoutPhone, fullName: 'Trần Thị Bích' });
    assert.equal(edited.statusCode, 200, edited.body);
    assert.equal(json(edited).phone, '0299123456');
    const listed = json(await admin.get(`/api/v1/admin/users?agencyId=${agency.id}`));
    assert.deepEqual(listed.map((u: any) => [u.fullName, u.phone]), [['Trần Thị Bích', '0299123456']]);
  });

  it('an official without an agency is a Vietnamese 400', async () => {
    for (const role of ['desk', 'processor', 'approver']) {
      expectError(await admin.post('/api/v1/admin/users', official(null, { role })), 400, 'invalid', 'org.officialNeedsAgency');
      const { agencyId: _omitted, ...withoutAgency } = official(null, { role });
      expectError(await admin.post('/api/v1/admin/users', withoutAgency), 400, 'invalid', 'org.officialNeedsAgency');
    }
  });

  it('refuses a unit of another agency, a taken email, a weak or missing password', async () => {
    const [a, b] = [await created(await newAgency()), await created(await newAgency())];
    const unitOfB = await created(await admin.post(`/api/v1/admin/agencies/${b.id}/units`, { name: 'Phòng Tư pháp' }));
    expectError(await admin.post('/api/v1/admin/users', official(a.id, { unitId: unitOfB.id })), 400, 'invalid', 'org.unitNotFound');
    const first = official(a.id);
    await created(await admin.post('/api/v1/admin/users', first));
    expectError(await admin.post('/api/v1/admin/users', official(a.id, { email: first.email.toUpperCase() })), 409, 'conflict', 'auth.emailTaken');
    expectError(await admin.post('/api/v1/admin/users', official(a.id, { password: 'chichucai' })), 400, 'invalid', 'auth.weakPassword');
    const { password: _none, ...noPassword } = official(a.id);
    expectError(await admin.post('/api/v1/admin/users', noPassword), 400, 'invalid');
  });

  it('an agency’s officials are visible to its own officials and the administrator only', async () => {
    const [a, b] = [await created(await newAgency()), await created(await newAgency())];
    const processor = await created(await admin.post('/api/v1/admin/users', official(a.id, { role: 'processor', fullName: 'Danh Sóc Kha' })));
    const deskOfA = await env.f.signedIn('desk', a.id);
    const deskOfB = await env.f.signedIn('desk', b.id);
    const ofA = json(await deskOfA.get(`/api/v1/agencies/${a.id}/officials`));
    assert.ok(ofA.some((o: any) => o.id === processor.id && o.fullName === 'Danh Sóc Kha'));
    assert.equal((await admin.get(`/api/v1/agencies/${a.id}/officials`)).statusCode, 200);
    expectError(await deskOfB.get(`/api/v1/agencies/${a.id}/officials`), 403, 'forbidden');
    expectError(await (await env.f.signedIn('citizen')).get(`/api/v1/agencies/${a.id}/officials`), 403, 'forbidden');
    expectError(await env.f.anonymous().get(`/api/v1/agencies/${a.id}/officials`), 401, 'unauthenticated');
  });
});

describe('only the administrator administers', () => {
  it('officials and citizens get 403, no session 401, and nothing is created', async () => {
    const agency = await created(await newAgency());
    const before = await env.ctx.db.selectFrom('agencies').select('id').execute();
    const calls = (c: Client) => [
      c.post('/api/v1/admin/agencies', { code: code(), name: 'Cơ quan lạ', level: 'commune' }),
      c.put(`/api/v1/admin/agencies/${agency.id}`, { code: agency.code, name: 'Đổi tên trái phép', level: 'commune' }),
      c.post(`/api/v1/admin/agencies/${agency.id}/units`, { name: 'Phòng lạ' }),
      c.post('/api/v1/admin/users', official(agency.id, { role: 'approver' })),
      c.put(`/api/v1/admin/users/${admin.user!.id}`, official(null, { role: 'citizen' })),
      c.get('/api/v1/admin/users'),
    ];
    for (const c of [await env.f.signedIn('citizen'), await env.f.signedIn('approver', agency.id), await env.f.signedIn('desk', agency.id)]) {
      for (const res of await Promise.all(calls(c))) expectError(res, 403, 'forbidden');
    }
    for (const res of await Promise.all(calls(env.f.anonymous()))) expectError(res, 401, 'unauthenticated');
    assert.equal((await env.ctx.db.selectFrom('agencies').select('id').execute()).length, before.length);
    assert.equal(json(await env.f.anonymous().get('/api/v1/agencies')).find((a: any) => a.id === agency.id).name, 'UBND phường Khánh Hòa');
  });
});
