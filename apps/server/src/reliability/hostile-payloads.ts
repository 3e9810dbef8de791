// Hostile-input building blocks for the reliability tests: text that attacks or confuses (SQL,
// HTML/script, control characters, Vietnamese in NFC and NFD, broken Unicode, path traversal), and
// files that lie about themselves (wrong type, truncated, decompression-bomb images), plus a
// hand-rolled multipart body so uploads can be malformed on purpose.
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import fc from 'fast-check';
import { PDF_BYTES, PNG_BYTES } from '../test/factories.ts';

// ---------------------------------------------------------------- text

/** Real Vietnamese names and phrases, stored NFC; `nfd()` gives the decomposed form some keyboards send. */
export const VIETNAMESE = [
  'Nguyễn Thị Hương',
  'Trần Văn Đức',
  'Lê Ngọc Ánh',
  'Phạm Thị Thu Hằng',
  'Thạch Sô Phát',
  'Đặng Quốc Việt',
  'Huỳnh Thị Mỹ Dung',
  'Ủy ban nhân dân phường Phú Lợi',
  'Số 12 Trần Hưng Đạo, khóm 3',
  'Giấy chứng nhận quyền sử dụng đất',
  'Đăng ký khai sinh cho con thứ hai',
  'Hồ sơ bổ sung theo yêu cầu ngày 15/3',
];
export const nfd = (s: string) => s.normalize('NFD');

export const SQL_PAYLOADS = [
  "'; DROP TABLE dossiers; --",
  "' OR '1'='1",
  "Nguyễn' OR 1=1 --",
  '1; DELETE FROM audit_log WHERE true',
  "'); INSERT INTO users(email) VALUES ('x@y.z'); --",
  "\\'; select pg_sleep(5); --",
  '%',
  '_',
  '%_%\\',
  "admin'--",
  '" OR ""="',
  '$1 $2 ::text',
  "E'\\\\x00'",
  '/* */ UNION SELECT password_hash FROM users --',
];

export const SCRIPT_PAYLOADS = [
  '<img src=x onerror=alert(1)>',
  '<script>alert("Tỉnh Số")</script>',
  '"><svg onload=alert(1)>',
  "javascript:alert('x')",
  '<a href="javascript:alert(1)">bấm vào đây</a>',
  '<iframe src="//evil.example/"></iframe>',
  '{{constructor.constructor("alert(1)")()}}',
  '${7*7}',
  '<style>body{display:none}</style>',
  '</textarea><script>alert(1)</script>',
  '&lt;b&gt;đậm&lt;/b&gt; &amp; &#x3C;',
  '<!--',
  ']]><x>',
];

export const TRAVERSAL_PAYLOADS = [
  '../../etc/passwd',
  '..\\..\\x.pdf',
  '/etc/passwd',
  'C:\\Windows\\System32\\x.pdf',
  '....//....//x.pdf',
  '%2e%2e%2f%2e%2e%2fx.pdf',
  '..%c0%af..%c0%afx.pdf',
  '\\\\server\\share\\x.pdf',
  'file:///etc/passwd',
];

/** Characters that are legal in JSON and PostgreSQL text but hostile to displays and parsers. */
export const CONTROL_PAYLOADS = [
  'a\u0001b\u0002c\u001f',
  'dòng 1\r\ndòng 2\n\tthụt lề',
  'xóa\b\b\bngược',
  '\u007f\u0085\u009f',
  'hồ sơ\u202egnp.exe',
  '\ufeffBOM ở đầu',
  'zero\u200bwidth\u200d\u2060',
  '\u2028\u2029',
  'Z̴̡̛̖͇̓̓a̸̧̛͎̓l̷̡̛g̶o̵',
  '👨‍👩‍👧‍👦 🇻🇳 𝕋𝕚𝕟𝕙',
  '\uffff\ufffe\ufffd',
];

/** Text PostgreSQL cannot store (NUL) or JSON cannot carry soundly (lone UTF-16 surrogates): always a 400. */
export const UNSTORABLE_PAYLOADS = ['Nguyễn\u0000Văn A', '\u0000', 'nửa cặp \ud800 thay thế', '\udfff', 'đảo ngược \udc00\ud800'];

export const ALL_TEXT_PAYLOADS = [
  ...VIETNAMESE,
  ...VIETNAMESE.map(nfd),
  ...SQL_PAYLOADS,
  ...SCRIPT_PAYLOADS,
  ...TRAVERSAL_PAYLOADS,
  ...CONTROL_PAYLOADS,
  ...UNSTORABLE_PAYLOADS,
];

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Whether a string has half of a UTF-16 surrogate pair (not well-formed Unicode). */
export const hasLoneSurrogate = (s: string) => LONE_SURROGATE.test(s);
/** The string with lone surrogates replaced by U+FFFD. */
export const wellFormed = (s: string) => s.replace(new RegExp(LONE_SURROGATE.source, 'g'), '\ufffd');

