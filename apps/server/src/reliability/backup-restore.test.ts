// Backup and restore (platform/backup.ts, `npm run backup` / `npm run restore`) on the database under
// test (TEST_DB=pglite | postgres): data built through the API — dossiers at several stages with
// application, supplement and result files, timelines, audited reads — is backed up (PGlite: server
// stopped; PostgreSQL: online), restored into an empty data directory (and a fresh empty database),
// and found identical: every table's rows and checksum, every audit entry and the audit chain,
// every dossier as the API shows it, every attachment byte for byte. A restore refuses a target that
// is not empty, and an archive that does not match its manifest fails loudly.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import * as tar from 'tar';
import type { FastifyInstance } from 'fastify';
import { createTestEnv, json, TEST_DB, type TestEnv } from '../test/harness.ts';
import { Client, PDF_BYTES, PNG_BYTES, type Office } from '../test/factories.ts';
import { assertVietnamese } from '../test/expect.ts';
import { startPlatform, type Platform } from '../platform/bootstrap.ts';
import { buildApp } from '../app.ts';
import { verifyAuditChain } from '../platform/audit.ts';
import { BackupError, checksumTables, createBackup, restoreBackup, schemaObjects, type Manifest, type TableSum } from '../platform/backup.ts';
import { migrations } from '../db/migrations/index.ts';
import { freshPostgresDatabase } from '../test/postgres.ts';

const migrationNames = Object.keys(migrations).sort();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');
/** A real PDF (its magic bytes pass the content check) made unique, so every file is its own blob. */
const uniquePdf = (tag: string) => Buffer.concat([PDF_BYTES, Buffer.from(`% ${tag} ${crypto.randomUUID()}\n`)]);

/** An empty database on the test server, for a PostgreSQL restore target. */
const emptyDatabase = () => freshPostgresDatabase('tinhso_restore');

/** Unpacks an archive, lets `mutate` change it, packs it again the way an operator's GNU tar would (directory entries included). */
async function repack(archive: string, out: string, mutate: (dir: string) => void) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinhso-repack-'));
  try {
    await tar.x({ file: archive, cwd: dir });
    mutate(dir);
    const entries = ['manifest.json', 'database', ...(fs.existsSync(path.join(dir, 'files')) ? ['files'] : [])];
    await tar.c({ gzip: true, file: out, cwd: dir, portable: true }, entries);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function expectBackupError(p: Promise<unknown>, pattern: RegExp): Promise<BackupError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof BackupError, `a BackupError, got ${String(err)}`);
    assertVietnamese(err.message);
    assert.match(`${err.message}\n${err.problems.join('\n')}`, pattern);
    return err;
  }
  assert.fail('expected the operation to fail');
}

interface Expected {
  dossiers: { id: string; detail: any; files: Record<string, string> }[];
  audit: unknown[];
  sums: Record<string, TableSum>;
  /** Same, in chunks of 2 rows: exercises the keyset walk over uuid, text, bigint and (uuid, date) keys. */
  sumsSmallChunks: Record<string, TableSum>;
  chainChecked: number;
  fileShas: Set<string>;
  schema: Record<string, string[]>;
}

