// Who sees which figures, what lies behind a figure, the exports and the public transparency page:
// - scope: the province leader sees the province, a commune chair their commune (its agencies and
//   the feedback reports located there), an agency head their agency; anything outside is refused;
//   the administrator, officials, citizens and anonymous callers get nothing;
// - drill-down: the dossiers behind a figure are exactly the ones the figure counts, page by page,
//   and each read is audited with its purpose; so are the feedback reports behind each part of
//   5.1–5.3; the feedback map shows every located report of the scope (published or not) and
//   nothing personal;
// - XLSX and PDF exports read back to the same figures, in Vietnamese, and are audited;
// - GET /api/v1/indicators answers without a session and carries no personal data;
// - bad periods and parameters are 400s with Vietnamese messages, never 500s.
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { createTestEnv, json, type TestEnv } from '../../test/harness.ts';
import { expectError } from '../../test/expect.ts';
import { NOW, buildWorld, vnAt, type World } from './test-data.ts';

let env: TestEnv;
let world: World;
const Q4 = 'period=quarter&year=2026&quarter=4';

before(async () => {
  env = await createTestEnv();
  env.setNow(NOW);
  world = await buildWorld(env, { seed: 2026, dossiers: 160 });
});
after(() => env.close());

const vnDay = (v: Date | string) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date(v));
const fig = (values: any[], code: string) => values.find((v) => v.code === code);

async function auditRows(action: string) {
  return env.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
}

// ---------------------------------------------------------------- scope

