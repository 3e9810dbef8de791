// Loads a realistic province's worth of dossiers into a database that has the migrations and the
// demo seed: ~200k citizens per 1M dossiers, the demo agencies and procedures weighted like a real
// year, submissions spread over two years, statuses that follow each dossier's own timeline
// (received within 0–2 working days, due dates from the real working-day calendar, 10% with a
// supplement request, 5% late, a small backlog that never finished), 1–7 timeline events and 1–3
// attachments per dossier. Everything is set-based SQL (INSERT … SELECT over generate_series) on one
// connection, so it runs the same on PostgreSQL and on the embedded PGlite.
//
//   tsx bench/generate.ts --dossiers 1000000 --database-url postgres://postgres@127.0.0.1:5432/tinhso_bench
//   tsx bench/generate.ts --dossiers 50000 --data-dir /tmp/tinhso-bench   (PGlite under DATA_DIR/pglite)
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { migrateToLatest, openDatabase, type Database } from '../apps/server/src/platform/db.ts';
import { FileStore } from '../apps/server/src/platform/files.ts';
import { WorkingCalendar } from '../apps/server/src/platform/calendar/index.ts';
import { foldVietnamese } from '../apps/server/src/platform/text.ts';
import { hashPassword } from '../apps/server/src/platform/auth.ts';
import { DEMO_PASSWORD, seedDemo } from '../apps/server/src/seed/demo.ts';
import type { AppContext } from '../apps/server/src/platform/context.ts';

export interface GenerateOptions {
  dossiers: number;
  /** Default: one citizen per five dossiers (200k for 1M). */
  citizens?: number;
  /** Content-addressed file store (DATA_DIR/files) to hold the attachments' bytes; without it only the rows are written. */
  filesDir?: string;
  /** setseed() value, so two runs draw the same distributions. */
  seed?: number;
  log?: (msg: string) => void;
}

export interface StepReport {
  step: string;
  rows: number;
  seconds: number;
}

export interface GenerateReport {
  dossiers: number;
  citizens: number;
  officials: number;
  events: number;
  attachments: number;
  supplementRequests: number;
  /** Rows written to the real tables (users, dossiers, events, attachments, supplement requests, sequences, files). */
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  dossiersPerSecond: number;
  steps: StepReport[];
  statusCounts: Record<string, number>;
  eventsPerDossier: Record<string, number>;
}

// Share of the yearly volume per procedure (national catalog code). Certified copies and civil
// status dominate a commune's one-stop desk; land registration and criminal records a province's.
const PROCEDURE_WEIGHTS: Record<string, number> = {
  '2.000815': 30, // chứng thực bản sao
  '1.001193': 14, // khai sinh
  '2.001255': 12, // biến động đất đai (chuyển nhượng)
  '2.001417': 12, // lý lịch tư pháp
  '1.012770': 6, // cấp đổi GCN
  '1.000894': 5, // kết hôn
  '1.000656': 4, // khai tử
  '1.001612': 4, // hộ kinh doanh
  '1.009994': 3, // giấy phép xây dựng nhà ở
  '1.012793': 3, // đăng ký đất đai lần đầu
  '2.001610': 2, // công ty TNHH một thành viên
  '1.009974': 1.5, // chứng chỉ hành nghề xây dựng
  '1.001766': 0.5, // khai sinh có yếu tố nước ngoài
};

