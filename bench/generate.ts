// Loads a realistic province's worth of dossiers into a database that has the migrations and the
// demo seed. The generator itself is the server's history seed (apps/server/src/seed/history.ts,
// which also gives the demo its two years): ~200k citizens per 1M dossiers, the demo agencies and
// procedures weighted like a real year, submissions over two years with a weekly rhythm and a rush
// before Tết, statuses that follow each dossier's own timeline (received within 0–2 working days,
// due dates from the real working-day calendar, 10% with a supplement request, agencies late from
// 1.5% to 16% of the time with an apology-and-extension first, a small backlog that never finished),
// timeline events, attachments and result files. Everything is set-based SQL (INSERT … SELECT over
// generate_series) on one connection, so it runs the same on PostgreSQL and on the embedded PGlite.
//
//   tsx bench/generate.ts --dossiers 1000000 --database-url postgres://postgres@127.0.0.1:5432/tinhso_bench
//   tsx bench/generate.ts --dossiers 50000 --data-dir /tmp/tinhso-bench   (PGlite under DATA_DIR/pglite)
import { migrateToLatest, openDatabase, type Database } from '../apps/server/src/platform/db.ts';
import { FileStore } from '../apps/server/src/platform/files.ts';
import { seedDemo } from '../apps/server/src/seed/demo.ts';
import { seedHistory, tinyPdf, type HistoryReport, type StepReport } from '../apps/server/src/seed/history.ts';
import type { AppContext } from '../apps/server/src/platform/context.ts';

export { tinyPdf, type StepReport };

export interface GenerateOptions {
  dossiers: number;
  /** Default: one citizen per five dossiers (200k for 1M). */
  citizens?: number;
  /** Content-addressed file store (DATA_DIR/files) to hold the attachments' bytes; without it only the rows are written. */
  filesDir?: string;
  /** setseed() value, so two runs draw the same distributions. */
  seed?: number;
  log?: (msg: string) => void;
}

export type GenerateReport = HistoryReport;

/** Writes the dossiers on one connection of `db` (statement by statement, no enclosing transaction). */
export async function generate(db: Database, opts: GenerateOptions): Promise<GenerateReport> {
  return db.connection().execute((conn) =>
    seedHistory(conn, {
      dossiers: opts.dossiers,
      citizens: opts.citizens,
      fileStore: opts.filesDir ? new FileStore(opts.filesDir, 10 * 1024 * 1024) : undefined,
      seed: opts.seed ?? 0.766,
      emailDomain: 'bench.tinhso.vn',
      log: opts.log,
    }),
  );
}

/** Opens a bench database, runs the migrations and the demo seed without its history (when empty). */
export async function prepareDatabase(target: { databaseUrl?: string; dataDir?: string }) {
  const opened = await openDatabase({ databaseUrl: target.databaseUrl, dataDir: target.dataDir });
  await migrateToLatest(opened.db);
  await seedDemo({ db: opened.db } as unknown as AppContext, { history: false });
  return opened;
}


// ---------------------------------------------------------------- CLI
if (import.meta.url === `file://${process.argv[1]}`) {
  const { parseArgs } = await import('node:util');
  const { values } = parseArgs({
    options: { dossiers: { type: 'string', default: '1000000' }, citizens: { type: 'string' }, 'database-url': { type: 'string' }, 'data-dir': { type: 'string' } },
  });
  const databaseUrl = values['database-url'] ?? process.env.DATABASE_URL;
  const dataDir = values['data-dir'] ?? process.env.DATA_DIR ?? './data';
  const opened = await prepareDatabase({ databaseUrl, dataDir });
  const path = await import('node:path');
  const report = await generate(opened.db, {
    dossiers: Number(values.dossiers),
    citizens: values.citizens ? Number(values.citizens) : undefined,
    filesDir: path.join(dataDir, 'files'),
    log: (m) => console.log(m),
  });
  console.log(JSON.stringify(report, null, 2));
  await opened.close();
}
