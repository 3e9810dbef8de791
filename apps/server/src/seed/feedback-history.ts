// Feedback reports (phản ánh hiện trường) for the demo's two years of history: ~3,000 reports
// located in the demo communes (scattered around each commune's centre), categories weighted as a
// Mekong town sees them (roads and rubbish first, flooding in the rainy season), routed by the
// routing rules as a live submission is, and each with its timeline: routed, assigned, started,
// then resolved with a public answer in Vietnamese (most within the 15 working days, fewer late as
// time goes on) or declined as a duplicate, spam or out of competence; rated by some reporters;
// published by the moderator (spam hidden). Recent ones are still open or awaiting moderation.
//
// A few thousand rows: drawn in JavaScript with a seeded generator (the same every run for a
// given seed, salt and day) and written in batches, on the caller's connection or transaction.
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { sql, type Insertable, type Kysely } from 'kysely';
import type { DB, FeedbackEventsTable, FeedbackPhotosTable, FeedbackReportsTable, FeedbackStatus } from '../db/schema.ts';
import type { FileStore } from '../platform/files.ts';
import { WorkingCalendar } from '../platform/calendar/index.ts';
import { FEEDBACK_DECLINE_LABELS_VI, FEEDBACK_DUE_WORKING_DAYS } from '@tinhso/contracts';
import { foldedSearchText } from '../modules/feedback/repo.ts';
import { FAMILY, GIVEN_F, GIVEN_M, MIDDLE_F, MIDDLE_M, buckets, submissionDays } from './history.ts';

export interface FeedbackHistoryOptions {
  reports: number;
  seed?: number;
  /** Salt of the generated identifiers: fixed → the same ids every run. Default: random. */
  idSalt?: string;
  now?: Date;
  /** Holds the photos; without it the photos are not written. */
  fileStore?: FileStore;
  /** Reporters signed in with these accounts get a couple of reports each (the demo citizens). */
  reporters?: string[];
  /** Accounts (e.g. the generated citizens) whose email ends so may be drawn as signed-in reporters. */
  citizenEmailDomain?: string;
  log?: (msg: string) => void;
}

export interface FeedbackHistoryReport {
  reports: number;
  events: number;
  photos: number;
  statusCounts: Record<string, number>;
  seconds: number;
}

// Share of reports per category; flooding triples in the rainy season (May–November).
const CATEGORY_WEIGHTS: Record<string, number> = {
  road_damage: 22,
  waste: 18,
  street_lighting: 12,
  flooding_drainage: 8,
  public_order: 10,
  environment: 9,
  construction_violation: 6,
  administrative: 6,
  other: 5,
};
// Urban wards report more than rural communes.
const COMMUNE_WEIGHTS: Record<string, number> = { '31231': 30, '31192': 28, '31567': 14, '31261': 12, '31336': 9, '31525': 7 };

const STREETS = ['Trần Hưng Đạo', 'Lê Lợi', 'Hai Bà Trưng', 'Nguyễn Văn Linh', 'Phú Lợi', 'Lê Duẩn', 'Mạc Đĩnh Chi', 'Tôn Đức Thắng', 'Quốc lộ 1A', 'Điện Biên Phủ', 'Nguyễn Huệ', 'Lý Thường Kiệt', 'Phạm Hùng', 'Trần Bình Trọng'];
const PLACES = ['gần chợ', 'trước trường tiểu học', 'cạnh trạm y tế', 'đầu hẻm', 'gần cầu', 'trước nhà văn hóa ấp', 'gần ngã tư', 'đối diện chùa', 'cạnh cây xăng', 'gần bến xe'];

