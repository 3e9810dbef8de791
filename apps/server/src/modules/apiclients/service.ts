// apiclients: other systems that call the platform with a key (DESIGN §7 "API client"). Owns table
// api_clients. The key is `ts_<prefix>_<secret>`: the prefix finds the row, only the sha256 of the
// whole key is stored, and the plaintext is shown once, when the administrator creates the client.
import crypto from 'node:crypto';
import type { ApiClient, ApiClientInput, ApiScope } from '@tinhso/contracts';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/auth.ts';
import type { Executor } from '../../platform/db.ts';
import { appendAudit } from '../../platform/audit.ts';
import { DomainError, Forbidden, NotFound } from '../../platform/errors.ts';
import { nfc } from '../../platform/text.ts';

/** 12 hex digits of prefix, then a secret of at least 32 base64url characters. */
const KEY_FORMAT = /^ts_([0-9a-f]{12})_([A-Za-z0-9_-]{32,128})$/;

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

/** A new key: 48 bits of prefix (unique, shown in lists) and 256 bits of secret. */
export function generateKey(): { key: string; prefix: string } {
  const prefix = crypto.randomBytes(6).toString('hex');
  const secret = crypto.randomBytes(32).toString('base64url');
  return { key: `ts_${prefix}_${secret}`, prefix };
}

export function hashKey(key: string): string {
  return sha256(key);
}

/** The prefix of a well-formed key, or null (a malformed key never reaches the database). */
export function keyPrefix(key: string): string | null {
  return KEY_FORMAT.exec(key)?.[1] ?? null;
}

type Row = { id: string; name: string; key_prefix: string; scopes: string[]; disabled: boolean; created_at: Date | string; last_used_at: Date | string | null };

const iso = (d: Date | string) => new Date(d).toISOString();

export function toApiClient(r: Row): ApiClient {
  return {
    id: r.id,
    name: r.name,
    keyPrefix: r.key_prefix,
    scopes: r.scopes as ApiScope[],
    disabled: r.disabled,
    createdAt: iso(r.created_at),
    lastUsedAt: r.last_used_at ? iso(r.last_used_at) : null,
  };
}

const PUBLIC_COLUMNS = ['id', 'name', 'key_prefix', 'scopes', 'disabled', 'created_at', 'last_used_at'] as const;

export async function listClients(ctx: AppContext, actor: Actor): Promise<ApiClient[]> {
  if (actor.role !== 'admin') throw Forbidden();
  const rows = await ctx.db.selectFrom('api_clients').select(PUBLIC_COLUMNS).orderBy('created_at', 'desc').orderBy('id').execute();
  return rows.map(toApiClient);
}

/** Creates a client; the returned key is the only copy of the plaintext there will ever be. */
export async function createClient(ctx: AppContext, actor: Actor, input: ApiClientInput): Promise<{ client: ApiClient; key: string }> {
  if (actor.role !== 'admin') throw Forbidden();
  const { key, prefix } = generateKey();
  const scopes = [...new Set(input.scopes)];
  const row = await ctx.db.transaction().execute(async (tx) => {
    const created = await tx
      .insertInto('api_clients')
      .values({ name: nfc(input.name.trim()), key_prefix: prefix, key_hash: hashKey(key), scopes, created_by: actor.userId })
      .returning(PUBLIC_COLUMNS)
      .executeTakeFirstOrThrow();
    await appendAudit(tx, actor, { action: 'apiClient.create', subjectType: 'api_client', subjectId: created.id, data: { name: created.name, keyPrefix: prefix, scopes } });
    return created;
  });
  return { client: toApiClient(row), key };
}

/** Disables a client for good: its key is refused from the next call on. Disabling twice is harmless. */
export async function disableClient(ctx: AppContext, actor: Actor, id: string): Promise<ApiClient> {
  if (actor.role !== 'admin') throw Forbidden();
  const row = await ctx.db.transaction().execute(async (tx) => {
    const updated = await tx.updateTable('api_clients').set({ disabled: true }).where('id', '=', id).returning(PUBLIC_COLUMNS).executeTakeFirst();
    if (!updated) throw NotFound('apiClients.notFound');
    await appendAudit(tx, actor, { action: 'apiClient.disable', subjectType: 'api_client', subjectId: id, data: { keyPrefix: updated.key_prefix } });
    return updated;
  });
  return toApiClient(row);
}

export interface AuthenticatedClient {
  id: string;
  name: string;
  keyPrefix: string;
  scopes: ApiScope[];
}

/**
 * The client a key belongs to, when the key is well-formed, known, not disabled and carries the
 * scope; otherwise a 403 DomainError (apiClients.keyMissing | invalidKey | disabled | scopeMissing).
 * The hash is compared in constant time; last_used_at is updated on success.
 */
export async function authenticateApiKey(db: Executor, key: string | null | undefined, requiredScope: ApiScope): Promise<AuthenticatedClient> {
  if (!key) throw new DomainError('forbidden', 'apiClients.keyMissing');
  const prefix = keyPrefix(key);
  if (!prefix) throw new DomainError('forbidden', 'apiClients.invalidKey');
  const row = await db.selectFrom('api_clients').select(['id', 'name', 'key_prefix', 'key_hash', 'scopes', 'disabled']).where('key_prefix', '=', prefix).executeTakeFirst();
  // Without a row, compare against a hash anyway so an unknown prefix costs the same as a wrong secret.
  const expected = Buffer.from(row?.key_hash ?? sha256(`unknown:${prefix}`), 'hex');
  const given = Buffer.from(hashKey(key), 'hex');
  if (!row || expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) throw new DomainError('forbidden', 'apiClients.invalidKey');
  if (row.disabled) throw new DomainError('forbidden', 'apiClients.disabled');
  if (!row.scopes.includes(requiredScope)) throw new DomainError('forbidden', 'apiClients.scopeMissing', undefined, { scope: requiredScope });
  await db.updateTable('api_clients').set({ last_used_at: new Date() }).where('id', '=', row.id).execute();
  return { id: row.id, name: row.name, keyPrefix: row.key_prefix, scopes: row.scopes as ApiScope[] };
}
