// The Decision 766 figures the dashboard answers are the figures the rows say: each indicator is
// recomputed here in plain JavaScript from the rows read back from the tables (dossiers,
// attachments, extensions, procedures) and compared with the API's values — for the province, each
// agency and each commune, for a quarter, a month, a custom period and month by month — on a
// generated data set with every case the rules distinguish (test-data.ts). Then liveness: a dossier
// returned a moment ago changes the figure at once, and moving the rollup's watermark to the next
// day changes nothing.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, json, type TestEnv } from '../../test/harness.ts';
import { getCalendar } from '../calendar/service.ts';
import { WorkingCalendar } from '../../platform/calendar/index.ts';
import * as dossiers from '../dossiers/service.ts';
import { NOW, TODAY, buildWorld, type World } from './test-data.ts';

let env: TestEnv;
let world: World;

before(async () => {
  env = await createTestEnv();
  env.setNow(NOW);
  world = await buildWorld(env);
});
after(() => env.close());

// ---------------------------------------------------------------- the rules, restated over raw rows

const vnDay = (v: Date | string) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date(v));
const fig = (values: any[], code: string) => values.find((v) => v.code === code);
const pct = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 10000) / 100);

interface Raw {
  dossiers: { id: string; agency_id: string; procedure_id: string; status: string; channel: string; submitted_at: Date; received_at: Date | null; finished_at: Date | null; due_date: string | null; supplement_count: number }[];
  application: Set<string>;
  result: Set<string>;
  extended: Set<string>;
  procedures: { id: string; agency_id: string; online_level: string; active: boolean }[];
  cal: WorkingCalendar;
  today: string;
}

async function readRaw(): Promise<Raw> {
  const db = env.ctx.db;
  const dossiers = await db.selectFrom('dossiers').select(['id', 'agency_id', 'procedure_id', 'status', 'channel', 'submitted_at', 'received_at', 'finished_at', 'due_date', 'supplement_count']).execute();
  const atts = await db.selectFrom('dossier_attachments').select(['dossier_id', 'kind']).execute();
  const exts = await db.selectFrom('extensions').select('dossier_id').execute();
  const procedures = await db.selectFrom('procedures').select(['id', 'agency_id', 'online_level', 'active']).execute();
  return {
    dossiers: dossiers as Raw['dossiers'],
    application: new Set(atts.filter((a) => a.kind === 'application').map((a) => a.dossier_id)),
    result: new Set(atts.filter((a) => a.kind === 'result').map((a) => a.dossier_id)),
    extended: new Set(exts.map((e) => e.dossier_id)),
    procedures,
    cal: await getCalendar(db),
    today: env.ctx.today(),
  };
}

