// What every module's service needs, built once at start and handed down (tests build their own).
import type { Config } from './config.ts';
import type { Database, DatabaseInfo } from './db.ts';
import type { FileStore } from './files.ts';
import type { Mailer } from './mail.ts';

export interface AppContext {
  config: Config;
  db: Database;
  dbInfo: DatabaseInfo;
  files: FileStore;
  mailer: Mailer;
  /** Today's civil date in Asia/Ho_Chi_Minh; injectable so tests can travel in time. */
  today(): string;
  now(): Date;
}

// Built once: constructing an Intl.DateTimeFormat is costly, and today() runs on every list and detail read.
const vietnamDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' });

export function vietnamToday(now: Date = new Date()): string {
  return vietnamDate.format(now);
}
