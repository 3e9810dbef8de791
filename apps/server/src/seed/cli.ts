// `npm run seed`: loads the demo data into the configured database if it is empty.
import pino from 'pino';
import { loadConfig } from '../platform/config.ts';
import { startPlatform } from '../platform/bootstrap.ts';
import { seedDemo } from './demo.ts';

const config = loadConfig();
const platform = await startPlatform(config, pino({ level: 'warn' }));
const result = await seedDemo(platform.ctx, config.seedHistory ? {} : { history: false });
console.log(
  result
    ? `Đã nạp dữ liệu mẫu (${result.accounts} tài khoản, ${result.history?.dossiers ?? 0} hồ sơ và ${result.feedback?.reports ?? 0} phản ánh trong hai năm qua).`
    : 'Cơ sở dữ liệu đã có dữ liệu; không nạp lại.',
);
await platform.close();
