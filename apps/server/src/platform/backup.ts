// Backup and restore of a whole platform: the database (PostgreSQL: pg_dump custom format, taken
// online from one exported snapshot; PGlite: its own data-directory tarball, the server stopped),
// the content-addressed files under DATA_DIR/files, and a manifest.json with what to check after
// a restore: rows and a checksum per table (computed in SQL over the rows' canonical text, in primary
// key order), the sha256 of every file, of the database dump, and the state of the audit chain.
//
// A restore goes into an EMPTY data directory (and, for PostgreSQL, an empty database), checks the
// archive against its manifest before touching the database, restores, recomputes the manifest
// from what was restored, compares, and walks the audit chain. Any difference is an error.
//
// `npm run backup` and `npm run restore` (cli/backup.ts, cli/restore.ts) call this module; so do the
// tests (reliability/backup-restore.test.ts).
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as tar from 'tar';
import { CompiledQuery, Kysely } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import type { DB } from '../db/schema.ts';
import { openDatabase, type Database, type Executor } from './db.ts';
import { verifyAuditChain, type ChainReport } from './audit.ts';

export const BACKUP_FORMAT = 'tinhso-backup';
export const BACKUP_VERSION = 1;
/** Rows per checksum chunk: the chain of chunk hashes depends on it, so the manifest records it. */
export const CHECKSUM_CHUNK_ROWS = 5000;

const DUMP_PATH = { postgres: 'database/postgres.dump', pglite: 'database/pglite.tar' } as const;
const FILE_ENTRY = /^files\/([0-9a-f]{2})\/([0-9a-f]{2})\/([0-9a-f]{64})$/;

export interface TableSum {
  rows: number;
  checksum: string;
}

export interface Manifest {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  database: {
    kind: 'postgres' | 'pglite';
    /** Path of the dump inside the archive. */
    file: string;
    bytes: number;
    sha256: string;
    serverVersion: string;
    migrations: string[];
  };
  checksum: { method: 'sha256 chain over chunks of row text in primary-key order'; chunkRows: number };
  tables: Record<string, TableSum>;
  /** Names of the schema's indexes, constraints, functions, triggers, sequences and views (stable across PostgreSQL versions). */
  schema: Record<string, string[]>;
  files: { count: number; bytes: number; missing: string[]; items: { path: string; size: number; sha256: string }[] };
  audit: { entries: number; chainOk: boolean; brokenAt: number | null; lastHash: string | null };
}

