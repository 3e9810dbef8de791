// Opens everything a running platform needs, in order: database, migrations, file store, mailer,
// job worker. main.ts and the tests both start the platform through here.
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config.ts';
import { migrateToLatest, openDatabase, type OpenDatabase } from './db.ts';
import { FileStore } from './files.ts';
import { createMailer } from './mail.ts';
import { JobWorker } from './jobs.ts';
import { vietnamToday, type AppContext } from './context.ts';
import { emailJobHandler } from '../modules/notifications/service.ts';

export interface Platform {
  ctx: AppContext;
  worker: JobWorker;
  close(): Promise<void>;
}

export async function startPlatform(config: Config, log: FastifyBaseLogger, opts: { memory?: boolean; clock?: () => Date } = {}): Promise<Platform> {
  const opened: OpenDatabase = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, memory: opts.memory });
  await migrateToLatest(opened.db);
  const mailer = createMailer(config);
  const clock = opts.clock ?? (() => new Date());
  const ctx: AppContext = {
    config,
    db: opened.db,
    dbInfo: opened.info,
    files: new FileStore(path.join(config.dataDir, 'files'), config.maxUploadBytes),
    mailer,
    now: clock,
    today: () => vietnamToday(clock()),
  };
  const worker = new JobWorker(opened.db, { email: emailJobHandler(mailer) }, log, config.workerIntervalMs, config.jobLeaseSeconds);
  return {
    ctx,
    worker,
    async close() {
      await worker.stop();
      mailer.close();
      await opened.close();
    },
  };
}
