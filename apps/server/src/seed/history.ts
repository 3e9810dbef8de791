// History: years of realistic dossiers written with set-based SQL (INSERT … SELECT over
// generate_series with random() after setseed()), on one connection, so it runs the same on
// PostgreSQL and on the embedded PGlite. Two callers:
//
// - the demo seed (seed/demo.ts): ~30,000 dossiers over the two years ending today, with a fixed
//   seed and fixed identifiers, so every demo tells the same story and the leaders' dashboard has
//   something true-looking to show;
// - the benchmarks (bench/generate.ts): 1,000,000 dossiers into a throwaway database.
//
// What it draws: citizens with Vietnamese names (Mekong family names, Khmer ones included) and CCCD
// numbers, who cannot sign in (unusable password hash); officials per agency (the agency's own
// accounts first when asked, so the demo officials have work in their queues); the demo procedures
// weighted like a real year; submission days with a working-week rhythm, a rush in the weeks
// before Tết, a quiet Tết, and volume and online share growing over the two years; each dossier's
// whole timeline from the real working-day calendar (receipt, due date, supplement requests that
// pause the clock, processing, approval, return of the result with a result file), agencies that
// differ in how often they are late (and all of them late less often as time goes on), an
// apology-and-extension letter before every late return, a small backlog that never finished.
// The status today is the last step of that timeline that has happened.
import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { FileStore } from '../platform/files.ts';
import { WorkingCalendar, lunarNewYear } from '../platform/calendar/index.ts';
import { foldVietnamese } from '../platform/text.ts';

export interface HistoryOptions {
  dossiers: number;
  /** Default: one citizen per five dossiers (200k for 1M). */
  citizens?: number;
  /** Content-addressed file store to hold the attachments' bytes; without it only the rows are written. */
  fileStore?: FileStore;
  /** How many distinct scans (and as many / 4 result documents) back the attachments. Default 256. */
  filePool?: number;
  /** setseed() value, so two runs draw the same distributions. */
  seed?: number;
  /** Salt of the generated identifiers (md5 of salt and row number): fixed → the same ids every run. Default: random. */
  idSalt?: string;
  /** The end of the history ("now"); dates are relative to its day in Asia/Ho_Chi_Minh. Default: the clock. */
  now?: Date;
  /** Domain of the generated accounts' emails. Default bench.tinhso.vn. */
  emailDomain?: string;
  /** The agencies' existing officials join the generated ones (first in each pool), so they have work. */
  existingOfficials?: boolean;
  /** Count statuses and timeline lengths for the report (two scans of the tables; the benchmark shows them). Default true. */
  summary?: boolean;
  /** Existing citizen accounts that get a few of the dossiers (recent, varied procedures, one still open). */
  applicants?: { email: string; dossiers: number }[];
  log?: (msg: string) => void;
}

export interface StepReport {
  step: string;
  rows: number;
  seconds: number;
}

export interface HistoryReport {
  dossiers: number;
  citizens: number;
  officials: number;
  events: number;
  attachments: number;
  supplementRequests: number;
  extensions: number;
  /** Rows written to the real tables (users, dossiers, events, attachments, supplement requests, extensions, sequences, files). */
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  dossiersPerSecond: number;
  steps: StepReport[];
  statusCounts: Record<string, number>;
  eventsPerDossier: Record<string, number>;
}

/** A password hash no password matches (argon2 cannot parse it): generated people cannot sign in. */
export const UNUSABLE_PASSWORD_HASH = '!generated-account-without-password';

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

// Share of an agency's processed dossiers finished late at the start of the two years (it falls to
// two fifths of that by the end: the story a dashboard should tell). Land registration, with site
// checks and cadastral records, is late far more often than civil status or criminal records.
const AGENCY_LATE: Record<string, number> = {
  'H55.21': 0.015, // Sở Tư pháp
  'H55.26.01': 0.025, // UBND phường Phú Lợi
  'H55.12': 0.035, // Sở Tài chính
  'H55.26.02': 0.07, // UBND xã Kế Sách
  'H55.08': 0.1, // Sở Xây dựng
  'H55.09': 0.16, // Sở Nông nghiệp và Môi trường
};
const DEFAULT_LATE = 0.05;