/** A refusal or a failed check, with a Vietnamese message for the operator; `problems` lists the differences. */
export class BackupError extends Error {
  constructor(
    message: string,
    readonly problems: string[] = [],
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

type Log = (message: string) => void;
const silent: Log = () => {};

// ---------------------------------------------------------------------------------------------
// Checksums: rows and a sha256 per table, computed by the database over `row::text`, in primary key
// order (text keys compared with the "C" collation so the order does not depend on the server's
// locale), in chunks of CHECKSUM_CHUNK_ROWS so a table of any size never builds one giant string:
//   h_0 = '',  h_k = sha256(h_{k-1} || '\n' || the chunk's rows' text joined by '\n')
// The session settings that change how values print (time zone, date style, …) are fixed first.

interface KeyColumn {
  name: string;
  type: string;
  collatable: boolean;
}

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

async function rawRows<T = any>(db: Executor, text: string, params: unknown[] = []): Promise<T[]> {
  return (await db.executeQuery(CompiledQuery.raw(text, params))).rows as T[];
}

async function oneRow<T = any>(db: Executor, text: string, params: unknown[] = []): Promise<T> {
  const rows = await rawRows<T>(db, text, params);
  if (!rows[0]) throw new Error(`no row from: ${text.slice(0, 80)}`);
  return rows[0];
}

/** Must run inside a transaction (the `set local`s, and one snapshot for every table). */
async function checksumTablesIn(tx: Executor, chunkRows: number): Promise<Record<string, TableSum>> {
  for (const s of ["set local timezone = 'UTC'", "set local datestyle = 'ISO, YMD'", "set local intervalstyle = 'postgres'", 'set local extra_float_digits = 1', "set local bytea_output = 'hex'"]) {
    await rawRows(tx, s);
  }
  const tables = await rawRows<{ name: string; pk: KeyColumn[] | string }>(
    tx,
    `select c.relname as name,
            coalesce((select json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod), 'collatable', t.typcollation <> 0) order by k.ord)
                        from unnest(i.indkey) with ordinality as k(attnum, ord)
                        join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
                        join pg_type t on t.oid = a.atttypid), '[]'::json) as pk
       from pg_class c
       join pg_namespace n on n.oid = c.relnamespace
       left join pg_index i on i.indrelid = c.oid and i.indisprimary
      where n.nspname = 'public' and c.relkind = 'r'
      order by c.relname collate "C"`,
  );
  const out: Record<string, TableSum> = {};
  for (const t of tables) {
    const pk: KeyColumn[] = typeof t.pk === 'string' ? JSON.parse(t.pk) : t.pk;
    out[t.name] = await checksumTable(tx, t.name, pk, chunkRows);
  }
  return out;
}

async function checksumTable(tx: Executor, table: string, pk: KeyColumn[], chunkRows: number): Promise<TableSum> {
  const coll = (c: KeyColumn, expr: string) => (c.collatable ? `${expr} collate "C"` : expr);
  if (pk.length === 0) {
    // No primary key (none in our schema today): order by the row text itself, in one piece.
    const r = await oneRow<{ n: number; h: string }>(
      tx,
      `select count(*)::int as n, encode(sha256(convert_to('' || E'\\n' || coalesce(string_agg(x.line, E'\\n' order by x.line collate "C"), ''), 'UTF8')), 'hex') as h
         from (select __r::text as line from ${ident(table)} __r) x`,
    );
    return { rows: r.n, checksum: r.n === 0 ? '' : r.h };
  }
  const keys = pk.map((c, i) => ({ ...c, alias: `k${i}` }));
  const orderAsc = keys.map((k) => coll(k, `x.${k.alias}`)).join(', ');
  const orderDesc = keys.map((k) => `${coll(k, `x.${k.alias}`)} desc`).join(', ');
  const innerOrder = keys.map((k) => coll(k, `__r.${ident(k.name)}`)).join(', ');
  let rows = 0;
  let hash = '';
  let last: string[] | null = null;
  for (;;) {
    const params: unknown[] = [hash];
    let where = '';
    if (last) {
      const lhs = keys.map((k) => coll(k, `__r.${ident(k.name)}`)).join(', ');
      const rhs = keys.map((k, i) => coll(k, `$${i + 2}::text::${k.type}`)).join(', ');
      where = `where (${lhs}) > (${rhs})`;
      params.push(...last);
    }
    const text = `select count(*)::int as n,
              encode(sha256(convert_to($1::text || E'\\n' || coalesce(string_agg(x.line, E'\\n' order by ${orderAsc}), ''), 'UTF8')), 'hex') as h,
              ${keys.map((k) => `(array_agg(x.${k.alias}::text order by ${orderDesc}))[1] as ${k.alias}`).join(',\n              ')}
         from (select __r::text as line, ${keys.map((k) => `__r.${ident(k.name)} as ${k.alias}`).join(', ')}
                 from ${ident(table)} __r ${where}
                order by ${innerOrder}
                limit ${chunkRows}) x`;
    const [r] = await rawRows<Record<string, any>>(tx, text, params);
    if (!r || r.n === 0) break;
    rows += r.n;
    hash = r.h;
    last = keys.map((k) => r[k.alias] as string);
    if (r.n < chunkRows) break;
  }
  return { rows, checksum: hash };
}

/** Rows and checksum of every table of the public schema, from one consistent snapshot. */
export async function checksumTables(db: Database, chunkRows = CHECKSUM_CHUNK_ROWS): Promise<Record<string, TableSum>> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute((tx) => checksumTablesIn(tx, chunkRows));
}

/** What else the schema holds besides table rows, by name: a restore that lost an index or a function is caught. */
export async function schemaObjects(db: Executor): Promise<Record<string, string[]>> {
  const rows = await rawRows<{ kind: string; name: string }>(
    db,
    `select 'index' as kind, c.relname::text as name
       from pg_index i join pg_class c on c.oid = i.indexrelid join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public'
     union all
     select 'constraint', t.relname || '.' || co.conname
       from pg_constraint co join pg_class t on t.oid = co.conrelid join pg_namespace n on n.oid = co.connamespace
      where n.nspname = 'public' and co.contype in ('p', 'u', 'f', 'c', 'x')
     union all
     select 'function', p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')'
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public'
     union all
     select 'trigger', t.relname || '.' || tg.tgname
       from pg_trigger tg join pg_class t on t.oid = tg.tgrelid join pg_namespace n on n.oid = t.relnamespace where n.nspname = 'public' and not tg.tgisinternal
     union all
     select case c.relkind when 'S' then 'sequence' else 'view' end, c.relname::text
       from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind in ('S', 'v', 'm')`,
  );
  const out: Record<string, string[]> = { index: [], constraint: [], function: [], trigger: [], sequence: [], view: [] };
  for (const r of rows) out[r.kind]!.push(r.name);
  for (const list of Object.values(out)) list.sort();
  return out;
}

/** Differences between two schema descriptions (empty: the same objects). */
export function compareSchema(expected: Record<string, string[]>, actual: Record<string, string[]>): string[] {
  const problems: string[] = [];
  for (const kind of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
    const want = new Set(expected[kind] ?? []);
    const got = new Set(actual[kind] ?? []);
    for (const name of want) if (!got.has(name)) problems.push(`${kind} ${name}: thiếu sau khi khôi phục`);
    for (const name of got) if (!want.has(name)) problems.push(`${kind} ${name}: có sau khi khôi phục nhưng không có trong bản sao lưu`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Files

export async function sha256File(file: string): Promise<string> {
  const h = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

const filePath = (sha: string) => `files/${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}`;

/** Every regular file under dir, as paths relative to it with '/' separators. */
function walkFiles(dir: string, base = dir): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walkFiles(p, base));
    else out.push(path.relative(base, p).split(path.sep).join('/'));
  }
  return out;
}

/** The first entry under dir that is not an (empty) directory, or null when there is none. */
function firstNonDirectory(dir: string): string | null {
  if (!fs.existsSync(dir)) return null;
  if (!fs.statSync(dir).isDirectory()) return dir;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (!e.isDirectory()) return p;
    const inner = firstNonDirectory(p);
    if (inner) return inner;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// PGlite: one process at a time. A running PGlite keeps postmaster.pid in its data directory and
// holds its files open; the backup refuses while any process has files open there.

/** Process ids that hold a file open under dir (Linux /proc); null when that cannot be told. */
export function processesUsing(dir: string): number[] | null {
  if (!fs.existsSync('/proc/self/fd')) return null;
  const real = fs.realpathSync(dir);
  const pids: number[] = [];
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone, or not ours to look at
    }
    for (const fd of fds) {
      let target = '';
      try {
        target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      if (target === real || target.startsWith(real + path.sep)) {
        pids.push(Number(pid));
        break;
      }
    }
  }
  return pids;
}

function assertPgliteNotInUse(pgliteDir: string, log: Log) {
  if (!fs.existsSync(path.join(pgliteDir, 'postmaster.pid'))) return;
  const users = processesUsing(pgliteDir);
  if (users === null) {
    throw new BackupError(
      `Cơ sở dữ liệu nhúng (PGlite) tại ${pgliteDir} đang được mở (có tệp postmaster.pid) và không kiểm tra được tiến trình nào đang dùng nó. ` +
        'Hãy dừng máy chủ Tỉnh Số rồi sao lưu lại: PGlite chỉ cho một tiến trình mở dữ liệu, sao lưu khi máy chủ đang chạy có thể làm hỏng dữ liệu.',
    );
  }
  if (users.length > 0) {
    throw new BackupError(
      `Cơ sở dữ liệu nhúng (PGlite) tại ${pgliteDir} đang được tiến trình ${users.join(', ')} sử dụng (máy chủ Tỉnh Số đang chạy?). ` +
        'Hãy dừng máy chủ rồi sao lưu lại: PGlite chỉ cho một tiến trình mở dữ liệu. (Với PostgreSQL — DATABASE_URL — có thể sao lưu khi máy chủ đang chạy.)',
    );
  }
  log(`Lưu ý: ${pgliteDir} còn tệp postmaster.pid từ một lần dừng không bình thường nhưng không tiến trình nào đang dùng; PGlite sẽ tự phục hồi khi mở.`);
}

async function openPglite(dataDir: string, loadDataDir?: Blob): Promise<{ db: Database; dump: () => Promise<Blob> }> {
  const { PGlite, types } = await import('@electric-sql/pglite');
  fs.mkdirSync(dataDir, { recursive: true });
  // The same parsers as platform/db.ts, so verifyAuditChain sees what the server sees.
  const client = await PGlite.create({
    dataDir,
    loadDataDir,
    parsers: { [types.DATE]: (v: string) => v, [types.INT8]: (v: string) => Number(v) },
  });
  const db = new Kysely<DB>({ dialect: new PGliteDialect(client) });
  return { db, dump: () => client.dumpDataDir('none') };
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL client tools

/** Connection for pg_dump / pg_restore: the URL without its password, which goes in PGPASSWORD (not on the command line). */
function pgToolArgs(databaseUrl: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(databaseUrl);
  const env = { ...process.env };
  if (u.password) {
    env.PGPASSWORD = decodeURIComponent(u.password);
    u.password = '';
  }
  return { dbname: u.toString(), env };
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'ENOENT'
          ? new BackupError(`Không tìm thấy chương trình ${cmd}. Hãy cài gói postgresql-client (Debian/Ubuntu: sudo apt-get install -y postgresql-client), cùng phiên bản chính hoặc mới hơn máy chủ PostgreSQL.`)
          : err,
      );
    });
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new BackupError(`${cmd} thất bại (mã thoát ${code}): ${stderr.trim().slice(0, 2000)}`));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Backup