describe('scope: each leader sees their own', () => {
  it('the province leader sees the province, every agency and the communes with agencies', async () => {
    const ov = json(await world.province.get(`/api/v1/dashboard/overview?${Q4}`));
    assert.deepEqual(ov.scope, { kind: 'province', agencyId: null, communeCode: null, label: 'Toàn tỉnh' });
    for (const a of world.agencies) assert.ok(ov.agencies.some((x: any) => x.agencyId === a.id));
    for (const c of world.communes) assert.ok(ov.communes.some((x: any) => x.communeCode === c.code));
    // Narrowed to one agency, the total is that agency's row.
    const one = json(await world.province.get(`/api/v1/dashboard/overview?${Q4}&agencyId=${world.agencies[2]!.id}`));
    assert.equal(one.scope.kind, 'agency');
    const row = ov.agencies.find((x: any) => x.agencyId === world.agencies[2]!.id);
    assert.deepEqual(one.total.map((f: any) => [f.code, f.value, f.numerator, f.denominator]), row.values.map((v: any) => [v.code, v.value, v.numerator, v.denominator]));
  });

  it('a commune chair sees their commune: its agencies only; another commune or its agency is refused', async () => {
    const [mine, other] = world.communes;
    const ov = json(await world.chair.get(`/api/v1/dashboard/overview?${Q4}`));
    assert.deepEqual(ov.scope, { kind: 'commune', agencyId: null, communeCode: mine!.code, label: mine!.name });
    assert.deepEqual(ov.agencies.map((a: any) => a.agencyId), world.agencies.filter((a) => a.communeCode === mine!.code).map((a) => a.id));
    const province = json(await world.province.get(`/api/v1/dashboard/overview?${Q4}`));
    const communeRow = province.communes.find((c: any) => c.communeCode === mine!.code);
    assert.deepEqual(ov.total.map((f: any) => [f.code, f.value]), communeRow.values.map((v: any) => [v.code, v.value]));
    expectError(await world.chair.get(`/api/v1/dashboard/overview?${Q4}&communeCode=${other!.code}`), 403, 'forbidden', 'dashboard.outOfScope');
    expectError(await world.chair.get(`/api/v1/dashboard/overview?${Q4}&agencyId=${world.agencies[2]!.id}`), 403, 'forbidden', 'dashboard.outOfScope');
    expectError(await world.chair.get(`/api/v1/dashboard/drill-down?${Q4}&indicator=2.1&part=rest&agencyId=${world.agencies[1]!.id}`), 403, 'forbidden', 'dashboard.outOfScope');
    const own = await world.chair.get(`/api/v1/dashboard/overview?${Q4}&agencyId=${world.agencies[0]!.id}`);
    assert.equal(own.statusCode, 200, own.body);
  });

  it('an agency head (approver) sees their agency only', async () => {
    const ov = json(await world.head.get(`/api/v1/dashboard/overview?${Q4}`));
    assert.equal(ov.scope.kind, 'agency');
    assert.equal(ov.scope.agencyId, world.agencies[0]!.id);
    assert.deepEqual(ov.agencies.map((a: any) => a.agencyId), [world.agencies[0]!.id]);
    assert.deepEqual(ov.communes, []);
    expectError(await world.head.get(`/api/v1/dashboard/overview?${Q4}&agencyId=${world.agencies[1]!.id}`), 403, 'forbidden', 'dashboard.outOfScope');
    expectError(await world.head.get(`/api/v1/dashboard/trend?${Q4}&communeCode=${world.communes[0]!.code}`), 403, 'forbidden', 'dashboard.outOfScope');
  });

  it('the administrator, officials, moderators and citizens are refused; without a session, 401', async () => {
    for (const role of ['admin', 'desk', 'processor', 'citizen', 'moderator'] as const) {
      const c = await env.f.signedIn(role, role === 'desk' || role === 'processor' ? world.agencies[0]!.id : null);
      for (const path of ['overview', 'trend', 'feedback-map', 'rankings?indicator=2.1&by=agency&', 'drill-down?indicator=2.1&part=rest&', 'report.pdf', 'export.xlsx?table=overview&']) {
        const url = `/api/v1/dashboard/${path}${path.endsWith('&') ? '' : '?'}${Q4}`;
        expectError(await c.get(url), 403, 'forbidden');
      }
    }
    expectError(await env.f.anonymous().get(`/api/v1/dashboard/overview?${Q4}`), 401, 'unauthenticated');
  });

  it('an unknown agency or commune is 404, a period the wrong way round or too long is 400 — in Vietnamese', async () => {
    expectError(await world.province.get(`/api/v1/dashboard/overview?agencyId=${crypto.randomUUID()}`), 404, 'not_found', 'dashboard.agencyNotFound');
    expectError(await world.province.get('/api/v1/dashboard/overview?communeCode=00000'), 404, 'not_found', 'dashboard.communeNotFound');
    expectError(await world.province.get('/api/v1/dashboard/overview?from=2026-11-01&to=2026-10-01'), 400, 'invalid', 'dashboard.periodInvalid');
    expectError(await world.province.get('/api/v1/dashboard/overview?from=2010-01-01&to=2026-10-01'), 400, 'invalid', 'dashboard.periodInvalid');
    expectError(await world.province.get('/api/v1/dashboard/overview?from=2026-02-30&to=2026-03-01'), 400, 'invalid');
    expectError(await world.province.get('/api/v1/dashboard/overview?period=month&month=13'), 400, 'invalid');
    expectError(await world.province.get('/api/v1/dashboard/rankings?indicator=9.9&by=agency'), 400, 'invalid');
    expectError(await world.province.get('/api/v1/dashboard/drill-down?indicator=1.4&part=numerator'), 400, 'invalid', 'dashboard.notDrillable');
    expectError(await world.province.get('/api/v1/dashboard/export.xlsx?table=ranking'), 400, 'invalid', 'dashboard.exportNeedsIndicator');
  });
});

// ---------------------------------------------------------------- drill-down

