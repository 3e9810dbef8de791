// Crash safety — nothing acknowledged is ever lost.
//
// What this proves, on the database TEST_DB names (the suite runs the file on PGlite and on PostgreSQL):
// the real server process (main.ts, demo data, a real SMTP server) takes ≥1,000 online submissions
// of 'Đăng ký khai sinh' fired 50 at a time, and is killed with SIGKILL after a few hundred have been
// acknowledged — while its outbox worker is frozen in the middle of sending an email, so a claimed
// job dies with it. It is started again on the same database (same PGlite data directory), every
// request whose answer was lost is retried with the same Idempotency-Key and body, and a sample of
// acknowledged ones is replayed. Then, with the server stopped and the database opened directly:
//   - every acknowledged dossier exists exactly once, with its id, its code and its attachment (the
//     very bytes uploaded, on disk under their hash);
//   - every Idempotency-Key maps to exactly one dossier, and replays answer the same dossier;
//   - dossier codes are unique and their daily numbers strictly increase in commit order;
//   - every outbox row is 'done' (the job claimed at the crash came back when its lease expired)
//     and the SMTP server received at least one email per dossier (at-least-once);
//   - the audit hash chain verifies;
//   - uploads racing the kill: every acknowledged upload survives, no file under its final name is
//     torn (temp file + fsync + rename), and a file write killed half-way leaves only a temp file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../platform/db.ts';
import { verifyAuditChain } from '../platform/audit.ts';
import { FileStore } from '../platform/files.ts';
import { ROOT, TEST_DB, freshServerDatabase, login, register, spawnServer, startHoldableSmtp, waitUntil, type ServerProcess, type Session } from './process.ts';

const SUBMISSIONS = Number(process.env.CRASH_SUBMISSIONS ?? 1000);
const IN_FLIGHT = 50;
/** The kill comes once this many submissions have been acknowledged (and the mail worker is mid-send). */
const KILL_AFTER_ACKS = Number(process.env.CRASH_KILL_AFTER ?? 300);
/** Short job lease so the job claimed by the killed process comes back within the test. */
const JOB_LEASE_SECONDS = 2;
const PASSWORD = 'TinhSo@2026';
const LABEL = 'Giấy chứng sinh';

const ms = (from: number) => Math.round(performance.now() - from);
const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

/** A small valid PDF whose bytes (and so hash) are unique to `tag`. */
function pdf(tag: string, padding = 0): Buffer {
  const head = Buffer.from(
    `%PDF-1.4\n% ${tag}\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n`,
  );
  const pad = padding > 0 ? Buffer.from(`% ${'x'.repeat(padding)}\n`) : Buffer.alloc(0);
  return Buffer.concat([head, pad, Buffer.from('trailer<</Root 1 0 R>>\n%%EOF\n')]);
}