/** Every dossier-based figure for the agencies in `scope`, restated from the rows. */
function expected(raw: Raw, scope: Set<string>, from: string, to: string) {
  const inP = (v: Date | string | null) => !!v && vnDay(v) >= from && vnDay(v) <= to;
  const mine = raw.dossiers.filter((d) => scope.has(d.agency_id));
  const received = mine.filter((d) => d.received_at && inP(d.received_at));
  const counted = received.filter((d) => d.status !== 'withdrawn');
  const onTime = counted.filter((d) => {
    if (d.supplement_count > 1 || raw.extended.has(d.id)) return false;
    if (d.finished_at) return !d.due_date || vnDay(d.finished_at) <= d.due_date;
    return !d.due_date || d.due_date >= raw.today;
  });
  const returned = mine.filter((d) => d.status === 'result_returned' && d.received_at && inP(d.finished_at));
  const days = returned.reduce((s, d) => s + raw.cal.workingDaysBetween(vnDay(d.received_at!), vnDay(d.finished_at!)), 0);
  const procs = raw.procedures.filter((p) => p.active && scope.has(p.agency_id));
  const withOnline = procs.filter((p) => raw.dossiers.some((d) => d.procedure_id === p.id && d.channel === 'online' && inP(d.submitted_at)));
  const late = counted.length ? ((counted.length - onTime.length) * 100) / counted.length : 0;
  return {
    '2.1': { value: pct(onTime.length, counted.length), numerator: onTime.length, denominator: counted.length },
    '2.2': { value: returned.length ? Math.round((days / returned.length) * 100) / 100 : null, numerator: days, denominator: returned.length },
    '3.1': { value: pct(procs.filter((p) => p.online_level === 'full').length, procs.length), numerator: procs.filter((p) => p.online_level === 'full').length, denominator: procs.length },
    '3.2': { value: pct(withOnline.length, procs.length), numerator: withOnline.length, denominator: procs.length },
    '3.3': { value: pct(received.filter((d) => d.channel === 'online').length, received.length), numerator: received.filter((d) => d.channel === 'online').length, denominator: received.length },
    '4.1': { value: pct(returned.filter((d) => raw.result.has(d.id)).length, returned.length), numerator: returned.filter((d) => raw.result.has(d.id)).length, denominator: returned.length },
    '4.2': { value: pct(received.filter((d) => raw.application.has(d.id)).length, received.length), numerator: received.filter((d) => raw.application.has(d.id)).length, denominator: received.length },
    // No feedback report has a rating in this data set: 5.4 = 100% − the late share.
    '5.4': { value: counted.length ? Math.round(Math.max(0, 100 - late) * 100) / 100 : null, numerator: null, denominator: null },
  } as Record<string, { value: number | null; numerator: number | null; denominator: number | null }>;
}

function compare(label: string, values: { code: string; value: number | null; numerator: number | null; denominator: number | null }[], want: ReturnType<typeof expected>) {
  for (const [code, w] of Object.entries(want)) {
    const got = values.find((v) => v.code === code);
    assert.ok(got, `${label}: indicator ${code} is returned`);
    assert.deepEqual({ value: got.value, numerator: got.numerator, denominator: got.denominator }, w, `${label}: indicator ${code}`);
  }
}

async function overview(query: string) {
  const res = await world.province.get(`/api/v1/dashboard/overview?${query}`);
  assert.equal(res.statusCode, 200, res.body);
  return json(res);
}

// ---------------------------------------------------------------- specifications