// Family names of the Mekong delta (Sóc Trăng has a large Khmer community: Thạch, Sơn, Kim, Danh, Lâm).
const FAMILY: [string, number][] = [
  ['Nguyễn', 31], ['Trần', 11], ['Lê', 9], ['Phạm', 6], ['Huỳnh', 5], ['Võ', 4], ['Phan', 3.5], ['Thạch', 3], ['Trương', 2],
  ['Đặng', 2], ['Lâm', 2], ['Sơn', 2], ['Bùi', 1.5], ['Kim', 1.5], ['Danh', 1.5], ['Đỗ', 1.3], ['Hồ', 1.3], ['Ngô', 1.3],
  ['Dương', 1.2], ['Lý', 1], ['Châu', 1], ['Tô', 0.8], ['Mai', 0.7], ['Đinh', 0.7], ['Vương', 0.4],
];
const MIDDLE_M = ['Văn', 'Minh', 'Quốc', 'Hữu', 'Thanh', 'Công', 'Đức', 'Hoàng', 'Văn', 'Văn'];
const MIDDLE_F = ['Thị', 'Ngọc', 'Thanh', 'Thu', 'Kim', 'Bích', 'Mỹ', 'Hồng', 'Thị', 'Thị'];
const GIVEN_M = ['Hùng', 'Dũng', 'Tuấn', 'Minh', 'Phúc', 'Tài', 'Khang', 'Bảo', 'Long', 'Sơn', 'Thành', 'Trí', 'Hải', 'Nam', 'Phong', 'Toàn', 'Nhân', 'Hiếu', 'Lộc', 'Duy'];
const GIVEN_F = ['Hương', 'Lan', 'Mai', 'Ngọc', 'Trang', 'Thảo', 'Linh', 'Hạnh', 'Nhung', 'Yến', 'Diễm', 'Thư', 'Vy', 'Nhi', 'Hằng', 'Loan', 'Phương', 'Trinh', 'Hoa', 'Tuyết'];
const STREETS = ['Trần Hưng Đạo', 'Lê Lợi', 'Hai Bà Trưng', 'Nguyễn Văn Linh', 'Phú Lợi', 'Lê Duẩn', 'Mạc Đĩnh Chi', 'Tôn Đức Thắng', 'Quốc lộ 1A', 'Ấp Phước Hòa'];
const VALUES = ['Bản sao giấy khai sinh', 'Căn cước công dân', 'Bằng tốt nghiệp', 'Thửa 125, tờ bản đồ số 12', 'Ấp Hòa Trung', 'Bệnh viện Đa khoa tỉnh Sóc Trăng', 'Mẹ', 'Con', 'Xin việc làm', 'Bán lẻ tạp hóa'];

// Fates of a dossier and how often each happens in a year (Decision 766 reports: ~3% not accepted,
// a few percent withdrawn, refused or stopped, the rest approved and returned).
const FATES = [
  { fate: 'decline', p: 0.03 },
  { fate: 'withdraw', p: 0.015 },
  { fate: 'stop', p: 0.005 },
  { fate: 'refuse', p: 0.025 },
  { fate: 'approve', p: 0.925 },
] as const;
type Fate = (typeof FATES)[number]['fate'];

interface PathStep {
  action: string;
  from: string | null;
  to: string;
  role: string;
}

/** The timeline a dossier follows to the end; its status today is the `to` of the last step that has happened. */
function pathOf(fate: Fate, direct: boolean, supplement: boolean): PathStep[] {
  const s = (action: string, from: string | null, to: string, role: string): PathStep => ({ action, from, to, role });
  const submit = s('submit', null, 'submitted', 'citizen');
  if (fate === 'decline') return [submit, s('decline', 'submitted', 'declined', 'desk')];
  if (fate === 'withdraw') return [submit, s('receive', 'submitted', 'received', 'desk'), s('withdraw', 'received', 'withdrawn', 'citizen')];
  const steps = [submit];
  // The desk may assign a processing official at receipt (straight to in_progress) or leave it to the leader.
  if (direct) steps.push(s('receive', 'submitted', 'in_progress', 'desk'));
  else steps.push(s('receive', 'submitted', 'received', 'desk'), s('assign', 'received', 'in_progress', 'approver'));
  if (supplement) steps.push(s('request_supplement', 'in_progress', 'supplement_requested', 'processor'), s('answer_supplement', 'supplement_requested', 'in_progress', 'citizen'));
  if (fate === 'stop') return [...steps, s('stop', 'in_progress', 'stopped', 'approver')];
  steps.push(s('forward', 'in_progress', 'awaiting_approval', 'processor'));
  steps.push(fate === 'refuse' ? s('refuse', 'awaiting_approval', 'refused', 'approver') : s('approve', 'awaiting_approval', 'approved', 'approver'));
  steps.push(s('return_result', fate === 'refuse' ? 'refused' : 'approved', 'result_returned', 'desk'));
  return steps;
}

/** A SQL string literal (for the generator's own constants only). */
const lit = (v: string | null) => (v === null ? 'null' : `'${v.replaceAll("'", "''")}'`);
const arr = (xs: string[]) => `array[${xs.map(lit).join(',')}]::text[]`;

/** Expands weights into a 1000-slot bucket array so a uniform index draws with the weights. */
function buckets(items: [string, number][]): string[] {
  const total = items.reduce((n, [, w]) => n + w, 0);
  const out: string[] = [];
  for (const [name, w] of items) for (let i = 0; i < Math.round((w / total) * 1000); i++) out.push(name);
  return out;
}

/** A small valid PDF whose bytes (and so hash) differ per index. */
export function tinyPdf(i: number): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n% scan ${i} ${'x'.repeat(200 + (i % 50) * 37)}\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
  );
}

