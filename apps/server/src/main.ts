// Entry point: configuration → database → migrations → demo data (on an empty database) → listen.
import { loadConfig } from './platform/config.ts';
import { startPlatform } from './platform/bootstrap.ts';
import { buildApp } from './app.ts';
import { seedDemo } from './seed/demo.ts';
import pino from 'pino';

const config = loadConfig();
const log = pino({ level: config.logLevel });
const started = performance.now();
const platform = await startPlatform(config, log);
if (config.seedDemo) {
  const seeded = await seedDemo(platform.ctx, config.seedHistory ? {} : { history: false });
  if (seeded) log.info({ accounts: seeded.accounts, dossiers: seeded.history?.dossiers, feedbackReports: seeded.feedback?.reports }, 'demo data loaded (Sóc Trăng)');
}
const app = await buildApp(platform.ctx, { logger: { level: config.logLevel } });
platform.worker.start();
await app.listen({ port: config.port, host: config.host });
log.info(
  { url: config.publicBaseUrl, database: platform.ctx.dbInfo, startupMs: Math.round(performance.now() - started) },
  `Tỉnh Số đang chạy tại ${config.publicBaseUrl}`,
);

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down');
    await app.close();
    await platform.close();
    process.exit(0);
  });
}
