// feedback: citizens' reports of problems on the ground (phản ánh hiện trường). A report is received
// and routed on submission (routing rules: category × commune → agency), handled by the agency's
// officials within 15 working days, rated by the reporter, and published by a moderator. The public
// sees only published reports and never the reporter's name, phone or email.
//
// Other modules call these functions, never the tables: the Open311 adapter (listCategories,
// getCategory, submitReport, listPublicReports, getPublicReport) and the dashboard
// (feedbackAggregates, feedbackDrillDown, feedbackMapReports).
import crypto from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/auth.ts';
import type { Executor, Tx } from '../../platform/db.ts';
import type { FeedbackStatus } from '../../db/schema.ts';
import { appendAudit } from '../../platform/audit.ts';
import { enqueue } from '../../platform/jobs.ts';
import { Conflict, Forbidden, Invalid, NotFound, UnsupportedMedia, isUniqueViolation } from '../../platform/errors.ts';
import { foldVietnamese, nfc } from '../../platform/text.ts';
import {
  FEEDBACK_CLOSED_STATUSES,
  FEEDBACK_CODE_PATTERN,
  FEEDBACK_DECLINE_LABELS_VI,
  FEEDBACK_DISLIKE_MAX_STARS,
  FEEDBACK_DUE_WORKING_DAYS,
  FEEDBACK_MAX_PHOTOS,
  FEEDBACK_STATUS_LABELS_VI,
  type FeedbackAggregates,
  type FeedbackCategory,
  type FeedbackCategoryInput,
  type FeedbackDeclineReason,
  type FeedbackDetail,
  type FeedbackDrillDownItem,
  type FeedbackEvent,
  type FeedbackMapItem,
  type FeedbackModerationItem,
  type FeedbackPhoto,
  type FeedbackQueueQuery,
  type FeedbackRoutingRule,
  type FeedbackRoutingRuleInput,
  type FeedbackSubmitted,
  type FeedbackSummary,
  type PublicFeedbackPage,
  type PublicFeedbackQuery,
  type PublicFeedbackReport,
  type SubmitFeedbackInput,
} from '@tinhso/contracts';
import * as calendar from '../calendar/service.ts';
import * as identity from '../identity/service.ts';
import * as repo from './repo.ts';

export type { Scope } from './repo.ts';

const isOfficial = (a: Actor) => a.role === 'desk' || a.role === 'processor' || a.role === 'approver';
const isClosed = (s: FeedbackStatus) => FEEDBACK_CLOSED_STATUSES.includes(s);
const iso = (v: Date | string | null) => (v ? new Date(v).toISOString() : null);
const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
/** Uploaded photos not attached within this time are no longer accepted (and may be cleaned up). */
const PHOTO_UPLOAD_TTL_MS = 24 * 3600_000;
/** A map point farther than this from the nearest commune centre is outside the province. */
const MAX_KM_FROM_COMMUNE = 50;

// Built once: constructing an Intl.DateTimeFormat costs more than the rest of a submission's date work.
const vietnamDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The first instant of a Vietnamese civil date (UTC+7, no daylight saving). */
const vietnamMidnight = (date: string) => new Date(`${date}T00:00:00+07:00`);
const nextDay = (date: string) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

export function photoUrl(code: string, n: number) {
  return `/api/v1/feedback/reports/${encodeURIComponent(code)}/photos/${n}`;
}

// ---------------------------------------------------------------- categories

const toCategory = (c: Awaited<ReturnType<typeof repo.listCategories>>[number]): FeedbackCategory => ({
  code: c.code,
  name: c.name,
  description: c.description,
  group: c.group_name,
  active: c.active,
  keywords: c.keywords,
});

/** The categories (Open311 services); inactive ones only when asked (administration). */
export async function listCategories(ctx: AppContext, opts: { includeInactive?: boolean } = {}): Promise<FeedbackCategory[]> {
  return (await repo.listCategories(ctx.db, opts.includeInactive ?? false)).map(toCategory);
}

/** One category by code (also inactive ones: an old report still names its category). */
export async function getCategory(ctx: AppContext, code: string): Promise<FeedbackCategory> {
  const c = await repo.category(ctx.db, code);
  if (!c) throw NotFound('feedback.categoryNotFound');
  return toCategory(c);
}

export async function listCategoriesForAdmin(ctx: AppContext, actor: Actor) {
  if (actor.role !== 'admin') throw Forbidden();
  return listCategories(ctx, { includeInactive: true });
}

export async function saveCategory(ctx: AppContext, actor: Actor, code: string, input: FeedbackCategoryInput): Promise<FeedbackCategory> {
  if (actor.role !== 'admin') throw Forbidden();
  if (!/^[a-z][a-z0-9_]{1,49}$/.test(code)) throw Invalid('common.invalidInput');
  const keywords = [...new Set(input.keywords.map((k) => nfc(k.trim())).filter(Boolean))];
  return ctx.db.transaction().execute(async (tx) => {
    const row = await repo.upsertCategory(tx, code, { name: nfc(input.name.trim()), description: nfc(input.description.trim()), group_name: nfc(input.group.trim()), active: input.active, keywords });
    await appendAudit(tx, actor, { action: 'feedback.category.save', subjectType: 'feedback_category', subjectId: code, data: { name: row.name, active: row.active } });
    return toCategory(row);
  });
}

// ---------------------------------------------------------------- routing rules

const toRule = (r: NonNullable<Awaited<ReturnType<typeof repo.ruleById>>>): FeedbackRoutingRule => ({
  id: r.id,
  categoryCode: r.category_code,
  categoryName: r.category_name,
  communeCode: r.commune_code,
  communeName: r.commune_name,
  agencyId: r.agency_id,
  agencyCode: r.agency_code,
  agencyName: r.agency_name,
  unitId: r.unit_id,
  unitName: r.unit_name,
});

export async function listRoutingRules(ctx: AppContext, actor: Actor): Promise<FeedbackRoutingRule[]> {
  if (actor.role !== 'admin') throw Forbidden();
  return (await repo.listRules(ctx.db)).map(toRule);
}