/** A jsonb_build_object(...) expression answering a procedure's form schema with plausible values. */
function formDataExpr(schema: Record<string, unknown>): string {
  const props = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  const parts: string[] = [];
  let k = 0;
  for (const [name, p] of Object.entries(props)) {
    k++;
    const h = `abs(hashtext(g.id::text || '${k}'))`;
    let expr: string;
    if (Array.isArray(p.enum)) expr = `(${arr(p.enum as string[])})[1 + ${h} % ${p.enum.length}]`;
    else if (p.type === 'integer') expr = `${Number(p.minimum ?? 1)} + ${h} % ${Math.min(20, Number(p.maximum ?? 20) - Number(p.minimum ?? 1) + 1)}`;
    else if (p.format === 'date') expr = `to_char(date '1960-01-01' + ${h} % 20000, 'YYYY-MM-DD')`;
    else if (typeof p.pattern === 'string' && p.pattern.includes('{12}')) expr = `'094' || lpad((${h} % 1000000000)::text, 9, '0')`;
    else if (/name/i.test(name)) expr = 'c.full_name';
    else if (/address/i.test(name)) expr = 'c.address';
    else expr = `(${arr(VALUES)})[1 + ${h} % ${VALUES.length}]`;
    parts.push(`${lit(name)}, ${expr}`);
  }
  return `jsonb_build_object(${parts.join(', ')})`;
}