describe('Decision 766 indicators recomputed from the rows', () => {
  for (const [label, query, from, to] of [
    ['quarter 4/2026', 'period=quarter&year=2026&quarter=4', '2026-10-01', '2026-12-31'],
    ['quarter 3/2026 (edges at midnight in Vietnam)', 'period=quarter&year=2026&quarter=3', '2026-07-01', '2026-09-30'],
    ['month 11/2026', 'period=month&year=2026&month=11', '2026-11-01', '2026-11-30'],
    ['custom 15/08 – 20/11/2026', 'from=2026-08-15&to=2026-11-20', '2026-08-15', '2026-11-20'],
  ] as const) {
    it(`${label}: province, every agency and every commune match the rows`, async () => {
      const raw = await readRaw();
      const ov = await overview(query);
      assert.deepEqual([ov.period.from, ov.period.to], [from, to]);
      assert.equal(ov.scope.kind, 'province');
      const all = new Set(raw.dossiers.map((d) => d.agency_id).concat(raw.procedures.map((p) => p.agency_id)));
      compare(`${label} province`, ov.total, expected(raw, all, from, to));
      for (const a of world.agencies) {
        const row = ov.agencies.find((x: any) => x.agencyId === a.id);
        assert.ok(row, `agency ${a.name} listed`);
        compare(`${label} ${a.name}`, row.values, expected(raw, new Set([a.id]), from, to));
      }
      for (const c of world.communes) {
        const row = ov.communes.find((x: any) => x.communeCode === c.code);
        assert.ok(row, `commune ${c.name} listed`);
        const ids = new Set(world.agencies.filter((a) => a.communeCode === c.code).map((a) => a.id));
        compare(`${label} ${c.name}`, row.values, expected(raw, ids, from, to));
      }
    });
  }

  it('the data set exercises every case: late and on time, open and finished, rollup and live', async () => {
    const raw = await readRaw();
    const ex = expected(raw, new Set(world.agencies.map((a) => a.id)), '2026-06-01', '2026-11-30');
    assert.ok(ex['2.1']!.numerator! > 10 && ex['2.1']!.denominator! - ex['2.1']!.numerator! > 10, 'many on-time and many late dossiers');
    assert.ok(raw.dossiers.some((d) => d.supplement_count > 1 && d.finished_at && d.due_date && vnDay(d.finished_at) <= d.due_date), 'a dossier finished in time but late by its second supplement request');
    assert.ok(raw.dossiers.some((d) => d.finished_at && vnDay(d.finished_at) === TODAY && d.status === 'result_returned'), 'dossiers returned today (the live part)');
    assert.ok(raw.dossiers.some((d) => !d.finished_at && d.due_date && d.due_date < TODAY), 'open dossiers past their due date');
    assert.ok(raw.extended.size > 0 && ex['4.1']!.numerator! > 0 && ex['4.1']!.numerator! < ex['4.1']!.denominator!);
  });

  it('the trend gives each month of the period the figures of that month alone', async () => {
    const raw = await readRaw();
    const res = await world.province.get('/api/v1/dashboard/trend?from=2026-06-15&to=2026-11-20');
    assert.equal(res.statusCode, 200, res.body);
    const tr = json(res);
    assert.deepEqual(
      tr.months.map((m: any) => [m.month, m.from, m.to]),
      [
        ['2026-06', '2026-06-15', '2026-06-30'],
        ['2026-07', '2026-07-01', '2026-07-31'],
        ['2026-08', '2026-08-01', '2026-08-31'],
        ['2026-09', '2026-09-01', '2026-09-30'],
        ['2026-10', '2026-10-01', '2026-10-31'],
        ['2026-11', '2026-11-01', '2026-11-20'],
      ],
    );
    const all = new Set(world.agencies.map((a) => a.id).concat(raw.dossiers.map((d) => d.agency_id)));
    for (const m of tr.months) compare(`trend ${m.month}`, m.values, expected(raw, all, m.from, m.to));
  });

  it('every figure comes with its definition; indicators without data are null with a Vietnamese reason', async () => {
    const ov = await overview('period=quarter&year=2026&quarter=4');
    for (const f of ov.total) {
      assert.ok(f.definition.length > 30 && f.name.length > 5, `${f.code} has a definition`);
      if (f.value === null) assert.match(f.reason, /[à-ỹ]/i, `${f.code}: reason in Vietnamese`);
    }
    for (const code of ['1.4', '3.5', '3.6', '4.3']) {
      const f = ov.total.find((x: any) => x.code === code);
      assert.equal(f.value, null);
      assert.equal(f.available, false);
      assert.match(f.reason, /^chưa có dữ liệu: /);
    }
    const t = Object.fromEntries(ov.total.map((f: any) => [f.code, f]));
    assert.equal(t['3.1'].threshold, 80);
    assert.equal(t['3.3'].threshold, 50);
    assert.equal(t['4.2'].threshold, 80);
    assert.equal(t['5.4'].threshold, 90);
    assert.equal(t['3.3'].meetsThreshold, t['3.3'].value >= 50);
    assert.equal(t['2.2'].unit, 'ngày làm việc');
  });

  it('rankings order agencies by the indicator, best first, ties sharing a rank', async () => {
    const raw = await readRaw();
    const res = await world.province.get('/api/v1/dashboard/rankings?period=quarter&year=2026&quarter=4&indicator=2.1&by=agency');
    assert.equal(res.statusCode, 200, res.body);
    const rk = json(res);
    const values = rk.rows.filter((r: any) => r.value.value !== null).map((r: any) => r.value.value);
    assert.deepEqual(values, [...values].sort((a: number, b: number) => b - a));
    for (const r of rk.rows.filter((x: any) => world.agencies.some((a) => a.id === x.id))) {
      assert.equal(r.value.value, expected(raw, new Set([r.id]), '2026-10-01', '2026-12-31')['2.1']!.value);
    }
    assert.equal(rk.rows[0].rank, 1);
    // 2.2: fewer days is better.
    const days = json(await world.province.get('/api/v1/dashboard/rankings?period=quarter&year=2026&quarter=4&indicator=2.2&by=commune'));
    const dv = days.rows.filter((r: any) => r.value.value !== null).map((r: any) => r.value.value);
    assert.deepEqual(dv, [...dv].sort((a: number, b: number) => a - b));
  });
});