// Family names of the Mekong delta (Sóc Trăng has a large Khmer community: Thạch, Sơn, Kim, Danh, Lâm).
export const FAMILY: [string, number][] = [
  ['Nguyễn', 31], ['Trần', 11], ['Lê', 9], ['Phạm', 6], ['Huỳnh', 5], ['Võ', 4], ['Phan', 3.5], ['Thạch', 3], ['Trương', 2],
  ['Đặng', 2], ['Lâm', 2], ['Sơn', 2], ['Bùi', 1.5], ['Kim', 1.5], ['Danh', 1.5], ['Đỗ', 1.3], ['Hồ', 1.3], ['Ngô', 1.3],
  ['Dương', 1.2], ['Lý', 1], ['Châu', 1], ['Tô', 0.8], ['Mai', 0.7], ['Đinh', 0.7], ['Vương', 0.4],
];
export const MIDDLE_M = ['Văn', 'Minh', 'Quốc', 'Hữu', 'Thanh', 'Công', 'Đức', 'Hoàng', 'Văn', 'Văn'];
export const MIDDLE_F = ['Thị', 'Ngọc', 'Thanh', 'Thu', 'Kim', 'Bích', 'Mỹ', 'Hồng', 'Thị', 'Thị'];
export const GIVEN_M = ['Hùng', 'Dũng', 'Tuấn', 'Minh', 'Phúc', 'Tài', 'Khang', 'Bảo', 'Long', 'Sơn', 'Thành', 'Trí', 'Hải', 'Nam', 'Phong', 'Toàn', 'Nhân', 'Hiếu', 'Lộc', 'Duy'];
export const GIVEN_F = ['Hương', 'Lan', 'Mai', 'Ngọc', 'Trang', 'Thảo', 'Linh', 'Hạnh', 'Nhung', 'Yến', 'Diễm', 'Thư', 'Vy', 'Nhi', 'Hằng', 'Loan', 'Phương', 'Trinh', 'Hoa', 'Tuyết'];
const STREETS = ['Trần Hưng Đạo', 'Lê Lợi', 'Hai Bà Trưng', 'Nguyễn Văn Linh', 'Phú Lợi', 'Lê Duẩn', 'Mạc Đĩnh Chi', 'Tôn Đức Thắng', 'Quốc lộ 1A', 'Ấp Phước Hòa'];
const VALUES = ['Bản sao giấy khai sinh', 'Căn cước công dân', 'Bằng tốt nghiệp', 'Thửa 125, tờ bản đồ số 12', 'Ấp Hòa Trung', 'Bệnh viện Đa khoa tỉnh Sóc Trăng', 'Mẹ', 'Con', 'Xin việc làm', 'Bán lẻ tạp hóa'];
const EXTENSION_REASONS = [
  'Hồ sơ cần xác minh thực địa, đo đạc lại ranh giới thửa đất; cơ quan xin lỗi ông/bà vì sự chậm trễ và hẹn trả kết quả vào ngày mới',
  'Cần lấy ý kiến của cơ quan có liên quan nên chưa giải quyết kịp thời hạn; cơ quan chân thành xin lỗi và hẹn lại ngày trả kết quả',
  'Số lượng hồ sơ tăng cao trong thời gian cao điểm; cơ quan xin lỗi ông/bà và đề nghị gia hạn thời gian giải quyết',
];

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
function pathOf(fate: Fate, direct: boolean, supplement: boolean, late: boolean): PathStep[] {
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
  // Decree 118: a dossier that will miss its due date gets an apology with a new date, on the due date.
  if (late) steps.push(s('extend', 'in_progress', 'in_progress', 'approver'));
  steps.push(s('forward', 'in_progress', 'awaiting_approval', 'processor'));
  steps.push(fate === 'refuse' ? s('refuse', 'awaiting_approval', 'refused', 'approver') : s('approve', 'awaiting_approval', 'approved', 'approver'));
  steps.push(s('return_result', fate === 'refuse' ? 'refused' : 'approved', 'result_returned', 'desk'));
  return steps;
}

/** A SQL string literal (for the generator's own constants only). */
const lit = (v: string | null) => (v === null ? 'null' : `'${v.replaceAll("'", "''")}'`);
const arr = (xs: string[]) => `array[${xs.map(lit).join(',')}]::text[]`;

/** Expands weights into a 1000-slot bucket array so a uniform index draws with the weights. */
export function buckets(items: [string, number][]): string[] {
  const total = items.reduce((n, [, w]) => n + w, 0);
  const out: string[] = [];
  for (const [name, w] of items) for (let i = 0; i < Math.round((w / total) * 1000); i++) out.push(name);
  return out;
}

/** A small valid PDF whose bytes (and so hash) differ per index. */
export function tinyPdf(i: number, note = 'scan'): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n% ${note} ${i} ${'x'.repeat(200 + (i % 50) * 37)}\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
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

const DAY_MS = 86_400_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (iso: string, n: number) => isoDay(new Date(Date.parse(`${iso}T00:00:00Z`) + n * DAY_MS));
const vietnamDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Deterministic small hash of a string (FNV-1a) for picks made in JavaScript. */
function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export interface SubmissionDay {
  d: string;
  working: boolean;
  /** Relative number of submissions that day. */
  weight: number;
  /** Share of that day's dossiers submitted online (before the procedure's own bias). */
  online: number;
  /** 0 two years ago → 1 today: drives growth, online share and punctuality. */
  progress: number;
}

/**
 * The submission calendar of the history: a working-week rhythm (weekends and holidays see only the
 * online submissions), volume growing by a third over the two years, a rush in the four weeks
 * before the Tết break (papers put in order before the new year) and a slow restart after it, and
 * the online share growing from about 30% to about 72% (indicator 3.3's story).
 */
export function submissionDays(cal: WorkingCalendar, today: string, days = 730): SubmissionDay[] {
  const out: SubmissionDay[] = [];
  const tets = new Map<number, string>();
  for (let i = days; i >= 0; i--) {
    const d = addDays(today, -i);
    const progress = (days - i) / days;
    const year = Number(d.slice(0, 4));
    for (const y of [year, year + 1]) if (!tets.has(y)) tets.set(y, lunarNewYear(y));
    const working = cal.isWorkingDay(d);
    const online = 0.3 + 0.42 * progress;
    let weight = 0.85 + 0.35 * progress;
    const weekday = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (!working) weight *= online * (weekday === 6 ? 0.35 : 0.2);
    // Days to the next lunar new year (and since the last one).
    const toTet = Math.min(...[tets.get(year)!, tets.get(year + 1)!].map((t) => (Date.parse(t) - Date.parse(d)) / DAY_MS).filter((x) => x >= 0));
    const sinceTet = (Date.parse(d) - Date.parse(tets.get(year)!)) / DAY_MS;
    if (toTet >= 5 && toTet <= 33) weight *= 1 + 0.9 * (1 - (toTet - 5) / 28);
    if (sinceTet >= 0 && sinceTet <= 20) weight *= 0.75;
    // The school year and the summer hiring season: criminal records and birth certificates.
    const month = Number(d.slice(5, 7));
    if (month === 8 || month === 9) weight *= 1.12;
    out.push({ d, working, weight, online, progress });
  }
  return out;
}