/** Creates or replaces the rule of a category × commune (commune null: the category's default). */
export async function saveRoutingRule(ctx: AppContext, actor: Actor, input: FeedbackRoutingRuleInput): Promise<FeedbackRoutingRule> {
  if (actor.role !== 'admin') throw Forbidden();
  const unitId = input.unitId ?? null;
  const [category, commune, agency, unit] = await Promise.all([
    repo.category(ctx.db, input.categoryCode),
    input.communeCode === null ? null : repo.commune(ctx.db, input.communeCode),
    repo.agency(ctx.db, input.agencyId),
    unitId ? repo.unit(ctx.db, unitId) : null,
  ]);
  if (!category) throw Invalid('feedback.categoryNotFound');
  if (input.communeCode !== null && !commune) throw Invalid('org.communeNotFound');
  if (!agency) throw Invalid('org.agencyNotFound');
  if (unitId && unit?.agency_id !== agency.id) throw Invalid('feedback.unitNotInAgency');
  const save = () =>
    ctx.db.transaction().execute(async (tx) => {
      const id = await repo.upsertRule(tx, { categoryCode: input.categoryCode, communeCode: input.communeCode, agencyId: agency.id, unitId, updatedBy: actor.userId });
      await appendAudit(tx, actor, { action: 'feedback.routing.save', subjectType: 'feedback_routing_rule', subjectId: id, data: { categoryCode: input.categoryCode, communeCode: input.communeCode, agencyId: agency.id, unitId } });
      return id;
    });
  // Two administrators creating the same rule at once: the loser's insert hits the unique index;
  // run again, it finds the winner's row and replaces it.
  const id = await save().catch((err) => {
    if (isUniqueViolation(err, 'feedback_routing_rules_key')) return save();
    throw err;
  });
  return toRule((await repo.ruleById(ctx.db, id))!);
}

export async function deleteRoutingRule(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  if (actor.role !== 'admin') throw Forbidden();
  await ctx.db.transaction().execute(async (tx) => {
    if (!(await repo.deleteRule(tx, id))) throw NotFound('feedback.routingRuleNotFound');
    await appendAudit(tx, actor, { action: 'feedback.routing.delete', subjectType: 'feedback_routing_rule', subjectId: id });
  });
}

// ---------------------------------------------------------------- photos

/**
 * Stores a photo sent before the report that will list it (anonymous reporters too). The file
 * store checks the real type by content, the size and the image's dimensions (no decompression
 * bombs); only JPEG and PNG are taken. The returned id is usable once, within 24 hours.
 */
export async function uploadPhoto(ctx: AppContext, actor: Actor | null, bytes: Buffer, clientIp: string | null) {
  // A PDF is a valid file for the store but not a photo: refused before anything is written.
  const detected = bytes.length > 0 ? (await fileTypeFromBuffer(bytes))?.mime : undefined;
  if (detected === 'application/pdf') throw UnsupportedMedia('feedback.photoBadType');
  const stored = await ctx.files.put(ctx.db, bytes, 'anh-phan-anh');
  if (stored.mime !== 'image/jpeg' && stored.mime !== 'image/png') throw UnsupportedMedia('feedback.photoBadType');
  const now = ctx.now();
  // Photos never attached expire; each upload clears a few expired ones, so the table stays small
  // without a scheduled job.
  await repo.purgePhotoUploads(ctx.db, new Date(now.getTime() - PHOTO_UPLOAD_TTL_MS), 20);
  return repo.insertPhotoUpload(ctx.db, { sha256: stored.sha256, mime: stored.mime, size: stored.size, uploaderId: actor?.userId ?? null, clientIp, at: now });
}

async function consumePhotos(ctx: AppContext, tx: Executor, ids: string[]) {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  if (unique.length > FEEDBACK_MAX_PHOTOS) throw Invalid('validation.maxItems', undefined, { limit: FEEDBACK_MAX_PHOTOS });
  const rows = await repo.consumePhotoUploads(tx, unique, new Date(ctx.now().getTime() - PHOTO_UPLOAD_TTL_MS));
  if (rows.length !== unique.length) throw Invalid('feedback.photoInvalid');
  const byId = new Map(rows.map((r) => [r.id, r]));
  return unique.map((id) => byId.get(id)!);
}

// ---------------------------------------------------------------- emails

const EMAIL_INTRO: Record<string, string> = {
  submitted: 'Phản ánh của Ông/Bà đã được tiếp nhận và chuyển đến cơ quan có thẩm quyền xử lý.',
  assigned: 'Phản ánh của Ông/Bà đã được phân công cán bộ xử lý.',
  started: 'Phản ánh của Ông/Bà đang được xử lý.',
  resolved: 'Phản ánh của Ông/Bà đã được xử lý xong. Kết quả xử lý như sau.',
  declined: 'Phản ánh của Ông/Bà không được tiếp tục xử lý.',
  reassigned: 'Phản ánh của Ông/Bà đã được chuyển đến cơ quan có thẩm quyền khác để xử lý.',
};

function trackingLink(ctx: AppContext, code: string, token?: string) {
  return `${ctx.config.publicBaseUrl}/phan-anh/${encodeURIComponent(code)}${token ? `?t=${encodeURIComponent(token)}` : ''}`;
}