/** Report texts per category ({street}, {place} filled in), each with the answer an agency gives. */
const TEXTS: Record<string, [report: string, answer: string][]> = {
  road_damage: [
    ['Mặt đường {street} đoạn {place} xuất hiện nhiều ổ gà lớn, trời mưa đọng nước, xe máy đi qua rất nguy hiểm. Đề nghị cơ quan chức năng sớm sửa chữa.', 'Đơn vị quản lý đường bộ đã vá ổ gà, thảm lại mặt đường đoạn được phản ánh. Cảm ơn ông/bà đã thông tin.'],
    ['Đoạn đường {street} {place} bị sụt lún, nứt dài khoảng 10 mét, xe tải đi qua làm lún thêm. Kính đề nghị kiểm tra, khắc phục.', 'Đã kiểm tra hiện trường, gia cố nền và trải nhựa lại đoạn đường bị sụt lún; giao thông đã an toàn.'],
    ['Vỉa hè đường {street} {place} bị bong tróc gạch, nhiều chỗ lồi lõm, người đi bộ và học sinh dễ vấp ngã.', 'Đã lát lại vỉa hè bị bong tróc trên đoạn đường được phản ánh. Trân trọng cảm ơn ông/bà.'],
    ['Nắp hố ga trên đường {street} {place} bị vỡ, hở miệng, ban đêm rất nguy hiểm cho người đi đường.', 'Đã thay nắp hố ga mới và đặt biển cảnh báo trong thời gian thi công.'],
  ],
  street_lighting: [
    ['Dãy đèn chiếu sáng trên đường {street} {place} không sáng gần một tuần nay, ban đêm rất tối, người dân đi lại lo mất an toàn.', 'Đơn vị quản lý chiếu sáng đã thay bóng đèn và sửa tủ điều khiển; hệ thống đã hoạt động bình thường.'],
    ['Đèn đường {place} trên đường {street} sáng cả ban ngày, gây lãng phí điện.', 'Đã điều chỉnh lại thời gian bật tắt của tủ điện chiếu sáng tuyến đường được phản ánh.'],
    ['Cột đèn chiếu sáng {place} đường {street} bị nghiêng, dây điện chùng thấp, có nguy cơ ngã đổ.', 'Đã dựng lại cột đèn, căng lại dây điện và kiểm tra an toàn điện khu vực.'],
  ],
  waste: [
    ['Rác thải tập kết {place} trên đường {street} nhiều ngày không được thu gom, bốc mùi hôi, ruồi nhặng nhiều.', 'Đơn vị vệ sinh môi trường đã thu gom toàn bộ rác tồn đọng và bố trí tăng chuyến thu gom tại khu vực.'],
    ['Có người thường xuyên đổ rác, xà bần xuống lề đường {street} {place} vào ban đêm. Đề nghị xử lý và lắp biển cấm.', 'Đã dọn dẹp xà bần, lắp biển cấm đổ rác và phối hợp công an tuần tra, xử lý vi phạm.'],
    ['Điểm thu gom rác {place} tràn ra lòng đường, nước rỉ rác chảy ra mặt đường {street}.', 'Đã di dời điểm tập kết rác vào vị trí phù hợp và vệ sinh lại mặt đường.'],
  ],
  flooding_drainage: [
    ['Mỗi khi mưa lớn hoặc triều cường, đường {street} {place} ngập sâu 30–40 cm, nước rút rất chậm.', 'Đã bố trí máy bơm tiêu nước khi triều cường và nạo vét cửa xả; tuyến cống được đưa vào kế hoạch nâng cấp năm tới.'],
    ['Cống thoát nước {place} trên đường {street} bị rác và bùn làm tắc, nước thải ứ đọng bốc mùi.', 'Đã nạo vét, khơi thông tuyến cống thoát nước và vệ sinh các hố ga khu vực.'],
    ['Nắp cống thoát nước {place} đường {street} bị mất, để hở miệng cống rất nguy hiểm.', 'Đơn vị thoát nước đã lắp đặt nắp cống mới.'],
  ],
  public_order: [
    ['Nhiều hộ kinh doanh lấn chiếm vỉa hè và một phần lòng đường {street} {place} để bày bán hàng hóa, người đi bộ phải đi xuống lòng đường.', 'Tổ trật tự đô thị đã kiểm tra, nhắc nhở và lập biên bản các trường hợp lấn chiếm; sẽ tiếp tục kiểm tra định kỳ.'],
    ['Nhóm thanh niên thường tụ tập, nẹt pô gây ồn ào {place} đường {street} vào ban đêm.', 'Công an đã tăng cường tuần tra vào ban đêm tại khu vực được phản ánh và xử lý các trường hợp vi phạm.'],
    ['Xe ô tô đậu thường xuyên hai bên đường {street} {place}, gây ùn tắc giờ tan học.', 'Đã lắp biển cấm dừng đỗ giờ cao điểm và phối hợp lực lượng chức năng xử lý vi phạm.'],
  ],
  environment: [
    ['Cơ sở chế biến thủy sản {place} đường {street} xả nước thải chưa qua xử lý ra kênh, mùi hôi nồng nặc.', 'Đoàn kiểm tra đã lấy mẫu nước thải, xử phạt vi phạm hành chính và yêu cầu cơ sở khắc phục hệ thống xử lý.'],
    ['Khói đốt rơm rạ, rác thải {place} gây ô nhiễm không khí cho khu dân cư đường {street}.', 'Đã làm việc với các hộ liên quan, hướng dẫn xử lý rơm rạ, rác thải đúng quy định.'],
    ['Trại chăn nuôi heo {place} gây mùi hôi, nước thải chảy tràn ra đường {street}.', 'Đã yêu cầu chủ trại xây bể biogas, khơi thông mương thoát nước; sẽ kiểm tra lại sau 30 ngày.'],
  ],
  construction_violation: [
    ['Công trình nhà ở {place} đường {street} đang xây dựng lấn ra hành lang lộ giới, không thấy treo biển giấy phép xây dựng.', 'Đã kiểm tra, lập biên bản đình chỉ thi công phần sai phép và yêu cầu chủ đầu tư tự tháo dỡ.'],
    ['Công trình xây dựng {place} đường {street} để vật liệu tràn ra lòng đường, không che chắn, bụi bẩn.', 'Đã yêu cầu chủ công trình thu dọn vật liệu, che chắn công trình theo quy định và xử phạt vi phạm.'],
  ],
  administrative: [
    ['Tôi nộp hồ sơ đã quá hẹn trả kết quả nhưng chưa nhận được thông báo. Đề nghị cơ quan kiểm tra và trả lời.', 'Cơ quan đã kiểm tra, trả kết quả và gửi văn bản xin lỗi ông/bà về việc chậm trễ.'],
    ['Bộ phận một cửa yêu cầu nộp thêm giấy tờ không có trong thành phần hồ sơ đã công khai. Đề nghị hướng dẫn rõ.', 'Đã chấn chỉnh cán bộ tiếp nhận; thành phần hồ sơ thực hiện đúng theo thủ tục đã công bố.'],
    ['Thời gian chờ tại bộ phận tiếp nhận quá lâu vào buổi sáng, đề nghị bố trí thêm quầy tiếp nhận.', 'Đã bố trí thêm quầy tiếp nhận vào buổi sáng và triển khai lấy số thứ tự trực tuyến.'],
  ],
  other: [
    ['Cây xanh {place} đường {street} mọc lấn ra đường, che khuất tầm nhìn và đèn chiếu sáng, đề nghị cắt tỉa.', 'Đơn vị công viên cây xanh đã cắt tỉa cây, bảo đảm tầm nhìn và an toàn.'],
    ['Chó thả rông {place} đường {street} nhiều, đã có người bị cắn.', 'Đã tuyên truyền, yêu cầu các hộ nuôi chó không thả rông và phối hợp xử lý theo quy định.'],
  ],
};
const SPAM = ['Bán đất nền giá rẻ, liên hệ 0909 123 456 để được tư vấn miễn phí!!!', 'Nhận làm giấy tờ nhanh, không cần chờ đợi, gọi ngay hôm nay.', 'asdfgh thử nghiệm thử nghiệm thử nghiệm'];
const RATING_COMMENTS: Record<number, string[]> = {
  5: ['Xử lý nhanh, cảm ơn chính quyền.', 'Rất hài lòng.', 'Cảm ơn các anh chị đã khắc phục kịp thời.'],
  4: ['Đã khắc phục, nhưng hơi lâu.', 'Hài lòng.'],
  3: ['Tạm được, mong duy trì thường xuyên.'],
  2: ['Chỉ xử lý tạm thời, vài hôm lại như cũ.'],
  1: ['Chưa thấy khắc phục trên thực tế.', 'Trả lời chung chung, không giải quyết được.'],
};