describe('drill-down: the list behind a figure', () => {
  async function all(client: typeof world.province, query: string) {
    const items: any[] = [];
    let total = -1;
    for (let offset = 0; ; offset += 7) {
      const res = await client.get(`/api/v1/dashboard/drill-down?${query}&limit=7&offset=${offset}`);
      assert.equal(res.statusCode, 200, res.body);
      const page = json(res);
      total = page.total;
      items.push(...page.dossiers, ...page.procedures, ...page.reports);
      if (page.dossiers.length + page.procedures.length + page.reports.length < 7) break;
    }
    return { total, items };
  }

  it("the overdue dossiers of one agency this quarter are exactly the figure's denominator minus numerator, and each page read is audited", async () => {
    const agency = world.agencies[0]!;
    const ov = json(await world.province.get(`/api/v1/dashboard/overview?${Q4}&agencyId=${agency.id}`));
    const f = fig(ov.total, '2.1');
    const auditsBefore = (await auditRows('dashboard.drilldown.read')).length;
    const late = await all(world.province, `${Q4}&indicator=2.1&part=rest&agencyId=${agency.id}`);
    const onTime = await all(world.province, `${Q4}&indicator=2.1&part=numerator&agencyId=${agency.id}`);
    const base = await all(world.province, `${Q4}&indicator=2.1&part=denominator&agencyId=${agency.id}`);
    assert.equal(late.total, f.denominator - f.numerator);
    assert.equal(late.items.length, late.total);
    assert.equal(onTime.items.length, f.numerator);
    assert.equal(base.items.length, f.denominator);
    assert.ok(late.items.length > 0 && onTime.items.length > 0, 'both lists have dossiers');
    assert.ok(late.items.every((d: any) => d.onTime === false && d.agencyId === agency.id));
    assert.ok(onTime.items.every((d: any) => d.onTime === true));
    assert.deepEqual([...late.items, ...onTime.items].map((d: any) => d.id).sort(), base.items.map((d: any) => d.id).sort());
    for (const d of base.items) {
      const day = vnDay(d.receivedAt);
      assert.ok(day >= '2026-10-01' && day <= '2026-12-31', `received in the quarter (Vietnam time): ${d.receivedAt}`);
      assert.notEqual(d.status, 'withdrawn');
      assert.equal(d.applicantName, 'Nguyễn Thị Hương');
    }
    // Newest first.
    const times = base.items.map((d: any) => Date.parse(d.receivedAt));
    assert.deepEqual(times, [...times].sort((a, b) => b - a));
    const audits = (await auditRows('dashboard.drilldown.read')).slice(auditsBefore);
    assert.ok(audits.length >= 3);
    assert.equal(audits[0]!.purpose, 'oversight');
    assert.equal(audits[0]!.actor_id, world.province.user!.id);
    assert.equal((audits[0]!.data as any).indicator, '2.1');
  });

  it('digitised, online and electronic-result lists match their figures; 3.1 lists procedures', async () => {
    const ov = json(await world.province.get(`/api/v1/dashboard/overview?${Q4}`));
    for (const code of ['4.2', '3.3', '4.1', '3.1', '3.2']) {
      const f = fig(ov.total, code);
      const num = await all(world.province, `${Q4}&indicator=${code}&part=numerator`);
      const rest = await all(world.province, `${Q4}&indicator=${code}&part=rest`);
      assert.equal(num.items.length, f.numerator, `${code} numerator`);
      assert.equal(num.total, f.numerator);
      assert.equal(rest.items.length, f.denominator - f.numerator, `${code} rest`);
    }
    const online = await all(world.province, `${Q4}&indicator=3.3&part=numerator`);
    assert.ok(online.items.every((d: any) => d.channel === 'online'));
    const procs = await all(world.province, `${Q4}&indicator=3.1&part=numerator`);
    assert.ok(procs.items.every((p: any) => p.onlineLevel === 'full'));
    // 2.2 lists the returned dossiers (its numerator is a sum of days).
    const f22 = fig(ov.total, '2.2');
    const returned = await all(world.province, `${Q4}&indicator=2.2&part=denominator`);
    assert.equal(returned.items.length, f22.denominator);
    assert.ok(returned.items.every((d: any) => d.status === 'result_returned'));
  });

  it('a commune chair drills into their commune only', async () => {
    const late = await all(world.chair, `${Q4}&indicator=2.1&part=rest`);
    assert.ok(late.items.length > 0);
    assert.ok(late.items.every((d: any) => d.agencyId === world.agencies[0]!.id));
  });
});

// ---------------------------------------------------------------- feedback

