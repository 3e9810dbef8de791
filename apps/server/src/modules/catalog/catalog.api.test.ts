// The catalog of administrative procedures: search that ignores Vietnamese diacritics and case,
// filters by agency, field and online level; and the administrator's editing of procedures,
// including the application form (a JSON Schema), which submissions then follow.
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, json, type TestEnv } from '../../test/harness.ts';
import type { Client } from '../../test/factories.ts';
import { assertVietnamese, expectAudited, expectError } from '../../test/expect.ts';

let env: TestEnv;
let admin: Client;
let anyone: Client;
let A: Awaited<ReturnType<TestEnv['f']['agency']>>;
let B: Awaited<ReturnType<TestEnv['f']['agency']>>;
const ids: Record<string, string> = {};

before(async () => {
  env = await createTestEnv();
  [admin, A, B] = await Promise.all([env.f.signedIn('admin'), env.f.agency({ level: 'province', name: 'Sở Tư pháp' }), env.f.agency({ name: 'UBND phường Phú Lợi' })]);
  anyone = env.f.anonymous();
  const p = (agencyId: string, name: string, field: string, onlineLevel: 'full' | 'partial', active = true) => env.f.procedure(agencyId, { name, field, onlineLevel, active });
  const rows = await Promise.all([
    p(B.id, 'Đăng ký khai sinh', 'Hộ tịch', 'full'),
    p(B.id, 'Đăng ký kết hôn', 'Hộ tịch', 'partial'),
    p(A.id, 'Cấp bản sao trích lục hộ tịch', 'Hộ tịch', 'full'),
    p(A.id, 'Cấp giấy phép xây dựng nhà ở riêng lẻ', 'Xây dựng', 'partial'),
    p(B.id, 'Đăng ký khai tử', 'Hộ tịch', 'full', false),
  ]);
  for (const [key, row] of ['khaiSinh', 'ketHon', 'trichLuc', 'xayDung', 'khaiTu'].map((k, i) => [k, rows[i]!] as const)) ids[key] = row.id;
});
after(() => env.close());

const search = async (query: string) => {
  const res = await anyone.get(`/api/v1/procedures?${query}`);
  assert.equal(res.statusCode, 200, res.body);
  return json(res) as { total: number; items: any[] };
};
const names = (r: { items: any[] }) => r.items.map((i) => i.name).sort();
const q = (text: string) => `q=${encodeURIComponent(text)}`;

describe('search', () => {
  it('ignores diacritics and case', async () => {
    const expected = ['Đăng ký khai sinh'];
    assert.deepEqual(names(await search(q('khai sinh'))), expected);
    assert.deepEqual(names(await search(q('KHAI SINH'))), expected);
    assert.deepEqual(names(await search(q('Khai Sinh'.normalize('NFD')))), expected);
    assert.deepEqual(names(await search(q('  khai   sinh '))), expected);
  });

  it('“đăng ký” and “dang ky” find the same procedures (đ ≡ d)', async () => {
    const withMarks = await search(q('đăng ký'));
    const without = await search(q('dang ky'));
    assert.deepEqual(names(withMarks), ['Đăng ký kết hôn', 'Đăng ký khai sinh'].sort());
    assert.deepEqual(names(without), names(withMarks));
    assert.deepEqual(names(await search(q('ĐĂNG KÝ KẾT HÔN'))), ['Đăng ký kết hôn']);
    assert.deepEqual(names(await search(q('xay dung'))), ['Cấp giấy phép xây dựng nhà ở riêng lẻ']);
  });

  it('every word must match, in any order', async () => {
    assert.deepEqual(names(await search(q('ho tich ban sao'))), ['Cấp bản sao trích lục hộ tịch']);
    assert.deepEqual(names(await search(q('khai sinh xây dựng'))), []);
  });

  it('never lists a procedure that takes no dossiers', async () => {
    assert.deepEqual(names(await search(q('khai tu'))), []);
  });

  it('treats LIKE wildcards as plain text', async () => {
    assert.equal((await search(q('%'))).total, 0);
    assert.equal((await search(q('_'))).total, 0);
    assert.equal((await search(q('\\'))).total, 0);
  });

  it('filters by agency, field and online level, alone or together', async () => {
    assert.deepEqual(names(await search(`agencyId=${A.id}`)), ['Cấp bản sao trích lục hộ tịch', 'Cấp giấy phép xây dựng nhà ở riêng lẻ']);
    assert.deepEqual(names(await search(`field=${encodeURIComponent('Xây dựng')}`)), ['Cấp giấy phép xây dựng nhà ở riêng lẻ']);
    assert.deepEqual(names(await search('onlineLevel=partial')), ['Cấp giấy phép xây dựng nhà ở riêng lẻ', 'Đăng ký kết hôn'].sort());
    assert.deepEqual(names(await search(`agencyId=${B.id}&onlineLevel=full`)), ['Đăng ký khai sinh']);
    assert.deepEqual(names(await search(`${q('dang ky')}&field=${encodeURIComponent('Hộ tịch')}&onlineLevel=partial`)), ['Đăng ký kết hôn']);
    const page = await search(`field=${encodeURIComponent('Hộ tịch')}&limit=1`);
    assert.equal(page.total, 3);
    assert.equal(page.items.length, 1);
  });

  it('answers what a citizen needs to choose, and the full procedure by id', async () => {
    const [item] = (await search(q('khai sinh'))).items;
    assert.deepEqual(
      { name: item.name, agencyName: item.agencyName, field: item.field, onlineLevel: item.onlineLevel, processingDays: item.processingDays, fee: item.fee },
      { name: 'Đăng ký khai sinh', agencyName: 'UBND phường Phú Lợi', field: 'Hộ tịch', onlineLevel: 'full', processingDays: 3, fee: 0 },
    );
    const full = json(await anyone.get(`/api/v1/procedures/${ids.khaiSinh}`));
    assert.equal(full.agencyCode, B.code);
    assert.deepEqual(full.documents, [{ name: 'Giấy chứng sinh', required: true }]);
    assert.equal(full.formSchema.type, 'object');
    expectError(await anyone.get(`/api/v1/procedures/${crypto.randomUUID()}`), 404, 'not_found', 'catalog.procedureNotFound');
    assert.deepEqual(json(await anyone.get('/api/v1/procedure-fields')), ['Hộ tịch', 'Xây dựng']);
  });

  it('bad filters are a Vietnamese 400', async () => {
    expectError(await anyone.get('/api/v1/procedures?onlineLevel=mot-phan'), 400, 'invalid');
    expectError(await anyone.get('/api/v1/procedures?agencyId=khong-phai-uuid'), 400, 'invalid');
    expectError(await anyone.get('/api/v1/procedures?limit=0'), 400, 'invalid');
  });
});

