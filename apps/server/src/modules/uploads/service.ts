// uploads: files a signed-in user has sent, waiting to be attached to a dossier. Uploading first and
// submitting after keeps each file retryable on a weak mobile connection. Owns table uploads.
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/auth.ts';
import type { Executor } from '../../platform/db.ts';
import { Invalid } from '../../platform/errors.ts';
import { safeFileName } from '../../platform/files.ts';

export async function createUpload(ctx: AppContext, actor: Actor, bytes: Buffer, filename: string) {
  const name = safeFileName(filename);
  const stored = await ctx.files.put(ctx.db, bytes, name);
  return ctx.db
    .insertInto('uploads')
    .values({ owner_id: actor.userId, file_sha256: stored.sha256, filename: name, mime: stored.mime, size: stored.size })
    .returning(['id', 'filename', 'mime', 'size'])
    .executeTakeFirstOrThrow();
}

/**
 * Marks the caller's uploads as used and returns them, inside the caller's transaction.
 * An upload already used (or someone else's) is refused, so one file cannot be attached twice by replay.
 */
export async function consumeUploads(tx: Executor, ownerId: string, ids: string[]) {
  if (ids.length === 0) return [];
  const unique = [...new Set(ids)];
  const rows = await tx
    .updateTable('uploads')
    .set({ used_at: new Date() })
    .where('id', 'in', unique)
    .where('owner_id', '=', ownerId)
    .where('used_at', 'is', null)
    .returning(['id', 'file_sha256', 'filename', 'mime', 'size'])
    .execute();
  if (rows.length !== unique.length) throw Invalid('files.notYours');
  return rows;
}