export async function generate(db: Database, opts: GenerateOptions): Promise<GenerateReport> {
  const log = opts.log ?? (() => {});
  const N = opts.dossiers;
  const C = opts.citizens ?? Math.max(100, Math.round(N / 5));
  const started = performance.now();
  const steps: StepReport[] = [];

  const procedures = await db
    .selectFrom('procedures')
    .innerJoin('agencies', 'agencies.id', 'procedures.agency_id')
    .select(['procedures.id', 'procedures.code', 'procedures.agency_id', 'agencies.code as agency_code', 'procedures.processing_days', 'procedures.documents', 'procedures.form_schema'])
    .orderBy('procedures.code')
    .execute();
  if (procedures.length === 0) throw new Error('No procedures: run the migrations and the demo seed first');
  const agencies = await db.selectFrom('agencies').select(['id', 'code']).orderBy('code').execute();
  const overrides = await db.selectFrom('calendar_overrides').select(['date', 'kind', 'name']).execute();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const counts = { citizens: 0, officials: 0, dossiers: 0, events: 0, attachments: 0, supplementRequests: 0 };

  // Files: a pool of real small PDFs in the file store, shared by the attachments (a scan is
  // content-addressed, so popular files are stored once anyway).
  const FILES = 256;
  const fileStore = opts.filesDir ? new FileStore(opts.filesDir, 10 * 1024 * 1024) : null;
  const fileRows: { sha256: string; size: number }[] = [];
  for (let i = 0; i < FILES; i++) {
    const bytes = tinyPdf(i);
    if (fileStore) fileRows.push(await fileStore.put(db, bytes, `scan-${i}.pdf`));
    else {
      const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
      await db.insertInto('files').values({ sha256, size: bytes.length, mime: 'application/pdf' }).onConflict((oc) => oc.column('sha256').doNothing()).execute();
      fileRows.push({ sha256, size: bytes.length });
    }
  }

  // The working-day calendar from the real implementation, as a table of numbered working days.
  const cal = new WorkingCalendar(overrides.map((o) => ({ date: String(o.date).slice(0, 10), kind: o.kind, name: o.name })));
  const todayIso = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
  const day0 = new Date(`${todayIso}T00:00:00Z`);
  day0.setUTCDate(day0.getUTCDate() - 745);
  const calRows: { d: string; working: boolean }[] = [];
  for (let i = 0; i < 745 + 400; i++) {
    const d = new Date(day0.getTime() + i * 86400_000).toISOString().slice(0, 10);
    calRows.push({ d, working: cal.isWorkingDay(d) });
  }

  const paths: { variant: number; ord: number; len: number; step: PathStep }[] = [];
  const variantOf = (fate: Fate, direct: boolean, sup: boolean) => FATES.findIndex((f) => f.fate === fate) * 4 + (direct ? 2 : 0) + (sup ? 1 : 0);
  for (const { fate } of FATES)
    for (const direct of [false, true])
      for (const sup of [false, true]) {
        const p = pathOf(fate, direct, sup);
        p.forEach((step, i) => paths.push({ variant: variantOf(fate, direct, sup), ord: i + 1, len: p.length, step }));
      }

  const totalWeight = procedures.reduce((n, p) => n + (PROCEDURE_WEIGHTS[p.code] ?? 1), 0);
  let acc = 0;
  const procRows = procedures.map((p, i) => {
    const lo = acc / totalWeight;
    acc += PROCEDURE_WEIGHTS[p.code] ?? 1;
    const docs = (p.documents as { name: string; required: boolean }[]) ?? [];
    return { i: i + 1, lo, hi: i === procedures.length - 1 ? 1.0000001 : acc / totalWeight, p, docs };
  });

  const family = buckets(FAMILY);
  const communes = await db.selectFrom('communes').select('name').orderBy('code').execute();
  const communeNames = communes.map((c) => c.name);

  await db.connection().execute(async (conn) => {
    const run = async (step: string, statement: string, countSql?: string) => {
      const t = performance.now();
      const res = await sql.raw(statement).execute(conn);
      let rows = Number(res.numAffectedRows ?? 0);
      if (countSql) rows = Number(((await sql.raw(countSql).execute(conn)).rows[0] as { n: number }).n);
      const seconds = (performance.now() - t) / 1000;
      if (step) {
        steps.push({ step, rows, seconds });
        log(`  ${step}: ${rows.toLocaleString('en')} rows in ${seconds.toFixed(1)} s`);
      }
      return rows;
    };
    const exec = (statement: string) => run('', statement);

    await exec(`select setseed(${opts.seed ?? 0.766})`);
    // Bulk load: foreign keys are satisfied by construction, so their triggers are skipped for this
    // session only (superuser on both databases); the loader's commits need not wait for the disk.
    await exec(`set session_replication_role = replica`);
    await exec(`set synchronous_commit = off`);
    await exec(`set work_mem = '256MB'`);
    await exec(`set maintenance_work_mem = '512MB'`);

    await exec(`create temp table b_cal (d date primary key, working boolean not null, k_lt integer, k_le integer)`);
    await exec(`insert into b_cal (d, working) values ${calRows.map((r) => `('${r.d}', ${r.working})`).join(',')}`);
    await exec(`update b_cal c set k_le = x.k_le, k_lt = x.k_le - case when c.working then 1 else 0 end
                from (select d, count(*) filter (where working) over (order by d) as k_le from b_cal) x where x.d = c.d`);
    await exec(`create temp table b_wd as select k_le as k, d from b_cal where working`);
    await exec(`create unique index on b_wd (k)`);
    await exec(`create temp table b_paths (variant int, ord int, len int, action text, from_status text, to_status text, actor_role text, primary key (variant, ord))`);
    await exec(
      `insert into b_paths values ${paths.map((p) => `(${p.variant}, ${p.ord}, ${p.len}, ${lit(p.step.action)}, ${lit(p.step.from)}, ${lit(p.step.to)}, ${lit(p.step.role)})`).join(',')}`,
    );
    await exec(`create temp table b_proc (i int primary key, lo float8, hi float8, procedure_id uuid, agency_id uuid, agency_code text, days int, ndocs int, docs text[], nreq int)`);
    await exec(
      `insert into b_proc values ${procRows
        .map((r) => `(${r.i}, ${r.lo}, ${r.hi}, '${r.p.id}', '${r.p.agency_id}', ${lit(r.p.agency_code)}, ${r.p.processing_days}, ${r.docs.length}, ${arr(r.docs.map((d) => d.name))}, ${r.docs.filter((d) => d.required).length})`)
        .join(',')}`,
    );
    await exec(`create temp table b_files (i int primary key, sha256 text, size bigint)`);
    await exec(`insert into b_files values ${fileRows.map((f, i) => `(${i}, '${f.sha256}', ${f.size})`).join(',')}`);

    // ---- citizens (~200k per 1M dossiers), with realistic Vietnamese names and CCCD numbers
    await run(
      'citizens (staging)',
      `create temp table b_cit as
       with x as (
         select n, (n % 2 = 0) as female,
                1 + (abs(hashtext('f' || n)) % ${family.length}) as fi,
                1 + (abs(hashtext('m' || n)) % 10) as mi,
                1 + (abs(hashtext('g' || n)) % 20) as gi,
                1930 + (abs(hashtext('y' || n)) % 78) as birth_year
         from generate_series(1, ${C}) n)
       select n, gen_random_uuid() as id,
              fam[fi] || ' ' || case when female then mf[mi] else mm[mi] end || ' ' || case when female then gf[gi] else gm[gi] end as full_name,
              famx[fi] || ' ' || case when female then mfx[mi] else mmx[mi] end || ' ' || case when female then gfx[gi] else gmx[gi] end as full_name_folded,
              'cd' || lpad(n::text, 7, '0') || '@bench.tinhso.vn' as email,
              '09' || lpad((abs(hashtext('p' || n)) % 100000000)::text, 8, '0') as phone,
              '094' || case when birth_year >= 2000 then (case when female then '3' else '2' end) else (case when female then '1' else '0' end) end
                    || lpad((birth_year % 100)::text, 2, '0') || lpad((abs(hashtext('i' || n)) % 1000000)::text, 6, '0') as personal_id,
              'Số ' || (1 + n % 300) || ' đường ' || st[1 + n % ${STREETS.length}] || ', ' || cm[1 + (n / 7) % ${communeNames.length}] || ', Sóc Trăng' as address
       from x, (select ${arr(family)} as fam, ${arr(MIDDLE_M)} as mm, ${arr(MIDDLE_F)} as mf, ${arr(GIVEN_M)} as gm, ${arr(GIVEN_F)} as gf,
                       ${arr(family.map(foldVietnamese))} as famx, ${arr(MIDDLE_M.map(foldVietnamese))} as mmx, ${arr(MIDDLE_F.map(foldVietnamese))} as mfx,
                       ${arr(GIVEN_M.map(foldVietnamese))} as gmx, ${arr(GIVEN_F.map(foldVietnamese))} as gfx,
                       ${arr(STREETS)} as st, ${arr(communeNames)} as cm) names`,
      'select count(*)::int as n from b_cit',
    );
    await exec(`create unique index on b_cit (n)`);
    const citizens = await run(
      'users (citizens)',
      `insert into users (id, email, phone, full_name, personal_id, address, password_hash, role)
       select id, email, phone, full_name, personal_id, address, ${lit(passwordHash)}, 'citizen' from b_cit order by n`,
    );

    // ---- officials: 2 desk, 5 processing, 2 approvers per agency on top of the demo accounts
    const officials = await run(
      'users (officials)',
      `insert into users (email, full_name, password_hash, role, agency_id)
       select r.role || k || '.' || lower(replace(a.code, '.', '')) || '@bench.tinhso.vn', 'Cán bộ ' || r.role || ' ' || k || ' ' || a.code, ${lit(passwordHash)}, r.role, a.id
       from agencies a cross join (values ('desk', 2), ('processor', 5), ('approver', 2)) r(role, cnt) cross join lateral generate_series(1, r.cnt) k`,
    );
    // Historic dossiers are handled by the bench officials (constant counts keep the picks equi-joins).
    await exec(`create temp table b_off as select agency_id, role, id, row_number() over (partition by agency_id, role order by email) as k
                from users where role in ('desk', 'processor', 'approver') and email like '%@bench.tinhso.vn'`);
    await exec(`create index on b_off (agency_id, role, k)`);

    // ---- the dossiers' draws and timelines (temporary tables: not WAL-logged)
    // k_r: working day of receipt (0–2 working days after submission); k_d: due; k_f: the day of the
    // last step. 5% finish late, 0.2% never finish (the backlog an overdue tab shows); n_done: how
    // many steps of the dossier's path have happened by today.
    await run(
      'draws',
      `create temp table b_g as
       with today as (select k_le as kt from b_cal where d = (now() at time zone 'Asia/Ho_Chi_Minh')::date),
       base as (
         select n, gen_random_uuid() as id,
                -- two years, a little denser towards today (the province's online share grows)
                now() - interval '730 days' * power(random(), 1.15) as submitted_at,
                random() as rp, random() as ra, random() as rc, random() as rf, random() as rx, random() as rs, random() as rl, random() as rt, random() as rk
         from generate_series(1, ${N}) n),
       drawn as (
         select b.*, p.i as pidx, p.procedure_id, p.agency_id, p.agency_code, p.days, p.ndocs, p.nreq, p.docs,
                case when b.ra < 0.1 then 1 + floor(b.ra / 0.1 * ${Math.max(1, Math.floor(C * 0.02))})::int else 1 + floor((b.ra - 0.1) / 0.9 * ${C})::int end as cit_n,
                case when b.rc < 0.6 then 'online' when b.rc < 0.95 then 'in_person' else 'post' end as channel,
                case ${FATES.map((f, i) => `when b.rf < ${FATES.slice(0, i + 1).reduce((s, x) => s + x.p, 0)} then ${i}`).join(' ')} else ${FATES.length - 1} end as fate,
                (b.submitted_at at time zone 'Asia/Ho_Chi_Minh')::date as sub_day
         from base b join b_proc p on b.rp >= p.lo and b.rp < p.hi),
       timed as (
         select d.*, (d.fate in (2, 3, 4) and d.rs < 0.1) as sup,
                c.k_lt + 1 + case when d.rk < 0.7 then 0 when d.rk < 0.95 then 1 else 2 end as k_r
         from drawn d join b_cal c on c.d = d.sub_day),
       flagged as (
         select t.*, (t.sup or t.rx < 0.5) as direct, case when t.sup then 3 + floor(t.rs * 100)::int else 0 end as pause,
                t.fate * 4 + case when (t.sup or t.rx < 0.5) then 2 else 0 end + case when t.sup then 1 else 0 end as variant
         from timed t),
       planned as (
         select f.*, pl.len, f.k_r + f.days as k_d,
                case when f.fate = 0 then f.k_r
                     when f.fate = 1 then f.k_r + floor(f.days * 0.5 * f.rt)::int
                     when f.rs > 0.998 then f.k_r + 100000
                     when f.rl < 0.05 then f.k_r + f.days + f.pause + 1 + floor(f.rl / 0.05 * 10)::int
                     else f.k_r + floor((f.days + f.pause) * (0.3 + 0.7 * f.rt))::int end as k_f
         from flagged f join (select variant, max(len) as len from b_paths group by variant) pl on pl.variant = f.variant)
       select p.*, least(p.len, case when today.kt < p.k_r then 1
                                     when p.len <= 2 or p.k_f <= p.k_r then p.len
                                     else 2 + floor((today.kt - p.k_r)::float8 / (p.k_f - p.k_r) * (p.len - 2))::int end) as n_done
       from planned p cross join today`,
      'select count(*)::int as n from b_g',
    );
    await exec(`analyze b_g`);

    // ---- events: step i happens on working day k_r + (i-2)/(len-2)·(k_f-k_r), in office hours (UTC+7),
    // strictly after the one before (ids follow time, as the timeline's order by id expects).
    await run(
      'events (staging)',
      `create temp table b_ev as
       select g.id as dossier_id, p.ord, p.action, p.from_status, p.to_status, p.actor_role,
              case when p.ord = 1 then g.submitted_at
                   else greatest(
                          (w.d + time '07:30' + (p.ord * interval '40 minutes') + (abs(hashtext(g.id::text || p.ord)) % 2400) * interval '1 second') at time zone 'Asia/Ho_Chi_Minh',
                          g.submitted_at + p.ord * interval '3 minutes') end as at
       from b_g g
       join b_paths p on p.variant = g.variant and p.ord <= g.n_done
       left join b_wd w on p.ord > 1 and w.k = g.k_r + case when g.len <= 2 then 0 else round((p.ord - 2)::float8 / (g.len - 2) * (g.k_f - g.k_r))::int end`,
      'select count(*)::int as n from b_ev',
    );
    await exec(`analyze b_ev`);

    // The dossier's status is the last step that happened; its dates follow from the steps.
    await run(
      'dossier states',
      `create temp table b_d as
       with ev as (
         select dossier_id,
                (array_agg(to_status order by ord desc))[1] as status,
                max(at) as last_at,
                max(at) filter (where action = 'receive') as received_at,
                max(at) filter (where action in ('approve', 'refuse')) as decided_at,
                max(at) filter (where action = 'request_supplement') as requested_at,
                max(at) filter (where action = 'answer_supplement') as answered_at
         from b_ev group by dossier_id)
       select g.*, ev.status, ev.received_at, ev.decided_at, ev.requested_at, ev.answered_at,
              case when ev.status in ('result_returned', 'declined', 'withdrawn', 'stopped') then ev.last_at end as finished_at,
              case when ev.received_at is not null then od.d end as original_due_date,
              case when ev.received_at is not null then coalesce(case when ev.answered_at is not null then nd.d end, od.d) end as due_date,
              case when ev.status in ('submitted', 'received', 'declined') or g.fate in (0, 1) then null else pr.id end as assignee_id,
              case when ev.received_at is not null then dk.id end as received_by,
              case when ev.decided_at is not null then ap.id end as decided_by
       from b_g g
       join ev on ev.dossier_id = g.id
       left join b_wd od on od.k = g.k_d
       left join b_wd nd on nd.k = g.k_d + g.pause
       left join b_off pr on pr.agency_id = g.agency_id and pr.role = 'processor' and pr.k = 1 + abs(hashtext('pr' || g.id::text)) % 5
       left join b_off dk on dk.agency_id = g.agency_id and dk.role = 'desk' and dk.k = 1 + abs(hashtext('dk' || g.id::text)) % 2
       left join b_off ap on ap.agency_id = g.agency_id and ap.role = 'approver' and ap.k = 1 + abs(hashtext('ap' || g.id::text)) % 2`,
      'select count(*)::int as n from b_d',
    );
    await exec(`analyze b_d`);
    await exec(`analyze b_cit`);

    // Secondary indexes are built once after the load rather than row by row (only on an empty
    // dossiers table: a loaded database keeps its indexes).
    const empty = Number(((await sql.raw('select count(*)::int as n from (select 1 from dossiers limit 1) x').execute(conn)).rows[0] as { n: number }).n) === 0;
    const deferred = empty
      ? ((
          await sql.raw(
            `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
             from pg_index i join pg_class t on t.oid = i.indrelid
             where t.relname in ('dossiers', 'dossier_events', 'dossier_attachments', 'supplement_requests')
               and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`,
          ).execute(conn)
        ).rows as { name: string; def: string }[])
      : [];
    for (const ix of deferred) await exec(`drop index ${ix.name}`);

    // Load the real tables in submission order, as a live system would have appended them.
    const formCases = procRows.map((r) => `when ${r.i} then ${formDataExpr(r.p.form_schema as Record<string, unknown>)}`).join(' ');
    const dossiers = await run(
      'dossiers',
      `insert into dossiers (id, code, procedure_id, agency_id, applicant_id, applicant_name, applicant_name_folded, applicant_email, applicant_phone,
                             applicant_address, status, channel, form_data, submitted_at, received_at, received_by, due_date, original_due_date,
                             resume_status, assignee_id, decided_at, decided_by, finished_at, supplement_count, created_at, updated_at)
       select g.id,
              g.agency_code || '-' || to_char(g.sub_day, 'YYMMDD') || '-' || lpad(g.seq::text, greatest(4, length(g.seq::text)), '0'),
              g.procedure_id, g.agency_id, c.id, c.full_name, c.full_name_folded, c.email, c.phone, c.address, g.status, g.channel,
              case g.pidx ${formCases} end,
              g.submitted_at, g.received_at, g.received_by, g.due_date, g.original_due_date,
              case when g.status = 'supplement_requested' then 'in_progress' end,
              g.assignee_id, g.decided_at, g.decided_by, g.finished_at,
              case when g.requested_at is not null then 1 else 0 end,
              g.submitted_at, coalesce(g.finished_at, g.decided_at, g.received_at, g.submitted_at)
       from (select b_d.*, row_number() over (partition by agency_id, sub_day order by submitted_at, n) as seq from b_d) g join b_cit c on c.n = g.cit_n
       order by g.submitted_at`,
    );

    const events = await run(
      'dossier_events',
      `insert into dossier_events (dossier_id, at, actor_id, actor_role, action, from_status, to_status, reason, data)
       select e.dossier_id, e.at,
              case e.actor_role when 'citizen' then c.id when 'desk' then coalesce(d.received_by, dk.id) when 'processor' then d.assignee_id else ap.id end,
              e.actor_role, e.action, e.from_status, e.to_status,
              case e.action when 'decline' then 'Hồ sơ không đúng thẩm quyền giải quyết' when 'withdraw' then 'Tôi muốn rút hồ sơ để bổ sung thêm giấy tờ'
                            when 'stop' then 'Người yêu cầu không bổ sung hồ sơ theo quy định' when 'refuse' then 'Không đủ điều kiện theo quy định' end,
              case e.action when 'receive' then jsonb_build_object('dueDate', d.original_due_date) else '{}'::jsonb end
       from b_ev e join b_d d on d.id = e.dossier_id join b_cit c on c.n = d.cit_n
       left join b_off dk on dk.agency_id = d.agency_id and dk.role = 'desk' and dk.k = 1
       left join b_off ap on ap.agency_id = d.agency_id and ap.role = 'approver' and ap.k = 1 + abs(hashtext('ap' || d.id::text)) % 2
       order by e.at`,
    );

    const attachments = await run(
      'dossier_attachments',
      `insert into dossier_attachments (dossier_id, file_sha256, kind, label, filename, mime, size, uploaded_by, created_at)
       select g.id, f.sha256, 'application', coalesce(g.docs[a.j], 'Giấy tờ khác'), 'scan-' || a.j || '.pdf', 'application/pdf', f.size, c.id, g.submitted_at
       from b_d g join b_cit c on c.n = g.cit_n
       cross join lateral generate_series(1, least(3, greatest(g.nreq, 1 + abs(hashtext('a' || g.id::text)) % 3))) a(j)
       join b_files f on f.i = abs(hashtext(g.id::text || a.j)) % ${FILES}
       order by g.submitted_at`,
    );

    const supplementRequests = await run(
      'supplement_requests',
      `insert into supplement_requests (dossier_id, items, note, requested_by, requested_at, remaining_days, answered_at, answer_note)
       select g.id, '["Bản sao giấy tờ tùy thân còn hiệu lực", "Bản vẽ sơ đồ vị trí rõ nét"]'::jsonb, 'Hồ sơ chưa đầy đủ', g.assignee_id, g.requested_at,
              greatest(0, g.k_d - g.k_r), g.answered_at, case when g.answered_at is not null then 'Đã bổ sung' end
       from b_d g where g.requested_at is not null and g.assignee_id is not null`,
    );

    await run(
      'dossier_code_sequences',
      `insert into dossier_code_sequences (agency_id, day, last)
       select agency_id, sub_day, count(*) from b_d group by agency_id, sub_day
       on conflict (agency_id, day) do update set last = dossier_code_sequences.last + excluded.last`,
    );

    for (const ix of deferred) await run(`index ${ix.name}`, ix.def);
    await exec(`set session_replication_role = origin`);
    for (const t of ['b_d', 'b_ev', 'b_g', 'b_cit', 'b_off', 'b_paths', 'b_proc', 'b_files', 'b_wd', 'b_cal']) await exec(`drop table if exists ${t}`);
    Object.assign(counts, { citizens, officials, dossiers, events, attachments, supplementRequests });
  });

  // The folded names come from folded name parts: check them against the application's own function.
  const sample = await db.selectFrom('dossiers').select(['applicant_name', 'applicant_name_folded']).where('applicant_email', 'like', '%@bench.tinhso.vn').limit(200).execute();
  for (const s of sample) {
    if (foldVietnamese(s.applicant_name) !== s.applicant_name_folded) throw new Error(`folding differs for "${s.applicant_name}": "${s.applicant_name_folded}" vs "${foldVietnamese(s.applicant_name)}"`);
  }

  const seconds = (performance.now() - started) / 1000;
  const statusRows = await sql<{ status: string; n: number }>`select status, count(*)::int as n from dossiers group by status order by n desc`.execute(db);
  const evRows = await sql<{ k: number; n: number }>`select k, count(*)::int as n from (select count(*)::int as k from dossier_events group by dossier_id) x group by k order by k`.execute(db);
  const rows = counts.citizens + counts.officials + counts.dossiers + counts.events + counts.attachments + counts.supplementRequests + FILES;
  return {
    dossiers: counts.dossiers,
    citizens: counts.citizens,
    officials: counts.officials,
    events: counts.events,
    attachments: counts.attachments,
    supplementRequests: counts.supplementRequests,
    rows,
    seconds,
    rowsPerSecond: rows / seconds,
    dossiersPerSecond: counts.dossiers / seconds,
    steps,
    statusCounts: Object.fromEntries(statusRows.rows.map((r) => [r.status, r.n])),
    eventsPerDossier: Object.fromEntries(evRows.rows.map((r) => [String(r.k), r.n])),
  };
}

