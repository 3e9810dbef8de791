// The demo's history (seed/history.ts, seed/feedback-history.ts) at a small scale: the same every
// run, and consistent with the rules the live workflow keeps — so the dashboard, the queues and the
// timelines built on it show nothing the application itself could not have produced.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestEnv, json, type TestEnv } from '../test/harness.ts';
import { DEMO_PASSWORD, seedDemo } from './demo.ts';
import { UNUSABLE_PASSWORD_HASH } from './history.ts';
import { WorkingCalendar } from '../platform/calendar/index.ts';
import { foldVietnamese } from '../platform/text.ts';
import { foldedSearchText } from '../modules/feedback/repo.ts';

const NOW = new Date('2026-11-20T04:30:00Z'); // a Friday, 11:30 in Vietnam
const SCALE = { dossiers: 1500, citizens: 300, feedbackReports: 300, filePool: 16, now: NOW };
const FINISHED: string[] = ['result_returned', 'declined', 'withdrawn', 'stopped'];

/**
 * Everything a demo shows, as one hash per table. Generated rows have fixed ids; the demo's
 * agencies and accounts (seed/demo.ts) get fresh ids each time, so they are named by code and email.
 */
async function fingerprint(env: TestEnv) {
  const q = async (text: string) => ((await sql.raw(text).execute(env.ctx.db)).rows[0] as { h: string }).h;
  return {
    dossiers: await q(`select md5(string_agg(concat_ws('|', d.id, d.code, d.status, d.channel, d.applicant_name, d.applicant_email, d.submitted_at, d.received_at,
                          d.due_date, d.original_due_date, d.finished_at, d.form_data::text, u.email, d.supplement_count), E'\n' order by d.code)) as h
                       from dossiers d left join users u on u.id = d.assignee_id`),
    events: await q(`select md5(string_agg(concat_ws('|', d.code, e.action, e.at, e.reason, u.email, (e.data - 'assigneeId')::text), E'\n' order by d.code, e.at, e.action)) as h
                     from dossier_events e join dossiers d on d.id = e.dossier_id left join users u on u.id = e.actor_id`),
    attachments: await q(`select md5(string_agg(concat_ws('|', d.code, a.kind, a.label, a.file_sha256), E'\n' order by d.code, a.kind, a.label, a.file_sha256)) as h
                          from dossier_attachments a join dossiers d on d.id = a.dossier_id`),
    extensions: await q(`select md5(string_agg(concat_ws('|', dossier_id, previous_due_date, new_due_date, created_at), E'\n' order by dossier_id)) as h from extensions`),
    users: await q(`select md5(string_agg(concat_ws('|', case when email like '%@dulieumau.tinhso.vn' then id end, email, full_name, personal_id, role), E'\n' order by email)) as h from users`),
    reports: await q(`select md5(string_agg(concat_ws('|', f.id, f.code, f.status, f.category_code, f.lat, f.lon, f.description, f.response, f.rating, f.published, a.code, u.email,
                        f.submitted_at, f.closed_at), E'\n' order by f.code)) as h
                      from feedback_reports f left join agencies a on a.id = f.agency_id left join users u on u.id = f.assignee_id`),
    reportEvents: await q(`select md5(string_agg(concat_ws('|', f.code, e.action, e.at, e.note, u.email), E'\n' order by f.code, e.at, e.action)) as h
                           from feedback_events e join feedback_reports f on f.id = e.report_id left join users u on u.id = e.actor_id`),
  };
}