async function queueEmail(
  ctx: AppContext,
  tx: Executor,
  r: { id: string; code: string; status: FeedbackStatus; reporter_email: string | null; reporter_name: string | null; due_date: string | null },
  e: { action: string; categoryName: string; agencyName: string | null; note?: string | null; accessToken?: string },
) {
  if (!r.reporter_email) return;
  const status = FEEDBACK_STATUS_LABELS_VI[r.status];
  const lines = [
    `Kính gửi Ông/Bà${r.reporter_name ? ` ${r.reporter_name}` : ''},`,
    '',
    EMAIL_INTRO[e.action] ?? `Phản ánh của Ông/Bà chuyển sang trạng thái: ${status}.`,
    '',
    `Mã phản ánh: ${r.code}`,
    `Lĩnh vực: ${e.categoryName}`,
    `Trạng thái: ${status}`,
  ];
  if (e.agencyName) lines.push(`Cơ quan xử lý: ${e.agencyName}`);
  if (r.due_date && !isClosed(r.status)) lines.push(`Hạn xử lý: ${r.due_date.split('-').reverse().join('/')}`);
  if (e.note) lines.push('', r.status === 'resolved' ? `Kết quả xử lý: ${e.note}` : `Nội dung: ${e.note}`);
  if (r.status === 'resolved') lines.push('', 'Ông/Bà vui lòng đánh giá mức độ hài lòng với kết quả xử lý tại đường dẫn dưới đây.');
  lines.push('', `Theo dõi phản ánh: ${trackingLink(ctx, r.code, e.accessToken)}`);
  if (e.accessToken) lines.push('(Đường dẫn có mã bí mật để Ông/Bà đánh giá kết quả xử lý; vui lòng không chia sẻ.)');
  lines.push('', 'Trân trọng,', 'Cổng phản ánh, kiến nghị Tỉnh Số', '(Thư tự động, vui lòng không trả lời.)');
  await enqueue(tx, 'email', { to: r.reporter_email, subject: `[Tỉnh Số] Phản ánh ${r.code}: ${status}`, text: lines.join('\n'), feedbackId: r.id, action: e.action });
}

// ---------------------------------------------------------------- submission

export interface SubmitOptions {
  source: 'web' | 'open311';
  apiClientId?: string;
  idempotencyKey?: string;
}

/**
 * Receives a report and routes it, in one transaction: the report with the day's next code, its
 * photos, the "submitted" event, the audit entry and the confirmation email. A signed-in citizen
 * is the reporter; anyone else (actor null, or an Open311 client) must leave a phone or an email
 * (Open311 clients may send neither). With the same Idempotency-Key and the same content a retry
 * answers the first report (created false).
 */
export async function submitReport(ctx: AppContext, actor: Actor | null, input: SubmitFeedbackInput, opts: SubmitOptions): Promise<{ created: boolean; report: FeedbackSubmitted }> {
  if (actor && actor.role !== 'citizen') throw Forbidden();
  const category = await repo.category(ctx.db, input.categoryCode);
  if (!category || !category.active) throw Invalid('feedback.categoryNotFound');
  const description = nfc(input.description.trim());
  if (description.length < 10) throw Invalid('validation.minLength', undefined, { limit: 10 });
  const phone = input.reporter?.phone?.trim() || null;
  const email = input.reporter?.email?.trim().toLowerCase() || (actor ? actor.email.toLowerCase() : null);
  const name = input.reporter?.fullName ? nfc(input.reporter.fullName.trim()) : actor ? actor.fullName : null;
  if (!actor && opts.source === 'web' && !phone && !email) throw Invalid('feedback.contactRequired');

  let commune: { code: string; name: string } | undefined;
  if (input.communeCode) {
    commune = await repo.commune(ctx.db, input.communeCode);
    if (!commune) throw Invalid('org.communeNotFound');
  } else if (input.location) {
    const nearest = await repo.nearestCommune(ctx.db, input.location.lat, input.location.lon);
    // A point this far from every commune's centre is not in the province (or was picked by mistake).
    if (nearest && nearest.km > MAX_KM_FROM_COMMUNE) throw Invalid('feedback.outsideProvince', { km: Math.round(nearest.km) }, { km: MAX_KM_FROM_COMMUNE });
    commune = nearest;
  }
  if (!commune) throw Invalid('feedback.locationRequired');

  const scope = actor?.userId ?? opts.apiClientId ?? '';
  const key = opts.idempotencyKey;
  const replay = async (db: Executor) => {
    const existing = key ? await repo.findByIdempotencyKey(db, scope, key) : undefined;
    if (!existing) return null;
    const full = (await repo.viewById(db, existing.id))!;
    // An anonymous key is global: a replay must carry the same report, or it could be used to
    // obtain a fresh access token for somebody else's report.
    if (full.category_code !== input.categoryCode || full.description !== description) throw Conflict('feedback.idempotencyMismatch');
    const token = crypto.randomBytes(24).toString('base64url');
    await repo.addAccessTokenHash(db, existing.id, sha256(token));
    return { created: false, report: submittedView(full, token) };
  };
  const early = await replay(ctx.db);
  if (early) return early;

  // Loaded before the transaction: the embedded database has one connection, held by the transaction.
  const cal = await calendar.getCalendar(ctx.db);
  const today = ctx.today();
  const now = ctx.now();
  // Like a dossier (Decree 118), counted in working days from the working day after receipt.
  const dueDate = calendar.withinCalendar(() => cal.addWorkingDays(today, FEEDBACK_DUE_WORKING_DAYS));
  const day = vietnamDate.format(now);
  const accessToken = crypto.randomBytes(24).toString('base64url');
  const address = input.address?.trim() ? nfc(input.address.trim()) : null;
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      if (key) {
        await repo.lockIdempotencyKey(tx, scope, key);
        const again = await replay(tx);
        if (again) return again;
      }
      const photos = await consumePhotos(ctx, tx, input.photoIds ?? []);
      const routed = await repo.route(tx, category.code, commune.code);
      const report = await repo.insertWithNextCode(
        tx,
        { iso: day, prefix: `PA-${day.slice(2).replaceAll('-', '')}-` },
        {
          category_code: category.code,
          description,
          commune_code: commune.code,
          address,
          lat: input.location?.lat ?? null,
          lon: input.location?.lon ?? null,
          agency_id: routed?.agency_id ?? null,
          unit_id: routed?.unit_id ?? null,
          status: 'received',
          reporter_id: actor?.userId ?? null,
          reporter_name: name,
          reporter_phone: phone,
          reporter_email: email,
          access_token_hashes: [sha256(accessToken)],
          source: opts.source,
          api_client_id: opts.apiClientId ?? null,
          idempotency_key: key ?? null,
          submitted_at: now,
          due_date: dueDate,
        },
        foldedSearchPart(category.name, description, address),
      );
      await repo.insertPhotos(tx, report.id, 1, 'report', photos);
      const agency = routed ? await repo.agency(tx, routed.agency_id) : undefined;
      await repo.insertEvent(tx, { reportId: report.id, actorId: actor?.userId ?? null, actorRole: actor?.role ?? null, action: 'submitted', from: null, to: 'received', data: { source: opts.source, photos: photos.length } });
      if (agency) await repo.insertEvent(tx, { reportId: report.id, actorId: null, actorRole: null, action: 'routed', from: 'received', to: 'received', note: `Chuyển đến ${agency.name}`, data: { agencyId: agency.id, unitId: routed?.unit_id ?? null } });
      await queueEmail(ctx, tx, report, { action: 'submitted', categoryName: category.name, agencyName: agency?.name ?? null, accessToken: actor ? undefined : accessToken });
      // Last: the audit chain's lock is held from here to commit.
      await appendAudit(tx, actor, { action: 'feedback.submit', subjectType: 'feedback_report', subjectId: report.id, data: { code: report.code, source: opts.source, apiClientId: opts.apiClientId ?? null, agencyId: agency?.id ?? null } });
      return { created: true, report: { id: report.id, code: report.code, status: report.status, dueDate: report.due_date, agencyName: agency?.name ?? null, accessToken } };
    });
  } catch (err) {
    if (key && isUniqueViolation(err)) {
      const again = await replay(ctx.db);
      if (again) return again;
    }
    throw err;
  }
}