/** Opens a bench database, runs the migrations and the demo seed (when empty). */
export async function prepareDatabase(target: { databaseUrl?: string; dataDir?: string }) {
  const opened = await openDatabase({ databaseUrl: target.databaseUrl, dataDir: target.dataDir });
  await migrateToLatest(opened.db);
  await seedDemo({ db: opened.db } as unknown as AppContext);
  return opened;
}


// ---------------------------------------------------------------- CLI
if (import.meta.url === `file://${process.argv[1]}`) {
  const { parseArgs } = await import('node:util');
  const { values } = parseArgs({
    options: { dossiers: { type: 'string', default: '1000000' }, citizens: { type: 'string' }, 'database-url': { type: 'string' }, 'data-dir': { type: 'string' } },
  });
  const databaseUrl = values['database-url'] ?? process.env.DATABASE_URL;
  const dataDir = values['data-dir'] ?? process.env.DATA_DIR ?? './data';
  const opened = await prepareDatabase({ databaseUrl, dataDir });
  const path = await import('node:path');
  const report = await generate(opened.db, {
    dossiers: Number(values.dossiers),
    citizens: values.citizens ? Number(values.citizens) : undefined,
    filesDir: path.join(dataDir, 'files'),
    log: (m) => console.log(m),
  });
  console.log(JSON.stringify(report, null, 2));
  await opened.close();
}