/** Runs `fn` over `items` with at most `limit` in flight; stops taking new items once `stop()` says so. */
async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>, stop: () => boolean = () => false): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (!stop() && next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

interface Submission {
  n: number;
  session: Session;
  key: string;
  body: { procedureId: string; formData: Record<string, unknown>; applicant: { fullName: string }; attachments: { uploadId: string; label: string }[] };
  fileSha: string;
}

type Outcome =
  | { kind: 'acked'; status: number; id: string; code: string }
  | { kind: 'lost'; error: string }
  | { kind: 'rejected'; status: number; body: unknown }
  | { kind: 'unsent' };

async function submitOnce(s: Submission): Promise<Outcome> {
  try {
    const r = await s.session.post('/api/v1/dossiers', s.body, { 'idempotency-key': s.key });
    if ((r.status === 201 || r.status === 200) && r.body?.id && r.body?.code) return { kind: 'acked', status: r.status, id: r.body.id, code: r.body.code };
    return { kind: 'rejected', status: r.status, body: r.body };
  } catch (err) {
    // The connection was refused or reset, or the body was cut: the client holds no answer.
    const e = err as Error & { cause?: { code?: string; message?: string } };
    return { kind: 'lost', error: e.cause?.code ?? e.cause?.message ?? e.message };
  }
}

test(`crash safety on ${TEST_DB}: ${SUBMISSIONS} submissions, SIGKILL mid-way, restart, retries — nothing acknowledged is lost`, { timeout: 240_000 }, async (t) => {
  const figures: Record<string, unknown> = { database: TEST_DB, submissions: SUBMISSIONS, inFlight: IN_FLIGHT };
  const started = performance.now();
  const inbox = await startHoldableSmtp();
  const db = await freshServerDatabase();
  const env = {
    SEED_DEMO: 'true',
    // The demo accounts and procedures are enough here; two years of history would only slow the first start.
    SEED_HISTORY: 'false',
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(inbox.port),
    WORKER_INTERVAL_MS: '100',
    JOB_LEASE_SECONDS: String(JOB_LEASE_SECONDS),
    LOGIN_RATE_LIMIT: '10000',
    // The client's address comes from X-Forwarded-For set by this test (a loopback "proxy"), so the
    // per-address upload limit (120/min) counts each simulated person separately.
    TRUST_PROXY: 'loopback',
  };
  let server: ServerProcess | null = null;
  try {
    let phase = performance.now();
    server = await spawnServer(db, env);
    figures.firstStartMs = ms(phase);

    // ------------------------------------------------------------ prepare: citizens, uploads, bodies
    phase = performance.now();
    const base = server.url;
    const runId = crypto.randomBytes(4).toString('hex');
    const sessions: Session[] = [
      await login(base, 'congdan@tinhso.vn', PASSWORD, '10.10.0.1'),
      await login(base, 'congdan2@tinhso.vn', PASSWORD, '10.10.0.2'),
    ];
    for (let i = 0; i < 4; i++) {
      sessions.push(await register(base, { email: `crash-${runId}-${i}@example.vn`, password: PASSWORD, fullName: `Công dân thử nghiệm ${i}` }, `10.10.0.${10 + i}`));
    }
    const search = await sessions[0]!.get(`/api/v1/procedures?q=${encodeURIComponent('khai sinh')}`);
    const summary = (search.body.items as { id: string; name: string }[]).find((p) => p.name === 'Đăng ký khai sinh');
    assert.ok(summary, 'the demo procedure Đăng ký khai sinh exists');
    const procedure = (await sessions[0]!.get(`/api/v1/procedures/${summary.id}`)).body as { id: string; agencyCode: string; documents: { name: string; required: boolean }[] };
    assert.ok(procedure.documents.some((d) => d.name === LABEL && d.required), `${LABEL} is the required document`);

    // One upload per submission: an upload can be attached once only.
    const subs: Submission[] = Array.from({ length: SUBMISSIONS }, (_, n) => ({ n, session: sessions[n % sessions.length]!, key: `crash-${runId}-${String(n).padStart(5, '0')}`, body: null!, fileSha: '' }));
    const perSession = new Map<Session, number>();
    await pool(subs, 16, async (s) => {
      const bytes = pdf(`giay-chung-sinh ${runId} ${s.n}`);
      // A person on a phone changes address; give each hundred uploads of a session its own, so the
      // per-address upload limit (not under test here) does not answer 429.
      const k = perSession.get(s.session) ?? 0;
      perSession.set(s.session, k + 1);
      const up = await s.session.upload(bytes, `giay-chung-sinh-${s.n}.pdf`, `10.11.${sessions.indexOf(s.session)}.${Math.floor(k / 100) + 1}`);
      assert.equal(up.status, 201, `upload ${s.n}: ${JSON.stringify(up.body)}`);
      s.fileSha = sha256(bytes);
      s.body = {
        procedureId: procedure.id,
        formData: {
          childFullName: `Nguyễn Văn Bé ${s.n}`,
          childBirthDate: '2026-01-15',
          childGender: s.n % 2 ? 'Nam' : 'Nữ',
          birthPlace: 'Bệnh viện Đa khoa tỉnh Sóc Trăng',
          motherFullName: 'Nguyễn Thị Hương',
          relationship: 'Mẹ',
        },
        applicant: { fullName: 'Nguyễn Thị Hương' },
        attachments: [{ uploadId: up.body.id, label: LABEL }],
      };
    });
    figures.prepareMs = ms(phase);

    // ------------------------------------------------------------ fire, and kill mid-way
    phase = performance.now();
    const outcomes: Outcome[] = subs.map(() => ({ kind: 'unsent' }));
    let acks = 0;
    let killed = false;
    let killing: Promise<void> | null = null;
    let heldAtKill = 0;
    const first = server;
    const maybeKill = () => {
      // Freeze the mail worker on its next message a little before the kill, then kill while it is
      // frozen: its claimed batch (one job mid-send, the rest waiting) dies with the process.
      if (acks >= KILL_AFTER_ACKS * 0.8) inbox.hold(true);
      if (killed || acks < KILL_AFTER_ACKS) return;
      if (inbox.held() === 0 && acks < KILL_AFTER_ACKS + 300) return;
      killed = true;
      heldAtKill = inbox.held();
      killing = first.kill();
    };
    // Uploads racing the kill (bigger files, so some are in the middle of their write when it comes).
    const racingUploads: { sha: string; id?: string; lost?: boolean }[] = [];
    const uploader = sessions[5]!;
    const racing = (async () => {
      for (let i = 0; !killed; i++) {
        const bytes = pdf(`racing ${runId} ${i}`, 512 * 1024);
        const rec: { sha: string; id?: string; lost?: boolean } = { sha: sha256(bytes) };
        racingUploads.push(rec);
        try {
          const up = await uploader.upload(bytes, `racing-${i}.pdf`, `10.12.${Math.floor(i / 100)}.1`);
          if (up.status === 201) rec.id = up.body.id;
        } catch {
          rec.lost = true;
        }
      }
    })();
    await pool(
      subs,
      IN_FLIGHT,
      async (s) => {
        const o = await submitOnce(s);
        outcomes[s.n] = o;
        if (o.kind === 'acked') {
          acks++;
          maybeKill();
        }
      },
      () => killed,
    );
    await racing;
    if (!killed) {
      killed = true;
      killing = first.kill();
    }
    await killing;
    const exit = await first.exited;
    figures.fireMs = ms(phase);
    assert.equal(exit.signal, 'SIGKILL', 'the first server died of SIGKILL');
    inbox.hold(false);

    const count = (k: Outcome['kind']) => outcomes.filter((o) => o.kind === k).length;
    const rejected = outcomes.flatMap((o, n) => (o.kind === 'rejected' ? [{ n, status: o.status, body: o.body }] : []));
    assert.deepEqual(rejected.slice(0, 5), [], 'no submission was refused before the kill');
    figures.ackedBeforeKill = count('acked');
    figures.lostAnswers = count('lost');
    figures.notYetSent = count('unsent');
    figures.lostErrors = [...new Set(outcomes.flatMap((o) => (o.kind === 'lost' ? [o.error] : [])))];
    figures.heldMailAtKill = heldAtKill;
    assert.ok(count('acked') >= KILL_AFTER_ACKS, `at least ${KILL_AFTER_ACKS} acknowledged before the kill`);
    assert.ok(count('lost') > 0, 'the kill cut some requests in flight');
    assert.ok(heldAtKill >= 1, 'the mail worker was frozen mid-send when the process was killed');
    const ackedFirst = new Map(outcomes.flatMap((o, n) => (o.kind === 'acked' ? [[n, o] as const] : [])));

    // ------------------------------------------------------------ restart on the same database
    phase = performance.now();
    server = await spawnServer(db, env);
    figures.restartMs = ms(phase);
    for (const s of sessions) s.baseUrl = server.url;

    // Retry every lost answer and send what never went out, with the same key and body; replay
    // every tenth acknowledged submission.
    phase = performance.now();
    const retry = subs.filter((s) => outcomes[s.n]!.kind !== 'acked');
    const replay = subs.filter((s) => s.n % 10 === 0 && outcomes[s.n]!.kind === 'acked');
    const final = new Map<number, { id: string; code: string }>([...ackedFirst].map(([n, o]) => [n, { id: o.id, code: o.code }]));
    let lostThatHadCommitted = 0;
    await pool([...retry, ...replay], IN_FLIGHT, async (s) => {
      const before = outcomes[s.n]!;
      const o = await submitOnce(s);
      assert.equal(o.kind, 'acked', `submission ${s.n} after restart: ${JSON.stringify(o)}`);
      if (o.kind !== 'acked') return;
      if (before.kind === 'acked') {
        assert.equal(o.status, 200, `replay ${s.n} answers 200, not a new dossier`);
        assert.equal(o.id, before.id, `replay ${s.n} returns the same dossier id`);
        assert.equal(o.code, before.code, `replay ${s.n} returns the same dossier code`);
      } else {
        if (before.kind === 'lost' && o.status === 200) lostThatHadCommitted++;
        if (before.kind === 'unsent') assert.equal(o.status, 201, `never-sent submission ${s.n} is created now`);
        final.set(s.n, { id: o.id, code: o.code });
      }
    });
    // The lost answers once more: still the same dossier.
    await pool(retry.filter((s) => outcomes[s.n]!.kind === 'lost'), IN_FLIGHT, async (s) => {
      const o = await submitOnce(s);
      assert.ok(o.kind === 'acked' && o.status === 200 && o.id === final.get(s.n)!.id, `second retry of ${s.n} returns the same dossier`);
    });
    figures.retried = retry.length;
    figures.lostAnswersWhoseDossierHadCommitted = lostThatHadCommitted;
    figures.replayedAcked = replay.length;
    figures.retryMs = ms(phase);
    assert.equal(final.size, SUBMISSIONS, 'every submission ends with a dossier');

    // A sample through the API: the applicant sees the dossier with its attachment.
    for (const n of [...ackedFirst.keys()].slice(0, 5)) {
      const s = subs[n]!;
      const d = await s.session.get(`/api/v1/dossiers/${final.get(n)!.id}`);
      assert.equal(d.status, 200);
      assert.equal(d.body.code, final.get(n)!.code);
      assert.deepEqual(d.body.attachments.map((a: { label: string }) => a.label), [LABEL]);
    }

    // ------------------------------------------------------------ the outbox drains, mail arrives
    // Every job's email was either delivered before the kill (then the job had been marked done: the
    // worker is sequential and was frozen on an un-acknowledged message) or is sent after the restart
    // — the claimed batch once its lease has expired. So "an email for every code" means every job ran.
    phase = performance.now();
    const codes = new Set([...final.values()].map((d) => d.code));
    const mailed = new Map<string, number>();
    let seen = 0;
    const tally = () => {
      for (; seen < inbox.messages.length; seen++) {
        const m = /Hồ sơ (\S+):/.exec(inbox.messages[seen]!.subject ?? '');
        if (m) mailed.set(m[1]!, (mailed.get(m[1]!) ?? 0) + 1);
      }
      return [...codes].every((c) => mailed.has(c));
    };
    await waitUntil('an email for every dossier', tally, 90_000, 100).catch((err) => {
      const missing = [...codes].filter((c) => !mailed.has(c));
      throw new Error(`${(err as Error).message}: ${missing.length} codes without email, e.g. ${missing.slice(0, 3).join(', ')}\n${server?.output()}`);
    });
    figures.mailDrainMs = ms(phase);
    figures.emailsReceived = inbox.messages.length;
    figures.duplicateEmails = [...mailed.values()].reduce((a, n) => a + n - 1, 0);

    // Graceful stop: the worker finishes its batch; the database is then ours alone (PGlite is single-process).
    await server.stop();
    const stopped = await server.exited;
    assert.equal(stopped.code, 0, `server stopped cleanly:\n${server.output()}`);

    // ------------------------------------------------------------ the database, read directly
    phase = performance.now();
    const opened = await openDatabase({ databaseUrl: db.databaseUrl, dataDir: db.dataDir });
    try {
      const rows = await opened.db
        .selectFrom('dossiers')
        .select(['id', 'code', 'idempotency_key', 'applicant_id'])
        .where('idempotency_key', 'like', `crash-${runId}-%`)
        .execute();
      const byKey = new Map<string, (typeof rows)[number][]>();
      for (const r of rows) byKey.set(r.idempotency_key!, [...(byKey.get(r.idempotency_key!) ?? []), r]);
      assert.equal(rows.length, SUBMISSIONS, 'exactly one dossier per submission');
      assert.equal(byKey.size, SUBMISSIONS, 'every Idempotency-Key maps to exactly one dossier');
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const s of subs) {
        const want = final.get(s.n)!;
        const row = byId.get(want.id);
        assert.ok(row, `acknowledged dossier ${want.code} exists`);
        assert.equal(row.code, want.code);
        assert.equal(row.idempotency_key, s.key);
        assert.equal(row.applicant_id, s.session.userId);
        assert.equal(byKey.get(s.key)!.length, 1);
      }
      assert.equal(new Set(rows.map((r) => r.code)).size, rows.length, 'dossier codes are unique');

      // Attachments: exactly the uploaded bytes, once, on disk under their hash.
      const atts = await opened.db.selectFrom('dossier_attachments').select(['dossier_id', 'label', 'file_sha256', 'kind']).where('dossier_id', 'in', rows.map((r) => r.id)).execute();
      const attsBy = new Map<string, typeof atts>();
      for (const a of atts) attsBy.set(a.dossier_id, [...(attsBy.get(a.dossier_id) ?? []), a]);
      const store = new FileStore(path.join(db.dataDir, 'files'), 1 << 30);
      for (const s of subs) {
        const list = attsBy.get(final.get(s.n)!.id) ?? [];
        assert.equal(list.length, 1, `dossier ${final.get(s.n)!.code} has its one attachment`);
        assert.equal(list[0]!.label, LABEL);
        assert.equal(list[0]!.kind, 'application');
        assert.equal(list[0]!.file_sha256, s.fileSha, `dossier ${final.get(s.n)!.code} holds the bytes its citizen uploaded`);
        assert.equal(sha256(store.read(s.fileSha)), s.fileSha, 'the file on disk is whole');
      }
      const used = await opened.db.selectFrom('uploads').select((eb) => eb.fn.countAll<number>().as('n')).where('used_at', 'is not', null).executeTakeFirstOrThrow();
      assert.equal(Number(used.n), SUBMISSIONS, 'each upload was consumed by exactly one dossier');

      // Codes: {agency}-{yymmdd}-{NNNN}, strictly increasing per agency and day in commit order.
      // Commit order is the audit chain's order: the submission holds the agency/day counter's row lock
      // (nextSequence) until it commits and appends its audit row under the chain's lock before that.
      // Gaps are tolerated, not required: a PostgreSQL SEQUENCE hands out numbers outside the
      // transaction, so a rolled-back submission would consume one, and the law asks for a unique
      // daily number, not a dense one. Today's counter is a row updated inside the submitting
      // transaction, so a rollback gives its number back — we observe (and report) zero gaps, but the
      // test does not depend on it, so the counter may become a sequence or be sharded.
      const submits = await opened.db.selectFrom('audit_log').select(['id', 'subject_id', 'data']).where('action', '=', 'dossier.submit').orderBy('id').execute();
      const ours = submits.filter((a) => byId.has(a.subject_id!));
      assert.equal(ours.length, SUBMISSIONS, 'one submit audit entry per dossier');
      const lastSeq = new Map<string, number>();
      const seen = new Map<string, number[]>();
      for (const a of ours) {
        const code = byId.get(a.subject_id!)!.code;
        assert.equal((a.data as { code?: string }).code, code, 'the audit entry names the dossier code');
        const m = /^(.+-\d{6})-(\d{4,})$/.exec(code);
        assert.ok(m, `code ${code} has the form {agency}-{yymmdd}-{NNNN}`);
        assert.ok(m[1]!.startsWith(`${procedure.agencyCode}-`), `code ${code} belongs to the procedure's agency`);
        const seq = Number(m[2]);
        assert.ok(seq > (lastSeq.get(m[1]!) ?? 0), `sequence strictly increases per agency/day: ${code} after ${lastSeq.get(m[1]!)}`);
        lastSeq.set(m[1]!, seq);
        seen.set(m[1]!, [...(seen.get(m[1]!) ?? []), seq]);
      }
      figures.codeGaps = [...seen.values()].reduce((gaps, seqs) => gaps + (Math.max(...seqs) - Math.min(...seqs) + 1 - seqs.length), 0);

      // Outbox: everything done, nothing dead; the batch claimed by the killed process was retried.
      const outbox = await opened.db.selectFrom('outbox').select(['id', 'status', 'attempts', 'last_error', 'payload']).execute();
      const notDone = outbox.filter((o) => o.status !== 'done');
      assert.deepEqual(notDone.map((o) => ({ id: o.id, status: o.status, attempts: o.attempts, error: o.last_error })).slice(0, 5), [], 'every outbox row is done');
      assert.equal(outbox.length, SUBMISSIONS, 'one email job per submission');
      const retriedAfterLease = outbox.filter((o) => o.attempts >= 2);
      figures.jobsRetriedAfterLeaseExpiry = retriedAfterLease.length;
      assert.ok(retriedAfterLease.length >= 1, 'the job claimed when the process died was claimed again after its lease expired');
      for (const o of retriedAfterLease) assert.ok(mailed.has(String((o.payload as { subject?: string }).subject).match(/Hồ sơ (\S+):/)?.[1] ?? ''), 'its email arrived');

      // Audit chain.
      const chain = await verifyAuditChain(opened.db);
      assert.deepEqual(chain.broken, undefined, 'the audit chain verifies');
      assert.ok(chain.ok && chain.checked >= SUBMISSIONS);
      figures.auditRowsVerified = chain.checked;

      // Uploads that raced the kill: every acknowledged one is a row whose file is whole on disk.
      const ackedUploads = racingUploads.filter((u) => u.id);
      const upRows = ackedUploads.length
        ? await opened.db.selectFrom('uploads').select(['id', 'file_sha256']).where('id', 'in', ackedUploads.map((u) => u.id!)).execute()
        : [];
      assert.equal(upRows.length, ackedUploads.length, 'every acknowledged upload survived the kill');
      for (const u of ackedUploads) {
        assert.equal(upRows.find((r) => r.id === u.id)?.file_sha256, u.sha);
        assert.equal(sha256(store.read(u.sha)), u.sha);
      }
      figures.racingUploads = { acked: ackedUploads.length, lost: racingUploads.filter((u) => u.lost).length };
      // Every file under its final name is whole (its name is its hash) and every files row has its file.
      const fileRows = await opened.db.selectFrom('files').select('sha256').execute();
      for (const f of fileRows) assert.equal(sha256(store.read(f.sha256)), f.sha256, `file ${f.sha256} is whole`);
      const onDisk = fs.readdirSync(path.join(db.dataDir, 'files'), { recursive: true }).map(String);
      const finals = onDisk.filter((p) => /[0-9a-f]{64}$/.test(p));
      for (const p of finals) assert.equal(sha256(fs.readFileSync(path.join(db.dataDir, 'files', p))), path.basename(p), `no torn file under a final name: ${p}`);
      figures.tempFilesLeftByKill = onDisk.filter((p) => p.endsWith('.tmp')).length;
    } finally {
      await opened.close();
    }
    figures.verifyMs = ms(phase);
    figures.totalMs = ms(started);
    t.diagnostic(`crash-safety figures: ${JSON.stringify(figures)}`);
  } finally {
    if (server && server.child.exitCode === null && server.child.signalCode === null) await server.kill();
    await inbox.close();
    await db.drop();
  }
});

