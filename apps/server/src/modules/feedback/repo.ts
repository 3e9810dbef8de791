// SQL of the feedback module. Owns tables feedback_categories, feedback_routing_rules,
// feedback_code_sequences, feedback_photo_uploads, feedback_reports, feedback_photos and
// feedback_events (migration 0004_feedback.ts documents every column).
//
// For the demo-history generator (set-based inserts straight into these tables): a report needs
// code (PA-yymmdd-NNNN, unique), category_code, description (10–5000 chars), commune_code,
// search_folded (foldVietnamese of code, category name, description, address, response),
// status, submitted_at, due_date (15 working days after), agency_id; closed_at exactly when the
// status is resolved or declined; decline_reason exactly when declined (duplicate_of_id when
// 'duplicate'); rating together with rated_at; and at least one of reporter_id, reporter_phone,
// reporter_email unless source = 'open311'. Events are optional (the timeline is then empty).
import { sql, type ExpressionBuilder, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import { FEEDBACK_DISLIKE_MAX_STARS, type FeedbackMeasure } from '@tinhso/contracts';
import type { Executor } from '../../platform/db.ts';
import type { DB, FeedbackStatus, FeedbackReportsTable } from '../../db/schema.ts';
import type { Insertable } from 'kysely';
import { escapeLike, foldVietnamese } from '../../platform/text.ts';

// ---------------------------------------------------------------- categories

export function listCategories(db: Executor, includeInactive: boolean) {
  let q = db.selectFrom('feedback_categories').selectAll().orderBy('sort_order').orderBy('code');
  if (!includeInactive) q = q.where('active', '=', true);
  return q.execute();
}

export function category(db: Executor, code: string) {
  return db.selectFrom('feedback_categories').selectAll().where('code', '=', code).executeTakeFirst();
}

export function upsertCategory(db: Executor, code: string, c: { name: string; description: string; group_name: string; active: boolean; keywords: string[] }) {
  return db
    .insertInto('feedback_categories')
    .values({ code, ...c, sort_order: sql<number>`(select coalesce(max(sort_order), 0) + 10 from feedback_categories)` })
    .onConflict((oc) => oc.column('code').doUpdateSet({ ...c, updated_at: new Date() }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

// ---------------------------------------------------------------- routing rules

function rulesQuery(db: Executor) {
  return db
    .selectFrom('feedback_routing_rules as r')
    .innerJoin('feedback_categories as c', 'c.code', 'r.category_code')
    .innerJoin('agencies as a', 'a.id', 'r.agency_id')
    .leftJoin('communes as m', 'm.code', 'r.commune_code')
    .leftJoin('units as u', 'u.id', 'r.unit_id')
    .select([
      'r.id',
      'r.category_code',
      'c.name as category_name',
      'r.commune_code',
      'm.name as commune_name',
      'r.agency_id',
      'a.code as agency_code',
      'a.name as agency_name',
      'r.unit_id',
      'u.name as unit_name',
    ]);
}

export function listRules(db: Executor) {
  return rulesQuery(db).orderBy('c.sort_order').orderBy(sql`r.commune_code nulls first`).execute();
}

export function ruleById(db: Executor, id: string) {
  return rulesQuery(db).where('r.id', '=', id).executeTakeFirst();
}

/** One rule per category × commune (the unique index is on coalesce(commune_code, '')). */
export async function upsertRule(db: Executor, r: { categoryCode: string; communeCode: string | null; agencyId: string; unitId: string | null; updatedBy: string }) {
  let existing = db.selectFrom('feedback_routing_rules').select('id').where('category_code', '=', r.categoryCode);
  existing = r.communeCode === null ? existing.where('commune_code', 'is', null) : existing.where('commune_code', '=', r.communeCode);
  const found = await existing.forUpdate().executeTakeFirst();
  if (found) {
    await db.updateTable('feedback_routing_rules').set({ agency_id: r.agencyId, unit_id: r.unitId, updated_by: r.updatedBy, updated_at: new Date() }).where('id', '=', found.id).execute();
    return found.id;
  }
  const row = await db
    .insertInto('feedback_routing_rules')
    .values({ category_code: r.categoryCode, commune_code: r.communeCode, agency_id: r.agencyId, unit_id: r.unitId, updated_by: r.updatedBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function deleteRule(db: Executor, id: string) {
  const r = await db.deleteFrom('feedback_routing_rules').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/**
 * The responsible agency of a category in a commune: the rule naming the commune, else the
 * category's default rule, else the commune's own People's Committee (the agency of level
 * commune in that commune), else none.
 */
export async function route(db: Executor, categoryCode: string, communeCode: string): Promise<{ agency_id: string; unit_id: string | null } | undefined> {
  const rule = await db
    .selectFrom('feedback_routing_rules')
    .select(['agency_id', 'unit_id'])
    .where('category_code', '=', categoryCode)
    .where((eb) => eb.or([eb('commune_code', '=', communeCode), eb('commune_code', 'is', null)]))
    .orderBy(sql`commune_code nulls last`)
    .limit(1)
    .executeTakeFirst();
  if (rule) return rule;
  const ubnd = await db.selectFrom('agencies').select(['id as agency_id']).where('level', '=', 'commune').where('commune_code', '=', communeCode).orderBy('code').limit(1).executeTakeFirst();
  return ubnd ? { agency_id: ubnd.agency_id, unit_id: null } : undefined;
}

// ---------------------------------------------------------------- locality

export function commune(db: Executor, code: string) {
  return db.selectFrom('communes').select(['code', 'name']).where('code', '=', code).executeTakeFirst();
}

/** The commune whose centre point is nearest, with its distance in km (equirectangular: a province is small). */
export async function nearestCommune(db: Executor, lat: number, lon: number) {
  const k = Math.cos((lat * Math.PI) / 180);
  const d2 = sql<number>`(lat - ${lat}) * (lat - ${lat}) + ((lon - ${lon}) * ${k}) * ((lon - ${lon}) * ${k})`;
  const row = await db.selectFrom('communes').select(['code', 'name', d2.as('d2')]).where('lat', 'is not', null).where('lon', 'is not', null).orderBy(d2).limit(1).executeTakeFirst();
  return row ? { code: row.code, name: row.name, km: Math.sqrt(Number(row.d2)) * 111.32 } : undefined;
}

export function agency(db: Executor, id: string) {
  return db.selectFrom('agencies').select(['id', 'code', 'name']).where('id', '=', id).executeTakeFirst();
}

export function unit(db: Executor, id: string) {
  return db.selectFrom('units').select(['id', 'agency_id', 'name']).where('id', '=', id).executeTakeFirst();
}

// ---------------------------------------------------------------- photo uploads

export function insertPhotoUpload(db: Executor, p: { sha256: string; mime: string; size: number; uploaderId: string | null; clientIp: string | null; at: Date }) {
  return db
    .insertInto('feedback_photo_uploads')
    .values({ file_sha256: p.sha256, mime: p.mime, size: p.size, uploader_id: p.uploaderId, client_ip: p.clientIp, created_at: p.at })
    .returning(['id', 'mime', 'size'])
    .executeTakeFirstOrThrow();
}

/**
 * Takes uploads younger than `since` (in the caller's transaction): the rows are deleted as their
 * photos are copied to the report, so an id works once.
 */
export function consumePhotoUploads(tx: Executor, ids: string[], since: Date) {
  return tx.deleteFrom('feedback_photo_uploads').where('id', 'in', ids).where('created_at', '>=', since).returning(['id', 'file_sha256', 'mime', 'size']).execute();
}

/** Forgets up to `limit` uploads never attached to a report before `before` (their files stay: content-addressed, maybe shared). */
export async function purgePhotoUploads(db: Executor, before: Date, limit: number) {
  const r = await db
    .deleteFrom('feedback_photo_uploads')
    .where('id', 'in', (eb) => eb.selectFrom('feedback_photo_uploads').select('id').where('created_at', '<', before).limit(limit))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

// ---------------------------------------------------------------- reports

export type NewReport = Omit<Insertable<FeedbackReportsTable>, 'code' | 'search_folded'>;

/**
 * Inserts a report whose code ends with the next number of the day's sequence, in one statement
 * (the counter row's lock serialises the day's submissions until commit). search_folded is built
 * here from the code the statement assigns.
 */
export function insertWithNextCode(tx: Executor, day: { iso: string; prefix: string }, values: NewReport, foldedText: string) {
  const code = sql<string>`(select ${day.prefix} || lpad(seq.last::text, greatest(4, length(seq.last::text)), '0') from seq)`;
  return tx
    .with('seq', (db) =>
      db
        .insertInto('feedback_code_sequences')
        .values({ day: day.iso, last: 1 })
        .onConflict((oc) => oc.column('day').doUpdateSet({ last: sql`feedback_code_sequences.last + 1` }))
        .returning('last'),
    )
    .insertInto('feedback_reports')
    .values({ ...values, code, search_folded: sql<string>`lower(${code}) || ' ' || ${foldedText}` })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findById(db: Executor, id: string, lock = false) {
  let q = db.selectFrom('feedback_reports').selectAll().where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export function findByCode(db: Executor, code: string) {
  return db.selectFrom('feedback_reports').selectAll().where('code', '=', code).executeTakeFirst();
}

export function findByIdempotencyKey(db: Executor, scope: string, key: string) {
  return db
    .selectFrom('feedback_reports')
    .select(['id', 'code', 'status', 'due_date', 'agency_id'])
    .where(sql<string>`coalesce(reporter_id::text, api_client_id::text, '')`, '=', scope)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
}

/** Serialises submissions carrying the same scope's Idempotency-Key until the transaction ends. */
export async function lockIdempotencyKey(tx: Executor, scope: string, key: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`feedback-submit:${scope}:${key}`}, 0))`.execute(tx);
}

export async function addAccessTokenHash(db: Executor, id: string, hash: string) {
  await db
    .updateTable('feedback_reports')
    .set({ access_token_hashes: sql<string[]>`array_append(access_token_hashes, ${hash})` })
    .where('id', '=', id)
    .execute();
}

/** Recomputes the folded search text after the response changed. */
export async function refreshSearch(db: Executor, id: string) {
  const r = await db
    .selectFrom('feedback_reports as f')
    .innerJoin('feedback_categories as c', 'c.code', 'f.category_code')
    .select(['f.code', 'c.name', 'f.description', 'f.address', 'f.response'])
    .where('f.id', '=', id)
    .executeTakeFirstOrThrow();
  await db.updateTable('feedback_reports').set({ search_folded: foldedSearchText(r.code, r.name, r.description, r.address, r.response) }).where('id', '=', id).execute();
}

export function foldedSearchText(code: string, categoryName: string, description: string, address: string | null, response: string | null) {
  return foldVietnamese([code, categoryName, description, address ?? '', response ?? ''].join(' '));
}

/** Every column a view of a report needs, with the names it shows. */
function viewQuery(db: Executor) {
  return db
    .selectFrom('feedback_reports as f')
    .innerJoin('feedback_categories as c', 'c.code', 'f.category_code')
    .innerJoin('communes as m', 'm.code', 'f.commune_code')
    .leftJoin('agencies as a', 'a.id', 'f.agency_id')
    .leftJoin('units as un', 'un.id', 'f.unit_id')
    .leftJoin('users as asg', 'asg.id', 'f.assignee_id')
    .leftJoin('feedback_reports as dup', 'dup.id', 'f.duplicate_of_id')
    .selectAll('f')
    .select(['c.name as category_name', 'm.name as commune_name', 'a.name as agency_name', 'un.name as unit_name', 'asg.full_name as assignee_name', 'dup.code as duplicate_of_code']);
}

export type ViewRow = NonNullable<Awaited<ReturnType<typeof viewById>>>;

export function viewById(db: Executor, id: string) {
  return viewQuery(db).where('f.id', '=', id).executeTakeFirst();
}

export function viewByCode(db: Executor, code: string) {
  return viewQuery(db).where('f.code', '=', code).executeTakeFirst();
}

export function listForReporter(db: Executor, reporterId: string, limit: number, offset: number) {
  return viewQuery(db).where('f.reporter_id', '=', reporterId).orderBy('f.submitted_at', 'desc').limit(limit).offset(offset).execute();
}

type ViewQB = SelectQueryBuilder<DB & { f: DB['feedback_reports'] }, 'f', object>;

async function page<Q extends ViewQB>(db: Executor, filtered: (q: ViewQB) => ViewQB, order: (q: ReturnType<typeof viewQuery>) => ReturnType<typeof viewQuery>, limit: number, offset: number) {
  const base = filtered(db.selectFrom('feedback_reports as f') as unknown as ViewQB);
  const [items, count] = await Promise.all([
    order(filtered(viewQuery(db) as unknown as ViewQB) as unknown as ReturnType<typeof viewQuery>)
      .limit(limit)
      .offset(offset)
      .execute(),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow() as Promise<{ n: number }>,
  ]);
  return { items, total: count.n };
}

export interface QueueFilter {
  agencyId: string;
  statuses?: FeedbackStatus[];
  category?: string;
  assigneeId?: string;
  dueOnOrBefore?: string;
  overdueBefore?: string;
  q?: string;
  limit: number;
  offset: number;
}

const OPEN: FeedbackStatus[] = ['received', 'assigned', 'in_progress'];

/** Every word of the query (at most 8), without diacritics, somewhere in the report's folded text. */
function searchFilter(eb: ExpressionBuilder<DB & { f: DB['feedback_reports'] }, 'f'>, q: string) {
  const words = foldVietnamese(q).split(' ').filter(Boolean).slice(0, 8);
  return eb.and(words.map((w) => eb('f.search_folded', 'like', `%${escapeLike(w)}%`)));
}

export function listQueue(db: Executor, f: QueueFilter) {
  return page(
    db,
    (q) => {
      q = q.where('f.agency_id', '=', f.agencyId);
      if (f.statuses) q = q.where('f.status', 'in', f.statuses);
      if (f.category) q = q.where('f.category_code', '=', f.category);
      if (f.assigneeId) q = q.where('f.assignee_id', '=', f.assigneeId);
      if (f.dueOnOrBefore || f.overdueBefore) q = q.where('f.status', 'in', OPEN);
      if (f.dueOnOrBefore) q = q.where('f.due_date', '<=', f.dueOnOrBefore);
      if (f.overdueBefore) q = q.where('f.due_date', '<', f.overdueBefore);
      if (f.q) q = q.where((eb) => searchFilter(eb, f.q!));
      return q;
    },
    (q) => q.orderBy(sql`case when f.status in ('resolved', 'declined') then 1 else 0 end`).orderBy(sql`f.due_date asc nulls last`).orderBy('f.submitted_at'),
    f.limit,
    f.offset,
  );
}

export interface PublicFilter {
  q?: string;
  category?: string;
  commune?: string;
  status?: FeedbackStatus;
  from?: Date;
  toExclusive?: Date;
  limit: number;
  offset: number;
}

/** Published reports only: the one filter the public list can never lose. */
export function listPublic(db: Executor, f: PublicFilter) {
  return page(
    db,
    (q) => {
      q = q.where('f.published', '=', true);
      if (f.category) q = q.where('f.category_code', '=', f.category);
      if (f.commune) q = q.where('f.commune_code', '=', f.commune);
      if (f.status) q = q.where('f.status', '=', f.status);
      if (f.from) q = q.where('f.submitted_at', '>=', f.from);
      if (f.toExclusive) q = q.where('f.submitted_at', '<', f.toExclusive);
      if (f.q) q = q.where((eb) => searchFilter(eb, f.q!));
      return q;
    },
    (q) => q.orderBy('f.submitted_at', 'desc').orderBy('f.id'),
    f.limit,
    f.offset,
  );
}

export function listModeration(db: Executor, state: 'pending' | 'published' | 'hidden', limit: number, offset: number) {
  return page(
    db,
    (q) => {
      if (state === 'published') return q.where('f.published', '=', true);
      q = q.where('f.published', '=', false);
      if (state === 'hidden') return q.where('f.hidden_reason', 'is not', null);
      return q.where('f.hidden_reason', 'is', null).where((eb) => eb.or([eb('f.decline_reason', 'is', null), eb('f.decline_reason', '!=', 'spam')]));
    },
    (q) => (state === 'pending' ? q.orderBy('f.submitted_at') : q.orderBy(sql`f.moderated_at desc nulls last`)).orderBy('f.id'),
    limit,
    offset,
  );
}

// ---------------------------------------------------------------- photos and events

export function insertPhotos(db: Executor, reportId: string, firstN: number, kind: 'report' | 'response', files: { file_sha256: string; mime: string; size: number }[]) {
  if (files.length === 0) return Promise.resolve([]);
  return db
    .insertInto('feedback_photos')
    .values(files.map((p, i) => ({ report_id: reportId, n: firstN + i, kind, file_sha256: p.file_sha256, mime: p.mime, size: p.size })))
    .returningAll()
    .execute();
}

export function photos(db: Executor, reportIds: string[]) {
  if (reportIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('feedback_photos').select(['report_id', 'n', 'kind', 'mime', 'file_sha256']).where('report_id', 'in', reportIds).orderBy('report_id').orderBy('n').execute();
}

export function photo(db: Executor, reportId: string, n: number) {
  return db.selectFrom('feedback_photos').selectAll().where('report_id', '=', reportId).where('n', '=', n).executeTakeFirst();
}

export function insertEvent(
  db: Executor,
  e: { reportId: string; actorId: string | null; actorRole: string | null; action: string; from: FeedbackStatus | null; to: FeedbackStatus | null; note?: string | null; public?: boolean; data?: Record<string, unknown> },
) {
  return db
    .insertInto('feedback_events')
    .values({
      report_id: e.reportId,
      actor_id: e.actorId,
      actor_role: e.actorRole,
      action: e.action,
      from_status: e.from,
      to_status: e.to,
      note: e.note ?? null,
      public: e.public ?? true,
      data: JSON.stringify(e.data ?? {}),
    })
    .execute();
}

export function events(db: Executor, reportIds: string[], publicOnly: boolean) {
  if (reportIds.length === 0) return Promise.resolve([]);
  let q = db
    .selectFrom('feedback_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .select(['e.report_id', 'e.at', 'e.action', 'e.to_status', 'e.note', 'e.public', 'e.actor_role', 'u.full_name as actor_name'])
    .where('e.report_id', 'in', reportIds)
    .orderBy('e.id');
  if (publicOnly) q = q.where('e.public', '=', true);
  return q.execute();
}

// ---------------------------------------------------------------- indicators

export type Scope = { kind: 'province' } | { kind: 'agency'; agencyId: string } | { kind: 'commune'; communeCode: string };

export interface PeriodFilter {
  /** submitted_at >= from and < toExclusive (instants; the service converts Vietnam dates). */
  from: Date;
  toExclusive: Date;
  scope: Scope;
}

function scoped<Q extends ViewQB>(q: Q, f: PeriodFilter): Q {
  let out = q.where('f.submitted_at', '>=', f.from).where('f.submitted_at', '<', f.toExclusive) as Q;
  // Spam is not a report: it counts in no indicator.
  out = out.where((eb) => eb.or([eb('f.decline_reason', 'is', null), eb('f.decline_reason', '!=', 'spam')])) as Q;
  if (f.scope.kind === 'agency') out = out.where('f.agency_id', '=', f.scope.agencyId) as Q;
  if (f.scope.kind === 'commune') out = out.where('f.commune_code', '=', f.scope.communeCode) as Q;
  return out;
}

/** Closed on time: closed on or before the due date, in Vietnam's time (UTC+7, no daylight saving). */
const closedOnTime = sql<boolean>`f.closed_at < ((f.due_date + 1)::text || 'T00:00:00+07:00')::timestamptz`;

// The row-level rules of indicators 5.1–5.3, written once and used both by the counts
// (aggregates) and by the lists behind them (drillDown), so a list is exactly what its figure
// counts. Each expression is true or false, never null, so "rest" is simply its negation.
const HANDLED = sql<boolean>`(f.status in ('resolved', 'declined'))`;
/** A closed report is in time without a due date, or when closed on or before it. */
const IN_TIME = sql<boolean>`(f.due_date is null or coalesce(${closedOnTime}, false))`;
const HANDLED_ON_TIME = sql<boolean>`(${HANDLED} and ${IN_TIME})`;
/** Late: closed after the due date, or still open past it today. */
const late = (today: string) => sql<boolean>`((${HANDLED} and not ${IN_TIME}) or (not ${HANDLED} and coalesce(f.due_date < ${today}::date, false)))`;
/** Disliked: rated FEEDBACK_DISLIKE_MAX_STARS stars or fewer (a complaint about the handling). */
const DISLIKED = sql<boolean>`coalesce(f.rating <= ${sql.lit(FEEDBACK_DISLIKE_MAX_STARS)}, false)`;
/**
 * 5.2's numerator: neither disliked nor late. Counted row by row so a report that is both is
 * subtracted once (received − dislikes − late would count it twice).
 */
const satisfied = (today: string) => sql<boolean>`(not ${DISLIKED} and not ${late(today)})`;

const MEASURE: Record<FeedbackMeasure, (today: string) => RawBuilder<boolean>> = {
  handled: () => HANDLED,
  handled_on_time: () => HANDLED_ON_TIME,
  satisfied,
};

export async function aggregates(db: Executor, f: PeriodFilter, today: string) {
  const q = scoped(db.selectFrom('feedback_reports as f') as unknown as ViewQB, f);
  const row = (await q
    .select([
      sql<number>`count(*)::int`.as('received'),
      sql<number>`count(*) filter (where ${HANDLED})::int`.as('handled'),
      sql<number>`count(*) filter (where ${HANDLED_ON_TIME})::int`.as('handled_on_time'),
      sql<number>`count(*) filter (where not ${HANDLED} and ${late(today)})::int`.as('overdue_open'),
      sql<number | null>`round(avg(f.rating)::numeric, 2)::float8`.as('average_rating'),
      sql<number>`count(f.rating)::int`.as('rated_count'),
      sql<number>`count(*) filter (where ${DISLIKED})::int`.as('dislike_count'),
      sql<number>`count(*) filter (where ${satisfied(today)})::int`.as('satisfied'),
    ])
    .executeTakeFirstOrThrow()) as {
    received: number;
    handled: number;
    handled_on_time: number;
    overdue_open: number;
    average_rating: number | null;
    rated_count: number;
    dislike_count: number;
    satisfied: number;
  };
  return row;
}

export interface DrillDownFilter extends PeriodFilter {
  category?: string;
  status?: FeedbackStatus;
  overdueOnly?: boolean;
  dislikedOnly?: boolean;
  /** With part numerator: the reports the measure counts; rest: the others; denominator: all. */
  measure?: FeedbackMeasure;
  part?: 'numerator' | 'denominator' | 'rest';
  limit: number;
  offset: number;
}

export function drillDown(db: Executor, f: DrillDownFilter, today: string) {
  let q = scoped(
    db
      .selectFrom('feedback_reports as f')
      .innerJoin('feedback_categories as c', 'c.code', 'f.category_code')
      .innerJoin('communes as m', 'm.code', 'f.commune_code')
      .leftJoin('agencies as a', 'a.id', 'f.agency_id') as unknown as ViewQB,
    f,
  );
  if (f.category) q = q.where('f.category_code', '=', f.category);
  if (f.status) q = q.where('f.status', '=', f.status);
  if (f.overdueOnly) q = q.where(late(today));
  if (f.dislikedOnly) q = q.where(DISLIKED);
  if (f.measure && f.part === 'numerator') q = q.where(MEASURE[f.measure](today));
  if (f.measure && f.part === 'rest') q = q.where(sql<boolean>`not ${MEASURE[f.measure](today)}`);
  return (q as unknown as SelectQueryBuilder<DB & { f: DB['feedback_reports']; c: DB['feedback_categories']; m: DB['communes']; a: DB['agencies'] }, 'f' | 'c' | 'm' | 'a', object>)
    .select([
      'f.id',
      'f.code',
      'f.category_code',
      'c.name as category_name',
      'f.commune_code',
      'm.name as commune_name',
      'a.name as agency_name',
      'f.status',
      'f.submitted_at',
      'f.due_date',
      'f.closed_at',
      'f.rating',
    ])
    .orderBy('f.submitted_at', 'desc')
    .orderBy('f.id')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
}

/**
 * The located reports of a period and scope for the officials' map, newest first: any status,
 * published or not (spam excluded, as in the indicators), and only what a map shows — no
 * reporter, description, address or photo. total counts them all; items holds at most `limit`.
 */
export async function located(db: Executor, f: PeriodFilter & { limit: number }) {
  const base = scoped(db.selectFrom('feedback_reports as f') as unknown as ViewQB, f).where('f.lat', 'is not', null).where('f.lon', 'is not', null);
  const rows = (base as unknown as SelectQueryBuilder<DB & { f: DB['feedback_reports'] }, 'f', object>)
    .innerJoin('feedback_categories as c', 'c.code', 'f.category_code')
    .innerJoin('communes as m', 'm.code', 'f.commune_code')
    .leftJoin('agencies as a', 'a.id', 'f.agency_id')
    .select([
      'f.id',
      'f.code',
      'f.category_code',
      'c.name as category_name',
      'f.status',
      'f.lat',
      'f.lon',
      'f.commune_code',
      'm.name as commune_name',
      'f.agency_id',
      'a.name as agency_name',
      'f.submitted_at',
      'f.due_date',
      'f.closed_at',
    ])
    .orderBy('f.submitted_at', 'desc')
    .orderBy('f.id')
    .limit(f.limit)
    .execute();
  const [items, count] = await Promise.all([rows, base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow() as Promise<{ n: number }>]);
  return { items, total: count.n };
}
