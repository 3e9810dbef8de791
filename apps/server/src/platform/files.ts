// Content-addressed file store on local disk: a file lives at files/ab/cd/<sha256>, written once
// (temp file + rename, so a crash never leaves half a file under its final name).
// The type is decided by the file's content (magic bytes), never by its name or the client's word.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import type { Executor } from './db.ts';
import { TooLarge, UnsupportedMedia } from './errors.ts';

export const ALLOWED_MIME = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type AllowedMime = (typeof ALLOWED_MIME)[number];

export interface StoredFile {
  sha256: string;
  size: number;
  mime: AllowedMime;
}

export class FileStore {
  constructor(
    private readonly root: string,
    readonly maxBytes: number,
  ) {}

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('bad file hash');
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /** Checks size and real type, then stores the bytes and records the file row (idempotent). */
  async put(db: Executor, bytes: Buffer, displayName: string): Promise<StoredFile> {
    if (bytes.length > this.maxBytes) throw TooLarge('files.tooLarge', { limitMb: Math.round(this.maxBytes / 1048576) });
    const detected = bytes.length > 0 ? await fileTypeFromBuffer(bytes) : undefined;
    const mime = detected?.mime as AllowedMime | undefined;
    if (!mime || !ALLOWED_MIME.includes(mime)) throw UnsupportedMedia('files.badType', { name: displayName.slice(0, 100) });
    const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
    const target = this.pathOf(sha256);
    if (!fs.existsSync(target)) {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      const tmp = `${target}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
      const fd = fs.openSync(tmp, 'w');
      try {
        fs.writeSync(fd, bytes);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(tmp, target);
    }
    await db.insertInto('files').values({ sha256, size: bytes.length, mime }).onConflict((oc) => oc.column('sha256').doNothing()).execute();
    return { sha256, size: bytes.length, mime };
  }

  read(sha256: string): Buffer {
    return fs.readFileSync(this.pathOf(sha256));
  }
}

/** A file name safe to show and to put in Content-Disposition: no paths, no control characters. */
export function safeFileName(name: string): string {
  const base = name.normalize('NFC').split(/[\\/]/).pop() ?? 'tep';
  const cleaned = base.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '_').replace(/^\.+/, '').trim().slice(0, 150);
  return cleaned || 'tep';
}
