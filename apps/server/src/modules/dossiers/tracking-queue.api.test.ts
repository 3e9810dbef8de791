// Two reads of dossiers: the public tracking page anyone opens with a code (no sign-in, nothing
// personal beyond a masked name), and the officials' queue with its filters and due-date order.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, json, type TestEnv } from '../../test/harness.ts';
import { PNG_BYTES, type Client, type Office } from '../../test/factories.ts';
import { expectError } from '../../test/expect.ts';
import * as tracking from './tracking.ts';

let env: TestEnv;
let citizen: Client;

before(async () => {
  env = await createTestEnv();
  citizen = await env.f.signedIn('citizen', null, { fullName: 'Nguyễn Thị Hương' });
});
after(() => env.close());

const nineAm = (date: string) => `${date}T02:00:00Z`;
const step = async (c: Client, id: string, path: string, body: unknown = {}) => {
  const res = await c.post(`/api/v1/dossiers/${id}/${path}`, body);
  assert.equal(res.statusCode, 200, res.body);
  return json(res);
};

describe('public tracking by dossier code', () => {
  let office: Office;
  let d: any;

  before(async () => {
    env.setNow(nineAm('2026-11-23'));
    office = await env.f.office({ processingDays: 3 });
    d = await env.f.dossierAt(office, citizen, 'in_progress');
    await step(office.processor, d.id, 'notes', { note: 'Ghi chú nội bộ: đã gọi số 0912345678' });
    await step(office.processor, d.id, 'supplement-requests', { items: ['Bản sao sổ hộ khẩu của bà Hương'] });
    const uploadId = await citizen.uploadId(PNG_BYTES, 'so-ho-khau-nguyen-thi-huong.png');
    await step(citizen, d.id, 'supplement', { note: 'Gửi bổ sung', attachments: [{ uploadId, label: 'Sổ hộ khẩu bản sao' }] });
  });

  it('works without signing in and shows status, due date and the timeline', async () => {
    const res = await env.f.anonymous().get(`/api/v1/tracking/${encodeURIComponent(d.code)}`);
    assert.equal(res.statusCode, 200, res.body);
    const t = json(res);
    assert.equal(t.code, d.code);
    assert.equal(t.status, 'in_progress');
    assert.equal(t.statusLabel, 'Đang xử lý');
    assert.equal(t.dueDate, '2026-11-26');
    assert.equal(t.procedureName, 'Đăng ký khai sinh');
    assert.equal(t.agencyName, office.agency.name);
    assert.equal(t.applicantNameMasked, 'Nguyễn T. H.');
    assert.deepEqual(
      t.timeline.map((e: any) => [e.action, e.toStatus]),
      [
        ['submit', 'submitted'],
        ['receive', 'received'],
        ['assign', 'in_progress'],
        ['request_supplement', 'supplement_requested'],
        ['answer_supplement', 'in_progress'],
      ],
      'internal notes are not shown',
    );
    assert.deepEqual(Object.keys(t).sort(), ['agencyName', 'applicantNameMasked', 'code', 'dueDate', 'finishedAt', 'procedureName', 'receivedAt', 'status', 'statusLabel', 'submittedAt', 'timeline']);
  });

  it('reveals nothing personal: no email, phone, address, form data, attachment names or reasons', async () => {
    const body = (await env.f.anonymous().get(`/api/v1/tracking/${encodeURIComponent(d.code)}`)).body;
    const secrets = [
      'Nguyễn Thị Hương', // full name
      'huong@example.vn',
      '0912345678',
      'Phú Lợi', // address
      'Nguyễn Gia Bảo', // form data
      '2026-11-01',
      'giay-chung-sinh.pdf', // attachment file names and labels
      'Giấy chứng sinh',
      'so-ho-khau',
      'Sổ hộ khẩu',
      'Ghi chú nội bộ', // note and supplement texts
      'Gửi bổ sung',
      citizen.user!.id,
      citizen.user!.email,
    ];
    for (const s of secrets) assert.ok(!body.includes(s), `tracking JSON must not contain "${s}"`);
    for (const k of ['applicantEmail', 'applicantPhone', 'applicantAddress', 'formData', 'attachments', 'reason', 'assigneeName', 'assigneeId']) {
      assert.ok(!body.includes(`"${k}"`), `no ${k} field`);
    }
  });

  it('accepts the code in lower case, and is not an official read (no audit row)', async () => {
    const before = await env.ctx.db.selectFrom('audit_log').select('id').where('subject_id', '=', d.id).execute();
    assert.equal((await env.f.anonymous().get(`/api/v1/tracking/${encodeURIComponent(d.code.toLowerCase())}`)).statusCode, 200);
    const after = await env.ctx.db.selectFrom('audit_log').select('id').where('subject_id', '=', d.id).execute();
    assert.equal(after.length, before.length);
  });

  it('an unknown code is a Vietnamese 404, a too-short one 400', async () => {
    expectError(await env.f.anonymous().get('/api/v1/tracking/H99.01-261123-9999'), 404, 'not_found', 'dossiers.notFound');
    expectError(await env.f.anonymous().get('/api/v1/tracking/abc'), 400, 'invalid');
  });

  it('shows a finished dossier with its end date', async () => {
    const done = await env.f.dossierAt(office, citizen, 'result_returned');
    const t = json(await env.f.anonymous().get(`/api/v1/tracking/${encodeURIComponent(done.code)}`));
    assert.equal(t.status, 'result_returned');
    assert.equal(t.statusLabel, 'Đã trả kết quả');
    assert.ok(t.finishedAt);
  });
});

