// Numbered migrations, applied in order by Kysely's Migrator on both PGlite and PostgreSQL.
import type { Migration } from 'kysely';
import * as m0001 from './0001_core.ts';
import * as m0002 from './0002_performance.ts';
import * as m0003 from './0003_leaders_clients.ts';
import * as m0004 from './0004_feedback.ts';
import * as m0005 from './0005_dashboard.ts';
import * as m0006 from './0006_tracking_batch.ts';

export const migrations: Record<string, Migration> = {
  '0001_core': m0001,
  '0002_performance': m0002,
  '0003_leaders_clients': m0003,
  '0004_feedback': m0004,
  '0005_dashboard': m0005,
  '0006_tracking_batch': m0006,
};