function foldedSearchPart(categoryName: string, description: string, address: string | null) {
  return foldVietnamese([categoryName, description, address ?? ''].join(' '));
}

function submittedView(r: repo.ViewRow, accessToken: string): FeedbackSubmitted {
  return { id: r.id, code: r.code, status: r.status, dueDate: r.due_date, agencyName: r.agency_name, accessToken };
}

// ---------------------------------------------------------------- views

type PhotoRow = Awaited<ReturnType<typeof repo.photos>>[number];
type EventRow = Awaited<ReturnType<typeof repo.events>>[number];

const toPhotos = (code: string, rows: PhotoRow[]): FeedbackPhoto[] => rows.map((p) => ({ n: p.n, kind: p.kind as 'report' | 'response', mime: p.mime, url: photoUrl(code, p.n) }));

const toEvents = (rows: EventRow[], withNames: boolean): FeedbackEvent[] =>
  rows.map((e) => ({
    at: iso(e.at)!,
    action: e.action,
    toStatus: e.to_status as FeedbackStatus | null,
    note: e.note,
    public: e.public,
    actorRole: e.actor_role,
    actorName: withNames ? e.actor_name : null,
  }));

function group<T extends { report_id: string }>(rows: T[]) {
  const m = new Map<string, T[]>();
  for (const r of rows) m.set(r.report_id, [...(m.get(r.report_id) ?? []), r]);
  return m;
}

/** The public face of a report. Unpublished: no description, address, location or photos. */
function toPublic(r: repo.ViewRow, photos: PhotoRow[], events: EventRow[]): PublicFeedbackReport {
  const shown = r.published;
  return {
    id: r.id,
    code: r.code,
    status: r.status,
    statusLabel: FEEDBACK_STATUS_LABELS_VI[r.status],
    closed: isClosed(r.status),
    published: r.published,
    categoryCode: r.category_code,
    categoryName: r.category_name,
    description: shown ? r.description : null,
    communeCode: r.commune_code,
    communeName: r.commune_name,
    address: shown ? r.address : null,
    lat: shown ? r.lat : null,
    lon: shown ? r.lon : null,
    agencyName: r.agency_name,
    submittedAt: iso(r.submitted_at)!,
    updatedAt: iso(r.updated_at)!,
    dueDate: r.due_date,
    closedAt: iso(r.closed_at),
    response: r.decline_reason === 'spam' ? null : r.response,
    declineReason: r.decline_reason,
    duplicateOfCode: r.duplicate_of_code,
    rating: r.rating,
    photos: shown ? toPhotos(r.code, photos) : [],
    timeline: toEvents(events, false),
  };
}

function toSummary(r: repo.ViewRow, today: string): FeedbackSummary {
  return {
    id: r.id,
    code: r.code,
    status: r.status,
    statusLabel: FEEDBACK_STATUS_LABELS_VI[r.status],
    categoryCode: r.category_code,
    categoryName: r.category_name,
    communeCode: r.commune_code,
    communeName: r.commune_name,
    address: r.address,
    descriptionExcerpt: r.description.slice(0, 200),
    agencyId: r.agency_id,
    agencyName: r.agency_name,
    assigneeId: r.assignee_id,
    assigneeName: r.assignee_name,
    submittedAt: iso(r.submitted_at)!,
    dueDate: r.due_date,
    closedAt: iso(r.closed_at),
    overdue: !!r.due_date && !isClosed(r.status) && r.due_date < today,
    published: r.published,
    rating: r.rating,
    source: r.source,
  };
}

function toDetail(actor: Actor, r: repo.ViewRow, photos: PhotoRow[], events: EventRow[], today: string): FeedbackDetail {
  const official = isOfficial(actor);
  return {
    ...toSummary(r, today),
    description: r.description,
    lat: r.lat,
    lon: r.lon,
    unitId: r.unit_id,
    unitName: r.unit_name,
    reporterName: r.reporter_name,
    reporterPhone: r.reporter_phone,
    reporterEmail: r.reporter_email,
    anonymous: r.reporter_id === null,
    response: r.response,
    declineReason: r.decline_reason,
    duplicateOfCode: r.duplicate_of_code,
    ratingComment: r.rating_comment,
    ratedAt: iso(r.rated_at),
    hiddenReason: official ? r.hidden_reason : null,
    photos: toPhotos(r.code, photos),
    timeline: toEvents(official ? events : events.filter((e) => e.public), official),
    allowedActions: allowedActions(actor, r),
  };
}

function toModeration(r: repo.ViewRow, photos: PhotoRow[], events: EventRow[]): FeedbackModerationItem {
  return {
    ...toPublic(r, photos, events),
    description: r.description,
    address: r.address,
    lat: r.lat,
    lon: r.lon,
    photos: toPhotos(r.code, photos),
    hiddenReason: r.hidden_reason,
    moderatedAt: iso(r.moderated_at),
  };
}

