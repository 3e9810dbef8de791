// `npm run backup [-- <archive.tar.gz>]`: one archive with the database (PostgreSQL: pg_dump of
// DATABASE_URL, online; PGlite: its data directory — stop the server first), the files under
// DATA_DIR/files and a manifest with counts and checksums. Default ./backups/tinhso-<time>.tar.gz.
import path from 'node:path';
import { loadConfig } from '../platform/config.ts';
import { BackupError, createBackup } from '../platform/backup.ts';

const arg = process.argv[2];
if (arg === '-h' || arg === '--help') {
  console.log('Cách dùng: npm run backup [-- <tệp-lưu-trữ.tar.gz>]   (DATA_DIR, DATABASE_URL như khi chạy máy chủ)');
  process.exit(0);
}
// npm runs scripts from the project root; a relative path is meant from where the command was typed.
const cwd = process.env.INIT_CWD || process.cwd();
const config = loadConfig();
try {
  const r = await createBackup({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    out: arg ? path.resolve(cwd, arg) : undefined,
    log: (m) => console.log(m),
  });
  const m = r.manifest;
  const rows = Object.values(m.tables).reduce((s, t) => s + t.rows, 0);
  console.log(
    `Đã sao lưu vào ${r.file}: ${(r.bytes / 1048576).toFixed(2)} MB trong ${(r.ms / 1000).toFixed(1)} s — ` +
      `${m.database.kind === 'postgres' ? 'PostgreSQL' : 'PGlite'} ${m.database.serverVersion}, ${Object.keys(m.tables).length} bảng, ${rows} dòng; ` +
      `${m.files.count} tệp (${(m.files.bytes / 1048576).toFixed(2)} MB); nhật ký kiểm toán ${m.audit.entries} bản ghi, ${m.audit.chainOk ? 'toàn vẹn' : 'ĐÃ BỊ PHÁ VỠ'}.`,
  );
  if (m.files.missing.length || !m.audit.chainOk) process.exitCode = 2;
} catch (err) {
  console.error(err instanceof BackupError ? `Sao lưu thất bại: ${err.message}` : err);
  process.exitCode = 1;
}
