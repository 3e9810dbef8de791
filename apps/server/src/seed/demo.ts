// Demo locality (Sóc Trăng, labelled as demo data): communes, agencies and units, officials for
// every role, citizens, real procedures, the 2025–2026 government days-off and two years of
// dossier history (seed/history.ts). Runs only on an empty database, in one transaction, so a
// half-seeded database never exists.
import type { AppContext } from '../platform/context.ts';
import { hashPassword } from '../platform/auth.ts';
import { foldVietnamese } from '../platform/text.ts';
import type { Role } from '../db/schema.ts';
import { PROCEDURES } from './procedures.ts';
import { seedFeedbackRouting } from './feedback.ts';
import { seedHistory, type HistoryOptions, type HistoryReport } from './history.ts';
import { seedFeedbackHistory, type FeedbackHistoryReport } from './feedback-history.ts';
import { hashKey, keyPrefix } from '../modules/apiclients/service.ts';

export const DEMO_PASSWORD = 'TinhSo@2026';
/** The demo Open311 client's API key — public on purpose, in the demo data only (README "Open311"). */
export const DEMO_OPEN311_KEY = 'ts_0311de000001_DemoSocTrang-Open311-ChiDungChoDuLieuMau';
export const DEMO_OPEN311_CLIENT = 'Ứng dụng phản ánh mẫu (Open311, dữ liệu demo)';

const COMMUNES = [
  { code: '31231', name: 'Phường Phú Lợi', kind: 'phuong' as const, lat: 9.6125, lon: 105.9795 },
  { code: '31192', name: 'Phường Sóc Trăng', kind: 'phuong' as const, lat: 9.603, lon: 105.972 },
  { code: '31261', name: 'Xã Kế Sách', kind: 'xa' as const, lat: 9.817, lon: 105.992 },
  { code: '31336', name: 'Xã Long Phú', kind: 'xa' as const, lat: 9.614, lon: 106.12 },
  { code: '31525', name: 'Xã Cù Lao Dung', kind: 'xa' as const, lat: 9.65, lon: 106.2 },
  { code: '31567', name: 'Phường Vĩnh Châu', kind: 'phuong' as const, lat: 9.329, lon: 105.983 },
];

const AGENCIES = [
  { code: 'H55.21', name: 'Sở Tư pháp tỉnh Sóc Trăng', level: 'province' as const, units: ['Phòng Hành chính tư pháp', 'Bộ phận một cửa'] },
  { code: 'H55.09', name: 'Sở Nông nghiệp và Môi trường tỉnh Sóc Trăng', level: 'province' as const, units: ['Văn phòng Đăng ký đất đai', 'Bộ phận một cửa'] },
  { code: 'H55.08', name: 'Sở Xây dựng tỉnh Sóc Trăng', level: 'province' as const, units: ['Phòng Quản lý hoạt động xây dựng', 'Bộ phận một cửa'] },
  { code: 'H55.12', name: 'Sở Tài chính tỉnh Sóc Trăng', level: 'province' as const, units: ['Phòng Đăng ký kinh doanh', 'Bộ phận một cửa'] },
  { code: 'H55.26.01', name: 'UBND phường Phú Lợi', level: 'commune' as const, commune: '31231', units: ['Văn phòng HĐND và UBND', 'Phòng Kinh tế, Hạ tầng và Đô thị'] },
  { code: 'H55.26.02', name: 'UBND xã Kế Sách', level: 'commune' as const, commune: '31261', units: ['Phòng Kinh tế', 'Văn phòng HĐND và UBND'] },
];