/**
 * Writes the history. `db` must be one connection: a transaction (the demo seed, so a half-seeded
 * database never exists) or `db.connection()` (the benchmark loader); temporary tables and session
 * settings live on it.
 */
export async function seedHistory(db: Kysely<DB>, opts: HistoryOptions): Promise<HistoryReport> {
  const log = opts.log ?? (() => {});
  const N = opts.dossiers;
  const C = opts.citizens ?? Math.max(100, Math.round(N / 5));
  const salt = opts.idSalt ?? crypto.randomUUID();
  const domain = opts.emailDomain ?? 'bench.tinhso.vn';
  const now = opts.now ?? new Date();
  const nowLit = `'${now.toISOString()}'::timestamptz`;
  const today = vietnamDay.format(now);
  const started = performance.now();
  const steps: StepReport[] = [];

  const procedures = await db
    .selectFrom('procedures')
    .innerJoin('agencies', 'agencies.id', 'procedures.agency_id')
    .select(['procedures.id', 'procedures.code', 'procedures.agency_id', 'agencies.code as agency_code', 'procedures.processing_days', 'procedures.documents', 'procedures.form_schema', 'procedures.online_level', 'procedures.result_description'])
    .orderBy('procedures.code')
    .execute();
  if (procedures.length === 0) throw new Error('No procedures: run the migrations and the demo seed first');
  const overrides = await db.selectFrom('calendar_overrides').select(['date', 'kind', 'name']).execute();
  const counts = { citizens: 0, officials: 0, dossiers: 0, events: 0, attachments: 0, supplementRequests: 0, extensions: 0 };

  // Files: a pool of real small PDFs in the file store, shared by the attachments (a scan is
  // content-addressed, so popular files are stored once anyway), and a smaller pool of results.
  const FILES = opts.filePool ?? 256;
  const RESULTS = Math.max(4, Math.round(FILES / 4));
  const putFile = async (bytes: Buffer, name: string) => {
    if (opts.fileStore) return opts.fileStore.put(db, bytes, name);
    const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
    await db.insertInto('files').values({ sha256, size: bytes.length, mime: 'application/pdf' }).onConflict((oc) => oc.column('sha256').doNothing()).execute();
    return { sha256, size: bytes.length };
  };
  const tFiles = performance.now();
  const fileRows: { sha256: string; size: number }[] = [];
  for (let i = 0; i < FILES; i++) fileRows.push(await putFile(tinyPdf(i), `scan-${i}.pdf`));
  const resultRows: { sha256: string; size: number }[] = [];
  for (let i = 0; i < RESULTS; i++) resultRows.push(await putFile(tinyPdf(i, 'ket-qua'), `ket-qua-${i}.pdf`));
  steps.push({ step: 'files', rows: FILES + RESULTS, seconds: (performance.now() - tFiles) / 1000 });

  // The working-day calendar from the real implementation, as a table of numbered working days.
  const cal = new WorkingCalendar(overrides.map((o) => ({ date: String(o.date).slice(0, 10), kind: o.kind, name: o.name })));
  const day0 = addDays(today, -745);
  const calRows: { d: string; working: boolean }[] = [];
  for (let i = 0; i < 745 + 400; i++) {
    const d = addDays(day0, i);
    calRows.push({ d, working: cal.isWorkingDay(d) });
  }
  const subDays = submissionDays(cal, today);
  const totalDayWeight = subDays.reduce((n, x) => n + x.weight, 0);
  let dayAcc = 0;
  const dayRows = subDays.map((x) => {
    const lo = dayAcc / totalDayWeight;
    dayAcc += x.weight;
    return { ...x, lo, hi: dayAcc / totalDayWeight };
  });
  dayRows[dayRows.length - 1]!.hi = 1.0000001;
  const SLOTS = 20_000;

  const paths: { variant: number; ord: number; len: number; seg: number; f: number; step: PathStep }[] = [];
  const variantOf = (fate: Fate, direct: boolean, sup: boolean, late: boolean) => FATES.findIndex((f) => f.fate === fate) * 8 + (direct ? 4 : 0) + (sup ? 2 : 0) + (late ? 1 : 0);
  for (const { fate } of FATES)
    for (const direct of [false, true])
      for (const sup of [false, true])
        for (const late of [false, true]) {
          const p = pathOf(fate, direct, sup, late);
          // Where each step falls: segment 0 spreads the steps from receipt to the extension (or to
          // the end when there is none), segment 1 from the extension to the end.
          const x = p.findIndex((st) => st.action === 'extend') + 1;
          p.forEach((step, i) => {
            const ord = i + 1;
            let seg = 0;
            let f = 0;
            if (ord >= 2) {
              if (x === 0) f = p.length <= 2 ? 0 : (ord - 2) / (p.length - 2);
              else if (ord <= x) f = (ord - 2) / (x - 2);
              else {
                seg = 1;
                f = (ord - x) / (p.length - x);
              }
            }
            paths.push({ variant: variantOf(fate, direct, sup, late), ord, len: p.length, seg, f, step });
          });
        }

  const totalWeight = procedures.reduce((n, p) => n + (PROCEDURE_WEIGHTS[p.code] ?? 1), 0);
  let acc = 0;
  const procRows = procedures.map((p, i) => {
    const lo = acc / totalWeight;
    acc += PROCEDURE_WEIGHTS[p.code] ?? 1;
    const docs = (p.documents as { name: string; required: boolean }[]) ?? [];
    return { i: i + 1, lo, hi: i === procedures.length - 1 ? 1.0000001 : acc / totalWeight, p, docs, late: AGENCY_LATE[p.agency_code] ?? DEFAULT_LATE };
  });

  const family = buckets(FAMILY);
  const communes = await db.selectFrom('communes').select('name').orderBy('code').execute();
  const communeNames = communes.map((c) => c.name);
  const applicantUsers = opts.applicants?.length
    ? await db.selectFrom('users').select(['id', 'email', 'full_name', 'phone', 'personal_id', 'address']).where('role', '=', 'citizen').where(sql<boolean>`lower(email) in (${sql.join(opts.applicants.map((a) => a.email.toLowerCase()))})`).execute()
    : [];

  const run = async (step: string, statement: string, countSql?: string) => {
    const t = performance.now();
    const res = await sql.raw(statement).execute(db);
    let rows = Number(res.numAffectedRows ?? 0);
    if (countSql) rows = Number(((await sql.raw(countSql).execute(db)).rows[0] as { n: number }).n);
    const seconds = (performance.now() - t) / 1000;
    if (step) {
      steps.push({ step, rows, seconds });
      log(`  ${step}: ${rows.toLocaleString('en')} rows in ${seconds.toFixed(1)} s`);
    }
    return rows;
  };
  const exec = (statement: string) => run('', statement);
  const uid = (kind: string, expr: string) => `md5(${lit(`${salt}:${kind}:`)} || ${expr})::uuid`;

  await exec(`select setseed(${opts.seed ?? 0.766})`);
  // Bulk load: foreign keys are satisfied by construction, so their triggers are skipped (needs a
  // superuser: PGlite's user and the benchmark's are; a demo on a restricted role keeps them).
  const superuser = ((await sql.raw(`select current_setting('is_superuser') as s`).execute(db)).rows[0] as { s: string }).s === 'on';
  if (superuser) await exec(`set session_replication_role = replica`);
  await exec(`set synchronous_commit = off`);
  await exec(`set work_mem = '256MB'`);
  await exec(`set maintenance_work_mem = '512MB'`);

  await exec(`create temp table b_cal (d date primary key, working boolean not null, k_lt integer, k_le integer)`);
  await exec(`insert into b_cal (d, working) values ${calRows.map((r) => `('${r.d}', ${r.working})`).join(',')}`);
  await exec(`update b_cal c set k_le = x.k_le, k_lt = x.k_le - case when c.working then 1 else 0 end
              from (select d, count(*) filter (where working) over (order by d) as k_le from b_cal) x where x.d = c.d`);
  await exec(`create temp table b_wd as select k_le as k, d from b_cal where working`);
  await exec(`create unique index on b_wd (k)`);
  // Submission days as 20,000 equally likely slots (an equi-join draws a day with its weight).
  await exec(`create temp table b_day (d date primary key, lo float8, hi float8, working boolean, online float8, progress float8)`);
  await exec(`insert into b_day values ${dayRows.map((r) => `('${r.d}', ${r.lo}, ${r.hi}, ${r.working}, ${r.online}, ${r.progress})`).join(',')}`);
  await exec(`create index on b_day (hi)`);
  await exec(`create temp table b_slot as
              select s, x.d, x.working, x.online, x.progress
              from generate_series(0, ${SLOTS - 1}) s
              cross join lateral (select * from b_day where hi > (s + 0.5) / ${SLOTS} order by hi limit 1) x`);
  await exec(`create unique index on b_slot (s)`);
  await exec(`create temp table b_paths (variant int, ord int, len int, seg int, f float8, action text, from_status text, to_status text, actor_role text, primary key (variant, ord))`);
  await exec(
    `insert into b_paths values ${paths.map((p) => `(${p.variant}, ${p.ord}, ${p.len}, ${p.seg}, ${p.f}, ${lit(p.step.action)}, ${lit(p.step.from)}, ${lit(p.step.to)}, ${lit(p.step.role)})`).join(',')}`,
  );
  await exec(`create temp table b_proc (i int primary key, lo float8, hi float8, procedure_id uuid, agency_id uuid, agency_code text, days int, ndocs int, docs text[], nreq int,
                                        full_online boolean, late float8, result_label text)`);
  await exec(
    `insert into b_proc values ${procRows
      .map(
        (r) =>
          `(${r.i}, ${r.lo}, ${r.hi}, '${r.p.id}', '${r.p.agency_id}', ${lit(r.p.agency_code)}, ${r.p.processing_days}, ${r.docs.length}, ${arr(r.docs.map((d) => d.name))}, ${r.docs.filter((d) => d.required).length}, ${r.p.online_level === 'full'}, ${r.late}, ${lit(r.p.result_description || 'Kết quả giải quyết thủ tục hành chính')})`,
      )
      .join(',')}`,
  );
  // Procedures as 1,000 equally likely slots too (an equi-join instead of a range join per dossier).
  await exec(`create temp table b_pslot as select s, (select i from b_proc where hi > (s + 0.5) / 1000 order by hi limit 1) as i from generate_series(0, 999) s`);
  await exec(`create unique index on b_pslot (s)`);
  await exec(`create temp table b_files (i int primary key, sha256 text, size bigint)`);
  await exec(`insert into b_files values ${fileRows.map((f, i) => `(${i}, '${f.sha256}', ${f.size})`).join(',')}`);
  await exec(`create temp table b_results (i int primary key, sha256 text, size bigint)`);
  await exec(`insert into b_results values ${resultRows.map((f, i) => `(${i}, '${f.sha256}', ${f.size})`).join(',')}`);

  steps.push({ step: 'calendar and draws tables', rows: calRows.length + dayRows.length + SLOTS, seconds: (performance.now() - tFiles) / 1000 - steps.at(-1)!.seconds });
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
     select n, ${uid('c', 'n')} as id,
            fam[fi] || ' ' || case when female then mf[mi] else mm[mi] end || ' ' || case when female then gf[gi] else gm[gi] end as full_name,
            famx[fi] || ' ' || case when female then mfx[mi] else mmx[mi] end || ' ' || case when female then gfx[gi] else gmx[gi] end as full_name_folded,
            'cd' || lpad(n::text, 7, '0') || ${lit(`@${domain}`)} as email,
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
  // The named applicants (the demo citizens) as negative numbers: never drawn at random.
  for (const [j, u] of applicantUsers.entries()) {
    await exec(
      `insert into b_cit values (${-(j + 1)}, '${u.id}', ${lit(u.full_name)}, ${lit(foldVietnamese(u.full_name))}, ${lit(u.email)}, ${lit(u.phone)}, ${lit(u.personal_id)}, ${lit(u.address ?? 'Sóc Trăng')})`,
    );
  }
  await exec(`create unique index on b_cit (n)`);
  const citizens = await run(
    'users (citizens)',
    `insert into users (id, email, phone, full_name, personal_id, address, password_hash, role)
     select id, email, phone, full_name, personal_id, address, ${lit(UNUSABLE_PASSWORD_HASH)}, 'citizen' from b_cit where n > 0 order by n`,
  );

  // ---- officials: 2 desk, 5 processing, 2 approvers per agency (the agency's own accounts first
  // when asked, topped up with generated ones), with Vietnamese names.
  const agencies = await db.selectFrom('agencies').select(['id', 'code']).orderBy('code').execute();
  const existing = opts.existingOfficials
    ? await db.selectFrom('users').select(['agency_id', 'role']).where('role', 'in', ['desk', 'processor', 'approver']).where('disabled', '=', false).where('email', 'not like', `%@${domain}`).execute()
    : [];
  const POOL = { desk: 2, processor: 5, approver: 2 } as const;
  const officialRows: string[] = [];
  for (const a of agencies) {
    for (const [role, cnt] of Object.entries(POOL)) {
      const have = Math.min(cnt, existing.filter((e) => e.agency_id === a.id && e.role === role).length);
      for (let k = have + 1; k <= cnt; k++) {
        const h = fnv(`${salt}:${a.code}:${role}:${k}`);
        const female = h % 2 === 0;
        const name = `${family[(h >>> 3) % family.length]} ${(female ? MIDDLE_F : MIDDLE_M)[(h >>> 9) % 10]} ${(female ? GIVEN_F : GIVEN_M)[(h >>> 13) % 20]}`;
        const email = `${role}${k}.${a.code.replaceAll('.', '').toLowerCase()}@${domain}`;
        officialRows.push(`(${uid('o', lit(`${a.code}:${role}:${k}`))}, ${lit(email)}, ${lit(name)}, ${lit(UNUSABLE_PASSWORD_HASH)}, ${lit(role)}, '${a.id}')`);
      }
    }
  }
  const officials = officialRows.length ? await run('users (officials)', `insert into users (id, email, full_name, password_hash, role, agency_id) values ${officialRows.join(',')}`) : 0;
  // Historic dossiers are handled by this pool (constant counts keep the picks equi-joins).
  await exec(`create temp table b_off as
              select agency_id, role, id, k from (
                select agency_id, role, id, row_number() over (partition by agency_id, role order by (email like ${lit(`%@${domain}`)}), email) as k
                from users where role in ('desk', 'processor', 'approver') and not disabled
                  and ${opts.existingOfficials ? 'true' : `email like ${lit(`%@${domain}`)}`}) x
              where k <= case role when 'processor' then 5 else 2 end`);
  await exec(`create index on b_off (agency_id, role, k)`);

  // ---- the dossiers' draws and timelines (temporary tables: not WAL-logged)
  // k_r: working day of receipt (0–2 working days after submission); k_d: due; k_x: the day of the
  // apology and extension (late ones only; otherwise = k_f); k_f: the day of the last step; k_n: the
  // new due date given by the extension. Late ones finish 1–10 working days after their due date;
  // 0.4% of the last 60 days' never finish (the backlog an overdue tab shows: a few per agency, all
  // of it recent, as a real office clears or closes older ones). Each step's day follows from its place
  // in the path (b_paths.seg, f); the steps on or before today have happened.
  await run(
    'draws',
    `create temp table b_g as
     with today as (select k_le as kt from b_cal where d = date '${today}'),
     base as (
       select n, ${uid('d', 'n')} as id,
              random() as rday, random() as rtime, random() as rp, random() as ra, random() as rc, random() as rf, random() as rx,
              random() as rs, random() as rl, random() as rt, random() as rk, random() as rz
       from generate_series(1, ${N}) n),
     dayed as (
       select b.*, s.d as sub_day, s.working as sub_working, s.online, s.progress
       from base b join b_slot s on s.s = least(${SLOTS - 1}, floor(b.rday * ${SLOTS})::int)),
     drawn as (
       select b.*, p.i as pidx, p.procedure_id, p.agency_id, p.agency_code, p.days, p.ndocs, p.nreq, p.docs,
              p.late * (1.4 - 0.8 * b.progress) as late_p,
              case when b.ra < 0.1 then 1 + floor(b.ra / 0.1 * ${Math.max(1, Math.floor(C * 0.02))})::int else 1 + floor((b.ra - 0.1) / 0.9 * ${C})::int end as cit_n,
              case when not b.sub_working then 'online'
                   when b.rc < least(0.95, b.online * case when p.full_online then 1.15 else 0.8 end) then 'online'
                   when b.rc >= 0.97 then 'post' else 'in_person' end as channel,
              width_bucket(b.rf, array[${FATES.slice(0, -1).map((_, i) => FATES.slice(0, i + 1).reduce((s, x) => s + x.p, 0)).join(', ')}]::float8[]) as fate
       from dayed b join b_pslot ps on ps.s = least(999, floor(b.rp * 1000)::int) join b_proc p on p.i = ps.i),
     stamped as (
       -- Online any time from 6:00 to 23:00; at the counter or by post in office hours (UTC+7).
       select d.*, least(
                (d.sub_day + case when d.channel = 'online' then time '06:00' + d.rtime * interval '17 hours'
                                  when d.rtime < 0.6 then time '07:30' + (d.rtime / 0.6) * interval '4 hours'
                                  else time '13:30' + ((d.rtime - 0.6) / 0.4) * interval '3 hours' end) at time zone 'Asia/Ho_Chi_Minh',
                ${nowLit} - (1 + d.rz * 90) * interval '1 minute') as submitted_at
       from drawn d),
     timed as (
       select d.*, (d.fate in (2, 3, 4) and d.rs < 0.1) as sup,
              (d.fate in (2, 3, 4) and d.rs > 0.996 and d.sub_day > date '${today}' - 60) as stuck,
              (d.fate in (3, 4) and d.rl < d.late_p and not (d.rs > 0.996 and d.sub_day > date '${today}' - 60)) as late,
              c.k_lt + 1 + case when d.rk < 0.75 then 0 when d.rk < 0.97 then 1 else 2 end as k_r
       from stamped d join b_cal c on c.d = d.sub_day),
     flagged as (
       select t.*, (t.sup or t.rx < 0.5) as direct, case when t.sup then 3 + floor(t.rs * 100)::int else 0 end as pause,
              t.fate * 8 + case when (t.sup or t.rx < 0.5) then 4 else 0 end + case when t.sup then 2 else 0 end + case when t.late then 1 else 0 end as variant
       from timed t),
     planned as (
       select f.*, pl.len, f.k_r + f.days as k_d,
              case when f.fate = 0 then f.k_r
                   when f.fate = 1 then f.k_r + floor(f.days * 0.5 * f.rt)::int
                   when f.stuck then f.k_r + 100000
                   when f.late then f.k_r + f.days + f.pause + 1 + floor(f.rt * 10)::int
                   else f.k_r + floor((f.days + f.pause) * (0.3 + 0.7 * f.rt))::int end as k_f
       from flagged f join (select variant, max(len) as len from b_paths group by variant) pl on pl.variant = f.variant)
     select p.*, case when p.late then p.k_d + p.pause else p.k_f end as k_x,
            p.k_f + abs(hashtext(p.id::text || 'n')) % 4 as k_n, today.kt
     from planned p cross join today`,
    'select count(*)::int as n from b_g',
  );

  // A few dossiers of the last year change hands to the named applicants: varied procedures, mostly
  // returned, and one submitted in the last days that is still being processed.
  for (const [j, u] of applicantUsers.entries()) {
    const m = opts.applicants!.find((a) => a.email.toLowerCase() === u.email.toLowerCase())!.dossiers;
    const h = `abs(hashtext(${lit(`${salt}:applicant:${j}:`)} || n))`;
    await exec(
      `update b_g set cit_n = ${-(j + 1)} where n in (
         (select n from (select distinct on (pidx) n, h from (select n, pidx, ${h} as h from b_g
                          where cit_n > 0 and fate = 4 and sub_day between date '${today}' - 365 and date '${today}' - 20) x order by pidx, h) y
          order by h limit ${Math.max(0, m - 1)})
         union all
         (select n from b_g where cit_n > 0 and fate = 4 and not sup and not late and days >= 5 and sub_day >= date '${today}' - 4 and k_r <= kt
          order by ${h} limit ${m > 0 ? 1 : 0}))`,
    );
  }
  await exec(`analyze b_g`);

  // ---- events: step i happens on working day k_r + f·(k_x − k_r) (segment 0) or k_x + f·(k_f − k_x)
  // (segment 1), in office hours (UTC+7), strictly after the one before (ids follow time, as the
  // timeline's order by id expects); only what has happened by now.
  await run(
    'events (staging)',
    `create temp table b_ev as
     select * from (
       select g.id as dossier_id, p.ord, p.action, p.from_status, p.to_status, p.actor_role,
              case when p.ord = 1 then g.submitted_at
                   else greatest(
                          (w.d + time '07:30' + (p.ord * interval '40 minutes') + (abs(hashtext(g.id::text || p.ord)) % 2400) * interval '1 second') at time zone 'Asia/Ho_Chi_Minh',
                          g.submitted_at + p.ord * interval '3 minutes') end as at
       from b_g g
       join b_paths p on p.variant = g.variant
       cross join lateral (select case when p.ord = 1 then 0
                                       when p.seg = 0 then g.k_r + round(p.f * (g.k_x - g.k_r))::int
                                       else g.k_x + round(p.f * (g.k_f - g.k_x))::int end as k) s
       left join b_wd w on p.ord > 1 and w.k = s.k
       where s.k <= g.kt) e
     where e.at <= ${nowLit}`,
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
              max(at) filter (where action = 'answer_supplement') as answered_at,
              max(at) filter (where action = 'extend') as extended_at
       from b_ev group by dossier_id)
     select g.*, ev.status, ev.received_at, ev.decided_at, ev.requested_at, ev.answered_at, ev.extended_at,
            case when ev.status in ('result_returned', 'declined', 'withdrawn', 'stopped') then ev.last_at end as finished_at,
            case when ev.received_at is not null then od.d end as original_due_date,
            case when ev.received_at is not null then coalesce(case when ev.answered_at is not null then nd.d end, od.d) end as due_before_extension,
            case when ev.received_at is not null then coalesce(case when ev.extended_at is not null then xd.d end, case when ev.answered_at is not null then nd.d end, od.d) end as due_date,
            case when ev.status in ('submitted', 'received', 'declined') or g.fate in (0, 1) then null else pr.id end as assignee_id,
            case when ev.received_at is not null then dk.id end as received_by,
            case when ev.decided_at is not null then ap.id end as decided_by
     from b_g g
     join ev on ev.dossier_id = g.id
     left join b_wd od on od.k = g.k_d
     left join b_wd nd on nd.k = g.k_d + g.pause
     left join b_wd xd on xd.k = g.k_n
     left join b_off pr on pr.agency_id = g.agency_id and pr.role = 'processor' and pr.k = 1 + abs(hashtext('pr' || g.id::text)) % 5
     left join b_off dk on dk.agency_id = g.agency_id and dk.role = 'desk' and dk.k = 1 + abs(hashtext('dk' || g.id::text)) % 2
     left join b_off ap on ap.agency_id = g.agency_id and ap.role = 'approver' and ap.k = 1 + abs(hashtext('ap' || g.id::text)) % 2`,
    'select count(*)::int as n from b_d',
  );
  await exec(`analyze b_d`);
  await exec(`analyze b_cit`);

  // Secondary indexes are built once after the load rather than row by row (only on an empty
  // dossiers table: a loaded database keeps its indexes).
  const empty = Number(((await sql.raw('select count(*)::int as n from (select 1 from dossiers limit 1) x').execute(db)).rows[0] as { n: number }).n) === 0;
  const deferred = empty
    ? ((
        await sql.raw(
          `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
           from pg_index i join pg_class t on t.oid = i.indrelid
           where t.relname in ('dossiers', 'dossier_events', 'dossier_attachments', 'supplement_requests', 'extensions')
             and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`,
        ).execute(db)
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
            g.submitted_at, coalesce(g.finished_at, g.decided_at, g.extended_at, g.answered_at, g.requested_at, g.received_at, g.submitted_at)
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
                          when 'stop' then 'Người yêu cầu không bổ sung hồ sơ theo quy định' when 'refuse' then 'Không đủ điều kiện theo quy định'
                          when 'request_supplement' then 'Hồ sơ chưa đầy đủ' when 'answer_supplement' then 'Đã bổ sung'
                          when 'extend' then (${arr(EXTENSION_REASONS)})[1 + abs(hashtext(d.id::text || 'x')) % ${EXTENSION_REASONS.length}] end,
            case e.action when 'receive' then jsonb_strip_nulls(jsonb_build_object('dueDate', d.original_due_date, 'assigneeId', case when e.to_status = 'in_progress' then d.assignee_id end))
                          when 'assign' then jsonb_build_object('assigneeId', d.assignee_id)
                          when 'request_supplement' then '{"items": ["Bản sao giấy tờ tùy thân còn hiệu lực", "Bản vẽ sơ đồ vị trí rõ nét"]}'::jsonb
                          when 'answer_supplement' then jsonb_build_object('files', 1, 'dueDate', d.due_before_extension)
                          when 'extend' then jsonb_build_object('previousDueDate', d.due_before_extension, 'newDueDate', d.due_date)
                          when 'return_result' then '{"files": 1}'::jsonb
                          else '{}'::jsonb end
     from b_ev e join b_d d on d.id = e.dossier_id join b_cit c on c.n = d.cit_n
     left join b_off dk on dk.agency_id = d.agency_id and dk.role = 'desk' and dk.k = 1
     left join b_off ap on ap.agency_id = d.agency_id and ap.role = 'approver' and ap.k = 1 + abs(hashtext('ap' || d.id::text)) % 2
     order by e.at, e.ord`,
  );

  const attachments = await run(
    'dossier_attachments',
    `insert into dossier_attachments (id, dossier_id, file_sha256, kind, label, filename, mime, size, uploaded_by, created_at)
     select ${uid('a', `g.n || ':' || a.j`)}, g.id, f.sha256, 'application', coalesce(g.docs[a.j], 'Giấy tờ khác'), 'scan-' || a.j || '.pdf', 'application/pdf', f.size, c.id, g.submitted_at
     from b_d g join b_cit c on c.n = g.cit_n
     cross join lateral generate_series(1, least(3, greatest(g.nreq, 1 + abs(hashtext('a' || g.id::text)) % 3))) a(j)
     join b_files f on f.i = abs(hashtext(g.id::text || a.j)) % ${FILES}
     -- Paper dossiers handed in at the counter are scanned more and more often (indicator 4.2):
     -- 60% two years ago, 95% today; online ones always carry their files.
     where g.channel = 'online' or abs(hashtext(g.id::text || 'scan')) % 1000 < 1000 * (0.6 + 0.35 * g.progress)
     order by g.submitted_at`,
  );
  // The supplement the applicant sent, and the result the desk returned (the decision, or the
  // reasoned refusal), as the live workflow stores them: attachments of kind supplement / result.
  const supplementFiles = await run(
    'dossier_attachments (supplements)',
    `insert into dossier_attachments (id, dossier_id, file_sha256, kind, label, filename, mime, size, uploaded_by, created_at)
     select ${uid('s', 'g.n')}, g.id, f.sha256, 'supplement', 'Bản sao giấy tờ tùy thân còn hiệu lực', 'bo-sung.pdf', 'application/pdf', f.size, c.id, g.answered_at
     from b_d g join b_cit c on c.n = g.cit_n join b_files f on f.i = abs(hashtext(g.id::text || 's')) % ${FILES}
     where g.answered_at is not null`,
  );
  const resultFiles = await run(
    'dossier_attachments (results)',
    `insert into dossier_attachments (id, dossier_id, file_sha256, kind, label, filename, mime, size, uploaded_by, created_at)
     select ${uid('r', 'g.n')}, g.id, f.sha256, 'result', case when g.fate = 3 then 'Văn bản trả lời không giải quyết hồ sơ' else p.result_label end,
            'ket-qua-' || lower(replace(g.agency_code, '.', '')) || '-' || g.n || '.pdf', 'application/pdf', f.size, g.received_by, g.finished_at
     from b_d g join b_proc p on p.i = g.pidx join b_results f on f.i = abs(hashtext(g.id::text || 'r')) % ${RESULTS}
     where g.status = 'result_returned'`,
  );

  const supplementRequests = await run(
    'supplement_requests',
    `insert into supplement_requests (id, dossier_id, items, note, requested_by, requested_at, remaining_days, answered_at, answer_note)
     select ${uid('q', 'g.n')}, g.id, '["Bản sao giấy tờ tùy thân còn hiệu lực", "Bản vẽ sơ đồ vị trí rõ nét"]'::jsonb, 'Hồ sơ chưa đầy đủ', g.assignee_id, g.requested_at,
            greatest(0, g.k_d - g.k_r), g.answered_at, case when g.answered_at is not null then 'Đã bổ sung' end
     from b_d g where g.requested_at is not null and g.assignee_id is not null`,
  );

  const extensions = await run(
    'extensions',
    `insert into extensions (id, dossier_id, reason, previous_due_date, new_due_date, created_by, created_at)
     select ${uid('x', 'g.n')}, g.id, (${arr(EXTENSION_REASONS)})[1 + abs(hashtext(g.id::text || 'x')) % ${EXTENSION_REASONS.length}],
            g.due_before_extension, g.due_date, ap.id, g.extended_at
     from b_d g join b_off ap on ap.agency_id = g.agency_id and ap.role = 'approver' and ap.k = 1 + abs(hashtext('ap' || g.id::text)) % 2
     where g.extended_at is not null`,
  );

  await run(
    'dossier_code_sequences',
    `insert into dossier_code_sequences (agency_id, day, last)
     select agency_id, sub_day, count(*) from b_d group by agency_id, sub_day
     on conflict (agency_id, day) do update set last = dossier_code_sequences.last + excluded.last`,
  );

  for (const ix of deferred) await run(`index ${ix.name}`, ix.def);
  if (superuser) await exec(`set session_replication_role = origin`);
  for (const s of ['synchronous_commit', 'work_mem', 'maintenance_work_mem']) await exec(`reset ${s}`);
  for (const t of ['b_d', 'b_ev', 'b_g', 'b_cit', 'b_off', 'b_paths', 'b_pslot', 'b_proc', 'b_files', 'b_results', 'b_slot', 'b_day', 'b_wd', 'b_cal']) await exec(`drop table if exists ${t}`);
  Object.assign(counts, { citizens, officials, dossiers, events, attachments: attachments + supplementFiles + resultFiles, supplementRequests, extensions });

  // The folded names come from folded name parts: check them against the application's own function.
  const sample = await db.selectFrom('dossiers').select(['applicant_name', 'applicant_name_folded']).where('applicant_email', 'like', `%@${domain}`).limit(200).execute();
  for (const s of sample) {
    if (foldVietnamese(s.applicant_name) !== s.applicant_name_folded) throw new Error(`folding differs for "${s.applicant_name}": "${s.applicant_name_folded}" vs "${foldVietnamese(s.applicant_name)}"`);
  }

  const seconds = (performance.now() - started) / 1000;
  const summary = opts.summary ?? true;
  const statusRows = summary ? await sql<{ status: string; n: number }>`select status, count(*)::int as n from dossiers group by status order by n desc`.execute(db) : { rows: [] };
  const evRows = summary
    ? await sql<{ k: number; n: number }>`select k, count(*)::int as n from (select count(*)::int as k from dossier_events group by dossier_id) x group by k order by k`.execute(db)
    : { rows: [] };
  const rows = counts.citizens + counts.officials + counts.dossiers + counts.events + counts.attachments + counts.supplementRequests + counts.extensions + FILES + RESULTS;
  return {
    ...counts,
    rows,
    seconds,
    rowsPerSecond: rows / seconds,
    dossiersPerSecond: counts.dossiers / seconds,
    steps,
    statusCounts: Object.fromEntries(statusRows.rows.map((r) => [r.status, r.n])),
    eventsPerDossier: Object.fromEntries(evRows.rows.map((r) => [String(r.k), r.n])),
  };
}