/** mulberry32: a small seeded generator (deterministic draws). */
function prng(seed: number) {
  let a = Math.floor(seed * 2 ** 32) >>> 0 || 0x9e3779b9;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A small, valid PNG (a street-like scene in a few colours) whose bytes differ per index. */
export function tinyPng(i: number, width = 160, height = 120): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const raw = Buffer.alloc((width * 3 + 1) * height);
  const sky = [150 + ((i * 37) % 80), 180 + ((i * 17) % 60), 220];
  const ground = [90 + ((i * 53) % 90), 80 + ((i * 29) % 60), 60 + ((i * 11) % 50)];
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) {
      const horizon = height * 0.45 + Math.sin((x + i * 7) / 13) * 6;
      const c = y < horizon ? sky : ground;
      const shade = y < horizon ? 0 : ((x * 3 + y * 5 + i) % 23) - 11;
      raw[row + 1 + x * 3] = Math.max(0, Math.min(255, c[0]! + shade));
      raw[row + 2 + x * 3] = Math.max(0, Math.min(255, c[1]! + shade));
      raw[row + 3 + x * 3] = Math.max(0, Math.min(255, c[2]! + shade));
    }
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

const DAY_MS = 86_400_000;
const vietnamDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' });
/** An instant on a Vietnamese civil day at a fractional hour (UTC+7, no daylight saving). */
const at = (isoDay: string, hour: number) => new Date(Date.parse(`${isoDay}T00:00:00+07:00`) + hour * 3_600_000);
const uuid = (salt: string, key: string) => {
  const h = crypto.createHash('md5').update(`${salt}:${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

/**
 * Writes the reports. Needs the feedback tables (migration 0004), the communes with their centre
 * points and the routing rules; reports whose category and commune match no rule go to the
 * commune's own People's Committee when it has one in the data, otherwise stay unrouted.
 */
export async function seedFeedbackHistory(db: Kysely<DB>, opts: FeedbackHistoryOptions): Promise<FeedbackHistoryReport> {
  const started = performance.now();
  const log = opts.log ?? (() => {});
  const rand = prng(opts.seed ?? 0.515);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const salt = opts.idSalt ?? crypto.randomUUID();
  const now = opts.now ?? new Date();
  const today = vietnamDay.format(now);

  const overrides = await db.selectFrom('calendar_overrides').select(['date', 'kind', 'name']).execute();
  const cal = new WorkingCalendar(overrides.map((o) => ({ date: String(o.date).slice(0, 10), kind: o.kind, name: o.name })));
  const categories = await db.selectFrom('feedback_categories').select(['code', 'name']).where('active', '=', true).orderBy('sort_order').execute();
  const communes = await db.selectFrom('communes').select(['code', 'name', 'lat', 'lon']).orderBy('code').execute();
  const rules = await db.selectFrom('feedback_routing_rules').select(['category_code', 'commune_code', 'agency_id', 'unit_id']).execute();
  const communeAgencies = await db.selectFrom('agencies').select(['id', 'commune_code']).where('commune_code', 'is not', null).execute();
  const officials = await db.selectFrom('users').select(['id', 'agency_id', 'role', 'email']).where('role', 'in', ['desk', 'processor', 'approver']).where('disabled', '=', false).orderBy('email').execute();
  const moderator = await db.selectFrom('users').select('id').where('role', '=', 'moderator').where('disabled', '=', false).orderBy('email').executeTakeFirst();
  const citizens = opts.citizenEmailDomain
    ? await db.selectFrom('users').select(['id', 'full_name', 'email', 'phone']).where('role', '=', 'citizen').where('email', 'like', `%@${opts.citizenEmailDomain}`).orderBy('email').limit(3000).execute()
    : [];
  const named = opts.reporters?.length
    ? await db.selectFrom('users').select(['id', 'full_name', 'email', 'phone']).where('role', '=', 'citizen').where(sql<boolean>`lower(email) in (${sql.join(opts.reporters.map((e) => e.toLowerCase()))})`).orderBy('email').execute()
    : [];
  if (categories.length === 0 || communes.length === 0) return { reports: 0, events: 0, photos: 0, statusCounts: {}, seconds: 0 };

  const familyBucket = buckets(FAMILY);
  const categoryName = new Map(categories.map((c) => [c.code, c.name]));
  const categoryBucket = buckets(categories.map((c) => [c.code, CATEGORY_WEIGHTS[c.code] ?? 3]));
  const communeBucket = buckets(communes.map((c) => [c.code, COMMUNE_WEIGHTS[c.code] ?? 5]));
  const route = (category: string, commune: string) => {
    const r = rules.find((x) => x.category_code === category && x.commune_code === commune) ?? rules.find((x) => x.category_code === category && x.commune_code === null);
    if (r) return { agencyId: r.agency_id, unitId: r.unit_id };
    const local = communeAgencies.find((a) => a.commune_code === commune);
    return local ? { agencyId: local.id, unitId: null } : null;
  };
  const staff = (agencyId: string, role: string) => officials.filter((o) => o.agency_id === agencyId && o.role === role);

  // Photos: a pool of small street-scene PNGs in the file store.
  const marks: string[] = [];
  const mark = (what: string) => marks.push(`${what} ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const photoPool: { sha256: string; size: number }[] = [];
  if (opts.fileStore) for (let i = 0; i < 12; i++) photoPool.push(await opts.fileStore.put(db, tinyPng(i), `anh-hien-truong-${i}.png`));

  mark('photos');
  // Days: the platform's reach grows (reports triple over the two years), fewer on weekends.
  const days = submissionDays(cal, today).map((d) => {
    const month = Number(d.d.slice(5, 7));
    const weekday = new Date(`${d.d}T00:00:00Z`).getUTCDay();
    return { d: d.d, progress: d.progress, rainy: month >= 5 && month <= 11, weight: (0.5 + 1.0 * d.progress) * (weekday === 0 || weekday === 6 ? 0.7 : 1) };
  });
  const totalW = days.reduce((n, d) => n + d.weight, 0);
  const drawDay = () => {
    let u = rand() * totalW;
    for (const d of days) if ((u -= d.weight) <= 0) return d;
    return days[days.length - 1]!;
  };

  type Draft = Insertable<FeedbackReportsTable> & { id: string; submitted: Date; events: Insertable<FeedbackEventsTable>[]; photos: Omit<Insertable<FeedbackPhotosTable>, 'report_id'>[] };
  const drafts: Draft[] = [];
  const N = opts.reports;
  for (let n = 0; n < N; n++) {
    const day = drawDay();
    // The named reporters (demo citizens) file a couple of recent reports each.
    const namedReporter = n < named.length * 2 ? named[n % named.length] : undefined;
    const d = namedReporter ? days[days.length - 1 - (n < named.length ? 40 : 3)]! : day;
    let category = pick(categoryBucket);
    if (d.rainy && rand() < 0.12) category = 'flooding_drainage';
    if (!categoryName.has(category)) category = categories[0]!.code;
    const communeCode = pick(communeBucket);
    const commune = communes.find((c) => c.code === communeCode)!;
    const street = pick(STREETS);
    const place = pick(PLACES);
    const spam = !namedReporter && rand() < 0.025;
    const [text, answer] = pick(TEXTS[category] ?? TEXTS.other!);
    const description = spam ? pick(SPAM) : text.replace('{street}', street).replace('{place}', place);
    const hour = 6 + rand() * 16;
    let submitted = at(d.d, hour);
    if (submitted > now) submitted = new Date(now.getTime() - (5 + rand() * 120) * 60_000);
    const subDay = vietnamDay.format(submitted);
    const due = cal.addWorkingDays(subDay, FEEDBACK_DUE_WORKING_DAYS);
    // ~0.012° ≈ 1.3 km around the commune's centre.
    const lat = commune.lat != null ? Number((commune.lat + (rand() + rand() + rand() - 1.5) * 0.016).toFixed(6)) : null;
    const lon = commune.lon != null && lat != null ? Number((commune.lon! + (rand() + rand() + rand() - 1.5) * 0.016).toFixed(6)) : null;
    const source: 'web' | 'open311' = !namedReporter && rand() < 0.1 ? 'open311' : 'web';
    const who = namedReporter ?? (source === 'web' && citizens.length && rand() < 0.55 ? citizens[Math.floor(rand() * citizens.length)] : undefined);
    const anonymousPhone = !who && source === 'web' ? `09${String(Math.floor(rand() * 1e8)).padStart(8, '0')}` : null;
    const female = rand() < 0.5;
    const anonymousName = !who && source === 'web' && rand() < 0.7
      ? `${pick(familyBucket)} ${pick(female ? MIDDLE_F : MIDDLE_M)} ${pick(female ? GIVEN_F : GIVEN_M)}`
      : null;
    const routed = route(category, commune.code);
    const id = uuid(salt, `report:${n}`);
    const address = `${source === 'open311' ? 'Khu vực ' : ''}Đường ${street}, ${place}, ${commune.name}`;

    // The timeline, as working days after submission.
    const dueHours = (k: number) => at(cal.addWorkingDays(subDay, k), 7.5 + rand() * 9);
    const events: Draft['events'] = [];
    const ev = (e: Omit<Insertable<FeedbackEventsTable>, 'report_id'>) => events.push({ ...e, report_id: id });
    ev({ at: submitted, actor_id: who?.id ?? null, actor_role: who ? 'citizen' : null, action: 'submitted', from_status: null, to_status: 'received', public: true, data: JSON.stringify({ source, photos: 0 }) });
    let status: FeedbackStatus = 'received';
    const r: Draft = {
      id,
      submitted,
      code: '',
      category_code: category,
      description,
      commune_code: commune.code,
      address,
      lat,
      lon,
      search_folded: '',
      agency_id: routed?.agencyId ?? null,
      unit_id: routed?.unitId ?? null,
      assignee_id: null,
      status: 'received',
      reporter_id: who?.id ?? null,
      reporter_name: who?.full_name ?? anonymousName,
      reporter_phone: who?.phone ?? anonymousPhone,
      reporter_email: who?.email ?? null,
      source,
      submitted_at: submitted,
      due_date: due,
      closed_at: null,
      response: null,
      decline_reason: null,
      duplicate_of_id: null,
      rating: null,
      rating_comment: null,
      rated_at: null,
      published: false,
      hidden_reason: null,
      moderated_by: null,
      moderated_at: null,
      updated_at: submitted,
      events,
      photos: [],
    };
    const nPhotos = !spam && photoPool.length && rand() < 0.6 ? 1 + Math.floor(rand() * 2) : 0;
    for (let k = 1; k <= nPhotos; k++) {
      const f = photoPool[Math.floor(rand() * photoPool.length)]!;
      r.photos.push({ n: k, kind: 'report', file_sha256: f.sha256, mime: 'image/png', size: f.size, created_at: submitted });
    }
    if (nPhotos) events[0]!.data = JSON.stringify({ source, photos: nPhotos });
    if (routed) {
      const agencyName = (await agencyNameOf(db, routed.agencyId))!;
      ev({ at: new Date(submitted.getTime() + 1000), actor_id: null, actor_role: null, action: 'routed', from_status: 'received', to_status: 'received', note: `Chuyển đến ${agencyName}`, public: true, data: JSON.stringify({ agencyId: routed.agencyId, unitId: routed.unitId }) });
    }
    // The moderator looks at new reports within a day or so.
    const moderatedAt = new Date(submitted.getTime() + (1 + rand() * 30) * 3_600_000);
    // Spam is hidden; so are the few that name or show private persons.
    const hiddenReason = spam ? 'Nội dung quảng cáo hoặc không liên quan đến phản ánh hiện trường' : rand() < 0.03 ? 'Nội dung có thông tin cá nhân của người khác' : null;
    const hidden = hiddenReason !== null;
    if (routed) {
      const desk = staff(routed.agencyId, 'desk');
      const processors = staff(routed.agencyId, 'processor');
      const handler = processors.length ? processors[Math.floor(rand() * processors.length)]! : desk[0];
      const clerk = desk.length ? desk[Math.floor(rand() * desk.length)]! : handler;
      // Fate: declined (spam, duplicate, not competent) or resolved; late more often early on.
      const duplicateOf = !spam && rand() < 0.045
        ? drafts.filter((p) => p.category_code === category && p.commune_code === commune.code && p.submitted < submitted && submitted.getTime() - p.submitted.getTime() < 45 * DAY_MS).at(-1)
        : undefined;
      const notCompetent = !spam && !duplicateOf && rand() < 0.015;
      const late = rand() < 0.22 - 0.14 * d.progress;
      const closeK = spam || duplicateOf || notCompetent ? 1 + Math.floor(rand() * 3) : late ? FEEDBACK_DUE_WORKING_DAYS + 1 + Math.floor(rand() * 12) : 2 + Math.floor(rand() * 13);
      const assignK = Math.max(1, Math.floor(closeK * 0.2));
      const startK = Math.max(assignK, Math.floor(closeK * 0.4));
      const assignedAt = dueHours(assignK);
      if (clerk && handler && assignedAt <= now && !(spam || duplicateOf || notCompetent)) {
        status = 'assigned';
        r.assignee_id = handler.id;
        ev({ at: assignedAt, actor_id: clerk.id, actor_role: clerk.role, action: 'assigned', from_status: 'received', to_status: 'assigned', public: false, data: JSON.stringify({ assigneeId: handler.id }) });
        const startedAt = new Date(Math.max(dueHours(startK).getTime(), assignedAt.getTime() + 600_000));
        if (startedAt <= now) {
          status = 'in_progress';
          ev({ at: startedAt, actor_id: handler.id, actor_role: handler.role, action: 'started', from_status: 'assigned', to_status: 'in_progress', public: false, data: '{}' });
          const closedAt = new Date(Math.max(dueHours(closeK).getTime(), startedAt.getTime() + 600_000));
          if (closedAt <= now) {
            const response = answer;
            status = 'resolved';
            r.closed_at = closedAt;
            r.response = response;
            const photo = photoPool.length && rand() < 0.3 ? photoPool[Math.floor(rand() * photoPool.length)]! : undefined;
            if (photo) r.photos.push({ n: r.photos.length + 1, kind: 'response', file_sha256: photo.sha256, mime: 'image/png', size: photo.size, created_at: closedAt });
            ev({ at: closedAt, actor_id: handler.id, actor_role: handler.role, action: 'resolved', from_status: 'in_progress', to_status: 'resolved', note: response, public: true, data: JSON.stringify({ photo: !!photo }) });
            // About half of the reporters who can rate do; late answers please fewer of them.
            const ratedAt = new Date(closedAt.getTime() + (2 + rand() * 96) * 3_600_000);
            if ((who || rand() < 0.25) && rand() < 0.5 && ratedAt <= now) {
              const u = rand();
              const stars = late ? (u < 0.25 ? 1 : u < 0.5 ? 2 : u < 0.8 ? 3 : 4) : u < 0.5 ? 5 : u < 0.8 ? 4 : u < 0.92 ? 3 : u < 0.97 ? 2 : 1;
              r.rating = stars;
              r.rating_comment = rand() < 0.6 ? pick(RATING_COMMENTS[stars]!) : null;
              r.rated_at = ratedAt;
              ev({ at: ratedAt, actor_id: who?.id ?? null, actor_role: who ? 'citizen' : null, action: 'rated', from_status: 'resolved', to_status: 'resolved', public: true, data: JSON.stringify({ stars, dislike: stars <= 2 }) });
            }
          }
        }
      } else if (clerk && (spam || duplicateOf || notCompetent)) {
        const closedAt = dueHours(closeK);
        if (closedAt <= now) {
          const reason = spam ? 'spam' : duplicateOf ? 'duplicate' : 'not_competent';
          const explanation = FEEDBACK_DECLINE_LABELS_VI[reason] + (duplicateOf ? ` (phản ánh ${duplicateOf.code}).` : '.');
          status = 'declined';
          r.closed_at = closedAt;
          r.response = explanation;
          r.decline_reason = reason;
          r.duplicate_of_id = duplicateOf?.id ?? null;
          ev({ at: closedAt, actor_id: clerk.id, actor_role: clerk.role, action: 'declined', from_status: 'received', to_status: 'declined', note: explanation, public: true, data: JSON.stringify({ reason, duplicateOfCode: duplicateOf?.code ?? null }) });
        }
      }
    }
    if (moderator && moderatedAt <= now) {
      r.published = !hidden;
      r.hidden_reason = hiddenReason;
      r.moderated_by = moderator.id;
      r.moderated_at = moderatedAt;
      // The status the report had when the moderator looked at it.
      const then = (events.filter((e) => (e.at as Date) <= moderatedAt).at(-1)?.to_status ?? 'received') as FeedbackStatus;
      ev({ at: moderatedAt, actor_id: moderator.id, actor_role: 'moderator', action: hidden ? 'hidden' : 'published', from_status: then, to_status: then, note: hiddenReason, public: !hidden, data: '{}' });
      events.sort((x, y) => (x.at as Date).getTime() - (y.at as Date).getTime());
    }
    r.status = status;
    r.updated_at = new Date(Math.max(...events.map((e) => new Date(e.at as Date).getTime())));
    drafts.push(r);
    // Codes are given in submission order below; a duplicate must point at an earlier report, so
    // the provisional code is set now and renumbered with the rest.
    r.code = `~${n}`;
  }

  mark('drawn');
  // Codes: PA-{yymmdd}-{NNNN}, the day's sequence over the province, in submission order.
  drafts.sort((a, b) => a.submitted.getTime() - b.submitted.getTime() || a.id.localeCompare(b.id));
  const seqs = new Map<string, number>();
  const codeOf = new Map<string, string>();
  for (const r of drafts) {
    const day = vietnamDay.format(r.submitted);
    const k = (seqs.get(day) ?? 0) + 1;
    seqs.set(day, k);
    const code = `PA-${day.slice(2).replaceAll('-', '')}-${String(k).padStart(4, '0')}`;
    codeOf.set(r.code, code);
    r.code = code;
  }
  // A duplicate drawn above pointed at an earlier report, whose provisional code its texts carry.
  for (const r of drafts) {
    if (r.response?.includes('(phản ánh ~')) r.response = r.response.replace(/~\d+/, (m) => codeOf.get(m) ?? m);
    for (const e of r.events) {
      if (typeof e.note === 'string' && e.note.includes('(phản ánh ~')) e.note = e.note.replace(/~\d+/, (m) => codeOf.get(m) ?? m);
      if (typeof e.data === 'string' && e.data.includes('"duplicateOfCode":"~')) e.data = e.data.replace(/~\d+/, (m) => codeOf.get(m) ?? m);
    }
    r.search_folded = foldedSearchText(r.code, categoryName.get(r.category_code)!, r.description, r.address ?? null, r.response ?? null);
  }

  // Written as JSON record sets (one parameter per batch): far fewer round trips and parameters
  // than row-by-row values, which matters on the embedded database.
  const BATCH = 1000;
  const insertRows = async (table: string, defs: Record<string, string>, rows: Record<string, unknown>[]) => {
    const cols = Object.keys(defs).join(', ');
    const typed = Object.entries(defs).map(([c, t]) => `${c} ${t}`).join(', ');
    for (let i = 0; i < rows.length; i += BATCH) {
      await sql`insert into ${sql.table(table)} (${sql.raw(cols)}) select ${sql.raw(cols)} from jsonb_to_recordset(${JSON.stringify(rows.slice(i, i + BATCH))}::jsonb) as x(${sql.raw(typed)})`.execute(db);
    }
  };
  const strip = ({ submitted: _s, events: _e, photos: _p, ...row }: Draft) => row;
  // Foreign keys hold by construction: skip their triggers for the load when allowed (superuser).
  const superuser = ((await sql.raw(`select current_setting('is_superuser') as s`).execute(db)).rows[0] as { s: string }).s === 'on';
  if (superuser) await sql.raw(`set session_replication_role = replica`).execute(db);
  await insertRows(
    'feedback_reports',
    {
      id: 'uuid', code: 'text', category_code: 'text', description: 'text', commune_code: 'text', address: 'text', lat: 'float8', lon: 'float8',
      search_folded: 'text', agency_id: 'uuid', unit_id: 'uuid', assignee_id: 'uuid', status: 'text', reporter_id: 'uuid', reporter_name: 'text',
      reporter_phone: 'text', reporter_email: 'text', source: 'text', submitted_at: 'timestamptz', due_date: 'date', closed_at: 'timestamptz',
      response: 'text', decline_reason: 'text', duplicate_of_id: 'uuid', rating: 'smallint', rating_comment: 'text', rated_at: 'timestamptz',
      published: 'boolean', hidden_reason: 'text', moderated_by: 'uuid', moderated_at: 'timestamptz', updated_at: 'timestamptz',
    },
    drafts.map(strip) as Record<string, unknown>[],
  );
  const photos = drafts.flatMap((r) => r.photos.map((p) => ({ ...p, report_id: r.id })));
  await insertRows('feedback_photos', { report_id: 'uuid', n: 'smallint', kind: 'text', file_sha256: 'text', mime: 'text', size: 'integer', created_at: 'timestamptz' }, photos);
  // Events in time order, so their ids follow time as the live timeline's do.
  const events = drafts.flatMap((r) => r.events).sort((a, b) => new Date(a.at as Date).getTime() - new Date(b.at as Date).getTime());
  await insertRows(
    'feedback_events',
    { report_id: 'uuid', at: 'timestamptz', actor_id: 'uuid', actor_role: 'text', action: 'text', from_status: 'text', to_status: 'text', note: 'text', public: 'boolean', data: 'jsonb' },
    events.map((e) => ({ note: null, ...e, data: JSON.parse(e.data as string) })),
  );
  const seqRows = [...seqs].map(([day, last]) => ({ day, last }));
  for (let i = 0; i < seqRows.length; i += BATCH) {
    await db
      .insertInto('feedback_code_sequences')
      .values(seqRows.slice(i, i + BATCH))
      .onConflict((oc) => oc.column('day').doUpdateSet({ last: sql`feedback_code_sequences.last + excluded.last` }))
      .execute();
  }
  if (superuser) await sql.raw(`set session_replication_role = origin`).execute(db);
  mark('written');
  const statusCounts: Record<string, number> = {};
  for (const r of drafts) statusCounts[r.status as string] = (statusCounts[r.status as string] ?? 0) + 1;
  const seconds = (performance.now() - started) / 1000;
  log(`  feedback reports: ${drafts.length} reports, ${events.length} events, ${photos.length} photos in ${seconds.toFixed(1)} s (${marks.join(', ')})`);
  return { reports: drafts.length, events: events.length, photos: photos.length, statusCounts, seconds };
}

const agencyNames = new WeakMap<object, Map<string, string>>();
async function agencyNameOf(db: Kysely<DB>, id: string): Promise<string | undefined> {
  let m = agencyNames.get(db);
  if (!m) {
    m = new Map((await db.selectFrom('agencies').select(['id', 'name']).execute()).map((a) => [a.id, a.name]));
    agencyNames.set(db, m);
  }
  return m.get(id);
}