/** Demo accounts, listed in the README. */
export const DEMO_ACCOUNTS: { email: string; name: string; role: Role; agency?: string; unit?: string; commune?: string }[] = [
  { email: 'admin@tinhso.vn', name: 'Quản trị hệ thống', role: 'admin' },
  { email: 'congdan@tinhso.vn', name: 'Nguyễn Thị Hương', role: 'citizen' },
  { email: 'congdan2@tinhso.vn', name: 'Trần Văn Đức', role: 'citizen' },
  { email: 'motcua.phuloi@tinhso.vn', name: 'Lê Thị Mai', role: 'desk', agency: 'H55.26.01', unit: 'Văn phòng HĐND và UBND' },
  { email: 'chuyenvien.phuloi@tinhso.vn', name: 'Phạm Minh Tuấn', role: 'processor', agency: 'H55.26.01', unit: 'Văn phòng HĐND và UBND' },
  { email: 'lanhdao.phuloi@tinhso.vn', name: 'Thạch Sô Phát', role: 'approver', agency: 'H55.26.01', unit: 'Văn phòng HĐND và UBND' },
  { email: 'motcua.tuphap@tinhso.vn', name: 'Võ Thị Ngọc Ánh', role: 'desk', agency: 'H55.21', unit: 'Bộ phận một cửa' },
  { email: 'chuyenvien.tuphap@tinhso.vn', name: 'Huỳnh Quốc Bảo', role: 'processor', agency: 'H55.21', unit: 'Phòng Hành chính tư pháp' },
  { email: 'lanhdao.tuphap@tinhso.vn', name: 'Lâm Văn Hùng', role: 'approver', agency: 'H55.21', unit: 'Phòng Hành chính tư pháp' },
  { email: 'motcua.nnmt@tinhso.vn', name: 'Đặng Thị Thu', role: 'desk', agency: 'H55.09', unit: 'Bộ phận một cửa' },
  { email: 'chuyenvien.nnmt@tinhso.vn', name: 'Kim Sóc Vy', role: 'processor', agency: 'H55.09', unit: 'Văn phòng Đăng ký đất đai' },
  { email: 'lanhdao.nnmt@tinhso.vn', name: 'Trương Công Danh', role: 'approver', agency: 'H55.09', unit: 'Văn phòng Đăng ký đất đai' },
  { email: 'motcua.kesach@tinhso.vn', name: 'Ngô Thị Lan', role: 'desk', agency: 'H55.26.02', unit: 'Văn phòng HĐND và UBND' },
  { email: 'chuyenvien.kesach@tinhso.vn', name: 'Lý Văn Sơn', role: 'processor', agency: 'H55.26.02', unit: 'Phòng Kinh tế' },
  { email: 'lanhdao.kesach@tinhso.vn', name: 'Dương Văn Khánh', role: 'approver', agency: 'H55.26.02', unit: 'Phòng Kinh tế' },
  { email: 'lanhdao.tinh@tinhso.vn', name: 'Trần Văn Lâu', role: 'leader' },
  { email: 'chutich.phuloi@tinhso.vn', name: 'Sơn Thị Kim Liên', role: 'leader', commune: '31231' },
  { email: 'kiemduyet@tinhso.vn', name: 'Châu Ngọc Hân', role: 'moderator' },
];

// The government's announced schedule for 2025 (Công văn of the Ministry of Home Affairs):
// Tết Ất Tỵ 25/1–2/2 and 30/4–4/5 with a swapped Saturday. Later years are entered by administrators.
const CALENDAR_2025 = [
  { date: '2025-01-27', kind: 'day_off' as const, name: 'Nghỉ Tết Ất Tỵ (theo thông báo của Chính phủ)' },
  { date: '2025-02-03', kind: 'working_day' as const, name: 'Đi làm (Tết Ất Tỵ đã bố trí nghỉ trước)' },
  { date: '2025-05-02', kind: 'day_off' as const, name: 'Nghỉ hoán đổi dịp 30/4–1/5' },
  { date: '2025-04-26', kind: 'working_day' as const, name: 'Làm bù cho ngày 02/5/2025' },
];

/**
 * The demo's two years of history (seed/history.ts): about 30,000 dossiers ending today, the same
 * every time (fixed random seed and identifiers; dates relative to today), handled by the demo
 * officials among others, with a few recent ones of the demo citizens.
 */
export const DEMO_HISTORY: Omit<HistoryOptions, 'fileStore' | 'now'> = {
  dossiers: 30_000,
  citizens: 6_000,
  filePool: 24,
  seed: 0.2026,
  idSalt: 'tinhso-demo-history',
  emailDomain: 'dulieumau.tinhso.vn',
  existingOfficials: true,
  summary: false,
  applicants: [
    { email: 'congdan@tinhso.vn', dossiers: 4 },
    { email: 'congdan2@tinhso.vn', dossiers: 2 },
  ],
};

export interface SeedDemoOptions {
  /** false: the locality, accounts and procedures only (the benchmarks load their own history). */
  history?: false | (Partial<HistoryOptions> & { feedbackReports?: number });
}