describe('demo history', () => {
  let a: TestEnv;
  let b: TestEnv;
  let cal: WorkingCalendar;

  before(async () => {
    a = await createTestEnv();
    b = await createTestEnv();
    const seeded = await seedDemo(a.ctx, { history: SCALE });
    await seedDemo(b.ctx, { history: SCALE });
    assert.equal(seeded?.history?.dossiers, SCALE.dossiers);
    assert.equal(seeded?.feedback?.reports, SCALE.feedbackReports);
    const overrides = await a.ctx.db.selectFrom('calendar_overrides').select(['date', 'kind', 'name']).execute();
    cal = new WorkingCalendar(overrides.map((o) => ({ date: String(o.date), kind: o.kind, name: o.name })));
  });
  after(async () => {
    await a?.close();
    await b?.close();
  });

  it('is the same on every run: same dossiers, timelines, files, people and reports', async () => {
    assert.deepEqual(await fingerprint(a), await fingerprint(b));
  });

  it('finishes exactly the dossiers in a final status, and never in the future', async () => {
    const rows = await a.ctx.db.selectFrom('dossiers').select(['code', 'status', 'finished_at', 'submitted_at', 'received_at']).execute();
    assert.equal(rows.length, SCALE.dossiers);
    for (const d of rows) {
      assert.equal(d.finished_at !== null, FINISHED.includes(d.status), `${d.code} ${d.status} finished_at ${d.finished_at}`);
      assert.ok(new Date(d.submitted_at) <= NOW, `${d.code} submitted in the future`);
      if (d.finished_at) assert.ok(new Date(d.finished_at) <= NOW && new Date(d.finished_at) >= new Date(d.submitted_at), `${d.code} finished_at`);
      if (d.received_at) assert.ok(new Date(d.received_at) >= new Date(d.submitted_at), `${d.code} received before it was submitted`);
    }
    const statuses = new Set<string>(rows.map((d) => d.status));
    for (const s of ['result_returned', 'declined', 'in_progress']) assert.ok(statuses.has(s), `some dossiers are ${s}`);
  });

  it('gives every received dossier due dates on working days, met or extended with an apology before a late return', async () => {
    const rows = await sql<{ code: string; status: string; received_at: Date | null; due_date: string | null; original_due_date: string | null; finished_day: string | null; ext_prev: string | null; ext_new: string | null; ext_at: Date | null; ext_day: string | null }>`
      select d.code, d.status, d.received_at, d.due_date, d.original_due_date, to_char(d.finished_at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') as finished_day,
             x.previous_due_date as ext_prev, x.new_due_date as ext_new, x.created_at as ext_at, to_char(x.created_at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') as ext_day
      from dossiers d left join extensions x on x.dossier_id = d.id`.execute(a.ctx.db);
    let extended = 0;
    for (const d of rows.rows) {
      if (!d.received_at) {
        assert.equal(d.due_date, null, `${d.code} has a due date before receipt`);
        continue;
      }
      assert.ok(d.due_date && d.original_due_date, `${d.code} received without a due date`);
      assert.ok(cal.isWorkingDay(d.due_date) && cal.isWorkingDay(d.original_due_date), `${d.code} due ${d.due_date} / ${d.original_due_date} is not a working day`);
      assert.ok(d.due_date >= d.original_due_date, `${d.code} due date moved earlier`);
      if (d.status === 'result_returned') assert.ok(d.finished_day! <= d.due_date, `${d.code} returned ${d.finished_day} after its due date ${d.due_date}`);
      if (d.ext_new) {
        extended++;
        // Decree 118 (and dossiers/service.ts#extend): only an overdue dossier, to a later working day.
        assert.ok(d.ext_prev! <= d.ext_day!, `${d.code} extended before its due date`);
        assert.ok(d.ext_new > d.ext_prev! && cal.isWorkingDay(d.ext_new) && d.ext_new === d.due_date, `${d.code} extension ${d.ext_prev} → ${d.ext_new}, due ${d.due_date}`);
      }
    }
    assert.ok(extended > 0, 'some dossiers have an apology-and-extension letter');
  });

  it('has unique codes that follow {agency}-{yymmdd}-{NNNN} and continue in the daily sequences', async () => {
    const rows = await sql<{ code: string; agency: string; day: string }>`
      select d.code, a.code as agency, to_char(d.submitted_at at time zone 'Asia/Ho_Chi_Minh', 'YYMMDD') as day from dossiers d join agencies a on a.id = d.agency_id`.execute(a.ctx.db);
    assert.equal(new Set(rows.rows.map((r) => r.code)).size, rows.rows.length);
    for (const r of rows.rows) assert.match(r.code, new RegExp(`^${r.agency.replaceAll('.', '\\.')}-${r.day}-\\d{4,}$`));
    const behind = await sql<{ n: number }>`
      select count(*)::int as n from (
        select d.agency_id, (d.submitted_at at time zone 'Asia/Ho_Chi_Minh')::date as day, max(split_part(d.code, '-', 3)::int) as top
        from dossiers d group by 1, 2) x
      left join dossier_code_sequences s on s.agency_id = x.agency_id and s.day = x.day
      where s.last is null or s.last < x.top`.execute(a.ctx.db);
    assert.equal(behind.rows[0]!.n, 0, 'a daily sequence is behind the codes already given');
  });

  it('keeps each timeline in order, starting with the submission and ending in the dossier’s status', async () => {
    const rows = await sql<{ code: string; status: string; submitted_at: Date; actions: string[]; tos: string[]; ats: Date[] }>`
      select d.code, d.status, d.submitted_at, array_agg(e.action order by e.id) as actions, array_agg(e.to_status order by e.id) as tos, array_agg(e.at order by e.id) as ats
      from dossiers d join dossier_events e on e.dossier_id = d.id group by d.id`.execute(a.ctx.db);
    assert.equal(rows.rows.length, SCALE.dossiers);
    for (const d of rows.rows) {
      assert.equal(d.actions[0], 'submit', d.code);
      assert.equal(new Date(d.ats[0]!).getTime(), new Date(d.submitted_at).getTime(), d.code);
      assert.equal(d.tos.at(-1), d.status, `${d.code}: ${d.actions.join(' → ')}`);
      for (let i = 1; i < d.ats.length; i++) assert.ok(new Date(d.ats[i]!) > new Date(d.ats[i - 1]!), `${d.code}: events out of order`);
      assert.ok(new Date(d.ats.at(-1)!) <= NOW, `${d.code}: an event in the future`);
    }
  });

  it('returns every approved dossier with a result file that is in the file store', async () => {
    const missing = await sql<{ n: number }>`
      select count(*)::int as n from dossiers d join dossier_events e on e.dossier_id = d.id and e.action = 'approve'
      where d.status = 'result_returned' and not exists (select 1 from dossier_attachments a where a.dossier_id = d.id and a.kind = 'result')`.execute(a.ctx.db);
    assert.equal(missing.rows[0]!.n, 0);
    const files = await sql<{ sha: string }>`select distinct file_sha256 as sha from dossier_attachments`.execute(a.ctx.db);
    for (const f of files.rows) assert.ok(a.ctx.files.read(f.sha).length > 0, `file ${f.sha} missing from the store`);
  });

  it('tells the story: online submissions grow, and some agencies are late more often than others', async () => {
    const online = await sql<{ first: number; last: number }>`
      select avg((channel = 'online')::int) filter (where submitted_at < ${NOW}::timestamptz - interval '550 days')::float8 as first,
             avg((channel = 'online')::int) filter (where submitted_at > ${NOW}::timestamptz - interval '180 days')::float8 as last from dossiers`.execute(a.ctx.db);
    assert.ok(online.rows[0]!.last > online.rows[0]!.first + 0.15, `online share ${online.rows[0]!.first} → ${online.rows[0]!.last}`);
    const late = await sql<{ code: string; rate: number }>`
      select a.code, avg((exists (select 1 from extensions x where x.dossier_id = d.id))::int)::float8 as rate
      from dossiers d join agencies a on a.id = d.agency_id where d.status = 'result_returned' group by a.code`.execute(a.ctx.db);
    const rate = Object.fromEntries(late.rows.map((r) => [r.code, r.rate]));
    assert.ok(rate['H55.09']! > rate['H55.21']!, `land registration (${rate['H55.09']}) is late more often than criminal records (${rate['H55.21']})`);
  });

  it('lets the demo citizen sign in and read a few own dossiers, and no generated person sign in at all', async () => {
    const login = (email: string) => a.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: DEMO_PASSWORD }, remoteAddress: '10.9.8.7' });
    const res = await login('congdan@tinhso.vn');
    assert.equal(res.statusCode, 200);
    const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const mine = json<{ id: string; status: string }[]>(await a.app.inject({ method: 'GET', url: '/api/v1/me/dossiers', headers: { cookie } }));
    assert.ok(mine.length >= 2 && mine.length <= 4, `congdan has ${mine.length} dossiers`);
    for (const d of mine) assert.equal((await a.app.inject({ method: 'GET', url: `/api/v1/dossiers/${d.id}`, headers: { cookie } })).statusCode, 200);

    const generated = await a.ctx.db.selectFrom('users').select(['email', 'password_hash']).where('email', 'like', '%@dulieumau.tinhso.vn').execute();
    assert.ok(generated.length > SCALE.citizens, 'citizens and officials were generated');
    for (const u of generated) assert.equal(u.password_hash, UNUSABLE_PASSWORD_HASH);
    const probe = generated[0]!.email;
    const denied = await login(probe);
    assert.equal(denied.statusCode, 401, `${probe} signed in`);
  });

  it('places the feedback reports around their commune, routes them and closes them as the feedback module would', async () => {
    const reports = await sql<{ code: string; status: string; lat: number; lon: number; clat: number; clon: number; submitted_day: string; due_date: string; closed_at: Date | null;
                                 response: string | null; search_folded: string; category_name: string; description: string; address: string | null; agency_id: string | null;
                                 decline_reason: string | null; dup_submitted: Date | null; submitted_at: Date; published: boolean; rating: number | null }>`
      select f.code, f.status, f.lat, f.lon, c.lat as clat, c.lon as clon, to_char(f.submitted_at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') as submitted_day,
             f.due_date, f.closed_at, f.response, f.search_folded, k.name as category_name, f.description, f.address, f.agency_id, f.decline_reason,
             o.submitted_at as dup_submitted, f.submitted_at, f.published, f.rating
      from feedback_reports f join communes c on c.code = f.commune_code join feedback_categories k on k.code = f.category_code
      left join feedback_reports o on o.id = f.duplicate_of_id`.execute(a.ctx.db);
    assert.equal(reports.rows.length, SCALE.feedbackReports);
    assert.equal(new Set(reports.rows.map((r) => r.code)).size, reports.rows.length);
    for (const r of reports.rows) {
      assert.match(r.code, new RegExp(`^PA-${r.submitted_day.slice(2).replaceAll('-', '')}-\\d{4}$`));
      assert.ok(Math.abs(r.lat - r.clat) < 0.05 && Math.abs(r.lon - r.clon) < 0.05, `${r.code} is far from its commune`);
      assert.equal(r.due_date, cal.addWorkingDays(r.submitted_day, 15), `${r.code} due date`);
      assert.ok(new Date(r.submitted_at) <= NOW && (!r.closed_at || new Date(r.closed_at) <= NOW), `${r.code} in the future`);
      assert.equal(r.search_folded, foldedSearchText(r.code, r.category_name, r.description, r.address, r.response), `${r.code} search text`);
      if (r.status === 'resolved') assert.ok(r.response && r.response === r.response.normalize('NFC') && foldVietnamese(r.response) !== r.response, `${r.code} has a Vietnamese answer`);
      if (r.decline_reason === 'duplicate') assert.ok(r.dup_submitted && new Date(r.dup_submitted) < new Date(r.submitted_at), `${r.code} duplicates a later report`);
      if (r.decline_reason === 'spam') assert.equal(r.published, false, `${r.code}: spam published`);
    }
    const share = (f: (r: (typeof reports.rows)[number]) => boolean) => reports.rows.filter(f).length / reports.rows.length;
    assert.ok(share((r) => r.agency_id !== null) > 0.95, 'routed');
    assert.ok(share((r) => r.status === 'resolved') > 0.8, 'mostly resolved');
    assert.ok(share((r) => r.status === 'resolved' && r.closed_at !== null && r.closed_at.toISOString() <= `${r.due_date}T17:00:00Z`) > 0.6, 'mostly within 15 working days');
    assert.ok(share((r) => r.published) > 0.7, 'mostly published');
    assert.ok(share((r) => r.rating !== null) > 0.1, 'some rated');
    const last = await sql<{ n: number }>`
      select count(*)::int as n from feedback_reports f
      where f.status <> (select e.to_status from feedback_events e where e.report_id = f.id order by e.id desc limit 1)`.execute(a.ctx.db);
    assert.equal(last.rows[0]!.n, 0, 'every report’s last event leads to its status');
    assert.ok(reports.rows.map((r) => r.submitted_day).sort().at(-1)! >= '2026-11-06', 'reports reach the last days');
  });
});