describe(`backup and restore (${TEST_DB})`, () => {
  let env: TestEnv;
  let envClosed = false;
  let office: Office;
  let citizen: Client;
  let expected: Expected;
  let manifest: Manifest;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tinhso-backup-test-'));
  const archive = path.join(work, 'tinhso.tar.gz');
  const cleanups: (() => Promise<void>)[] = [];

  before(async () => {
    env = await createTestEnv();
    const { f } = env;
    office = await f.office();
    citizen = await f.signedIn('citizen');
    const citizen2 = await f.signedIn('citizen', null, { fullName: 'Trần Văn Đức' });
    const step = async (client: Client, id: string, action: string, body: unknown = {}) => {
      const res = await client.post(`/api/v1/dossiers/${id}/${action}`, body);
      assert.equal(res.statusCode, 200, `${action}: ${res.body}`);
    };
    const submit = async (who: Client, files: { bytes: Buffer; name: string; type: string }[]) => {
      const ids: string[] = [];
      for (const file of files) {
        const up = await who.upload(file.bytes, file.name, file.type);
        assert.equal(up.statusCode, 201, up.body);
        ids.push(json(up).id);
      }
      const res = await who.post('/api/v1/dossiers', f.submission(office.procedure.id, ids), { 'idempotency-key': crypto.randomUUID() });
      assert.equal(res.statusCode, 201, res.body);
      return json(res).id as string;
    };
    const pdf = (tag: string) => ({ bytes: uniquePdf(tag), name: `${tag}.pdf`, type: 'application/pdf' });

    // 1. Through to the result, with a result file.
    const d1 = await submit(citizen, [pdf('giay-chung-sinh-1'), { bytes: PNG_BYTES, name: 'anh-chup.png', type: 'image/png' }]);
    await step(office.desk, d1, 'receive');
    await step(office.processor, d1, 'assign', { assigneeId: office.processor.user!.id });
    await step(office.processor, d1, 'notes', { note: 'Hồ sơ đầy đủ, đề nghị phê duyệt' });
    await step(office.processor, d1, 'forward', { note: 'Trình lãnh đạo' });
    await step(office.approver, d1, 'approve');
    const result = await office.desk.upload(uniquePdf('ket-qua-1'), 'giay-khai-sinh.pdf', 'application/pdf');
    await step(office.desk, d1, 'return-result', { attachments: [{ uploadId: json(result).id, label: 'Giấy khai sinh (bản chính)' }] });
    // 2. A supplement requested and answered with a new file.
    const d2 = await submit(citizen, [pdf('giay-chung-sinh-2')]);
    await step(office.desk, d2, 'receive');
    await step(office.desk, d2, 'supplement-requests', { items: ['Bản sao giấy chứng nhận kết hôn', 'Giấy tờ tùy thân của người đi đăng ký'] });
    const extra = await citizen.upload(uniquePdf('bo-sung-2'), 'ket-hon.pdf', 'application/pdf');
    await step(citizen, d2, 'supplement', { note: 'Đã bổ sung', attachments: [{ uploadId: json(extra).id, label: 'Giấy chứng nhận kết hôn' }] });
    // 3. Declined at intake; 4. refused after processing; 5. just submitted, another citizen.
    const d3 = await submit(citizen, [pdf('giay-chung-sinh-3')]);
    await step(office.desk, d3, 'decline', { reason: 'Hồ sơ không thuộc thẩm quyền giải quyết' });
    const d4 = await submit(citizen2, [pdf('giay-chung-sinh-4')]);
    await step(office.desk, d4, 'receive');
    await step(office.processor, d4, 'assign', { assigneeId: office.processor.user!.id });
    await step(office.processor, d4, 'forward');
    await step(office.approver, d4, 'refuse', { reason: 'Không đủ điều kiện theo quy định' });
    const d5 = await submit(citizen2, [pdf('giay-chung-sinh-5')]);

    // What the API shows (as the desk official: audited reads of personal data add audit entries),
    // then what the database holds.
    const dossiers: Expected['dossiers'] = [];
    const fileShas = new Set<string>();
    for (const id of [d1, d2, d3, d4, d5]) {
      const res = await office.desk.get(`/api/v1/dossiers/${id}`);
      assert.equal(res.statusCode, 200, res.body);
      const detail = json(res);
      const files: Record<string, string> = {};
      for (const a of detail.attachments) {
        const bytes = await office.desk.get(`/api/v1/dossiers/${id}/attachments/${a.id}`);
        assert.equal(bytes.statusCode, 200);
        files[a.id] = sha256(bytes.rawPayload);
        fileShas.add(files[a.id]!);
      }
      dossiers.push({ id, detail, files });
    }
    assert.equal(fileShas.size, 8, 'eight distinct files: 6 application, 1 supplement, 1 result');
    const chain = await verifyAuditChain(env.ctx.db);
    assert.ok(chain.ok);
    expected = {
      dossiers,
      audit: await env.ctx.db.selectFrom('audit_log').selectAll().orderBy('id').execute(),
      sums: await checksumTables(env.ctx.db),
      sumsSmallChunks: await checksumTables(env.ctx.db, 2),
      chainChecked: chain.checked,
      fileShas,
      schema: await schemaObjects(env.ctx.db),
    };
    assert.ok(expected.sums.dossiers!.rows === 5 && expected.sums.dossier_events!.rows >= 15 && expected.sums.audit_log!.rows >= 20, JSON.stringify(expected.sums));
  });

  after(async () => {
    for (const c of cleanups.reverse()) await c();
    if (envClosed) fs.rmSync(env.config.dataDir, { recursive: true, force: true });
    else await env.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  if (TEST_DB === 'pglite') {
    it('refuses, in Vietnamese, to back up an embedded database that a running server has open', async () => {
      const err = await expectBackupError(createBackup({ dataDir: env.config.dataDir, out: archive }), /đang được tiến trình/);
      assert.match(err.message, new RegExp(`\\b${process.pid}\\b`), 'names the process');
      assert.match(err.message, /dừng máy chủ/);
      assert.ok(!fs.existsSync(archive), 'no archive written');
    });
  }

  it('writes one archive with the database, the files and a manifest of counts and checksums', async (t) => {
    if (TEST_DB === 'pglite') {
      // PGlite allows one process: stop the server first, as an operator would.
      await env.app.close();
      await env.platform.close();
      envClosed = true;
    }
    const r = await createBackup({ dataDir: env.config.dataDir, databaseUrl: env.config.databaseUrl, out: archive });
    manifest = r.manifest;
    t.diagnostic(`${TEST_DB}: archive ${(r.bytes / 1024).toFixed(0)} KiB in ${r.ms} ms (dump ${(manifest.database.bytes / 1024).toFixed(0)} KiB; ${Object.values(manifest.tables).reduce((n, x) => n + x.rows, 0)} rows, ${manifest.audit.entries} audit entries, ${manifest.files.count} files)`);
    assert.equal(fs.statSync(archive).mode & 0o777, 0o600, 'readable by its owner only');
    assert.deepEqual(manifest.tables, expected.sums);
    assert.equal(manifest.database.kind, TEST_DB);
    assert.deepEqual(manifest.database.migrations, migrationNames);
    assert.deepEqual(manifest.schema, expected.schema);
    assert.ok(manifest.schema.index!.includes('users_email_key') && manifest.schema.constraint!.includes('audit_log.audit_log_hash_key'), JSON.stringify(manifest.schema));
    assert.deepEqual(new Set(manifest.files.items.map((i) => i.sha256)), expected.fileShas);
    assert.deepEqual(manifest.files.missing, []);
    for (const i of manifest.files.items) assert.equal(i.path, `files/${i.sha256.slice(0, 2)}/${i.sha256.slice(2, 4)}/${i.sha256}`);
    assert.deepEqual(manifest.audit, { entries: expected.audit.length, chainOk: true, brokenAt: null, lastHash: (expected.audit.at(-1) as any).hash });
    const entries: string[] = [];
    await tar.t({ file: archive, onReadEntry: (e) => void entries.push(e.path) });
    assert.deepEqual(entries, ['manifest.json', manifest.database.file, ...manifest.files.items.map((i) => i.path)]);
  });

  it('restores into an empty data directory (and empty database): every table, dossier, file and audit entry identical', async (t) => {
    const target = fs.mkdtempSync(path.join(work, 'restored-'));
    const db = TEST_DB === 'postgres' ? await emptyDatabase() : null;
    if (db) cleanups.push(db.drop);
    const r = await restoreBackup({ archive, dataDir: target, databaseUrl: db?.url });
    t.diagnostic(`${TEST_DB}: restore and verification in ${r.ms} ms`);
    assert.equal(r.auditChecked, expected.chainChecked);
    assert.deepEqual(fs.readdirSync(target).sort(), TEST_DB === 'pglite' ? ['files', 'pglite'] : ['files']);

    const config = { ...env.config, dataDir: target, databaseUrl: db?.url };
    let restored: Platform | null = await startPlatform(config, pino({ level: 'silent' }));
    let app: FastifyInstance | null = null;
    cleanups.push(async () => {
      await app?.close();
      await restored?.close();
    });
    const rdb = restored.ctx.db;
    // The database, before anything reads through the API (reads by officials are audited).
    assert.deepEqual(await checksumTables(rdb), expected.sums);
    assert.deepEqual(await checksumTables(rdb, 2), expected.sumsSmallChunks);
    assert.deepEqual(await schemaObjects(rdb), expected.schema);
    assert.deepEqual(await rdb.selectFrom('audit_log').selectAll().orderBy('id').execute(), expected.audit);
    assert.deepEqual(await verifyAuditChain(rdb), { ok: true, checked: expected.chainChecked });

    // The API: the same sessions still work, every dossier reads the same, every file byte for byte.
    app = await buildApp(restored.ctx);
    await app.ready();
    const desk = new Client(app, office.desk.user, office.desk.cookie, office.desk.csrf);
    for (const d of expected.dossiers) {
      const res = await desk.get(`/api/v1/dossiers/${d.id}`);
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(json(res), d.detail);
      for (const [attachmentId, sha] of Object.entries(d.files)) {
        const bytes = await desk.get(`/api/v1/dossiers/${d.id}/attachments/${attachmentId}`);
        assert.equal(bytes.statusCode, 200);
        assert.equal(sha256(bytes.rawPayload), sha);
      }
    }
    // And it carries on: identity sequences and the chain continue where the backup left them.
    const c = new Client(app, citizen.user, citizen.cookie, citizen.csrf);
    const up = await c.upload(uniquePdf('sau-khoi-phuc'), 'moi.pdf', 'application/pdf');
    assert.equal(up.statusCode, 201, up.body);
    const res = await c.post('/api/v1/dossiers', { procedureId: office.procedure.id, formData: { childFullName: 'Lê Minh Khang', childBirthDate: '2026-10-01', childGender: 'Nam' }, applicant: { fullName: 'Nguyễn Thị Hương', email: 'huong@example.vn' }, attachments: [{ uploadId: json(up).id, label: 'Giấy chứng sinh' }] }, { 'idempotency-key': crypto.randomUUID() });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal((await desk.post(`/api/v1/dossiers/${json(res).id}/receive`, {})).statusCode, 200);
    const chain = await verifyAuditChain(rdb);
    assert.ok(chain.ok && chain.checked > expected.chainChecked, JSON.stringify(chain));
    // The checksum sees a one-character change in one row of a table.
    const before = (await checksumTables(rdb)).extensions!;
    const sums = await checksumTables(rdb);
    await rdb.updateTable('dossiers').set({ applicant_address: 'Phường Phú Lợi, Sóc Trăng ' }).where('id', '=', expected.dossiers[2]!.id).execute();
    const changed = await checksumTables(rdb);
    assert.equal(changed.dossiers!.rows, sums.dossiers!.rows);
    assert.notEqual(changed.dossiers!.checksum, sums.dossiers!.checksum);
    assert.deepEqual(changed.extensions, before);
    await app.close();
    await restored.close();
    app = null;
    restored = null;
  });

  if (TEST_DB === 'postgres') {
    it('an online PostgreSQL backup taken while the server keeps writing restores consistent (dump and manifest from one snapshot)', async (t) => {
      let writing = true;
      let writes = 0;
      const writer = (async () => {
        while (writing) {
          // An official's read of personal data appends an audit entry: a write per request.
          const res = await office.desk.get(`/api/v1/dossiers/${expected.dossiers[writes % 5]!.id}`);
          assert.equal(res.statusCode, 200, res.body);
          writes++;
        }
      })();
      const online = path.join(work, 'online.tar.gz');
      let r;
      try {
        r = await createBackup({ dataDir: env.config.dataDir, databaseUrl: env.config.databaseUrl, out: online });
      } finally {
        writing = false;
        await writer;
      }
      t.diagnostic(`${writes} writes while the backup ran`);
      assert.ok(writes > 0, 'the server wrote during the backup');
      const db = await emptyDatabase();
      cleanups.push(db.drop);
      const restored = await restoreBackup({ archive: online, dataDir: fs.mkdtempSync(path.join(work, 'online-')), databaseUrl: db.url });
      assert.deepEqual(restored.manifest.tables, r.manifest.tables);
      // Writes went on after the snapshot: the live database is ahead of the backup, which is whole as of its snapshot.
      const live = (await checksumTables(env.ctx.db)).audit_log!.rows;
      assert.ok(live > r.manifest.audit.entries && r.manifest.audit.entries >= expected.sums.audit_log!.rows, `${live} > ${r.manifest.audit.entries} >= ${expected.sums.audit_log!.rows}`);
      assert.equal(restored.auditChecked, r.manifest.audit.entries);
    });
  }

  it('refuses a target that is not empty, in Vietnamese, and leaves it as it was', async () => {
    const occupied = fs.mkdtempSync(path.join(work, 'occupied-'));
    fs.writeFileSync(path.join(occupied, 'ghi-chu.txt'), 'dữ liệu đang dùng');
    const db = TEST_DB === 'postgres' ? await emptyDatabase() : null;
    if (db) cleanups.push(db.drop);
    await expectBackupError(restoreBackup({ archive, dataDir: occupied, databaseUrl: db?.url }), /không trống/);
    assert.deepEqual(fs.readdirSync(occupied), ['ghi-chu.txt']);

    if (TEST_DB === 'postgres') {
      // An empty directory but a database that has tables (the source itself): refused, untouched.
      const empty = fs.mkdtempSync(path.join(work, 'empty-'));
      const sums = await checksumTables(env.ctx.db);
      await expectBackupError(restoreBackup({ archive, dataDir: empty, databaseUrl: env.config.databaseUrl }), /Cơ sở dữ liệu đích .* không trống/);
      assert.deepEqual(await checksumTables(env.ctx.db), sums);
      assert.deepEqual(fs.readdirSync(empty), []);
    }
  });

  it('a corrupted file in the archive fails loudly before touching the database; `npm run restore` exits non-zero', async () => {
    const bad = path.join(work, 'bad-file.tar.gz');
    const victim = manifest.files.items[0]!;
    await repack(archive, bad, (dir) => {
      const p = path.join(dir, victim.path);
      const bytes = fs.readFileSync(p);
      bytes[bytes.length - 3] = bytes[bytes.length - 3]! ^ 0xff;
      fs.writeFileSync(p, bytes);
    });
    const target = path.join(work, 'bad-file-target');
    const db = TEST_DB === 'postgres' ? await emptyDatabase() : null;
    if (db) cleanups.push(db.drop);
    const err = await expectBackupError(restoreBackup({ archive: bad, dataDir: target, databaseUrl: db?.url }), /không khớp với manifest/);
    assert.ok(err.problems.some((p) => p.includes(victim.path)), err.problems.join('\n'));
    assert.deepEqual(fs.readdirSync(target), [], 'the target is left empty, ready for another try');

    // The command: exit code 1, the reason and the differing file on stderr.
    const cli = spawnSync(process.execPath, ['--import', 'tsx', 'apps/server/src/cli/restore.ts', bad], {
      cwd: root,
      env: { ...process.env, DATA_DIR: target, DATABASE_URL: db?.url ?? '', INIT_CWD: root },
      encoding: 'utf8',
    });
    assert.equal(cli.status, 1, cli.stderr);
    assert.match(cli.stderr, /Khôi phục thất bại: Tệp lưu trữ không khớp với manifest\.json/);
    assert.match(cli.stderr, new RegExp(victim.path));

    // A truncated archive: the gzip stream ends early.
    const cut = path.join(work, 'cut.tar.gz');
    fs.writeFileSync(cut, fs.readFileSync(archive).subarray(0, Math.floor(fs.statSync(archive).size / 2)));
    await expectBackupError(restoreBackup({ archive: cut, dataDir: target, databaseUrl: db?.url }), /bị hỏng hoặc không đầy đủ/);
    assert.deepEqual(fs.readdirSync(target), []);
  });

  it('data that differs from the manifest after the restore fails loudly, naming the table', async () => {
    // A manifest whose dossiers checksum does not match the dump (as if a row had changed).
    const bad = path.join(work, 'bad-manifest.tar.gz');
    await repack(archive, bad, (dir) => {
      const m = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
      m.tables.dossiers!.checksum = sha256(Buffer.from('khác'));
      m.tables.audit_log!.rows += 1;
      m.schema.index!.push('chi_muc_da_mat');
      fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(m));
    });
    const target = path.join(work, 'bad-manifest-target');
    const db = TEST_DB === 'postgres' ? await emptyDatabase() : null;
    if (db) cleanups.push(db.drop);
    const err = await expectBackupError(restoreBackup({ archive: bad, dataDir: target, databaseUrl: db?.url }), /KHÔNG khớp/);
    assert.ok(err.problems.some((p) => /^bảng dossiers: mã kiểm tra khác/.test(p)), err.problems.join('\n'));
    assert.ok(err.problems.some((p) => /^bảng audit_log: \d+ dòng/.test(p)), err.problems.join('\n'));
    assert.ok(err.problems.includes('index chi_muc_da_mat: thiếu sau khi khôi phục'), err.problems.join('\n'));
    assert.match(err.message, /Đừng dùng/);
  });
});
