// The database handle: PGlite (real PostgreSQL in WASM, data under DATA_DIR) by default, a PostgreSQL
// server when DATABASE_URL is set. Same dialect, same migrations, same queries on both.
import fs from 'node:fs';
import path from 'node:path';
import { Kysely, Migrator, PostgresDialect, type Transaction } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import type { DB } from '../db/schema.ts';
import { migrations } from '../db/migrations/index.ts';

export type Database = Kysely<DB>;
export type Tx = Transaction<DB>;
/** Either the root handle or a transaction: services accept both so callers can compose work in one transaction. */
export type Executor = Kysely<DB>;

export interface DatabaseInfo {
  kind: 'pglite' | 'postgres';
  /** Where the data lives, without credentials. */
  location: string;
}

export interface OpenDatabase {
  db: Database;
  info: DatabaseInfo;
  close(): Promise<void>;
}

export async function openDatabase(opts: { databaseUrl?: string; dataDir?: string; memory?: boolean }): Promise<OpenDatabase> {
  if (opts.databaseUrl) {
    const pg = await import('pg');
    // DATE columns stay 'YYYY-MM-DD' strings: a civil date has no time zone, and Date would shift it.
    pg.default.types.setTypeParser(1082, (v: string) => v);
    // bigint counters fit in a JS number for our volumes (10M dossiers).
    pg.default.types.setTypeParser(20, (v: string) => Number(v));
    const pool = new pg.default.Pool({ connectionString: opts.databaseUrl, max: Number(process.env.DB_POOL_MAX || 10) });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    const url = new URL(opts.databaseUrl);
    return { db, info: { kind: 'postgres', location: `${url.hostname}:${url.port || 5432}${url.pathname}` }, close: () => db.destroy() };
  }
  const { PGlite, types } = await import('@electric-sql/pglite');
  let dataDir: string | undefined;
  if (!opts.memory) {
    dataDir = path.join(opts.dataDir ?? './data', 'pglite');
    fs.mkdirSync(dataDir, { recursive: true });
  }
  const client = await PGlite.create({
    dataDir,
    parsers: { [types.DATE]: (v: string) => v, [types.INT8]: (v: string) => Number(v) },
  });
  const db = new Kysely<DB>({ dialect: new PGliteDialect(client) });
  return { db, info: { kind: 'pglite', location: dataDir ?? 'memory' }, close: () => db.destroy() };
}

export async function migrateToLatest(db: Database): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Migration failed${failed ? ` at ${failed.migrationName}` : ''}: ${String(error)}`);
  }
}