describe('public tracking under concurrent look-ups (batched into one query)', () => {
  it('answers each request with its own dossier, also when they are read together', async () => {
    const office = await env.f.office();
    const a = await env.f.dossierAt(office, citizen, 'in_progress');
    const b = await env.f.dossierAt(office, citizen, 'received');
    const c = await env.f.dossierAt(office, citizen, 'result_returned');
    const asked = [a.code, b.code, 'H99.01-261123-9999', c.code, a.code.toLowerCase(), b.code, c.code, 'H99.01-261123-9998'];
    const answers = await Promise.all(asked.map((code) => env.f.anonymous().get(`/api/v1/tracking/${encodeURIComponent(code)}`)));
    const statusOf = new Map([a, b, c].map((d) => [d.code, d.status]));
    answers.forEach((res, i) => {
      const code = asked[i]!.toUpperCase();
      if (code.startsWith('H99')) return expectError(res, 404, 'not_found', 'dossiers.notFound');
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(json(res).code, code);
      assert.equal(json(res).status, statusOf.get(code));
    });
    assert.deepEqual([...statusOf.values()], ['in_progress', 'received', 'result_returned']);
  });

  it('reads the codes asked for in the same turn with one query, and reads again on the next ask', async () => {
    const office = await env.f.office();
    const ds = [await env.f.dossierAt(office, citizen, 'submitted'), await env.f.dossierAt(office, citizen, 'received')];
    let queries = 0;
    const counted = env.ctx.db.withPlugin({
      transformQuery: (args) => {
        queries++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
    const rows = await Promise.all([...ds, ...ds].map((d) => tracking.trackingView(counted, d.code)));
    assert.deepEqual(rows.map((r) => r?.code), [...ds, ...ds].map((d) => d.code));
    assert.equal(queries, 1);
    // Not a cache: a later look-up sees the change of status made in between.
    await step(office.desk, ds[0]!.id, 'receive');
    assert.equal((await tracking.trackingView(counted, ds[0]!.code))?.status, 'received');
    assert.equal(queries, 2);
  });
});

describe('the officials’ queue (GET /api/v1/desk/dossiers)', () => {
  let office: Office;
  const ids: Record<string, string> = {};
  const codes = (res: any) => res.items.map((i: any) => i.id);
  const queue = async (c: Client, query = '') => {
    const res = await c.get(`/api/v1/desk/dossiers${query}`);
    assert.equal(res.statusCode, 200, res.body);
    return json(res);
  };

  before(async () => {
    office = await env.f.office({ processingDays: 1 });
    const { agency, desk, processor } = office;
    const [p1, p2, p10] = await Promise.all([1, 2, 10].map((processingDays) => env.f.procedure(agency.id, { processingDays })));
    const file = async (procedureId: string) => (await env.f.submitted(citizen, procedureId)).id as string;

    env.setNow(nineAm('2026-11-02')); // Monday
    ids.overdue = await file(p1!.id);
    await step(desk, ids.overdue, 'receive'); // due Tue 3/11

    env.setNow(nineAm('2026-11-05')); // Thursday: "today" for the queries below
    ids.soon = await file(p1!.id);
    await step(desk, ids.soon, 'receive'); // due Fri 6/11
    ids.later = await file(p10!.id);
    await step(desk, ids.later, 'receive', { assigneeId: processor.user!.id }); // due Thu 19/11, assigned
    ids.paused = await file(p2!.id);
    await step(desk, ids.paused, 'receive'); // due Mon 9/11, then paused
    await step(desk, ids.paused, 'supplement-requests', { items: ['Tờ khai có chữ ký'] });
    ids.fresh = await file(p1!.id); // submitted, no due date yet
  });

  it('orders by due date, earliest first, dossiers without one last', async () => {
    const all = await queue(office.desk);
    assert.equal(all.total, 5);
    assert.deepEqual(codes(all), [ids.overdue, ids.soon, ids.paused, ids.later, ids.fresh]);
    assert.deepEqual(all.items.map((i: any) => i.dueDate), ['2026-11-03', '2026-11-06', '2026-11-09', '2026-11-19', null]);
    assert.deepEqual(all.items.map((i: any) => i.overdue), [true, false, false, false, false]);
  });

  it('filters by status', async () => {
    assert.deepEqual(codes(await queue(office.desk, '?status=received')), [ids.overdue, ids.soon]);
    assert.deepEqual(codes(await queue(office.desk, '?status=submitted')), [ids.fresh]);
    assert.deepEqual(codes(await queue(office.desk, '?status=supplement_requested')), [ids.paused]);
    assert.deepEqual(codes(await queue(office.desk, '?status=approved')), []);
  });

  it('due=soon: due within two working days (overdue included), paused dossiers excluded', async () => {
    assert.deepEqual(codes(await queue(office.desk, '?due=soon')), [ids.overdue, ids.soon]);
  });

  it('due=overdue: past their due date', async () => {
    const res = await queue(office.approver, '?due=overdue');
    assert.equal(res.total, 1);
    assert.deepEqual(codes(res), [ids.overdue]);
  });

  it('mine=true: the dossiers assigned to the caller', async () => {
    assert.deepEqual(codes(await queue(office.processor, '?mine=true')), [ids.later]);
    assert.deepEqual(codes(await queue(office.desk, '?mine=true')), []);
  });

  it('pages with limit and offset; total counts them all', async () => {
    const page = await queue(office.desk, '?limit=2&offset=2');
    assert.equal(page.total, 5);
    assert.deepEqual(codes(page), [ids.paused, ids.later]);
  });

  it('searches codes as typed and names without diacritics; LIKE wildcards are literal', async () => {
    assert.equal((await queue(office.desk, `?q=${encodeURIComponent('nguyen thi huong')}`)).total, 5);
    assert.equal((await queue(office.desk, `?q=${encodeURIComponent('NGUYỄN THỊ HƯƠNG')}`)).total, 5);
    assert.equal((await queue(office.desk, `?q=${encodeURIComponent('Trần Văn')}`)).total, 0);
    const detail = json(await office.desk.get(`/api/v1/dossiers/${ids.soon}`));
    assert.deepEqual(codes(await queue(office.desk, `?q=${encodeURIComponent(detail.code.toLowerCase())}`)), [ids.soon]);
    assert.equal((await queue(office.desk, `?q=${encodeURIComponent('%')}`)).total, 0);
  });

  it('bad filters are a Vietnamese 400; citizens get 403', async () => {
    expectError(await office.desk.get('/api/v1/desk/dossiers?status=lost'), 400, 'invalid');
    expectError(await office.desk.get('/api/v1/desk/dossiers?due=yesterday'), 400, 'invalid');
    expectError(await office.desk.get('/api/v1/desk/dossiers?limit=1000'), 400, 'invalid');
    expectError(await citizen.get('/api/v1/desk/dossiers'), 403, 'forbidden');
  });
});
