// SQL of the dossiers module. Owns tables dossiers, dossier_code_sequences, dossier_events,
// dossier_attachments, supplement_requests, extensions.
import { sql } from 'kysely';
import type { Executor } from '../../platform/db.ts';
import type { DossierStatus, NewDossier } from '../../db/schema.ts';
import { escapeLike, foldVietnamese } from '../../platform/text.ts';

const summaryColumns = [
  'd.id',
  'd.code',
  'd.status',
  'd.procedure_id',
  'p.name as procedure_name',
  'a.name as agency_name',
  'd.agency_id',
  'd.applicant_id',
  'd.applicant_name',
  'd.submitted_at',
  'd.received_at',
  'd.due_date',
  'd.assignee_id',
  'u.full_name as assignee_name',
] as const;

function summaries(db: Executor) {
  return db
    .selectFrom('dossiers as d')
    .innerJoin('procedures as p', 'p.id', 'd.procedure_id')
    .innerJoin('agencies as a', 'a.id', 'd.agency_id')
    .leftJoin('users as u', 'u.id', 'd.assignee_id');
}

export type SummaryRow = Awaited<ReturnType<typeof listForApplicant>>[number];

export function listForApplicant(db: Executor, applicantId: string, limit: number, offset: number) {
  return summaries(db).select(summaryColumns).where('d.applicant_id', '=', applicantId).orderBy('d.submitted_at', 'desc').limit(limit).offset(offset).execute();
}

export function summaryById(db: Executor, id: string) {
  return summaries(db).select(summaryColumns).where('d.id', '=', id).executeTakeFirst();
}

export interface QueueFilter {
  agencyId: string;
  statuses?: DossierStatus[];
  assigneeId?: string;
  dueOnOrBefore?: string;
  overdueBefore?: string;
  q?: string;
  limit: number;
  offset: number;
}

/**
 * The queue's total is exact up to this many dossiers and capped above it: counting a big agency's
 * whole history (the "all" tab, 550k rows at 1M dossiers) took 145 ms a request, and nobody pages
 * past 500 pages; the capped count reads at most this many index entries.
 */
export const QUEUE_COUNT_CAP = 10_000;