/** Any UTF-16 code unit, lone surrogates included: what a buggy client can really put in JSON. */
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n));

/** Hostile text of a length Ajv would accept (code points in [min, max]); may still be refused by rules. */
export function hostileText(min = 0, max = 200): fc.Arbitrary<string> {
  const cap = Math.min(max, 400);
  const raw = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...ALL_TEXT_PAYLOADS) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...VIETNAMESE), fc.constantFrom(...SQL_PAYLOADS, ...SCRIPT_PAYLOADS)).map(([a, b]) => `${a} ${b}`) },
    { weight: 1, arbitrary: fc.string({ unit: anyCodeUnit, maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
  );
  return raw.map((s) => fitLength(s, min, cap));
}

/** Pads with "ă" or cuts (by code point) so that Ajv's length rules hold. */
export function fitLength(s: string, min: number, max: number): string {
  let cps = [...s];
  if (cps.length > max) cps = cps.slice(0, max);
  while (cps.length < min) cps.push('ă');
  return cps.join('');
}

/** A string of about `bytes` UTF-8 bytes; with `vietnamese`, of 3-byte precomposed letters. */
export function hugeString(bytes: number, vietnamese = true): string {
  return vietnamese ? 'ậ'.repeat(Math.ceil(bytes / 3)) : 'x'.repeat(bytes);
}

/** JSON text nested `depth` levels deep (arrays or objects), built as text so nothing recurses here. */
export function deepJsonText(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

export function deepValue(depth: number): unknown {
  let v: unknown = 'đáy';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { tầng: v };
  return v;
}

// ---------------------------------------------------------------- files

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/**
 * A well-formed PNG of a few hundred bytes that declares `width`×`height` pixels: a decoder that
 * trusts the header allocates width×height×3 bytes (100000×100000 → 30 GB), a decompression bomb.
 */
export function pngDeclaring(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(2, 9); // colour type: RGB
  // compression, filter, interlace: 0
  const idat = zlib.deflateSync(Buffer.alloc(4096)); // the first rows of zeros; the rest "to follow"
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', ihdr), pngChunk('IDAT', idat), pngChunk('IEND', Buffer.alloc(0))]);
}

/** A minimal baseline JPEG header declaring `width`×`height` (at most 65535 each), then EOI. */
export function jpegDeclaring(width: number, height: number): Buffer {
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
  const sof = Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, (height >> 8) & 0xff, height & 0xff, (width >> 8) & 0xff, width & 0xff, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01]);
  const sos = Buffer.from([0xff, 0xda, 0x00, 0x0c, 0x03, 0x01, 0x00, 0x02, 0x11, 0x03, 0x11, 0x00, 0x3f, 0x00, 0x12, 0x34, 0x56]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof, sos, Buffer.from([0xff, 0xd9])]);
}

/** A small, real, complete JPEG (16×16) as far as the upload checks are concerned. */
export const JPEG_BYTES = jpegDeclaring(16, 16);

export interface FileCase {
  name: string;
  bytes: Buffer;
  /** Whether the bytes are an acceptable PDF/JPEG/PNG: complete, and of sane dimensions. */
  valid: boolean;
}

/** Files that are what they say, and files that lie: the upload route must take only the first kind. */
export function fileCases(maxBytes: number): FileCase[] {
  const html = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script>Hồ sơ</body></html>');
  return [
    { name: 'pdf', bytes: PDF_BYTES, valid: true },
    { name: 'png 1×1', bytes: PNG_BYTES, valid: true },
    { name: 'jpeg 16×16', bytes: JPEG_BYTES, valid: true },
    { name: 'png declaring 4000×3000 (a phone photo’s size)', bytes: pngDeclaring(4000, 3000), valid: true },
    { name: 'pdf header, then html, no %%EOF', bytes: Buffer.concat([Buffer.from('%PDF-1.4\n'), html]), valid: false },
    { name: 'pdf with html inside, complete', bytes: Buffer.concat([PDF_BYTES.subarray(0, 9), html, PDF_BYTES.subarray(9)]), valid: true },
    { name: 'html', bytes: html, valid: false },
    { name: 'svg with script', bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'), valid: false },
    { name: 'windows executable', bytes: Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), crypto.randomBytes(256)]), valid: false },
    { name: 'zip', bytes: Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), crypto.randomBytes(200)]), valid: false },
    { name: 'gif', bytes: Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64'), valid: false },
    { name: 'empty', bytes: Buffer.alloc(0), valid: false },
    { name: 'random bytes', bytes: crypto.randomBytes(512), valid: false },
    { name: 'utf-8 text', bytes: Buffer.from('Đây là văn bản, không phải tệp PDF.'), valid: false },
    { name: 'png truncated after the signature', bytes: PNG_BYTES.subarray(0, 12), valid: false },
    { name: 'png truncated mid-IDAT', bytes: PNG_BYTES.subarray(0, PNG_BYTES.length - 20), valid: false },
    { name: 'jpeg truncated before the frame header', bytes: JPEG_BYTES.subarray(0, 12), valid: false },
    { name: 'jpeg truncated (no end-of-image)', bytes: JPEG_BYTES.subarray(0, JPEG_BYTES.length - 2), valid: false },
    { name: 'pdf truncated (no %%EOF)', bytes: PDF_BYTES.subarray(0, PDF_BYTES.length - 12), valid: false },
    { name: 'pdf header only', bytes: Buffer.from('%PDF-1.7\n'), valid: false },
    { name: 'png bomb 100000×100000', bytes: pngDeclaring(100_000, 100_000), valid: false },
    { name: 'png bomb 1×2000000000', bytes: pngDeclaring(1, 2_000_000_000), valid: false },
    { name: 'png bomb 30000×30000', bytes: pngDeclaring(30_000, 30_000), valid: false },
    { name: 'png 0×0', bytes: pngDeclaring(0, 0), valid: false },
    { name: 'jpeg bomb 65535×65535', bytes: jpegDeclaring(65_535, 65_535), valid: false },
    { name: 'over the size limit', bytes: Buffer.concat([PDF_BYTES, Buffer.alloc(maxBytes + 1, 0x20), Buffer.from('\n%%EOF\n')]), valid: false },
  ];
}