async function withParts<T>(db: Executor, rows: repo.ViewRow[], publicOnly: boolean, make: (r: repo.ViewRow, p: PhotoRow[], e: EventRow[]) => T): Promise<T[]> {
  const ids = rows.map((r) => r.id);
  const [photos, events] = await Promise.all([repo.photos(db, ids), repo.events(db, ids, publicOnly)]);
  const p = group(photos);
  const e = group(events);
  return rows.map((r) => make(r, p.get(r.id) ?? [], e.get(r.id) ?? []));
}

// ---------------------------------------------------------------- public reads

/** Published reports, newest first, searchable without diacritics. Never personal data. */
export async function listPublicReports(ctx: AppContext, f: PublicFeedbackQuery): Promise<PublicFeedbackPage> {
  if (f.from) calendar.assertIsoDate(f.from);
  if (f.to) calendar.assertIsoDate(f.to);
  const { items, total } = await repo.listPublic(ctx.db, {
    q: f.q?.trim() || undefined,
    category: f.category,
    commune: f.commune,
    status: f.status,
    from: f.from ? vietnamMidnight(f.from) : undefined,
    toExclusive: f.to ? vietnamMidnight(nextDay(f.to)) : undefined,
    limit: f.limit ?? 20,
    offset: f.offset ?? 0,
  });
  return { total, items: await withParts(ctx.db, items, true, toPublic) };
}

async function findView(db: Executor, codeOrId: string) {
  const key = codeOrId.trim();
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(key)) return repo.viewById(db, key.toLowerCase());
  const code = key.toUpperCase();
  if (!FEEDBACK_CODE_PATTERN.test(code)) return undefined;
  return repo.viewByCode(db, code);
}

/**
 * Tracking by code (or id, for Open311): anyone may follow a report's status, agency, due date,
 * public timeline and response; its content (description, address, location, photos) only once
 * published.
 */
export async function getPublicReport(ctx: AppContext, codeOrId: string): Promise<PublicFeedbackReport> {
  const r = await findView(ctx.db, codeOrId);
  if (!r) throw NotFound('feedback.notFound');
  return (await withParts(ctx.db, [r], true, toPublic))[0]!;
}

/**
 * A photo's bytes: public once the report is published; before that only for the reporter, the
 * officials of the responsible agency and moderators.
 */
export async function readPhoto(ctx: AppContext, actor: Actor | null, code: string, n: number) {
  const r = await findView(ctx.db, code);
  if (!r) throw NotFound('feedback.notFound');
  const allowed =
    r.published ||
    (actor && ((isOfficial(actor) && actor.agencyId === r.agency_id) || actor.role === 'moderator' || (actor.role === 'citizen' && actor.userId === r.reporter_id)));
  if (!allowed) throw NotFound('feedback.photoNotFound');
  const p = await repo.photo(ctx.db, r.id, n);
  if (!p) throw NotFound('feedback.photoNotFound');
  return { bytes: ctx.files.read(p.file_sha256), mime: p.mime, published: r.published };
}

// ---------------------------------------------------------------- the reporter

export async function listMine(ctx: AppContext, actor: Actor, limit = 50, offset = 0): Promise<FeedbackSummary[]> {
  if (actor.role !== 'citizen') throw Forbidden();
  const today = ctx.today();
  return (await repo.listForReporter(ctx.db, actor.userId, limit, offset)).map((r) => toSummary(r, today));
}

export async function getMine(ctx: AppContext, actor: Actor, code: string): Promise<FeedbackDetail> {
  if (actor.role !== 'citizen') throw Forbidden();
  const r = await findView(ctx.db, code);
  // Someone else's report answers like an unknown code.
  if (!r || r.reporter_id !== actor.userId) throw NotFound('feedback.notFound');
  return (await withParts(ctx.db, [r], true, (row, p, e) => toDetail(actor, row, p, e, ctx.today())))[0]!;
}

/**
 * The reporter rates a resolved report once: the signed-in reporter, or whoever holds the access
 * token given at submission (anonymous reporters). 1–2 stars is a dislike (indicator 5.4).
 */
export async function rate(ctx: AppContext, actor: Actor | null, code: string, input: { stars: number; comment?: string; accessToken?: string }): Promise<PublicFeedbackReport> {
  const found = await findView(ctx.db, code);
  if (!found) throw NotFound('feedback.notFound');
  await ctx.db.transaction().execute(async (tx) => {
    const r = (await repo.findById(tx, found.id, true))!;
    const byAccount = actor !== null && r.reporter_id !== null && actor.userId === r.reporter_id;
    const byToken = !!input.accessToken && r.access_token_hashes.includes(sha256(input.accessToken));
    if (!byAccount && !byToken) throw Forbidden('feedback.ratingForbidden');
    if (r.status !== 'resolved') throw Conflict('feedback.ratingNotAllowed');
    if (r.rating !== null) throw Conflict('feedback.alreadyRated');
    const comment = input.comment?.trim() ? nfc(input.comment.trim()) : null;
    await tx.updateTable('feedback_reports').set({ rating: input.stars, rating_comment: comment, rated_at: ctx.now(), updated_at: ctx.now() }).where('id', '=', r.id).execute();
    await repo.insertEvent(tx, { reportId: r.id, actorId: actor?.userId ?? null, actorRole: actor?.role ?? null, action: 'rated', from: r.status, to: r.status, note: null, public: true, data: { stars: input.stars, dislike: input.stars <= FEEDBACK_DISLIKE_MAX_STARS } });
    await appendAudit(tx, actor, { action: 'feedback.rate', subjectType: 'feedback_report', subjectId: r.id, data: { stars: input.stars, by: byAccount ? 'account' : 'token' } });
  });
  return getPublicReport(ctx, found.id);
}

// ---------------------------------------------------------------- officials

export type FeedbackAction = 'assign' | 'start' | 'resolve' | 'decline' | 'reassign' | 'note';

const OPEN: FeedbackStatus[] = ['received', 'assigned', 'in_progress'];
const ALL: FeedbackStatus[] = ['received', 'assigned', 'in_progress', 'resolved', 'declined'];