export async function listQueue(db: Executor, f: QueueFilter) {
  let q = db.selectFrom('dossiers as d').where('d.agency_id', '=', f.agencyId);
  if (f.statuses) q = q.where('d.status', 'in', f.statuses);
  if (f.assigneeId) q = q.where('d.assignee_id', '=', f.assigneeId);
  if (f.dueOnOrBefore) q = q.where('d.due_date', '<=', f.dueOnOrBefore);
  if (f.overdueBefore) q = q.where('d.due_date', '<', f.overdueBefore);
  if (f.q) {
    // Codes match as typed; names ignore diacritics and case ("nguyen thi huong" finds "Nguyễn Thị Hương").
    const code = `%${escapeLike(f.q.toUpperCase())}%`;
    const name = `%${escapeLike(foldVietnamese(f.q))}%`;
    q = q.where((eb) => eb.or([eb('d.code', 'like', code), eb('d.applicant_name_folded', 'like', name)]));
  }
  const [items, count] = await Promise.all([
    q
      .innerJoin('procedures as p', 'p.id', 'd.procedure_id')
      .innerJoin('agencies as a', 'a.id', 'd.agency_id')
      .leftJoin('users as u', 'u.id', 'd.assignee_id')
      .select(summaryColumns)
      .orderBy(sql`d.due_date asc nulls last`)
      .orderBy('d.submitted_at')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    // On dossiers alone (every dossier has its procedure and agency), so the index answers it.
    db
      .selectFrom(q.select(sql<number>`1`.as('one')).limit(QUEUE_COUNT_CAP + 1).as('x'))
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Math.min(count.n, QUEUE_COUNT_CAP), totalCapped: count.n > QUEUE_COUNT_CAP };
}

export function findById(db: Executor, id: string, lock = false) {
  let q = db.selectFrom('dossiers').selectAll().where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export function findByCode(db: Executor, code: string) {
  return db.selectFrom('dossiers').selectAll().where('code', '=', code).executeTakeFirst();
}

export interface TrackingRow {
  code: string;
  status: DossierStatus;
  applicant_name: string;
  submitted_at: Date;
  received_at: Date | null;
  due_date: string | null;
  finished_at: Date | null;
  procedure_name: string;
  agency_name: string;
  timeline: { at: string; toStatus: DossierStatus | null; action: string }[];
}

/**
 * What public tracking shows for some codes, in one round trip: each dossier found, its
 * procedure's and agency's names and the timeline without internal notes. Tracking is the busiest
 * public read; the SQL lives in the function dossier_tracking_many (migration 0006) because
 * PL/pgSQL keeps its plans per connection, where the same statement sent inline was planned again
 * on every look-up. Codes not found have no row.
 */
export async function trackingViews(db: Executor, codes: readonly string[]): Promise<TrackingRow[]> {
  const { rows } = await sql<TrackingRow>`select * from dossier_tracking_many(${codes as string[]})`.execute(db);
  return rows;
}

export function findByIdempotencyKey(db: Executor, applicantId: string, key: string) {
  return db.selectFrom('dossiers').select(['id']).where('applicant_id', '=', applicantId).where('idempotency_key', '=', key).executeTakeFirst();
}

/** Serialises submissions that carry the same applicant's Idempotency-Key, until the transaction ends. */
export async function lockIdempotencyKey(tx: Executor, applicantId: string, key: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`dossier-submit:${applicantId}:${key}`}, 0))`.execute(tx);
}

/**
 * Inserts a dossier whose code ends with the next number of its agency's daily sequence
 * (`{prefix}{NNNN}`), in one statement. The counter row's lock serialises the agency's submissions
 * until commit, so the sequence is taken in the same round trip as the insert (the benchmarks found
 * each round trip made while holding it was time every other submission to that agency waited).
 */
export function insertWithNextCode(tx: Executor, seq: { agencyId: string; day: string; prefix: string }, values: Omit<NewDossier, 'code'>) {
  return tx
    .with('seq', (db) =>
      db
        .insertInto('dossier_code_sequences')
        .values({ agency_id: seq.agencyId, day: seq.day, last: 1 })
        .onConflict((oc) => oc.columns(['agency_id', 'day']).doUpdateSet({ last: sql`dossier_code_sequences.last + 1` }))
        .returning('last'),
    )
    .insertInto('dossiers')
    // At least four digits; lpad alone would cut a 10,000th dossier of the day down to four.
    .values({ ...values, code: sql<string>`(select ${seq.prefix} || lpad(seq.last::text, greatest(4, length(seq.last::text)), '0') from seq)` })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function insertEvent(
  db: Executor,
  e: { dossierId: string; actorId: string | null; actorRole: string | null; action: string; from: DossierStatus | null; to: DossierStatus | null; reason?: string | null; data?: Record<string, unknown> },
) {
  return db
    .insertInto('dossier_events')
    .values({ dossier_id: e.dossierId, actor_id: e.actorId, actor_role: e.actorRole, action: e.action, from_status: e.from, to_status: e.to, reason: e.reason ?? null, data: JSON.stringify(e.data ?? {}) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function events(db: Executor, dossierId: string) {
  return db.selectFrom('dossier_events').selectAll().where('dossier_id', '=', dossierId).orderBy('id').execute();
}

export function attachments(db: Executor, dossierId: string) {
  return db.selectFrom('dossier_attachments').selectAll().where('dossier_id', '=', dossierId).orderBy('created_at').orderBy('id').execute();
}

export function attachment(db: Executor, dossierId: string, attachmentId: string) {
  return db.selectFrom('dossier_attachments').selectAll().where('dossier_id', '=', dossierId).where('id', '=', attachmentId).executeTakeFirst();
}

export function insertAttachments(
  db: Executor,
  dossierId: string,
  kind: 'application' | 'supplement' | 'result',
  uploadedBy: string,
  rows: { file_sha256: string; filename: string; mime: string; size: number; label: string }[],
) {
  if (rows.length === 0) return Promise.resolve([]);
  return db
    .insertInto('dossier_attachments')
    .values(rows.map((r) => ({ dossier_id: dossierId, kind, uploaded_by: uploadedBy, file_sha256: r.file_sha256, filename: r.filename, mime: r.mime, size: r.size, label: r.label })))
    .returningAll()
    .execute();
}

export function supplementRequests(db: Executor, dossierId: string) {
  return db.selectFrom('supplement_requests').selectAll().where('dossier_id', '=', dossierId).orderBy('requested_at').execute();
}

export function openSupplementRequest(db: Executor, dossierId: string) {
  return db.selectFrom('supplement_requests').selectAll().where('dossier_id', '=', dossierId).where('answered_at', 'is', null).orderBy('requested_at', 'desc').executeTakeFirst();
}

export function extensions(db: Executor, dossierId: string) {
  return db.selectFrom('extensions').selectAll().where('dossier_id', '=', dossierId).orderBy('created_at').execute();
}