describe('the working-day calendar', () => {
  it('a day off entered by the administrator changes the processing times of history too (the rollup is recounted)', async () => {
    const q = 'from=2026-07-01&to=2026-11-20';
    const before = fig((await overview(q)).total, '2.2');
    const admin = await env.f.signedIn('admin');
    const res = await admin.put('/api/v1/admin/calendar', { date: '2026-10-14', kind: 'day_off', name: 'Nghỉ thử nghiệm' });
    assert.equal(res.statusCode, 204, res.body);
    const raw = await readRaw();
    assert.equal(raw.cal.isWorkingDay('2026-10-14'), false);
    const want = expected(raw, new Set(raw.dossiers.map((d) => d.agency_id)), '2026-07-01', '2026-11-20')['2.2']!;
    const after = fig((await overview(q)).total, '2.2');
    assert.deepEqual([after.value, after.numerator, after.denominator], [want.value, want.numerator, want.denominator]);
    assert.ok(after.numerator < before.numerator, `fewer working days once 14/10 is a day off: ${before.numerator} → ${after.numerator}`);

    // Another server whose cached calendar is a minute old does not count history back with it.
    const state = await env.ctx.db.selectFrom('dossier_stats_state').selectAll().executeTakeFirstOrThrow();
    await dossiers.stats.refreshRollup(env.ctx.db, new WorkingCalendar([]), env.ctx.today());
    const again = await env.ctx.db.selectFrom('dossier_stats_state').selectAll().executeTakeFirstOrThrow();
    assert.equal(again.calendar_key, state.calendar_key);
    assert.deepEqual(fig((await overview(q)).total, '2.2'), after);

    // A day off announced for next year changes nothing counted so far: no recount.
    const future = await admin.put('/api/v1/admin/calendar', { date: '2027-01-04', kind: 'day_off', name: 'Nghỉ bù thử nghiệm' });
    assert.equal(future.statusCode, 204, future.body);
    await overview(q);
    const untouched = await env.ctx.db.selectFrom('dossier_stats_state').selectAll().executeTakeFirstOrThrow();
    assert.deepEqual(untouched, again);
  });
});