export interface BackupOptions {
  dataDir: string;
  databaseUrl?: string;
  /** Archive to write; default <cwd>/backups/tinhso-<UTC timestamp>.tar.gz. Never overwritten. */
  out?: string;
  log?: Log;
  chunkRows?: number;
}

export interface BackupResult {
  file: string;
  bytes: number;
  ms: number;
  manifest: Manifest;
}

export function defaultBackupPath(now = new Date(), cwd = process.cwd()): string {
  const stamp = now.toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '').replace('T', '-');
  return path.join(cwd, 'backups', `tinhso-${stamp}.tar.gz`);
}

async function snapshotState(tx: Executor, chunkRows: number) {
  const tables = await checksumTablesIn(tx, chunkRows);
  const schema = await schemaObjects(tx);
  const chain: ChainReport = await verifyAuditChain(tx);
  const last = await rawRows<{ hash: string }>(tx, 'select hash from audit_log order by id desc limit 1');
  const migrations = (await rawRows<{ name: string }>(tx, 'select name from kysely_migration order by name')).map((r) => r.name);
  const files = await rawRows<{ sha256: string; size: number | string }>(tx, 'select sha256, size from files order by sha256 collate "C"');
  const { v } = await oneRow<{ v: string }>(tx, "select current_setting('server_version') as v");
  return { tables, schema, chain, lastHash: last[0]?.hash ?? null, migrations, files, serverVersion: v };
}

