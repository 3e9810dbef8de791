// `npm run audit:verify`: walks the hash-chained audit log of the configured database and names the
// first row that was edited or deleted. Exit code 0 when the chain is intact, 1 otherwise.
import { loadConfig } from '../platform/config.ts';
import { openDatabase } from '../platform/db.ts';
import { verifyAuditChain } from '../platform/audit.ts';

const config = loadConfig();
const { db, info, close } = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
const report = await verifyAuditChain(db);
await close();
if (report.ok) {
  console.log(`Nhật ký kiểm toán toàn vẹn: ${report.checked} bản ghi (${info.kind}: ${info.location}).`);
} else {
  const what = report.broken!.problem === 'hash_mismatch' ? 'nội dung bị sửa' : 'bản ghi trước đó bị xóa hoặc chèn';
  console.error(`Nhật ký kiểm toán bị phá vỡ tại bản ghi #${report.broken!.id}: ${what} (đã kiểm ${report.checked} bản ghi hợp lệ trước đó).`);
  process.exitCode = 1;
}