describe('administration of procedures', () => {
  const FORM = {
    type: 'object',
    required: ['fullName', 'plotNumber'],
    properties: {
      fullName: { type: 'string', title: 'Họ và tên chủ đầu tư', minLength: 2 },
      plotNumber: { type: 'string', title: 'Số thửa đất', pattern: '^[0-9]+$' },
      floors: { type: 'integer', title: 'Số tầng', minimum: 1, maximum: 7 },
    },
  };
  const input = (overrides: Record<string, unknown> = {}) => ({
    code: `1.00${crypto.randomInt(1000, 9999)}`,
    name: 'Cấp giấy phép sửa chữa, cải tạo công trình',
    field: 'Xây dựng',
    agencyId: A.id,
    processingDays: 15,
    fee: 75_000,
    feeNote: 'Lệ phí cấp giấy phép',
    onlineLevel: 'partial',
    documents: [{ name: 'Đơn đề nghị cấp giấy phép', required: true }, { name: 'Bản vẽ thiết kế', required: true, copies: 2 }],
    formSchema: FORM,
    ...overrides,
  });

  it('the administrator creates a procedure with its form; it is searchable at once', async () => {
    const res = await admin.post('/api/v1/admin/procedures', input());
    assert.equal(res.statusCode, 201, res.body);
    const p = json(res);
    assert.equal(p.agencyName, 'Sở Tư pháp');
    assert.deepEqual(p.formSchema, FORM);
    assert.equal(p.fee, 75_000);
    assert.equal(p.active, true);
    await expectAudited(env.ctx, p.id, 'catalog.procedure.create', admin.user!.id);
    assert.deepEqual(names(await search(q('sua chua cai tao'))), ['Cấp giấy phép sửa chữa, cải tạo công trình']);
  });

  it('updating the form changes what submissions must contain', async () => {
    const p = json(await admin.post('/api/v1/admin/procedures', input({ documents: [] })));
    const citizen = await env.f.signedIn('citizen');
    const submit = (formData: Record<string, unknown>) =>
      citizen.post('/api/v1/dossiers', { procedureId: p.id, formData, applicant: { fullName: 'Lâm Thị Thu' }, attachments: [] });
    assert.equal((await submit({ fullName: 'Lâm Thị Thu', plotNumber: '125' })).statusCode, 201);

    const newForm = { ...FORM, required: [...FORM.required, 'floors'] };
    const res = await admin.put(`/api/v1/admin/procedures/${p.id}`, input({ code: p.code, name: 'Cấp giấy phép cải tạo công trình', documents: [], formSchema: newForm }));
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(json(res).name, 'Cấp giấy phép cải tạo công trình');
    await expectAudited(env.ctx, p.id, 'catalog.procedure.update', admin.user!.id);

    const err = expectError(await submit({ fullName: 'Lâm Thị Thu', plotNumber: '125' }), 400, 'invalid', 'dossiers.formInvalid');
    assert.deepEqual(err.details, [{ field: 'formData/floors', message: 'Thiếu trường bắt buộc "floors".' }]);
    assert.equal((await submit({ fullName: 'Lâm Thị Thu', plotNumber: '125', floors: 3 })).statusCode, 201);
  });

  it('deactivating a procedure removes it from search and stops submissions', async () => {
    const p = json(await admin.post('/api/v1/admin/procedures', input({ name: 'Thủ tục sắp ngừng áp dụng' })));
    assert.equal((await admin.put(`/api/v1/admin/procedures/${p.id}`, input({ code: p.code, name: p.name, active: false }))).statusCode, 200);
    assert.equal((await search(q('sap ngung ap dung'))).total, 0);
    const all = json(await admin.get('/api/v1/admin/procedures'));
    assert.ok(all.some((x: any) => x.id === p.id && x.active === false), 'the administrator still sees it');
  });

  it('an invalid JSON Schema for the form is a Vietnamese 400', async () => {
    for (const formSchema of [
      { type: 'object', properties: { a: { type: 'chuoi' } } },
      { type: 'array', items: { type: 'string' } },
      { type: 'object', required: 'fullName' },
      { type: 'object', properties: { a: { $ref: '#/definitions/khong-co' } } },
    ]) {
      const err = expectError(await admin.post('/api/v1/admin/procedures', input({ formSchema })), 400, 'invalid', 'catalog.badFormSchema');
      assert.ok(Array.isArray(err.details) && err.details.length > 0);
    }
  });

  it('a form schema with its own $id can be saved again and used for submissions', async () => {
    const formSchema = { $id: 'https://tinhso.example/bieu-mau/xay-dung.json', ...FORM };
    const created = await admin.post('/api/v1/admin/procedures', input({ formSchema, documents: [] }));
    assert.equal(created.statusCode, 201, created.body);
    const p = json(created);
    const updated = await admin.put(`/api/v1/admin/procedures/${p.id}`, input({ code: p.code, formSchema, documents: [] }));
    assert.equal(updated.statusCode, 200, updated.body);
    const citizen = await env.f.signedIn('citizen');
    const res = await citizen.post('/api/v1/dossiers', { procedureId: p.id, formData: { fullName: 'Lâm Thị Thu', plotNumber: '7' }, applicant: { fullName: 'Lâm Thị Thu' }, attachments: [] });
    assert.equal(res.statusCode, 201, res.body);
  });

  it('other mistakes are Vietnamese 400/409', async () => {
    const taken = json(await admin.post('/api/v1/admin/procedures', input()));
    expectError(await admin.post('/api/v1/admin/procedures', input({ code: taken.code })), 409, 'conflict', 'catalog.codeTaken');
    expectError(await admin.post('/api/v1/admin/procedures', input({ agencyId: crypto.randomUUID() })), 400, 'invalid', 'org.agencyNotFound');
    expectError(await admin.post('/api/v1/admin/procedures', input({ unitId: B.unitId })), 400, 'invalid', 'org.unitNotFound');
    const err = expectError(await admin.post('/api/v1/admin/procedures', input({ processingDays: -1, fee: 1.5, onlineLevel: 'toan-trinh' })), 400, 'invalid', 'common.invalidInput');
    err.details.forEach((d: any) => assertVietnamese(d.message));
    expectError(await admin.put(`/api/v1/admin/procedures/${crypto.randomUUID()}`, input()), 404, 'not_found');
  });

  it('only the administrator may edit the catalog', async () => {
    const official = (role: 'desk' | 'processor' | 'approver') => env.f.signedIn(role, A.id);
    for (const c of [await env.f.signedIn('citizen'), await official('desk'), await official('approver')]) {
      expectError(await c.post('/api/v1/admin/procedures', input()), 403, 'forbidden');
      expectError(await c.put(`/api/v1/admin/procedures/${ids.khaiSinh}`, input()), 403, 'forbidden');
      expectError(await c.get('/api/v1/admin/procedures'), 403, 'forbidden');
    }
    expectError(await anyone.post('/api/v1/admin/procedures', input()), 401, 'unauthenticated');
    assert.equal(json(await anyone.get(`/api/v1/procedures/${ids.khaiSinh}`)).name, 'Đăng ký khai sinh');
  });
});