export async function createBackup(opts: BackupOptions): Promise<BackupResult> {
  const started = performance.now();
  const log = opts.log ?? silent;
  const chunkRows = opts.chunkRows ?? CHECKSUM_CHUNK_ROWS;
  const out = path.resolve(opts.out ?? defaultBackupPath());
  if (fs.existsSync(out)) throw new BackupError(`Tệp ${out} đã tồn tại; chọn tên khác (bản sao lưu không bao giờ ghi đè).`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const kind = opts.databaseUrl ? 'postgres' : 'pglite';
  const filesDir = path.join(opts.dataDir, 'files');
  const pgliteDir = path.join(opts.dataDir, 'pglite');
  if (kind === 'pglite') {
    if (!fs.existsSync(path.join(pgliteDir, 'PG_VERSION'))) throw new BackupError(`Không có cơ sở dữ liệu nhúng (PGlite) tại ${pgliteDir}; kiểm tra DATA_DIR.`);
    assertPgliteNotInUse(pgliteDir, log);
  }

  // Staging next to the archive: manifest.json, database/<dump>, and files → DATA_DIR/files (a link,
  // so the files are read in place, not copied).
  const staging = fs.mkdtempSync(path.join(path.dirname(out), '.tinhso-backup-'));
  const part = `${out}.part`;
  try {
    fs.mkdirSync(path.join(staging, 'database'));
    const dumpFile = path.join(staging, DUMP_PATH[kind]);
    let state: Awaited<ReturnType<typeof snapshotState>>;
    if (kind === 'postgres') {
      log('Sao lưu PostgreSQL (pg_dump, một ảnh chụp nhất quán; máy chủ có thể vẫn chạy)…');
      const opened = await openDatabase({ databaseUrl: opts.databaseUrl });
      try {
        state = await opened.db
          .transaction()
          .setIsolationLevel('repeatable read')
          .execute(async (tx) => {
            // pg_dump reads the very snapshot this transaction sees, so the dump and the manifest agree
            // even while the server keeps writing.
            const { snapshot } = await oneRow<{ snapshot: string }>(tx, 'select pg_export_snapshot() as snapshot');
            const s = await snapshotState(tx, chunkRows);
            const { dbname, env } = pgToolArgs(opts.databaseUrl!);
            await run('pg_dump', ['--format=custom', '--compress=0', `--snapshot=${snapshot}`, `--file=${dumpFile}`, `--dbname=${dbname}`], env);
            return s;
          });
      } finally {
        await opened.close();
      }
    } else {
      log(`Sao lưu cơ sở dữ liệu nhúng PGlite (${pgliteDir})…`);
      const opened = await openPglite(pgliteDir);
      try {
        state = await opened.db
          .transaction()
          .setIsolationLevel('repeatable read')
          .execute((tx) => snapshotState(tx, chunkRows));
        const blob = await opened.dump();
        fs.writeFileSync(dumpFile, Buffer.from(await blob.arrayBuffer()));
      } finally {
        await opened.db.destroy();
      }
    }

    log(`Kiểm tra ${state.files.length} tệp đính kèm…`);
    const items: Manifest['files']['items'] = [];
    const missing: string[] = [];
    let fileBytes = 0;
    for (const f of state.files) {
      const abs = path.join(filesDir, f.sha256.slice(0, 2), f.sha256.slice(2, 4), f.sha256);
      if (!fs.existsSync(abs)) {
        missing.push(f.sha256);
        continue;
      }
      const sha256 = await sha256File(abs);
      if (sha256 !== f.sha256) log(`CẢNH BÁO: tệp ${f.sha256} trên đĩa đã bị hỏng (sha256 thực tế ${sha256}); vẫn sao lưu nguyên trạng.`);
      const size = fs.statSync(abs).size;
      fileBytes += size;
      items.push({ path: filePath(f.sha256), size, sha256 });
    }
    if (missing.length) log(`CẢNH BÁO: ${missing.length} tệp có trong cơ sở dữ liệu nhưng không có trên đĩa: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`);
    if (!state.chain.ok) log(`CẢNH BÁO: nhật ký kiểm toán đã bị phá vỡ tại bản ghi #${state.chain.broken!.id} trước khi sao lưu; bản sao lưu giữ nguyên trạng.`);

    const dumpBytes = fs.statSync(dumpFile).size;
    const manifest: Manifest = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdAt: new Date().toISOString(),
      database: { kind, file: DUMP_PATH[kind], bytes: dumpBytes, sha256: await sha256File(dumpFile), serverVersion: state.serverVersion, migrations: state.migrations },
      checksum: { method: 'sha256 chain over chunks of row text in primary-key order', chunkRows },
      tables: state.tables,
      schema: state.schema,
      files: { count: items.length, bytes: fileBytes, missing, items },
      audit: { entries: state.tables.audit_log?.rows ?? 0, chainOk: state.chain.ok, brokenAt: state.chain.broken?.id ?? null, lastHash: state.lastHash },
    };
    fs.writeFileSync(path.join(staging, 'manifest.json'), JSON.stringify(manifest, null, 2));
    if (items.length) fs.symlinkSync(path.resolve(filesDir), path.join(staging, 'files'), 'dir');

    log('Ghi tệp lưu trữ…');
    // The archive holds personal data and password hashes: readable by its owner only.
    fs.closeSync(fs.openSync(part, 'w', 0o600));
    await tar.c({ gzip: true, file: part, cwd: staging, portable: true }, ['manifest.json', DUMP_PATH[kind], ...items.map((i) => i.path)]);
    const fd = fs.openSync(part, 'r');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(part, out);
    return { file: out, bytes: fs.statSync(out).size, ms: Math.round(performance.now() - started), manifest };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
    fs.rmSync(part, { force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Restore

export interface RestoreOptions {
  archive: string;
  dataDir: string;
  databaseUrl?: string;
  log?: Log;
}

export interface RestoreResult {
  manifest: Manifest;
  ms: number;
  auditChecked: number;
}

/** Differences between what the manifest promised and what was restored (empty: identical). */
export function compareTables(expected: Record<string, TableSum>, actual: Record<string, TableSum>): string[] {
  const problems: string[] = [];
  for (const [name, want] of Object.entries(expected)) {
    const got = actual[name];
    if (!got) problems.push(`bảng ${name}: thiếu sau khi khôi phục`);
    else if (got.rows !== want.rows) problems.push(`bảng ${name}: ${got.rows} dòng, bản sao lưu có ${want.rows}`);
    else if (got.checksum !== want.checksum) problems.push(`bảng ${name}: mã kiểm tra khác (${got.checksum.slice(0, 12)}… ≠ ${want.checksum.slice(0, 12)}…)`);
  }
  for (const name of Object.keys(actual)) if (!(name in expected)) problems.push(`bảng ${name}: có sau khi khôi phục nhưng không có trong bản sao lưu`);
  return problems;
}

async function assertDatabaseEmpty(db: Database, location: string) {
  const { n } = await oneRow<{ n: number }>(
    db,
    `select count(*)::int as n from pg_class c join pg_namespace ns on ns.oid = c.relnamespace
      where c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
        and ns.nspname not in ('pg_catalog', 'information_schema') and ns.nspname not like 'pg\\_toast%' and ns.nspname not like 'pg\\_temp%'`,
  );
  if (n > 0) {
    throw new BackupError(
      `Cơ sở dữ liệu đích ${location} không trống (đã có ${n} bảng/dãy số). Khôi phục chỉ ghi vào một cơ sở dữ liệu trống: ` +
        'hãy tạo một cơ sở dữ liệu mới (createdb …) và đặt DATABASE_URL trỏ tới nó.',
    );
  }
}

function readManifest(file: string): Manifest {
  let m: Manifest;
  try {
    m = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    throw new BackupError('Tệp lưu trữ không có manifest.json đọc được: đây không phải bản sao lưu Tỉnh Số hoặc tệp đã hỏng.');
  }
  if (m?.format !== BACKUP_FORMAT || typeof m.version !== 'number') throw new BackupError('manifest.json không phải của bản sao lưu Tỉnh Số.');
  if (m.version > BACKUP_VERSION) throw new BackupError(`Bản sao lưu định dạng phiên bản ${m.version}, mới hơn phiên bản phần mềm này đọc được (${BACKUP_VERSION}); hãy cập nhật Tỉnh Số.`);
  if (!m.database || !(m.database.kind in DUMP_PATH) || m.database.file !== DUMP_PATH[m.database.kind] || !m.tables || !Array.isArray(m.files?.items)) {
    throw new BackupError('manifest.json thiếu thông tin hoặc sai cấu trúc: tệp lưu trữ đã hỏng.');
  }
  return m;
}

export async function restoreBackup(opts: RestoreOptions): Promise<RestoreResult> {
  const started = performance.now();
  const log = opts.log ?? silent;
  const archive = path.resolve(opts.archive);
  if (!fs.existsSync(archive)) throw new BackupError(`Không tìm thấy tệp sao lưu ${archive}.`);
  const dataDir = path.resolve(opts.dataDir);
  const occupied = firstNonDirectory(dataDir);
  if (occupied) {
    throw new BackupError(
      `Thư mục dữ liệu đích ${dataDir} không trống (có ${occupied}). Khôi phục chỉ ghi vào một thư mục trống để không ghi đè dữ liệu đang có: ` +
        'hãy đặt DATA_DIR là một thư mục mới hoặc trống.',
    );
  }

  let target: Database | null = null;
  let closeTarget: () => Promise<void> = async () => {};
  if (opts.databaseUrl) {
    const opened = await openDatabase({ databaseUrl: opts.databaseUrl });
    target = opened.db;
    closeTarget = opened.close;
    try {
      await assertDatabaseEmpty(opened.db, opened.info.location);
    } catch (err) {
      await closeTarget();
      throw err;
    }
  }

  fs.mkdirSync(dataDir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(dataDir, '.restore-'));
  let touchedDatabase = false;
  try {
    // 1. Unpack: only what a backup contains (manifest, one dump, content-addressed files), regular
    //    files only; a damaged gzip or tar stream is an error, never a silent partial restore.
    log(`Giải nén ${archive}…`);
    const unexpected: string[] = [];
    try {
      await tar.x({
        file: archive,
        cwd: staging,
        strict: true,
        preserveOwner: false,
        filter: (raw, entry) => {
          const type = 'type' in entry ? entry.type : entry.isFile() ? 'File' : entry.isDirectory() ? 'Directory' : 'Other';
          const p = raw.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
          // Directory entries (an archive repacked with GNU tar has them) are skipped: the files make their own.
          if (type === 'Directory' && (p === '' || p === 'database' || /^files(\/[0-9a-f]{2}){0,2}$/.test(p))) return false;
          const ok = type === 'File' && (p === 'manifest.json' || p === DUMP_PATH.postgres || p === DUMP_PATH.pglite || FILE_ENTRY.test(p));
          if (!ok) unexpected.push(raw);
          return ok;
        },
      });
    } catch (err) {
      throw new BackupError(`Không giải nén được ${archive}: tệp lưu trữ bị hỏng hoặc không đầy đủ (${(err as Error).message}).`);
    }
    if (unexpected.length) throw new BackupError(`Tệp lưu trữ có mục lạ, không thuộc bản sao lưu Tỉnh Số: ${unexpected.slice(0, 5).join(', ')}`);
    const manifest = readManifest(path.join(staging, 'manifest.json'));
    const kind = manifest.database.kind;
    if (kind === 'postgres' && !opts.databaseUrl) {
      throw new BackupError('Đây là bản sao lưu của PostgreSQL: hãy đặt DATABASE_URL trỏ tới một cơ sở dữ liệu PostgreSQL trống để khôi phục.');
    }
    if (kind === 'pglite' && opts.databaseUrl) {
      throw new BackupError('Đây là bản sao lưu của cơ sở dữ liệu nhúng PGlite: bỏ DATABASE_URL để khôi phục vào DATA_DIR/pglite.');
    }

    // 2. Check the archive against its manifest before touching the database.
    const problems: string[] = [];
    const dumpFile = path.join(staging, manifest.database.file);
    if (!fs.existsSync(dumpFile)) throw new BackupError(`Tệp lưu trữ thiếu ${manifest.database.file}: bản sao lưu không đầy đủ.`);
    const dumpSha = await sha256File(dumpFile);
    if (dumpSha !== manifest.database.sha256) problems.push(`${manifest.database.file}: sha256 ${dumpSha.slice(0, 12)}… ≠ ${manifest.database.sha256.slice(0, 12)}… trong manifest`);
    const listed = new Set<string>();
    for (const item of manifest.files.items) {
      listed.add(item.path);
      const abs = path.join(staging, item.path);
      if (!FILE_ENTRY.test(item.path) || !fs.existsSync(abs)) {
        problems.push(`${item.path}: thiếu trong tệp lưu trữ`);
        continue;
      }
      const size = fs.statSync(abs).size;
      const sha = await sha256File(abs);
      if (size !== item.size || sha !== item.sha256) problems.push(`${item.path}: nội dung khác manifest (sha256 ${sha.slice(0, 12)}…, ${size} byte)`);
    }
    for (const p of walkFiles(path.join(staging, 'files'))) if (!listed.has(`files/${p}`)) problems.push(`files/${p}: có trong tệp lưu trữ nhưng không có trong manifest`);
    if (problems.length) throw new BackupError(`Tệp lưu trữ không khớp với manifest.json (${problems.length} khác biệt); chưa khôi phục gì.`, problems);

    // 3. Files into place (same file system: a rename).
    const filesDir = path.join(dataDir, 'files');
    fs.rmSync(filesDir, { recursive: true, force: true }); // at most empty directories (checked above)
    if (fs.existsSync(path.join(staging, 'files'))) fs.renameSync(path.join(staging, 'files'), filesDir);
    else fs.mkdirSync(filesDir, { recursive: true });

    // 4. The database. pg_restore runs in one transaction, so a failure leaves the database empty.
    if (kind === 'postgres') {
      log('Khôi phục PostgreSQL (pg_restore, một giao dịch)…');
      const { dbname, env } = pgToolArgs(opts.databaseUrl!);
      await run('pg_restore', ['--exit-on-error', '--single-transaction', '--no-owner', '--no-privileges', `--dbname=${dbname}`, dumpFile], env);
    } else {
      log(`Khôi phục cơ sở dữ liệu nhúng PGlite vào ${path.join(dataDir, 'pglite')}…`);
      const blob = new Blob([fs.readFileSync(dumpFile)]);
      fs.rmSync(dumpFile);
      const opened = await openPglite(path.join(dataDir, 'pglite'), blob);
      target = opened.db;
      closeTarget = () => opened.db.destroy();
    }
    touchedDatabase = true;

    // 5. Recompute and compare: tables, files, audit chain.
    log('Kiểm tra lại dữ liệu đã khôi phục…');
    const tables = await checksumTables(target!, manifest.checksum?.chunkRows ?? CHECKSUM_CHUNK_ROWS);
    problems.push(...compareTables(manifest.tables, tables));
    problems.push(...compareSchema(manifest.schema ?? {}, manifest.schema ? await schemaObjects(target!) : {}));
    const restoredFiles = new Set(walkFiles(filesDir).map((p) => `files/${p}`));
    const rows = await rawRows<{ sha256: string }>(target!, 'select sha256 from files');
    const missingBefore = new Set(manifest.files.missing ?? []);
    for (const r of rows) if (!restoredFiles.has(filePath(r.sha256)) && !missingBefore.has(r.sha256)) problems.push(`tệp ${r.sha256}: có trong cơ sở dữ liệu nhưng không có trên đĩa`);
    for (const item of manifest.files.items) {
      if (!restoredFiles.has(item.path)) problems.push(`${item.path}: không có sau khi khôi phục`);
      else if ((await sha256File(path.join(dataDir, item.path))) !== item.sha256) problems.push(`${item.path}: nội dung khác sau khi khôi phục`);
    }
    const chain = await verifyAuditChain(target!);
    if (!chain.ok) problems.push(`nhật ký kiểm toán bị phá vỡ tại bản ghi #${chain.broken!.id} (${chain.broken!.problem})`);
    if (chain.checked !== manifest.audit.entries && chain.ok) problems.push(`nhật ký kiểm toán: ${chain.checked} bản ghi, bản sao lưu có ${manifest.audit.entries}`);
    if (problems.length) {
      throw new BackupError(
        `Dữ liệu sau khi khôi phục KHÔNG khớp với bản sao lưu (${problems.length} khác biệt). Đừng dùng ${dataDir}${opts.databaseUrl ? ' và cơ sở dữ liệu đích' : ''}: ` +
          'hãy xóa chúng và khôi phục lại từ một bản sao lưu khác.',
        problems,
      );
    }
    return { manifest, ms: Math.round(performance.now() - started), auditChecked: chain.checked };
  } catch (err) {
    // Nothing written to the database yet: leave the data directory as empty as it was found,
    // so the operator can simply run the restore again with a good archive.
    if (!touchedDatabase) {
      for (const e of fs.readdirSync(dataDir)) fs.rmSync(path.join(dataDir, e), { recursive: true, force: true });
    }
    throw err;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
    await closeTarget();
  }
}