/** Feedback reports in the demo's history (seed/feedback-history.ts). */
export const DEMO_FEEDBACK_REPORTS = 3_000;

export async function seedDemo(ctx: AppContext, opts: SeedDemoOptions = {}): Promise<{ accounts: number; history?: HistoryReport; feedback?: FeedbackHistoryReport } | null> {
  const any = await ctx.db.selectFrom('agencies').select('id').limit(1).executeTakeFirst();
  if (any) return null;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  let history: HistoryReport | undefined;
  let feedback: FeedbackHistoryReport | undefined;
  await ctx.db.transaction().execute(async (tx) => {
    await tx.insertInto('communes').values(COMMUNES.map((c) => ({ ...c, province: 'Sóc Trăng' }))).execute();
    const agencyIds = new Map<string, string>();
    const unitIds = new Map<string, string>();
    for (const a of AGENCIES) {
      const row = await tx
        .insertInto('agencies')
        .values({ code: a.code, name: a.name, level: a.level, commune_code: 'commune' in a ? a.commune : null, address: 'Sóc Trăng', phone: '0299 3822 000', email: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      agencyIds.set(a.code, row.id);
      for (const name of a.units) {
        const u = await tx.insertInto('units').values({ agency_id: row.id, name }).returning('id').executeTakeFirstOrThrow();
        unitIds.set(`${a.code}/${name}`, u.id);
      }
    }
    await tx
      .insertInto('users')
      .values(
        DEMO_ACCOUNTS.map((u) => ({
          email: u.email,
          full_name: u.name,
          role: u.role,
          password_hash: passwordHash,
          agency_id: u.agency ? agencyIds.get(u.agency)! : null,
          unit_id: u.agency && u.unit ? unitIds.get(`${u.agency}/${u.unit}`) ?? null : null,
          commune_code: u.commune ?? null,
          phone: u.role === 'citizen' ? '0912345678' : null,
          address: u.role === 'citizen' ? 'Số 12 đường Trần Hưng Đạo, phường Phú Lợi, Sóc Trăng' : null,
        })),
      )
      .execute();
    for (const p of PROCEDURES) {
      await tx
        .insertInto('procedures')
        .values({
          code: p.code,
          name: p.name,
          name_folded: foldVietnamese(p.name),
          field: p.field,
          agency_id: agencyIds.get(p.agency)!,
          unit_id: p.unit ? unitIds.get(`${p.agency}/${p.unit}`) ?? null : null,
          processing_days: p.processingDays,
          fee: p.fee,
          fee_note: p.feeNote ?? null,
          online_level: p.onlineLevel,
          description: p.description,
          requirements: p.requirements ?? '',
          documents: JSON.stringify(p.documents),
          form_schema: JSON.stringify(p.formSchema),
          result_description: p.resultDescription,
          legal_basis: p.legalBasis,
        })
        .execute();
    }
    await tx.insertInto('calendar_overrides').values(CALENDAR_2025).execute();
    // Feedback reports: routing rules (category × commune → agency); the categories come with migration 0004.
    await seedFeedbackRouting(tx);
    // A demo Open311 client with a fixed, published key (README "Open311"): demo data only — a real
    // installation issues keys through /api/v1/admin/api-clients, shown once and stored as sha256.
    await tx.insertInto('api_clients').values({ name: DEMO_OPEN311_CLIENT, key_prefix: keyPrefix(DEMO_OPEN311_KEY)!, key_hash: hashKey(DEMO_OPEN311_KEY), scopes: ['open311:write'] }).execute();
    // Two years of history (seed/history.ts), in the same transaction: a failed history leaves an
    // empty database, seeded again at the next start.
    if (opts.history !== false) {
      const { feedbackReports = DEMO_FEEDBACK_REPORTS, ...overrides } = opts.history ?? {};
      const options = { ...DEMO_HISTORY, fileStore: ctx.files, now: ctx.now(), ...overrides };
      history = await seedHistory(tx, options);
      feedback = await seedFeedbackHistory(tx, {
        reports: feedbackReports,
        seed: options.seed,
        idSalt: options.idSalt,
        now: options.now,
        fileStore: options.fileStore,
        reporters: ['congdan@tinhso.vn'],
        citizenEmailDomain: options.emailDomain,
        log: options.log,
      });
    }
  });
  return { accounts: DEMO_ACCOUNTS.length, history, feedback };
}
