// SQL of the dossiers module. Owns tables dossiers, dossier_code_sequences, dossier_events,
// dossier_attachments, supplement_requests, extensions.
import { sql } from 'kysely';
import type { Executor } from '../../platform/db.ts';
import type { DossierStatus } from '../../db/schema.ts';
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

export async function listQueue(db: Executor, f: QueueFilter) {
  let q = summaries(db).where('d.agency_id', '=', f.agencyId);
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
    q.select(summaryColumns).orderBy(sql`d.due_date asc nulls last`).orderBy('d.submitted_at').limit(f.limit).offset(f.offset).execute(),
    q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: count.n };
}

export function findById(db: Executor, id: string, lock = false) {
  let q = db.selectFrom('dossiers').selectAll().where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export function findByCode(db: Executor, code: string) {
  return db.selectFrom('dossiers').selectAll().where('code', '=', code).executeTakeFirst();
}

export function findByIdempotencyKey(db: Executor, applicantId: string, key: string) {
  return db.selectFrom('dossiers').select(['id']).where('applicant_id', '=', applicantId).where('idempotency_key', '=', key).executeTakeFirst();
}

/** Serialises submissions that carry the same applicant's Idempotency-Key, until the transaction ends. */
export async function lockIdempotencyKey(tx: Executor, applicantId: string, key: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`dossier-submit:${applicantId}:${key}`}, 0))`.execute(tx);
}

/** Next number in the agency's daily sequence; the row lock serialises concurrent submissions. */
export async function nextSequence(db: Executor, agencyId: string, day: string): Promise<number> {
  const row = await db
    .insertInto('dossier_code_sequences')
    .values({ agency_id: agencyId, day, last: 1 })
    .onConflict((oc) => oc.columns(['agency_id', 'day']).doUpdateSet({ last: sql`dossier_code_sequences.last + 1` }))
    .returning('last')
    .executeTakeFirstOrThrow();
  return row.last;
}

export function insertEvent(
  db: Executor,
  e: { dossierId: string; actorId: string | null; actorRole: string | null; action: string; from: DossierStatus | null; to: DossierStatus | null; reason?: string | null; data?: Record<string, unknown> },
) {
  return db
    .insertInto('dossier_events')
    .values({ dossier_id: e.dossierId, actor_id: e.actorId, actor_role: e.actorRole, action: e.action, from_status: e.from, to_status: e.to, reason: e.reason ?? null, data: JSON.stringify(e.data ?? {}) })
    .execute();
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
  if (rows.length === 0) return Promise.resolve();
  return db
    .insertInto('dossier_attachments')
    .values(rows.map((r) => ({ dossier_id: dossierId, kind, uploaded_by: uploadedBy, file_sha256: r.file_sha256, filename: r.filename, mime: r.mime, size: r.size, label: r.label })))
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