export const RULES: Record<FeedbackAction, { roles: Actor['role'][]; from: FeedbackStatus[] }> = {
  assign: { roles: ['desk', 'processor', 'approver'], from: ['received', 'assigned'] },
  start: { roles: ['desk', 'processor', 'approver'], from: ['received', 'assigned'] },
  resolve: { roles: ['desk', 'processor', 'approver'], from: OPEN },
  decline: { roles: ['desk', 'processor', 'approver'], from: OPEN },
  reassign: { roles: ['desk', 'approver'], from: OPEN },
  note: { roles: ['desk', 'processor', 'approver'], from: ALL },
};

const ACTION_LABELS_VI: Record<FeedbackAction, string> = {
  assign: 'phân công xử lý',
  start: 'bắt đầu xử lý',
  resolve: 'hoàn thành xử lý',
  decline: 'từ chối xử lý',
  reassign: 'chuyển cơ quan khác',
  note: 'ghi ý kiến',
};

/** A processing official works only reports assigned to them, or unassigned ones they then take. */
const processorMay = (actor: Actor, r: { assignee_id: string | null }) => actor.role !== 'processor' || r.assignee_id === null || r.assignee_id === actor.userId;

export function allowedActions(actor: Actor, r: { status: FeedbackStatus; agency_id: string | null; assignee_id: string | null; reporter_id: string | null; rating: number | null }): string[] {
  if (actor.role === 'citizen') return actor.userId === r.reporter_id && r.status === 'resolved' && r.rating === null ? ['rate'] : [];
  if (!isOfficial(actor) || actor.agencyId !== r.agency_id) return [];
  return (Object.keys(RULES) as FeedbackAction[]).filter((a) => RULES[a].roles.includes(actor.role) && RULES[a].from.includes(r.status) && (a === 'note' || processorMay(actor, r)));
}

function assertInScope(actor: Actor, r: { agency_id: string | null }) {
  if (!isOfficial(actor)) throw Forbidden();
  // Another agency's report answers like an unknown id.
  if (!actor.agencyId || actor.agencyId !== r.agency_id) throw NotFound('feedback.notFound');
}

export async function listQueue(ctx: AppContext, actor: Actor, f: FeedbackQueueQuery) {
  if (!isOfficial(actor) || !actor.agencyId) throw Forbidden();
  const today = ctx.today();
  const cal = await calendar.getCalendar(ctx.db);
  const { items, total } = await repo.listQueue(ctx.db, {
    agencyId: actor.agencyId,
    statuses: f.status ? [f.status] : undefined,
    category: f.category,
    assigneeId: f.mine ? actor.userId : undefined,
    dueOnOrBefore: f.due === 'soon' ? cal.addWorkingDays(today, 2) : undefined,
    overdueBefore: f.due === 'overdue' ? today : undefined,
    q: f.q?.trim() || undefined,
    limit: f.limit ?? 20,
    offset: f.offset ?? 0,
  });
  return { total, items: items.map((r) => toSummary(r, today)) };
}

/** The full report for an official of the responsible agency; the read of the reporter's contact is audited. */
export async function getDetail(ctx: AppContext, actor: Actor, id: string): Promise<FeedbackDetail> {
  const r = await repo.viewById(ctx.db, id);
  if (!r) {
    if (!isOfficial(actor)) throw Forbidden();
    throw NotFound('feedback.notFound');
  }
  assertInScope(actor, r);
  // DESIGN §8: every read of personal data by an official is audited with its purpose.
  await ctx.db.transaction().execute((tx) => appendAudit(tx, actor, { action: 'feedback.read', subjectType: 'feedback_report', subjectId: r.id, purpose: 'processing' }));
  return (await withParts(ctx.db, [r], false, (row, p, e) => toDetail(actor, row, p, e, ctx.today())))[0]!;
}

export interface ActionInput {
  assigneeId?: string;
  note?: string;
  response?: string;
  photoId?: string;
  reason?: FeedbackDeclineReason;
  duplicateOfCode?: string;
  agencyId?: string;
  unitId?: string | null;
  public?: boolean;
}

interface Step {
  to: FeedbackStatus;
  patch: Partial<{
    assignee_id: string | null;
    agency_id: string | null;
    unit_id: string | null;
    closed_at: Date;
    response: string | null;
    decline_reason: FeedbackDeclineReason;
    duplicate_of_id: string | null;
  }>;
  note?: string | null;
  public?: boolean;
  data?: Record<string, unknown>;
  /** Email the reporter even though the status did not change (a re-routing back to received). */
  notify?: boolean;
  agencyName?: string | null;
}

const text = (v: string | undefined) => (v?.trim() ? nfc(v.trim()) : null);

async function validAssignee(tx: Executor, agencyId: string, assigneeId: string) {
  const official = await identity.findOfficial(tx, assigneeId);
  if (!official || official.disabled || !['desk', 'processor', 'approver'].includes(official.role) || official.agency_id !== agencyId) throw Invalid('feedback.assigneeInvalid');
  return official;
}

type StepCtx = { ctx: AppContext; tx: Tx; actor: Actor; r: NonNullable<Awaited<ReturnType<typeof repo.findById>>>; input: ActionInput };