test('a file write killed half-way leaves only a temp file, never a torn file under its final name', { timeout: 60_000 }, async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tinhso-filekill-'));
  try {
    // Big enough that writing and fsyncing it takes a while, so the kill lands between open and rename.
    const bytes = pdf('big', 64 * 1024 * 1024);
    const sha = sha256(bytes);
    const store = new FileStore(root, 1 << 30);
    const target = store.pathOf(sha);
    const filesTs = path.join(ROOT, 'apps/server/src/platform/files.ts');
    // The database is not reached before the rename; a stub stands in for it.
    const script = `
      import { FileStore } from ${JSON.stringify(filesTs)};
      const pad = 'x'.repeat(${64 * 1024 * 1024});
      const head = Buffer.from(${JSON.stringify(pdf('big').toString().split('trailer')[0])});
      const bytes = Buffer.concat([head, Buffer.from('% ' + pad + '\\n'), Buffer.from('trailer<</Root 1 0 R>>\\n%%EOF\\n')]);
      const db = { insertInto: () => ({ values: () => ({ onConflict: () => ({ execute: async () => {} }) }) }) };
      process.stdout.write('ready\\n');
      await new FileStore(${JSON.stringify(root)}, 1 << 30).put(db, bytes, 'big.pdf');
      process.stdout.write('stored\\n');
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_c, sig) => resolve(sig)));
    const dir = path.dirname(target);
    // Kill as soon as the temp file exists (poll tightly; the write + fsync of ~64 MB takes far longer).
    const tmp = await waitUntil(
      'the temp file to appear',
      () => {
        if (child.exitCode !== null) throw new Error(`writer exited before the kill: ${out}`);
        return fs.existsSync(dir) ? fs.readdirSync(dir).find((f) => f.endsWith('.tmp')) : undefined;
      },
      30_000,
      2,
    );
    child.kill('SIGKILL');
    assert.equal(await exited, 'SIGKILL');
    assert.ok(!out.includes('stored'), 'killed before the write completed');
    assert.equal(fs.existsSync(target), false, 'nothing under the final name');
    assert.ok(fs.statSync(path.join(dir, tmp)).size <= bytes.length, 'the temp file holds at most the bytes');
    // The client never got an answer and uploads again: the store writes the file whole.
    const stored = await store.put({ insertInto: () => ({ values: () => ({ onConflict: () => ({ execute: async () => {} }) }) }) } as never, bytes, 'big.pdf');
    assert.equal(stored.sha256, sha);
    assert.equal(sha256(fs.readFileSync(target)), sha, 'the retried write is whole');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('a short write (a full disk, here a file-size limit) fails the upload and never leaves a torn file under its final name', { timeout: 60_000 }, async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tinhso-shortwrite-'));
  try {
    // write(2) on a filling disk writes what fits and returns the short count before failing with
    // ENOSPC; a file-size limit (ulimit -f, in 512-byte blocks) gives the same short write and then
    // EFBIG, without filling the machine's disk. Node ignores SIGXFSZ, so the process lives on.
    const filesTs = path.join(ROOT, 'apps/server/src/platform/files.ts');
    const script = `
      import { FileStore } from ${JSON.stringify(filesTs)};
      const head = Buffer.from(${JSON.stringify(pdf('short').toString().split('trailer')[0])});
      const bytes = Buffer.concat([head, Buffer.from('% ' + 'y'.repeat(3 * 1024 * 1024) + '\\n'), Buffer.from('trailer<</Root 1 0 R>>\\n%%EOF\\n')]);
      const db = { insertInto: () => ({ values: () => ({ onConflict: () => ({ execute: async () => {} }) }) }) };
      const store = new FileStore(${JSON.stringify(root)}, 1 << 30);
      try {
        await store.put(db, bytes, 'short.pdf');
        process.stdout.write('stored\\n');
      } catch (err) {
        process.stdout.write('failed ' + err.code + '\\n');
      }
    `;
    const child = spawn('sh', ['-c', 'ulimit -f 2048 && exec "$@"', 'sh', process.execPath, '--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    assert.equal(code, 0, out);
    assert.match(out, /failed (EFBIG|ENOSPC)/, `the upload fails instead of storing a cut file: ${out}`);
    const left = fs.readdirSync(root, { recursive: true }).map(String).filter((p) => fs.statSync(path.join(root, p)).isFile());
    assert.deepEqual(left, [], 'no file under its final name and no temp file left behind');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
