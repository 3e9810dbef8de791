// `npm run restore -- <archive.tar.gz>`: restores a backup into an EMPTY DATA_DIR (and, with
// DATABASE_URL, an empty PostgreSQL database), then recomputes the manifest and walks the audit
// chain. Exit code 0 when everything matches, 1 otherwise (the differences are listed).
import path from 'node:path';
import { loadConfig } from '../platform/config.ts';
import { BackupError, restoreBackup } from '../platform/backup.ts';

const arg = process.argv[2];
if (!arg || arg === '-h' || arg === '--help') {
  console.log('Cách dùng: DATA_DIR=<thư mục trống> [DATABASE_URL=<CSDL PostgreSQL trống>] npm run restore -- <tệp-lưu-trữ.tar.gz>');
  process.exit(arg ? 0 : 2);
}
const cwd = process.env.INIT_CWD || process.cwd();
const config = loadConfig();
try {
  const r = await restoreBackup({ archive: path.resolve(cwd, arg), dataDir: config.dataDir, databaseUrl: config.databaseUrl, log: (m) => console.log(m) });
  const m = r.manifest;
  const rows = Object.values(m.tables).reduce((s, t) => s + t.rows, 0);
  console.log(
    `Đã khôi phục và kiểm tra trong ${(r.ms / 1000).toFixed(1)} s: ${Object.keys(m.tables).length} bảng, ${rows} dòng khớp mã kiểm tra; ` +
      `${m.files.count} tệp khớp sha256; nhật ký kiểm toán toàn vẹn (${r.auditChecked} bản ghi). DATA_DIR=${config.dataDir}`,
  );
} catch (err) {
  if (err instanceof BackupError) {
    console.error(`Khôi phục thất bại: ${err.message}`);
    for (const p of err.problems.slice(0, 50)) console.error(`  - ${p}`);
    if (err.problems.length > 50) console.error(`  … và ${err.problems.length - 50} khác biệt khác`);
  } else {
    console.error(err);
  }
  process.exitCode = 1;
}