const steps: Record<FeedbackAction, (s: StepCtx) => Promise<Step>> = {
  async assign({ tx, actor, r, input }) {
    let assigneeId = input.assigneeId ?? actor.userId;
    // A processing official may only take a report for themselves.
    if (actor.role === 'processor' && assigneeId !== actor.userId) throw Forbidden();
    const a = await validAssignee(tx, r.agency_id!, assigneeId);
    assigneeId = a.id;
    return { to: 'assigned', patch: { assignee_id: assigneeId }, note: text(input.note), public: false, data: { assigneeId, assigneeName: a.full_name } };
  },
  async start({ actor, r, input }) {
    return { to: 'in_progress', patch: { assignee_id: r.assignee_id ?? actor.userId }, note: text(input.note), public: false };
  },
  async resolve({ ctx, tx, actor, r, input }) {
    const response = text(input.response);
    if (!response || response.length < 10) throw Invalid('validation.minLength', undefined, { limit: 10 });
    const photos = input.photoId ? await consumePhotos(ctx, tx, [input.photoId]) : [];
    if (photos.length) {
      const last = await tx.selectFrom('feedback_photos').select((eb) => eb.fn.max('n').as('n')).where('report_id', '=', r.id).executeTakeFirst();
      await repo.insertPhotos(tx, r.id, Number(last?.n ?? 0) + 1, 'response', photos);
    }
    return { to: 'resolved', patch: { closed_at: ctx.now(), response, assignee_id: r.assignee_id ?? actor.userId }, note: response, public: true, data: { photo: photos.length > 0 } };
  },
  async decline({ ctx, tx, r, input }) {
    const reason = input.reason!;
    let duplicateOf: { id: string; code: string } | undefined;
    if (reason === 'duplicate') {
      if (!input.duplicateOfCode) throw Invalid('feedback.duplicateOfRequired');
      duplicateOf = await repo.findByCode(tx, input.duplicateOfCode.trim().toUpperCase());
      if (!duplicateOf || duplicateOf.id === r.id) throw Invalid('feedback.duplicateOfInvalid');
    }
    const explanation = text(input.note) ?? FEEDBACK_DECLINE_LABELS_VI[reason] + (duplicateOf ? ` (phản ánh ${duplicateOf.code}).` : '.');
    return {
      to: 'declined',
      patch: { closed_at: ctx.now(), decline_reason: reason, duplicate_of_id: duplicateOf?.id ?? null, response: explanation },
      note: explanation,
      public: true,
      data: { reason, duplicateOfCode: duplicateOf?.code ?? null },
    };
  },
  async reassign({ tx, r, input }) {
    const agency = await repo.agency(tx, input.agencyId!);
    if (!agency) throw Invalid('org.agencyNotFound');
    if (agency.id === r.agency_id) throw Invalid('feedback.reassignSameAgency');
    const unitId = input.unitId ?? null;
    if (unitId && (await repo.unit(tx, unitId))?.agency_id !== agency.id) throw Invalid('feedback.unitNotInAgency');
    const note = text(input.note);
    return {
      to: 'received',
      patch: { agency_id: agency.id, unit_id: unitId, assignee_id: null },
      note: `Chuyển đến ${agency.name}${note ? `: ${note}` : ''}`,
      public: true,
      notify: true,
      agencyName: agency.name,
      data: { fromAgencyId: r.agency_id, toAgencyId: agency.id, unitId },
    };
  },
  async note({ r, input }) {
    const note = text(input.note);
    if (!note) throw Invalid('validation.minLength', undefined, { limit: 1 });
    return { to: r.status, patch: {}, note, public: input.public ?? false };
  },
};

const EVENT_NAMES: Record<FeedbackAction, string> = { assign: 'assigned', start: 'started', resolve: 'resolved', decline: 'declined', reassign: 'reassigned', note: 'note' };

/**
 * One official action: checks role, scope and status, then in one transaction updates the report,
 * appends the timeline event and the audit entry, and queues the reporter's email on a change.
 */
export async function act(ctx: AppContext, actor: Actor, id: string, action: FeedbackAction, input: ActionInput = {}): Promise<FeedbackDetail> {
  const rule = RULES[action];
  await ctx.db.transaction().execute(async (tx) => {
    const r = await repo.findById(tx, id, true);
    if (!r) {
      if (!isOfficial(actor)) throw Forbidden();
      throw NotFound('feedback.notFound');
    }
    assertInScope(actor, r);
    if (!rule.roles.includes(actor.role)) throw Forbidden();
    if (!rule.from.includes(r.status)) {
      throw Conflict('feedback.illegalTransition', { action, status: r.status }, { action: ACTION_LABELS_VI[action], status: FEEDBACK_STATUS_LABELS_VI[r.status] });
    }
    if (action !== 'note' && !processorMay(actor, r)) throw Forbidden('feedback.notAssignee');
    const step = await steps[action]({ ctx, tx, actor, r, input });
    const now = ctx.now();
    await tx
      .updateTable('feedback_reports')
      .set({ ...step.patch, status: step.to, updated_at: now })
      .where('id', '=', r.id)
      .execute();
    if (step.patch.response !== undefined) await repo.refreshSearch(tx, r.id);
    await repo.insertEvent(tx, { reportId: r.id, actorId: actor.userId, actorRole: actor.role, action: EVENT_NAMES[action], from: r.status, to: step.to, note: step.note ?? null, public: step.public ?? true, data: step.data });
    if (step.to !== r.status || step.notify) {
      const category = (await repo.category(tx, r.category_code))!;
      const agencyName = step.agencyName ?? (r.agency_id ? (await repo.agency(tx, r.agency_id))?.name ?? null : null);
      const note = action === 'resolve' || action === 'decline' || action === 'reassign' ? step.note : null;
      await queueEmail(ctx, tx, { ...r, status: step.to }, { action: EVENT_NAMES[action], categoryName: category.name, agencyName, note });
    }
    // Last: the audit chain's lock is held from here to commit.
    await appendAudit(tx, actor, { action: `feedback.${action}`, subjectType: 'feedback_report', subjectId: r.id, data: { from: r.status, to: step.to, ...(step.data ?? {}) } });
  });
  // The answer describes the report as the action left it, also when it left the caller's scope
  // (reassigned to another agency): allowedActions is then empty.
  const row = (await repo.viewById(ctx.db, id))!;
  return (await withParts(ctx.db, [row], false, (r, p, e) => toDetail(actor, r, p, e, ctx.today())))[0]!;
}

// ---------------------------------------------------------------- moderation

export async function listModeration(ctx: AppContext, actor: Actor, q: { state?: 'pending' | 'published' | 'hidden'; limit?: number; offset?: number }) {
  if (actor.role !== 'moderator') throw Forbidden();
  const { items, total } = await repo.listModeration(ctx.db, q.state ?? 'pending', q.limit ?? 20, q.offset ?? 0);
  return { total, items: await withParts(ctx.db, items, true, toModeration) };
}

