// Hash-chained audit log. Every change of state and every read of personal data by an official
// appends one row inside the caller's transaction; each row's hash covers the previous hash, so an
// edited or deleted row is detected by `npm run audit:verify`.
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Executor } from './db.ts';
import type { Actor } from './auth.ts';

export interface AuditEntry {
  action: string;
  subjectType: string;
  subjectId?: string | null;
  purpose?: string | null;
  data?: Record<string, unknown>;
}

export const GENESIS_HASH = '0'.repeat(64);
// Arbitrary constant key: serialises writers of the chain so each row links to the true previous one.
const AUDIT_LOCK_KEY = 766_118;

/** Canonical JSON (sorted keys) so the hash does not depend on key order after a round trip through jsonb. */
export function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`)
    .join(',')}}`;
}

export function rowHash(prevHash: string, row: { at: string; actorId: string | null; actorRole: string | null; action: string; subjectType: string; subjectId: string | null; purpose: string | null; data: unknown }): string {
  return crypto
    .createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(canonical(row))
    .digest('hex');
}

/**
 * Must run inside a transaction: the advisory lock is held until it commits, so call it as the
 * transaction's last statement. The lock, the read of the previous hash and the insert run in one
 * round trip (SQL function audit_append, migration 0002), which computes the same
 * sha256(prev_hash || '\n' || canonical(row)) as rowHash below.
 */
export async function appendAudit(tx: Executor, actor: Actor | null, entry: AuditEntry): Promise<void> {
  // Millisecond precision survives both databases' timestamptz round trip, so the hash can be recomputed.
  const at = new Date().toISOString();
  const row = {
    at,
    actorId: actor?.userId ?? null,
    actorRole: actor?.role ?? null,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId ?? null,
    purpose: entry.purpose ?? null,
    data: entry.data ?? {},
  };
  await sql`select audit_append(${at}::timestamptz, ${row.actorId}::uuid, ${row.actorRole}, ${row.action}, ${row.subjectType}, ${row.subjectId}, ${row.purpose},
                                ${JSON.stringify(row.data)}::jsonb, ${canonical(row)}, ${AUDIT_LOCK_KEY})`.execute(tx);
}

export interface ChainReport {
  ok: boolean;
  checked: number;
  /** First row whose hash or link does not match, with what is wrong. */
  broken?: { id: number; problem: 'hash_mismatch' | 'link_mismatch' };
}

/** Walks the whole chain in id order, in pages, and names the first broken row. */
export async function verifyAuditChain(db: Executor): Promise<ChainReport> {
  let prevHash = GENESIS_HASH;
  let lastId = 0;
  let checked = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('id', '>', lastId).orderBy('id').limit(1000).execute();
    if (rows.length === 0) return { ok: true, checked };
    for (const r of rows) {
      if (r.prev_hash !== prevHash) return { ok: false, checked, broken: { id: r.id, problem: 'link_mismatch' } };
      const expected = rowHash(prevHash, {
        at: new Date(r.at).toISOString(),
        actorId: r.actor_id,
        actorRole: r.actor_role,
        action: r.action,
        subjectType: r.subject_type,
        subjectId: r.subject_id,
        purpose: r.purpose,
        data: r.data,
      });
      if (expected !== r.hash) return { ok: false, checked, broken: { id: r.id, problem: 'hash_mismatch' } };
      prevHash = r.hash;
      lastId = r.id;
      checked++;
    }
  }
}