describe('feedback reports: indicators 5.1–5.4, drill-down and map', () => {
  // Reports of 5/11 in the chair's commune, handled by agencies[0]; today is 20/11.
  //   9001 resolved on time, 5 stars, published     9005 declined as spam (counts nowhere)
  //   9002 resolved late, 1 star (disliked AND late) 9006 resolved on time, 2 stars (disliked)
  //   9003 in progress, past due (19/11)            9007 declined (not competent) on time
  //   9004 received, due 26/11, published           9008 assigned, due today, no map point
  const code = (i: number) => `PA-261105-${9000 + i}`;
  const handled = (r: any) => r.status === 'resolved' || r.status === 'declined';
  const disliked = (r: any) => r.rating !== null && r.rating <= 2;
  /** What each indicator's numerator counts, restated from a listed report's own fields. */
  const RULE: Record<string, (r: any) => boolean> = {
    '5.1': (r) => handled(r) && !r.overdue,
    '5.2': (r) => !disliked(r) && !r.overdue,
    '5.3': handled,
  };
  const WANT: Record<string, number[]> = { '5.1': [1, 6, 7], '5.2': [1, 4, 7, 8], '5.3': [1, 2, 6, 7] };
  const ALL = [1, 2, 3, 4, 6, 7, 8];

  async function all(client: typeof world.province, query: string) {
    const items: any[] = [];
    let total = -1;
    for (let offset = 0; ; offset += 3) {
      const res = await client.get(`/api/v1/dashboard/drill-down?${query}&limit=3&offset=${offset}`);
      assert.equal(res.statusCode, 200, res.body);
      const page = json(res);
      assert.equal(page.kind, 'feedback');
      assert.deepEqual([page.dossiers.length, page.procedures.length], [0, 0]);
      total = page.total;
      items.push(...page.reports);
      if (page.reports.length < 3) break;
    }
    return { total, items };
  }

  before(async () => {
    const [c1] = world.communes;
    const cat = await env.ctx.db.selectFrom('feedback_categories').select('code').limit(1).executeTakeFirstOrThrow();
    const mk = (i: number, o: { status: string; due: string; closedAt?: Date; rating?: number; published?: boolean; declineReason?: string; located?: boolean }) => ({
      code: code(i),
      category_code: cat.code,
      description: 'Đèn đường hỏng trước nhà văn hóa ấp',
      commune_code: c1!.code,
      lat: o.located === false ? null : 9.61,
      lon: o.located === false ? null : 105.98,
      search_folded: 'den duong hong',
      agency_id: world.agencies[0]!.id,
      status: o.status,
      reporter_name: 'Trần Văn Báo',
      reporter_phone: '0912345678',
      reporter_email: 'nguoibao@example.vn',
      submitted_at: vnAt('2026-11-05', '08:00'),
      due_date: o.due,
      closed_at: o.closedAt ?? null,
      decline_reason: o.declineReason ?? null,
      rating: o.rating ?? null,
      rated_at: o.rating ? vnAt('2026-11-19') : null,
      published: o.published ?? false,
    });
    await env.ctx.db
      .insertInto('feedback_reports')
      .values([
        mk(1, { status: 'resolved', due: '2026-11-26', closedAt: vnAt('2026-11-10'), rating: 5, published: true }),
        mk(2, { status: 'resolved', due: '2026-11-12', closedAt: vnAt('2026-11-18'), rating: 1 }),
        mk(3, { status: 'in_progress', due: '2026-11-19' }),
        mk(4, { status: 'received', due: '2026-11-26', published: true }),
        mk(5, { status: 'declined', due: '2026-11-26', closedAt: vnAt('2026-11-06'), declineReason: 'spam' }),
        mk(6, { status: 'resolved', due: '2026-11-26', closedAt: vnAt('2026-11-12'), rating: 2 }),
        mk(7, { status: 'declined', due: '2026-11-26', closedAt: vnAt('2026-11-07'), declineReason: 'not_competent' }),
        mk(8, { status: 'assigned', due: '2026-11-20', located: false }),
      ] as any)
      .execute();
  });

  it('counts the reports located in the scope: each report once, spam nowhere', async () => {
    const ov = json(await world.chair.get(`/api/v1/dashboard/overview?${Q4}`));
    const part = (c: string) => [fig(ov.total, c).numerator, fig(ov.total, c).denominator, fig(ov.total, c).value];
    // 7 reports (spam aside); handled on time 9001, 9006, 9007.
    assert.deepEqual(part('5.1'), [3, 7, 42.86]);
    // Neither disliked nor late: 9001, 9004, 9007, 9008. 9002 is both disliked and late and is taken
    // away once: received − dislikes − late reports would give 7 − 2 − 2 = 3.
    assert.deepEqual(part('5.2'), [4, 7, 57.14]);
    assert.deepEqual(part('5.3'), [4, 7, 57.14]);
    const on = fig(ov.total, '2.1');
    const expect54 = Math.round(Math.max(0, 100 - ((on.denominator - on.numerator) * 100) / on.denominator - (2 * 100) / 3) * 100) / 100;
    assert.equal(fig(ov.total, '5.4').value, expect54, '5.4 = 100 − late dossiers % − dislikes % (2 of 3 rated)');
    // The other commune has none of them.
    const province = json(await world.province.get(`/api/v1/dashboard/overview?${Q4}`));
    assert.equal(fig(province.communes.find((c: any) => c.communeCode === world.communes[1]!.code).values, '5.1').denominator, 0);
  });

  for (const indicator of ['5.1', '5.2', '5.3']) {
    it(`${indicator}: numerator, denominator and rest each list exactly the reports the figure counts`, async () => {
      const f = fig(json(await world.chair.get(`/api/v1/dashboard/overview?${Q4}`)).total, indicator);
      const num = await all(world.chair, `${Q4}&indicator=${indicator}&part=numerator`);
      const den = await all(world.chair, `${Q4}&indicator=${indicator}&part=denominator`);
      const rest = await all(world.chair, `${Q4}&indicator=${indicator}&part=rest`);
      assert.deepEqual([num.total, num.items.length], [f.numerator, f.numerator], 'numerator');
      assert.deepEqual([den.total, den.items.length], [f.denominator, f.denominator], 'denominator');
      assert.deepEqual([rest.total, rest.items.length], [f.denominator - f.numerator, f.denominator - f.numerator], 'rest');
      assert.ok(num.items.every(RULE[indicator]!), 'every numerator report satisfies the rule');
      assert.ok(rest.items.every((r) => !RULE[indicator]!(r)), 'no rest report satisfies it');
      assert.deepEqual(num.items.map((r) => r.code).sort(), WANT[indicator]!.map(code));
      assert.deepEqual(den.items.map((r) => r.code).sort(), ALL.map(code), 'the denominator: every report but spam');
      assert.deepEqual([...num.items, ...rest.items].map((r) => r.id).sort(), den.items.map((r) => r.id).sort());
      for (const r of den.items) {
        assert.equal(r.communeCode, world.communes[0]!.code);
        assert.match(r.statusLabel, /[à-ỹ]/i);
        const day = vnDay(r.receivedAt);
        assert.ok(day >= '2026-10-01' && day <= '2026-12-31');
      }
    });
  }

  it('the agency head and the province leader get the same lists for the same scope; another agency has none', async () => {
    const head = await all(world.head, `${Q4}&indicator=5.2&part=rest`);
    assert.deepEqual(head.items.map((r) => r.code).sort(), [2, 3, 6].map(code));
    const province = await all(world.province, `${Q4}&indicator=5.2&part=rest&agencyId=${world.agencies[0]!.id}`);
    assert.deepEqual(province.items.map((r) => r.code).sort(), [2, 3, 6].map(code));
    const other = await all(world.province, `${Q4}&indicator=5.1&part=denominator&agencyId=${world.agencies[1]!.id}`);
    assert.deepEqual([other.total, other.items.length], [0, 0]);
    // 5.4 subtracts two rates: no list is behind it.
    expectError(await world.province.get(`/api/v1/dashboard/drill-down?${Q4}&indicator=5.4&part=numerator`), 400, 'invalid', 'dashboard.notDrillable');
  });

  it('the map shows every located report of the scope, published or not, spam excluded, and nothing personal', async () => {
    const res = await world.chair.get(`/api/v1/dashboard/feedback-map?${Q4}`);
    assert.equal(res.statusCode, 200, res.body);
    const map = json(res);
    assert.equal(map.available, true);
    assert.deepEqual(map.points.map((p: any) => p.code).sort(), [1, 2, 3, 4, 6, 7].map(code), 'unpublished reports too; not spam, not 9008 (no location)');
    assert.equal(map.total, 6);
    assert.ok(map.points.some((p: any) => p.code === code(2)), 'an unpublished report is on the leader’s map');
    assert.ok(map.center && Math.abs(map.center.lat - 9.6) < 0.01);
    const p3 = map.points.find((p: any) => p.code === code(3));
    assert.deepEqual([p3.overdue, p3.status, p3.agencyName, p3.dueDate], [true, 'in_progress', world.agencies[0]!.name, '2026-11-19']);
    assert.match(p3.statusLabel, /[à-ỹ]/i);
    for (const p of map.points) {
      assert.deepEqual(Object.keys(p).sort(), ['agencyName', 'categoryName', 'code', 'communeCode', 'dueDate', 'id', 'lat', 'lon', 'overdue', 'receivedAt', 'status', 'statusLabel']);
    }
    assert.doesNotMatch(res.body, /0912345678|nguoibao@example\.vn|Trần Văn Báo|Đèn đường hỏng/, 'no reporter, no description');
    // The agency head sees their agency's reports; the province leader narrowed to another agency sees none.
    const head = json(await world.head.get(`/api/v1/dashboard/feedback-map?${Q4}`));
    assert.deepEqual(head.points.map((p: any) => p.code).sort(), [1, 2, 3, 4, 6, 7].map(code));
    const other = json(await world.province.get(`/api/v1/dashboard/feedback-map?${Q4}&agencyId=${world.agencies[1]!.id}`));
    assert.deepEqual([other.total, other.points.length], [0, 0]);
  });
});