export const FILENAMES = [
  'giay-chung-sinh.pdf',
  'Giấy chứng sinh.pdf',
  nfd('Giấy chứng sinh.pdf'),
  ...TRAVERSAL_PAYLOADS,
  '../../../../../../tmp/ghi-de.png',
  '.htaccess',
  '..',
  '.',
  '',
  'CON.pdf',
  '<script>alert(1)</script>.pdf',
  '<img src=x onerror=alert(1)>.png',
  "'; DROP TABLE uploads; --.pdf",
  'hồ sơ\u202efdp.exe',
  'tab\there.pdf',
  'a"b;c=d.pdf',
  `${'dài'.repeat(300)}.pdf`,
  '👨‍👩‍👧 ảnh.jpg',
];

export const DECLARED_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'text/html', 'image/svg+xml', 'application/octet-stream', 'application/x-msdownload'];

/**
 * A multipart/form-data body with one file part (and optional extras), built by hand so it can be
 * broken: `shape` truncates it, drops or garbles the boundary, adds a second file or renames the field.
 */
export function multipartBody(
  file: { bytes: Buffer; filename: string; type: string },
  shape: 'ok' | 'truncated' | 'no-closing-boundary' | 'wrong-boundary' | 'no-boundary' | 'two-files' | 'field-only' | 'other-field-name' | 'header-injection' | 'no-filename',
): { payload: Buffer; contentType: string } {
  const boundary = `----hostile${crypto.randomBytes(6).toString('hex')}`;
  const filename = file.filename.replaceAll('"', '%22').replaceAll('\r', '').replaceAll('\n', '');
  const head = (name: string, fname: string | null, type: string | null) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"${fname !== null ? `; filename="${fname}"` : ''}\r\n${type ? `Content-Type: ${type}\r\n` : ''}\r\n`);
  const end = Buffer.from(`\r\n--${boundary}--\r\n`);
  const one = (name = 'file', fname: string | null = filename) => Buffer.concat([head(name, fname, file.type), file.bytes]);
  const ct = `multipart/form-data; boundary=${boundary}`;
  switch (shape) {
    case 'ok':
      return { payload: Buffer.concat([one(), end]), contentType: ct };
    case 'truncated': {
      const whole = Buffer.concat([one(), end]);
      return { payload: whole.subarray(0, Math.max(10, Math.floor(whole.length / 2))), contentType: ct };
    }
    case 'no-closing-boundary':
      return { payload: one(), contentType: ct };
    case 'wrong-boundary':
      return { payload: Buffer.concat([one(), end]), contentType: `multipart/form-data; boundary=khac${boundary}` };
    case 'no-boundary':
      return { payload: Buffer.concat([one(), end]), contentType: 'multipart/form-data' };
    case 'two-files':
      return { payload: Buffer.concat([one(), Buffer.from('\r\n'), one('file', `2-${filename}`), end]), contentType: ct };
    case 'field-only':
      return { payload: Buffer.concat([head('ghichu', null, null), Buffer.from('chỉ có chữ'), end]), contentType: ct };
    case 'other-field-name':
      return { payload: Buffer.concat([one('tep'), end]), contentType: ct };
    case 'no-filename':
      return { payload: Buffer.concat([one('file', null), end]), contentType: ct };
    case 'header-injection':
      return {
        payload: Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${file.type}\r\nContent-Type: text/html\r\nX-Injected: 1\r\n\r\n`), file.bytes, end]),
        contentType: ct,
      };
  }
}