describe('live figures', () => {
  it('a dossier returned a moment ago changes the figures at once; moving the rollup to the next day changes nothing', async () => {
    const office = await env.f.office({ processingDays: 3 });
    const citizen = await env.f.signedIn('citizen');
    // Received on Monday 23 (due Thursday 26), returned on Friday 27: late.
    env.setNow('2026-11-23T02:00:00Z');
    const d = await env.f.dossierAt(office, citizen, 'approved');
    const q = `/api/v1/dashboard/overview?from=2026-11-01&to=2026-11-30&agencyId=${office.agency.id}`;
    env.setNow('2026-11-25T02:00:00Z');
    const before = json(await world.province.get(q));
    const b = Object.fromEntries(before.total.map((f: any) => [f.code, f]));
    assert.deepEqual([b['2.1'].numerator, b['2.1'].denominator, b['2.2'].denominator, b['3.3'].numerator], [1, 1, 0, 1], 'open and within time on Wednesday (its receipt already rolled up)');

    // Friday: past due; an apology-and-extension is written, then the result is returned.
    env.setNow('2026-11-27T03:00:00Z');
    const ext = await office.desk.post(`/api/v1/dossiers/${d.id}/extensions`, { reason: 'Xin lỗi vì cần xác minh thêm', newDueDate: '2026-11-30' });
    assert.equal(ext.statusCode, 200, ext.body);
    const uploadId = await office.desk.uploadId(undefined, 'ket-qua.pdf');
    const ret = await office.desk.post(`/api/v1/dossiers/${d.id}/return-result`, { attachments: [{ uploadId, label: 'Giấy khai sinh' }] });
    assert.equal(ret.statusCode, 200, ret.body);
    const now = Object.fromEntries(json(await world.province.get(q)).total.map((f: any) => [f.code, f]));
    assert.deepEqual([now['2.1'].numerator, now['2.1'].denominator], [0, 1], 'late: it needed an apology-and-extension');
    assert.deepEqual([now['2.2'].value, now['2.2'].numerator, now['2.2'].denominator], [4, 4, 1], 'returned today: 4 working days after Monday');
    assert.deepEqual([now['4.1'].numerator, now['4.1'].denominator], [1, 1], 'with a result file');

    // Monday 30: the rollup's watermark moves past Friday; the same figures come from the rollup.
    env.setNow('2026-11-30T02:00:00Z');
    const later = Object.fromEntries(json(await world.province.get(q)).total.map((f: any) => [f.code, f]));
    for (const code of ['2.1', '2.2', '3.3', '4.1', '4.2']) assert.deepEqual(later[code], now[code], `${code} unchanged once rolled up`);
    const state = await env.ctx.db.selectFrom('dossier_stats_state').select('watermark').executeTakeFirstOrThrow();
    assert.equal(new Date(state.watermark).toISOString(), '2026-11-29T17:00:00.000Z', 'watermark at midnight of Monday 30 in Vietnam');
    const rolled = await env.ctx.db.selectFrom('dossier_stats_daily').selectAll().where('agency_id', '=', office.agency.id).execute();
    assert.deepEqual(
      rolled.map((r) => [r.day, r.received, r.withdrawn, r.on_time, r.returned, r.returned_electronic, Number(r.processing_days)]).sort(),
      [['2026-11-23', 1, 0, 0, 0, 0, 0], ['2026-11-27', 0, 0, 0, 1, 1, 4]],
      'receipt and end facts on the day of receipt, return facts on the day of return',
    );
  });

  it('a quarter of an hour after midnight the rollup waits: what was stamped just before midnight is still counted live', async () => {
    const office = await env.f.office({ processingDays: 3 });
    const citizen = await env.f.signedIn('citizen');
    env.setNow('2026-12-01T16:55:00Z'); // 23:55 on Tuesday 1 December in Vietnam
    await env.f.dossierAt(office, citizen, 'received');
    const q = `/api/v1/dashboard/overview?period=month&year=2026&month=12&agencyId=${office.agency.id}`;
    env.setNow('2026-12-01T17:05:00Z'); // 00:05 on Wednesday 2
    const r1 = fig(json(await world.province.get(q)).total, '2.1');
    const s1 = await env.ctx.db.selectFrom('dossier_stats_state').select('watermark').executeTakeFirstOrThrow();
    assert.equal(new Date(s1.watermark).toISOString(), '2026-11-30T17:00:00.000Z', 'not yet moved past Tuesday');
    env.setNow('2026-12-01T17:20:00Z'); // 00:20: moved
    const r2 = fig(json(await world.province.get(q)).total, '2.1');
    const s2 = await env.ctx.db.selectFrom('dossier_stats_state').select('watermark').executeTakeFirstOrThrow();
    assert.equal(new Date(s2.watermark).toISOString(), '2026-12-01T17:00:00.000Z');
    assert.deepEqual([r1.numerator, r1.denominator], [1, 1]);
    assert.deepEqual([r2.numerator, r2.denominator], [1, 1]);
    env.setNow(NOW);
  });
});