// ---------------------------------------------------------------- exports

describe('exports', () => {
  async function workbook(res: Awaited<ReturnType<typeof world.province.get>>) {
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-type']), /spreadsheetml/);
    assert.match(String(res.headers['content-disposition']), /attachment; filename="chi-so-766-/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as any);
    return wb;
  }

  it('the indicator table exports to XLSX with the same figures, the definitions sheet, and an audit entry', async () => {
    const ov = json(await world.province.get(`/api/v1/dashboard/overview?${Q4}`));
    const wb = await workbook(await world.province.get(`/api/v1/dashboard/export.xlsx?table=overview&${Q4}`));
    const ws = wb.getWorksheet('Chỉ số')!;
    assert.match(String(ws.getCell('A1').value), /QĐ 766/);
    const rows = new Map<string, any[]>();
    ws.eachRow((row) => {
      const v = row.values as any[];
      if (typeof v[1] === 'string' && /^\d\.\d$/.test(v[1])) rows.set(v[1], v);
    });
    for (const f of ov.total) {
      const r = rows.get(f.code)!;
      assert.ok(r, `row for ${f.code}`);
      assert.equal(r[2], f.name);
      assert.equal(r[3] ?? null, f.value);
      assert.equal(r[5] ?? null, f.numerator);
    }
    // The layout a reader relies on: the title across the table, a frozen bold header row, readable
    // column widths and rates with two decimals.
    assert.equal(ws.getCell('A1').isMerged, true);
    assert.equal(ws.views[0]?.state, 'frozen');
    assert.equal((ws.views[0] as { ySplit?: number }).ySplit, 5);
    assert.equal(ws.getCell('B5').value, 'Chỉ số');
    assert.equal(ws.getCell('B5').font?.bold, true);
    assert.equal(ws.getColumn(2).width, 44);
    const rateRow = [...rows.values()].find((r) => typeof r[3] === 'number')!;
    ws.eachRow((row) => {
      if (row.getCell(1).value === rateRow[1]) assert.equal(row.getCell(3).numFmt, '0.00');
    });
    assert.ok(wb.getWorksheet('Định nghĩa')!.rowCount >= 16);
    assert.equal(wb.creator, 'Tỉnh Số');
    const audit = (await auditRows('dashboard.export.xlsx')).at(-1)!;
    assert.equal(audit.actor_id, world.province.user!.id);
    assert.equal(audit.purpose, 'oversight');
    assert.equal((audit.data as any).table, 'overview');
  });

  it('agencies, trend, ranking and drill-down tables export too', async () => {
    const ag = await workbook(await world.province.get(`/api/v1/dashboard/export.xlsx?table=agencies&${Q4}`));
    assert.equal(ag.getWorksheet('Cơ quan')!.rowCount, 5 + (json(await world.province.get(`/api/v1/dashboard/overview?${Q4}`)).agencies.length as number));
    assert.equal(ag.getWorksheet('Cơ quan')!.getCell('C6').numFmt, '0.00', 'rates with two decimals');
    const tr = await workbook(await world.province.get(`/api/v1/dashboard/export.xlsx?table=trend&from=2026-07-01&to=2026-11-20`));
    assert.equal(tr.getWorksheet('Theo tháng')!.rowCount, 5 + 5);
    const rk = await workbook(await world.province.get(`/api/v1/dashboard/export.xlsx?table=ranking&indicator=3.3&by=agency&${Q4}`));
    assert.equal(rk.getWorksheet('Xếp hạng')!.getCell('A6').value, 1);
    const f = fig(json(await world.province.get(`/api/v1/dashboard/overview?${Q4}`)).total, '2.1');
    const dd = await workbook(await world.province.get(`/api/v1/dashboard/export.xlsx?table=drill-down&indicator=2.1&part=rest&${Q4}`));
    const ws = dd.getWorksheet('Danh sách')!;
    assert.equal(ws.rowCount, 5 + (f.denominator - f.numerator));
    assert.equal(ws.getCell('D6').value, 'Nguyễn Thị Hương');
    assert.equal(ws.getCell('M6').value, 'Không');
    const audit = (await auditRows('dashboard.drilldown.read')).at(-1)!;
    assert.equal(audit.purpose, 'oversight-export');
  });

  it('the period report is a PDF in Vietnamese with the figures, charts and definitions, and is audited', async () => {
    const res = await world.province.get(`/api/v1/dashboard/report.pdf?${Q4}`);
    assert.equal(res.statusCode, 200, res.body.slice(0, 300));
    assert.equal(res.headers['content-type'], 'application/pdf');
    const pdf = await getDocument({ data: new Uint8Array(res.rawPayload), useSystemFonts: false }).promise;
    let text = '';
    for (let i = 1; i <= pdf.numPages; i++) {
      const page = await pdf.getPage(i);
      for (const item of (await page.getTextContent()).items) if ('str' in item) text += item.str + ' ';
    }
    assert.match(text, /BÁO CÁO BỘ CHỈ SỐ/);
    assert.match(text, /Quý 4\/2026/);
    assert.match(text, /Tỷ lệ hồ sơ giải quyết đúng hạn/);
    assert.match(text, /Xu hướng theo tháng/, 'the trend chart (SVG text drawn into the PDF)');
    assert.match(text, /Phụ lục: định nghĩa các chỉ số/);
    assert.match(text, /chưa có dữ liệu/);
    const ov = json(await world.province.get(`/api/v1/dashboard/overview?${Q4}`));
    const f = fig(ov.total, '2.1');
    assert.ok(text.includes(`${f.numerator} / ${f.denominator}`), '2.1 numerator / denominator printed');
    assert.ok(pdf.numPages >= 2);
    assert.equal((await auditRows('dashboard.export.pdf')).at(-1)!.actor_id, world.province.user!.id);
  });
});

// ---------------------------------------------------------------- public

describe('public transparency: GET /api/v1/indicators', () => {
  it('answers without a session with the province and each agency, and no personal data', async () => {
    const res = await env.f.anonymous().get('/api/v1/indicators?from=2026-10-01&to=2026-12-31');
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['cache-control']), /public/);
    const body = json(res);
    assert.equal(body.province.length, 15);
    const province = json(await world.province.get(`/api/v1/dashboard/overview?${Q4}`));
    assert.deepEqual(body.province.map((f: any) => [f.code, f.value, f.numerator, f.denominator]), province.total.map((f: any) => [f.code, f.value, f.numerator, f.denominator]));
    for (const a of world.agencies) {
      const row = body.agencies.find((x: any) => x.code === a.code);
      assert.ok(row, a.name);
      assert.deepEqual(Object.keys(row.indicators[0]).sort(), ['code', 'denominator', 'name', 'numerator', 'reason', 'threshold', 'unit', 'value']);
    }
    assert.doesNotMatch(res.body, /Nguyễn Thị Hương|applicant|0912345678|@/);
    expectError(await env.f.anonymous().get('/api/v1/indicators?from=2026-12-31&to=2026-01-01'), 400, 'invalid', 'dashboard.periodInvalid');
  });
});