/** The moderator publishes a report (it then appears publicly with its content) or hides it. */
export async function moderate(ctx: AppContext, actor: Actor, id: string, decision: 'publish' | 'hide', reason?: string): Promise<FeedbackModerationItem> {
  if (actor.role !== 'moderator') throw Forbidden();
  await ctx.db.transaction().execute(async (tx) => {
    const r = await repo.findById(tx, id, true);
    if (!r) throw NotFound('feedback.notFound');
    if (decision === 'publish' && r.decline_reason === 'spam') throw Conflict('feedback.spamNotPublishable');
    const hidden = decision === 'hide' ? text(reason) : null;
    if (decision === 'hide' && (!hidden || hidden.length < 3)) throw Invalid('validation.minLength', undefined, { limit: 3 });
    await tx
      .updateTable('feedback_reports')
      .set({ published: decision === 'publish', hidden_reason: hidden, moderated_by: actor.userId, moderated_at: ctx.now(), updated_at: ctx.now() })
      .where('id', '=', r.id)
      .execute();
    await repo.insertEvent(tx, { reportId: r.id, actorId: actor.userId, actorRole: actor.role, action: decision === 'publish' ? 'published' : 'hidden', from: r.status, to: r.status, note: hidden, public: decision === 'publish' });
    await appendAudit(tx, actor, { action: `feedback.${decision}`, subjectType: 'feedback_report', subjectId: r.id, data: hidden ? { reason: hidden } : {} });
  });
  const row = (await repo.viewById(ctx.db, id))!;
  return (await withParts(ctx.db, [row], true, toModeration))[0]!;
}

// ---------------------------------------------------------------- indicators (dashboard)

export interface IndicatorFilter {
  /** Reports submitted from this Vietnamese date… */
  from: string;
  /** …to this one, inclusive. */
  to: string;
  scope: repo.Scope;
}

function period(f: IndicatorFilter) {
  calendar.assertIsoDate(f.from);
  calendar.assertIsoDate(f.to);
  return { from: vietnamMidnight(f.from), toExclusive: vietnamMidnight(nextDay(f.to)), scope: f.scope };
}

/**
 * Indicators 5.1–5.4 (Decision 766) over the reports submitted in a period, for the province, an
 * agency or a commune. handled = resolved or declined; on time = closed on or before the due date
 * (15 working days); overdueOpen = still open past the due date today; a dislike is a rating of
 * 1–2 stars; satisfied = neither disliked nor late (closed late or open past due), each report
 * counted once. Reports declined as spam count nowhere. The rules are in repo.ts, shared with
 * feedbackDrillDown. The caller (dashboard) checks who may see it.
 */
export async function feedbackAggregates(ctx: AppContext, f: IndicatorFilter): Promise<FeedbackAggregates> {
  const r = await repo.aggregates(ctx.db, period(f), ctx.today());
  return {
    received: r.received,
    handled: r.handled,
    handledOnTime: r.handled_on_time,
    overdueOpen: r.overdue_open,
    averageRating: r.average_rating === null ? null : Number(r.average_rating),
    ratedCount: r.rated_count,
    dislikeCount: r.dislike_count,
    satisfied: r.satisfied,
  };
}

const isOverdue = (r: { status: FeedbackStatus; due_date: string | null; closed_at: Date | string | null }, today: string) =>
  !!r.due_date && (isClosed(r.status) ? !!r.closed_at && vietnamDate.format(new Date(r.closed_at)) > r.due_date : r.due_date < today);

/**
 * The reports behind an aggregate, newest first, at most 1,000 a call. measure + part select
 * exactly what a part of 5.1–5.3 counts (see FeedbackMeasure): e.g. { measure: 'satisfied',
 * part: 'rest' } are the reports 5.2 does not count. Also: overdueOnly = open past due or closed
 * late; dislikedOnly = rated 1–2. The caller checks who may see it.
 */
export async function feedbackDrillDown(
  ctx: AppContext,
  // The repository's own choices (its filter less the period, which is given here as dates).
  f: IndicatorFilter & Partial<Omit<repo.DrillDownFilter, keyof repo.PeriodFilter>>,
): Promise<FeedbackDrillDownItem[]> {
  const today = ctx.today();
  const rows = await repo.drillDown(
    ctx.db,
    {
      ...period(f),
      category: f.category,
      status: f.status,
      overdueOnly: f.overdueOnly,
      dislikedOnly: f.dislikedOnly,
      measure: f.measure,
      part: f.part,
      limit: Math.min(f.limit ?? 100, 1000),
      offset: f.offset ?? 0,
    },
    today,
  );
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    categoryCode: r.category_code,
    categoryName: r.category_name,
    communeCode: r.commune_code,
    communeName: r.commune_name,
    agencyName: r.agency_name,
    status: r.status,
    receivedAt: iso(r.submitted_at)!,
    dueDate: r.due_date,
    closedAt: iso(r.closed_at),
    overdue: isOverdue(r, today),
    rating: r.rating,
  }));
}

/**
 * The located reports of a period and scope for the leaders' map: officials see every report,
 * published or not (spam excluded, as in the indicators), newest first, at most `limit` (≤ 1,000)
 * with the total. Nothing personal: no reporter, description, address or photo. The caller
 * (dashboard) checks who may see it.
 */
export async function feedbackMapReports(ctx: AppContext, f: IndicatorFilter & { limit?: number }): Promise<{ total: number; items: FeedbackMapItem[] }> {
  const today = ctx.today();
  const { items, total } = await repo.located(ctx.db, { ...period(f), limit: Math.min(Math.max(f.limit ?? 1000, 1), 1000) });
  return {
    total,
    items: items.map((r) => ({
      id: r.id,
      code: r.code,
      categoryCode: r.category_code,
      categoryName: r.category_name,
      status: r.status,
      lat: Number(r.lat),
      lon: Number(r.lon),
      communeCode: r.commune_code,
      communeName: r.commune_name,
      agencyId: r.agency_id,
      agencyName: r.agency_name,
      receivedAt: iso(r.submitted_at)!,
      dueDate: r.due_date,
      closedAt: iso(r.closed_at),
      overdue: isOverdue(r, today),
    })),
  };
}
