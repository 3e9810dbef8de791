// Content-addressed file store on local disk: a file lives at files/ab/cd/<sha256>, written once
// (temp file + rename, so a crash never leaves half a file under its final name).
// The type is decided by the file's content (magic bytes), never by its name or the client's word,
// and the content must be whole: a cut-off file or an image declaring absurd dimensions (a tiny PNG
// that says 100000×100000 — a decompression bomb for whoever decodes it) is refused.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import { imageSize } from 'image-size';
import type { Executor } from './db.ts';
import { Invalid, TooLarge, UnsupportedMedia } from './errors.ts';

export const ALLOWED_MIME = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type AllowedMime = (typeof ALLOWED_MIME)[number];

/** Images larger than this are refused (a 50-megapixel phone photo is 8160×6120). */
export const MAX_IMAGE_SIDE = 20_000;
export const MAX_IMAGE_PIXELS = 100_000_000;

/** Whether a JPEG has its end-of-image marker after the first scan (a cut-off upload has none). */
function jpegComplete(b: Buffer): boolean {
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) {
      i++; // stray bytes between segments: decoders skip them, so do we
      continue;
    }
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === 0xd9) return true;
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      i += 2;
      continue;
    }
    const len = b.readUInt16BE(i + 2);
    // Entropy-coded data never contains FF D9, so the first one after the scan header is the end.
    if (marker === 0xda) return b.indexOf(Buffer.from([0xff, 0xd9]), i + 2 + len) !== -1;
    i += 2 + len;
  }
  return false;
}

/** Refuses a file of an allowed type that is incomplete or, for an image, of absurd dimensions. */
export function checkContent(bytes: Buffer, mime: AllowedMime, name: string): void {
  const corrupt = () => Invalid('files.corrupt', undefined, { name });
  if (mime === 'application/pdf') {
    // PDF readers look for %%EOF in the last 1024 bytes; a file cut off in transfer lacks it.
    if (!bytes.subarray(-1024).includes('%%EOF')) throw corrupt();
    return;
  }
  let width: number | undefined;
  let height: number | undefined;
  try {
    ({ width, height } = imageSize(bytes));
  } catch {
    throw corrupt(); // no readable header
  }
  if (!width || !height) throw corrupt();
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE || width * height > MAX_IMAGE_PIXELS) {
    throw Invalid('files.imageTooLarge', { width, height }, { name, width, height, maxSide: MAX_IMAGE_SIDE, maxMegapixels: MAX_IMAGE_PIXELS / 1_000_000 });
  }
  if (mime === 'image/png' && bytes.lastIndexOf('IEND') < 8) throw corrupt();
  if (mime === 'image/jpeg' && !jpegComplete(bytes)) throw corrupt();
}

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
    checkContent(bytes, mime, displayName.slice(0, 100));
    const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
    const target = this.pathOf(sha256);
    if (!fs.existsSync(target)) {
      const created = fs.mkdirSync(path.dirname(target), { recursive: true });
      const tmp = `${target}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
      const fd = fs.openSync(tmp, 'w');
      try {
        // writeFileSync loops until every byte is written: a bare writeSync may write only part of
        // the buffer (a filling disk gives a short write before ENOSPC), and the rename below would
        // then put a torn file under its final name, where existsSync keeps it for good.
        fs.writeFileSync(fd, bytes);
        fs.fsyncSync(fd);
      } catch (err) {
        fs.closeSync(fd);
        fs.rmSync(tmp, { force: true });
        throw err;
      }
      fs.closeSync(fd);
      fs.renameSync(tmp, target);
      // The new name is durable only once its directory is flushed (and a directory made just now,
      // in its parent). Without this a power cut after the files row commits could keep the row —
      // and the dossier attaching it — while losing the file's name. (A killed process loses
      // nothing here: the kernel has the rename either way.)
      fsyncDir(path.dirname(target));
      for (let d = path.dirname(target); created && d !== path.dirname(d); d = path.dirname(d)) {
        fsyncDir(path.dirname(d));
        if (d === created) break;
      }
    }
    await db.insertInto('files').values({ sha256, size: bytes.length, mime }).onConflict((oc) => oc.column('sha256').doNothing()).execute();
    return { sha256, size: bytes.length, mime };
  }

  read(sha256: string): Buffer {
    return fs.readFileSync(this.pathOf(sha256));
  }
}

/** Flushes a directory's entries to disk (Linux; where directories cannot be opened, nothing to do). */
function fsyncDir(dir: string): void {
  let fd: number;
  try {
    fd = fs.openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fs.fsyncSync(fd);
  } catch (err) {
    if (!['EINVAL', 'EISDIR', 'EPERM', 'EBADF'].includes((err as NodeJS.ErrnoException).code ?? '')) throw err;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * A file name safe to show and to put in Content-Disposition: no paths, no control characters, no
 * bidirectional overrides (which make "hồ sơ\u202efdp.exe" display as "hồ sơexe.pdf").
 */
export function safeFileName(name: string): string {
  const base = name.normalize('NFC').split(/[\\/]/).pop() ?? 'tep';
  const cleaned = base.replace(/[\u0000-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069"<>|:*?]/g, '_').replace(/^\.+/, '').trim().slice(0, 150);
  return cleaned || 'tep';
}
