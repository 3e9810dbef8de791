// `npm run bench`: every benchmark of docs/BENCHMARKS.md, in order, and the report.
//
//  1. PostgreSQL: a fresh database (created here, dropped at the end), migrations and demo seed,
//     then bench/generate.ts loads --scale dossiers; VACUUM ANALYZE as autovacuum would.
//  2. EXPLAIN (ANALYZE, BUFFERS) of the queue, own-list and tracking queries, before/after.
//  3. The real server process (node --import tsx apps/server/src/main.ts, DATABASE_URL = the bench
//     database) under autocannon in its own process:
//     - submissions by signed-in citizens (session cookie + CSRF token each, one pre-uploaded file
//       and one Idempotency-Key per submission) against pgbench writing the same rows in one
//       transaction at the same concurrency — alternated, --rounds times, the ratio per round;
//       then at the design peak rate (100/s);
//     - public tracking by code against a bare Fastify handler in the same configuration
//       (bench/baseline-server.ts) — alternated; then at the design peak rate (2,000/s);
//     - the officials' queue and the citizens' own list;
//     - the server's resident memory, polled every 100 ms and read from VmHWM.
//  4. The embedded database (PGlite) at --pglite-scale: the same loads, shorter.
//  5. docs/BENCHMARKS.md.
//
// Options: --scale 1000000  --pglite-scale 50000 (0 skips)  --duration 20 (seconds per load)
//          --connections 10  --rounds 2  --only generate,plans,submit,tracking,reads,dashboard,pglite
//          --database-url postgres://postgres@127.0.0.1:5432/postgres (admin connection)
//          --database-name tinhso_bench (created, and dropped unless --keep)
//          --keep (keep the bench database)  --reuse (reuse a kept one)  --out docs/BENCHMARKS.md
//          --wait-quiet 0 (seconds to wait, at most, for load average < 0.5 before measuring)
//          --json results.json (the raw figures, to re-render or compare)
//          --render results.json (only write the report again from saved figures; measures nothing)
//          --profile 0 (skip the profiled runs that say where the server's time goes)
//          --keep-profiles DIR (copy the profiled runs' .cpuprofile files there)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../apps/server/src/platform/db.ts';
import { verifyAuditChain, type ChainReport } from '../apps/server/src/platform/audit.ts';
import { FileStore } from '../apps/server/src/platform/files.ts';
import { generate, prepareDatabase, tinyPdf, type GenerateReport } from './generate.ts';
import { freePort, machineInfo, quietness, ROOT, runLoad, runPgbench, serverNodeFlags, sleep, startNode, type MachineInfo, type MemoryStats, type PgbenchResult, type ServerHandle } from './lib.ts';
import type { LoadResult } from './load.ts';
import { biggestAgency, mineRequests, preparePgbench, prepareSubmissions, queueRequests, trackingRequests, uploadOnce } from './scenarios.ts';
import { queryPlans, type PlanPair } from './explain.ts';
import { writeReport } from './report.ts';
import { runDashboard, type DashboardBench } from './dashboard.ts';
import { summariseProfile, type ProfileSummary } from './profile.ts';

const { values: opt } = parseArgs({
  options: {
    scale: { type: 'string', default: '1000000' },
    'pglite-scale': { type: 'string', default: '50000' },
    duration: { type: 'string', default: '20' },
    connections: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '2' },
    only: { type: 'string', default: 'generate,plans,submit,tracking,reads,dashboard,pglite' },
    'database-url': { type: 'string', default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
    'database-name': { type: 'string', default: 'tinhso_bench' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'boolean', default: false },
    out: { type: 'string', default: 'docs/BENCHMARKS.md' },
    'wait-quiet': { type: 'string', default: '0' },
    profile: { type: 'string', default: '1' },
    'keep-profiles': { type: 'string' },
    json: { type: 'string' },
    render: { type: 'string' },
  },
});

const SCALE = Number(opt.scale);
const PGLITE_SCALE = Number(opt['pglite-scale']);
const DURATION = Number(opt.duration);
const CONNECTIONS = Number(opt.connections);
const ROUNDS = Number(opt.rounds);
const ONLY = new Set(opt.only!.split(',').map((s) => s.trim()));
const WAIT_QUIET = Number(opt['wait-quiet']);
const PROFILE = opt.profile !== '0';
if (![SCALE, PGLITE_SCALE, DURATION, CONNECTIONS, ROUNDS, WAIT_QUIET].every((n) => Number.isFinite(n) && n >= 0) || DURATION < 1 || ROUNDS < 1 || CONNECTIONS < 1) {
  throw new Error('--scale, --pglite-scale, --duration, --connections, --rounds and --wait-quiet take non-negative numbers');
}
const adminUrl = new URL(opt['database-url']!);
if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(adminUrl.hostname)) throw new Error('loopback only: the bench creates and drops a database');
const BENCH_DB = opt['database-name']!;
if (!/^[a-z_][a-z0-9_]{0,62}$/.test(BENCH_DB)) throw new Error('--database-name: lower-case letters, digits and _');
const benchUrl = new URL(adminUrl);
benchUrl.pathname = `/${BENCH_DB}`;
const BENCH_URL = benchUrl.toString();

const started = Date.now();
const log = (msg: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${msg}`);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tinhso-bench-'));
const ours: number[] = [];

export interface Quiet {
  phase: string;
  load1: number;
  /** Share of all cores busy over one second just before the measurement. */
  busy: number;
  others: number;
  quiet: boolean;
}
export interface SubmitRound {
  server: LoadResult;
  pgbench: PgbenchResult;
  ratio: number;
}
export interface TrackRound {
  server: LoadResult;
  baseline: LoadResult;
  ratio: number;
}
export interface PgResults {
  generate?: GenerateReport;
  vacuumSeconds?: number;
  tableSizes?: { table: string; rows: number; mb: number }[];
  plans?: PlanPair[];
  startupRssMb?: number;
  submit?: { rounds: SubmitRound[]; peak: LoadResult; memory: MemoryStats; pgbenchCommand: string; pgbenchScript: string; citizens: number; auditChain: ChainReport; profile?: ProfileSummary & { rps: number } };
  tracking?: { rounds: TrackRound[]; peak: LoadResult; peakBaseline?: LoadResult; bodyBytes: number; headerDiff: { onlyReal: string[]; onlyBaseline: string[]; differentValue: string[] }; profile?: ProfileSummary & { rps: number } };
  reads?: { queue: LoadResult; all: LoadResult; mine: LoadResult; queueAgency: { code: string; n: number }; allAgency: { code: string; n: number }; queueOfficials: number; mineCitizens: number };
  memoryEnd?: MemoryStats;
  dashboard?: DashboardBench;
}
export interface PgliteResults {
  generate: GenerateReport;
  startupRssMb: number;
  submit: LoadResult;
  tracking: LoadResult;
  queue: LoadResult;
  mine: LoadResult;
  memory: MemoryStats;
}
export interface BenchResults {
  argv: string;
  options: { scale: number; pgliteScale: number; duration: number; connections: number; rounds: number; only: string[] };
  machine: MachineInfo;
  /** The V8 flags the server ran with (those of `npm start`). */
  serverNodeFlags?: string[];
  quiet: Quiet[];
  totalSeconds: number;
  pg: PgResults;
  pglite?: PgliteResults;
}

const quiet: Quiet[] = [];
async function checkpoint(phase: string) {
  const between = quiet.length > 0;
  // The PostgreSQL sessions of the bench database are this run's too.
  const pgPids = async () => {
    try {
      return (await adminQuery(`select pid from pg_stat_activity where datname = '${BENCH_DB}'`)).rows.map((r: { pid: number }) => r.pid);
    } catch {
      return [];
    }
  };
  let q = await quietness(ours, between, pgPids);
  const until = Date.now() + WAIT_QUIET * 1000;
  while (!q.quiet && Date.now() < until) {
    await sleep(4000);
    q = await quietness(ours, between, pgPids);
  }
  quiet.push({ phase, load1: q.load1, busy: q.busy, others: q.others, quiet: q.quiet });
  if (!q.quiet) log(`  note: machine not quiet before "${phase}" (load average ${q.load1.toFixed(2)}, ${Math.round(q.busy * 100)}% of the CPU busy, ${q.others} other test processes)`);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/**
 * Waits (bounded) until the server's outbox worker has sent every queued email, so one load's
 * emails are not sent during the next measurement. pgbench's outbox rows are marked done instead:
 * the limit writes the row, the bench does not ask the server to mail it.
 */
async function settleOutbox(db: Database, maxSeconds = 180): Promise<number> {
  const t = Date.now();
  await sql`update outbox set status = 'done', done_at = now() where status = 'pending' and payload ? 'pgbench'`.execute(db);
  for (;;) {
    const n = Number((await sql<{ n: number }>`select count(*)::int as n from outbox where status = 'pending'`.execute(db)).rows[0]!.n);
    if (n === 0 || Date.now() - t > maxSeconds * 1000) {
      if (n) log(`  note: ${n} emails still queued after ${maxSeconds} s`);
      return (Date.now() - t) / 1000;
    }
    await sleep(500);
  }
}

/** Created-only rate for submissions: a replayed key answers 200 and must not count. */
function createdOnly(r: LoadResult): LoadResult {
  const created = r.statusCounts['201'] ?? 0;
  return { ...r, ok: created, rps: created / r.seconds };
}

async function adminQuery(text: string) {
  const c = new pg.Client({ connectionString: adminUrl.toString() });
  await c.connect();
  try {
    return await c.query(text);
  } finally {
    await c.end();
  }
}

function serverEnv(extra: Record<string, string>): Record<string, string> {
  // The operator's defaults (LOG_LEVEL info, DB_POOL_MAX 10, worker every second), behind a trusted
  // loopback proxy so each simulated client has its own address (X-Forwarded-For).
  return { SEED_DEMO: 'false', TRUST_PROXY: 'loopback', ...extra };
}

async function startServer(env: Record<string, string>, name: string): Promise<ServerHandle> {
  const port = await freePort();
  const s = await startNode({ script: 'apps/server/src/main.ts', env: serverEnv(env), port, logFile: path.join(work, `${name}.log`), readyPath: '/api/v1/health', nodeArgs: serverNodeFlags() });
  ours.push(s.pid);
  return s;
}

/**
 * The same load against a second server process started with --cpu-prof, for where the time goes
 * (the profiler slows it a little; only the shares are reported).
 */
async function profiled(env: Record<string, string>, name: string, load: (url: string) => Promise<LoadResult>): Promise<ProfileSummary & { rps: number }> {
  const dir = path.join(work, `profile-${name}`);
  const port = await freePort();
  const s = await startNode({ script: 'apps/server/src/main.ts', env: serverEnv(env), port, logFile: path.join(work, `server-${name}.log`), readyPath: '/api/v1/health', nodeArgs: [...serverNodeFlags(), '--cpu-prof', `--cpu-prof-dir=${dir}`] });
  ours.push(s.pid);
  let r: LoadResult;
  try {
    r = await load(s.url);
  } finally {
    await s.stop();
  }
  // The main thread's profile is the biggest file.
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => path.join(dir, f)) : [];
  if (!files.length) throw new Error(`no CPU profile was written for ${name}`);
  const main = files.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0]!;
  // For a closer look (Chrome DevTools, or speedscope): --keep-profiles DIR.
  if (opt['keep-profiles']) {
    fs.mkdirSync(opt['keep-profiles'], { recursive: true });
    fs.copyFileSync(main, path.join(opt['keep-profiles'], `${name}.cpuprofile`));
  }
  return { ...summariseProfile(main), rps: r.rps };
}

// ---------------------------------------------------------------- PostgreSQL

async function runPostgres(): Promise<{ pg: PgResults; machine: MachineInfo }> {
  const out: PgResults = {};
  const exists = (await adminQuery(`select 1 from pg_database where datname = '${BENCH_DB}'`)).rowCount === 1;
  let reuse = false;
  if (exists && opt.reuse) {
    const c = new pg.Client({ connectionString: BENCH_URL });
    await c.connect();
    const n = Number((await c.query('select count(*) as n from dossiers').catch(() => ({ rows: [{ n: 0 }] }))).rows[0].n);
    await c.end();
    reuse = n >= SCALE;
    log(reuse ? `reusing ${BENCH_DB} (${n.toLocaleString('en')} dossiers)` : `${BENCH_DB} has ${n} dossiers, fewer than --scale: recreating`);
  }
  if (!reuse) {
    await adminQuery(`drop database if exists ${BENCH_DB} with (force)`);
    await adminQuery(`create database ${BENCH_DB}`);
  }
  const serverData = path.join(work, 'pg-data');
  fs.mkdirSync(serverData, { recursive: true });
  const opened = await prepareDatabase({ databaseUrl: BENCH_URL, dataDir: serverData });
  const db = opened.db;
  const machine = await machineInfo(db);
  try {
    if (!reuse) {
      await checkpoint('generate');
      log(`generating ${SCALE.toLocaleString('en')} dossiers on PostgreSQL`);
      out.generate = await generate(db, { dossiers: SCALE, filesDir: path.join(serverData, 'files'), log: (m) => log(m) });
      log(`  ${out.generate.rows.toLocaleString('en')} rows in ${out.generate.seconds.toFixed(0)} s = ${Math.round(out.generate.rowsPerSecond).toLocaleString('en')} rows/s`);
      const t = performance.now();
      await sql`vacuum analyze`.execute(db);
      out.vacuumSeconds = (performance.now() - t) / 1000;
      log(`  vacuum analyze: ${out.vacuumSeconds.toFixed(0)} s`);
    } else {
      // Files of a kept database live in an earlier run's data directory: store the pool again.
      const store = new FileStore(path.join(serverData, 'files'), 10 * 1024 * 1024);
      for (let i = 0; i < 256; i++) await store.put(db, tinyPdf(i), `scan-${i}.pdf`);
    }
    out.tableSizes = (
      await sql<{ table: string; rows: number; mb: number }>`
        select c.relname as table, c.reltuples::bigint as rows, round(pg_total_relation_size(c.oid) / 1048576.0)::int as mb
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'r' and c.relname in ('dossiers', 'dossier_events', 'dossier_attachments', 'users', 'supplement_requests', 'audit_log', 'outbox')
        order by pg_total_relation_size(c.oid) desc`.execute(db)
    ).rows.map((r) => ({ table: r.table, rows: Number(r.rows), mb: Number(r.mb) }));

    const queueAgency = await biggestAgency(db, 'in_progress');
    const allAgency = (await sql<{ agency_id: string; code: string; n: number }>`select d.agency_id, a.code, count(*)::int as n from dossiers d join agencies a on a.id = d.agency_id group by 1, 2 order by 3 desc limit 1`.execute(db)).rows[0]!;

    if (ONLY.has('plans')) {
      await checkpoint('plans');
      log('EXPLAIN (ANALYZE, BUFFERS): queue, own list, tracking');
      const applicant = (await sql<{ applicant_id: string }>`select applicant_id from dossiers group by 1 order by count(*) desc limit 1`.execute(db)).rows[0]!.applicant_id;
      const code = (await sql<{ code: string }>`select code from dossiers order by submitted_at desc limit 1 offset 5000`.execute(db)).rows[0]!.code;
      out.plans = await queryPlans(BENCH_URL, { queueAgencyId: queueAgency.agency_id, allAgencyId: allAgency.agency_id, applicantId: applicant, trackingCode: code });
      for (const p of out.plans) log(`  ${p.name}: ${p.before ? `${p.before.executionMs.toFixed(2)} ms → ` : ''}${p.after.executionMs.toFixed(2)} ms`);
    }

    if (!['submit', 'tracking', 'reads', 'dashboard'].some((p) => ONLY.has(p))) return { pg: out, machine };
    const server = await startServer({ DATABASE_URL: BENCH_URL, DATA_DIR: serverData }, 'server-pg');
    out.startupRssMb = server.memory().rssMb;
    log(`server up (pid ${server.pid}, ${out.startupRssMb.toFixed(0)} MB resident)`);
    try {
      if (ONLY.has('submit')) {
        const perRound = 1500 * DURATION;
        const profileCount = PROFILE ? 1500 * Math.min(10, DURATION) : 0;
        log(`preparing submissions (sessions, uploads) and the pgbench queue`);
        const peakCount = 150 * (DURATION + 2); // 100/s, with the open loop's 2 s of warm-up and room to spare
        const warm = Math.min(5, DURATION);
        // In order: warm-up, the rounds, the 100/s run, the profiled run.
        const fx = await prepareSubmissions(db, server.url, { count: 1500 * warm + ROUNDS * perRound + peakCount + profileCount, citizens: 1000, tag: String(Date.now()) });
        const file = await db.selectFrom('uploads').select(['file_sha256', 'size']).where('owner_id', '=', fx.sessions[0]!.userId).limit(1).executeTakeFirstOrThrow();
        const script = await preparePgbench(db, { count: 4000 * (warm + ROUNDS * DURATION), citizens: 1000, fileSha256: file.file_sha256, size: Number(file.size) });
        const queue = fx.requests.slice(1500 * warm);
        const rounds: SubmitRound[] = [];
        server.resetPeak();
        let pgbenchCommand = '';
        const runLimit = (seconds: number) => runPgbench({ databaseUrl: BENCH_URL, script, clients: CONNECTIONS, threads: Math.min(CONNECTIONS, os.availableParallelism()), seconds, workDir: work });
        // Warm-up, not measured: the freshly loaded tables' indexes into the caches, for both sides.
        await runLoad({ url: server.url, connections: CONNECTIONS, duration: warm, requests: fx.requests.slice(0, 1500 * warm), cycle: false }, work);
        await settleOutbox(db);
        runLimit(warm);
        await settleOutbox(db);
        for (let r = 0; r < ROUNDS; r++) {
          await checkpoint(`submit round ${r + 1}`);
          const slice = queue.slice(r * perRound, (r + 1) * perRound);
          const runServer = async () => createdOnly(await runLoad({ url: server.url, connections: CONNECTIONS, duration: DURATION, requests: slice, cycle: false }, work));
          // Alternate the order so a drift in the machine's load favours neither side.
          let s: LoadResult;
          let p: PgbenchResult;
          if (r % 2 === 0) {
            s = await runServer();
            await settleOutbox(db);
            p = runLimit(DURATION);
            await settleOutbox(db);
          } else {
            p = runLimit(DURATION);
            await settleOutbox(db);
            s = await runServer();
            await settleOutbox(db);
          }
          pgbenchCommand = p.command;
          rounds.push({ server: s, pgbench: p, ratio: s.rps / p.tps });
          log(`  round ${r + 1}: server ${s.rps.toFixed(0)}/s (p50 ${s.latencyMs.p50.toFixed(1)}, p95 ${s.latencyMs.p95.toFixed(1)}, p99 ${s.latencyMs.p99.toFixed(1)} ms), pgbench ${p.tps.toFixed(0)}/s → ${(100 * s.rps / p.tps).toFixed(0)}%`);
        }
        await checkpoint('submit at 100/s');
        const peakSlice = queue.slice(ROUNDS * perRound, ROUNDS * perRound + peakCount);
        const peak = createdOnly(await runLoad({ url: server.url, connections: 50, duration: DURATION, openLoopRate: 100, requests: peakSlice, cycle: false }, work));
        log(`  at 100/s: ${peak.rps.toFixed(0)}/s, p50 ${peak.latencyMs.p50.toFixed(1)}, p95 ${peak.latencyMs.p95.toFixed(1)}, p99 ${peak.latencyMs.p99.toFixed(1)} ms`);
        const memory = server.memory();
        log(`  server memory under submissions: peak RSS ${memory.peakRssMb.toFixed(0)} MB, VmHWM ${memory.hwmMb.toFixed(0)} MB`);
        const drained = await settleOutbox(db);
        log(`  outbox drained in ${drained.toFixed(0)} s`);
        const auditChain = await verifyAuditChain(db);
        log(`  audit chain: ${auditChain.ok ? 'verifies' : 'BROKEN'} (${auditChain.checked.toLocaleString('en')} rows)`);
        out.submit = { rounds, peak, memory, pgbenchCommand, pgbenchScript: script, citizens: fx.citizens, auditChain };
        if (PROFILE) {
          await checkpoint('submit, profiled');
          const slice = queue.slice(ROUNDS * perRound + peakCount);
          out.submit.profile = await profiled({ DATABASE_URL: BENCH_URL, DATA_DIR: serverData }, 'submit', async (u) => createdOnly(await runLoad({ url: u, connections: CONNECTIONS, duration: Math.min(10, DURATION), requests: slice, cycle: false }, work)));
          await settleOutbox(db);
          log(`  profiled: ${out.submit.profile.shares.slice(0, 4).map((x) => `${x.component} ${x.percent.toFixed(0)}%`).join(', ')}`);
        }
      }

      if (ONLY.has('tracking')) {
        const requests = await trackingRequests(db, 20_000);
        // The baseline answers a constant body as large as a typical real answer (the median of 200).
        const sizes: { len: number; body: string }[] = [];
        for (const r of requests.slice(0, 200)) {
          const body = await (await fetch(server.url + r.path, { headers: r.headers })).text();
          sizes.push({ len: Buffer.byteLength(body), body });
        }
        sizes.sort((a, b) => a.len - b.len);
        const body = sizes[100]!.body;
        const bodyFile = path.join(work, 'tracking-body.json');
        fs.writeFileSync(bodyFile, body);
        const bport = await freePort();
        const baseline = await startNode({ script: 'bench/baseline-server.ts', env: { BASELINE_BODY_FILE: bodyFile, TRUST_PROXY: 'loopback' }, port: bport, logFile: path.join(work, 'baseline.log'), readyPath: '/api/v1/health', nodeArgs: serverNodeFlags() });
        ours.push(baseline.pid);
        // Same configuration, checked: which response headers differ between the two.
        const headerNames = async (u: string) => {
          const res = await fetch(u + requests[0]!.path, { headers: requests[0]!.headers });
          await res.arrayBuffer();
          const out = new Map<string, string>();
          res.headers.forEach((v, k) => {
            if (!['date', 'content-length', 'keep-alive', 'connection'].includes(k)) out.set(k, v);
          });
          return out;
        };
        const real = await headerNames(server.url);
        const bare = await headerNames(baseline.url);
        const headerDiff = {
          onlyReal: [...real.keys()].filter((k) => !bare.has(k)),
          onlyBaseline: [...bare.keys()].filter((k) => !real.has(k)),
          differentValue: [...real.keys()].filter((k) => bare.has(k) && bare.get(k) !== real.get(k)),
        };
        log(`  headers only on the real answer: ${headerDiff.onlyReal.join(', ') || 'none'}; only on the bare one: ${headerDiff.onlyBaseline.join(', ') || 'none'}; different: ${headerDiff.differentValue.join(', ') || 'none'}`);
        const rounds: TrackRound[] = [];
        let peakBaseline: LoadResult | undefined;
        try {
          // Warm-up of both, not measured.
          for (const u of [server.url, baseline.url]) await runLoad({ url: u, connections: CONNECTIONS, duration: Math.min(5, DURATION), requests, cycle: true }, work);
          for (let r = 0; r < ROUNDS; r++) {
            await checkpoint(`tracking round ${r + 1}`);
            const runServer = () => runLoad({ url: server.url, connections: CONNECTIONS, duration: DURATION, requests, cycle: true }, work);
            const runBase = () => runLoad({ url: baseline.url, connections: CONNECTIONS, duration: DURATION, requests, cycle: true }, work);
            let s: LoadResult;
            let b: LoadResult;
            if (r % 2 === 0) {
              s = await runServer();
              b = await runBase();
            } else {
              b = await runBase();
              s = await runServer();
            }
            rounds.push({ server: s, baseline: b, ratio: s.rps / b.rps });
            log(`  round ${r + 1}: tracking ${s.rps.toFixed(0)}/s (p99 ${s.latencyMs.p99.toFixed(1)} ms), bare handler ${b.rps.toFixed(0)}/s → ${(100 * s.rps / b.rps).toFixed(0)}%`);
          }
          // The same paced sender against the bare handler: the tail that the sender, the kernel
          // and the machine give any server at this rate, for comparison with ours.
          await checkpoint('bare handler at 2,000/s');
          peakBaseline = await runLoad({ url: baseline.url, connections: 50, duration: DURATION, openLoopRate: 2000, requests, cycle: true }, work);
          log(`  bare handler at 2,000/s: p50 ${peakBaseline.latencyMs.p50.toFixed(1)}, p95 ${peakBaseline.latencyMs.p95.toFixed(1)}, p99 ${peakBaseline.latencyMs.p99.toFixed(1)} ms`);
        } finally {
          await baseline.stop();
        }
        await checkpoint('tracking at 2,000/s');
        const peak = await runLoad({ url: server.url, connections: 50, duration: DURATION, openLoopRate: 2000, requests, cycle: true }, work);
        log(`  at 2,000/s: ${peak.rps.toFixed(0)}/s, p50 ${peak.latencyMs.p50.toFixed(1)}, p95 ${peak.latencyMs.p95.toFixed(1)}, p99 ${peak.latencyMs.p99.toFixed(1)} ms`);
        out.tracking = { rounds, peak, peakBaseline, bodyBytes: Buffer.byteLength(body), headerDiff };
        if (PROFILE) {
          await checkpoint('tracking, profiled');
          out.tracking.profile = await profiled({ DATABASE_URL: BENCH_URL, DATA_DIR: serverData }, 'tracking', (u) => runLoad({ url: u, connections: CONNECTIONS, duration: Math.min(10, DURATION), requests, cycle: true }, work));
          log(`  profiled: ${out.tracking.profile.shares.slice(0, 4).map((x) => `${x.component} ${x.percent.toFixed(0)}%`).join(', ')}`);
        }
      }

      if (ONLY.has('reads')) {
        await checkpoint('queue');
        const queueReqs = await queueRequests(db, queueAgency.agency_id, '?status=in_progress');
        const queue = await runLoad({ url: server.url, connections: CONNECTIONS, duration: DURATION, requests: queueReqs, cycle: true }, work);
        log(`  queue (${queueAgency.code}, in_progress): ${queue.rps.toFixed(0)}/s, p95 ${queue.latencyMs.p95.toFixed(1)} ms`);
        await checkpoint('queue, all');
        const all = await runLoad({ url: server.url, connections: CONNECTIONS, duration: DURATION, requests: await queueRequests(db, allAgency.agency_id, ''), cycle: true }, work);
        log(`  queue (${allAgency.code}, all): ${all.rps.toFixed(0)}/s, p95 ${all.latencyMs.p95.toFixed(1)} ms`);
        await checkpoint('mine');
        const mineReqs = await mineRequests(db, 2000);
        const mine = await runLoad({ url: server.url, connections: CONNECTIONS, duration: DURATION, requests: mineReqs, cycle: true }, work);
        log(`  own dossiers: ${mine.rps.toFixed(0)}/s, p95 ${mine.latencyMs.p95.toFixed(1)} ms`);
        out.reads = { queue, all, mine, queueAgency: { code: queueAgency.code, n: queueAgency.n }, allAgency: { code: allAgency.code, n: allAgency.n }, queueOfficials: queueReqs.length, mineCitizens: mineReqs.length };
      }
      if (ONLY.has('dashboard')) {
        await checkpoint('dashboard');
        log("leaders' dashboard");
        out.dashboard = await runDashboard({ db, url: server.url, duration: Math.min(10, DURATION), log, load: (requests, connections, duration) => runLoad({ url: server.url, connections, duration, requests, cycle: true }, work) });
      }
      out.memoryEnd = server.memory();
    } finally {
      await server.stop();
    }
  } finally {
    await opened.close();
    if (!opt.keep) await adminQuery(`drop database if exists ${BENCH_DB} with (force)`);
  }
  return { pg: out, machine };
}

// ---------------------------------------------------------------- PGlite

async function runPglite(): Promise<PgliteResults> {
  const dataDir = path.join(work, 'pglite-data');
  const duration = Math.min(10, DURATION);
  await checkpoint('pglite generate');
  log(`generating ${PGLITE_SCALE.toLocaleString('en')} dossiers on PGlite`);
  const opened = await prepareDatabase({ dataDir });
  const db: Database = opened.db;
  let generated: GenerateReport;
  let submitRequests, trackReqs, queueReqs, mineReqs;
  try {
    generated = await generate(db, { dossiers: PGLITE_SCALE, filesDir: path.join(dataDir, 'files'), log: (m) => log(m) });
    log(`  ${generated.rows.toLocaleString('en')} rows in ${generated.seconds.toFixed(0)} s = ${Math.round(generated.rowsPerSecond).toLocaleString('en')} rows/s`);
    await sql`vacuum analyze`.execute(db);
    // One process owns a PGlite directory: every fixture is written before the server starts.
    const fx = await prepareSubmissions(db, null, { count: 300 * duration, citizens: 300, tag: `pglite${Date.now()}`, filesDir: path.join(dataDir, 'files') });
    submitRequests = fx.requests;
    trackReqs = await trackingRequests(db, 5000);
    const agency = await biggestAgency(db, 'in_progress');
    queueReqs = await queueRequests(db, agency.agency_id, '?status=in_progress');
    mineReqs = await mineRequests(db, 500);
  } finally {
    await opened.close();
  }
  const server = await startServer({ DATA_DIR: dataDir }, 'server-pglite');
  try {
    const startupRssMb = server.memory().rssMb;
    log(`server on PGlite up (${startupRssMb.toFixed(0)} MB resident)`);
    await checkpoint('pglite submit');
    const submit = createdOnly(await runLoad({ url: server.url, connections: CONNECTIONS, duration, requests: submitRequests, cycle: false }, work));
    log(`  submissions: ${submit.rps.toFixed(0)}/s, p95 ${submit.latencyMs.p95.toFixed(1)} ms`);
    await checkpoint('pglite tracking');
    const tracking = await runLoad({ url: server.url, connections: CONNECTIONS, duration, requests: trackReqs, cycle: true }, work);
    log(`  tracking: ${tracking.rps.toFixed(0)}/s, p99 ${tracking.latencyMs.p99.toFixed(1)} ms`);
    await checkpoint('pglite queue');
    const queue = await runLoad({ url: server.url, connections: CONNECTIONS, duration, requests: queueReqs, cycle: true }, work);
    log(`  queue: ${queue.rps.toFixed(0)}/s, p95 ${queue.latencyMs.p95.toFixed(1)} ms`);
    await checkpoint('pglite mine');
    const mine = await runLoad({ url: server.url, connections: CONNECTIONS, duration, requests: mineReqs, cycle: true }, work);
    log(`  own dossiers: ${mine.rps.toFixed(0)}/s, p95 ${mine.latencyMs.p95.toFixed(1)} ms`);
    return { generate: generated, startupRssMb, submit, tracking, queue, mine, memory: server.memory() };
  } finally {
    await server.stop();
  }
}

// ---------------------------------------------------------------- main

if (opt.render) {
  const results = JSON.parse(fs.readFileSync(path.resolve(opt.render), 'utf8')) as BenchResults;
  fs.writeFileSync(path.resolve(ROOT, opt.out!), writeReport(results, median));
  console.log(`report: ${opt.out} from ${opt.render}`);
  fs.rmSync(work, { recursive: true, force: true });
  process.exit(0);
}

const argv = process.argv.slice(2).join(' ');
let machine: MachineInfo | undefined;
let pgResults: PgResults = {};
let pgliteResults: PgliteResults | undefined;
try {
  log(`bench: scale ${SCALE.toLocaleString('en')}, PGlite ${PGLITE_SCALE.toLocaleString('en')}, ${DURATION} s per load, ${CONNECTIONS} connections, ${ROUNDS} rounds; work dir ${work}`);
  if (['generate', 'plans', 'submit', 'tracking', 'reads', 'dashboard'].some((p) => ONLY.has(p))) {
    const r = await runPostgres();
    pgResults = r.pg;
    machine = r.machine;
  }
  if (ONLY.has('pglite') && PGLITE_SCALE > 0) pgliteResults = await runPglite();
  machine ??= await machineInfo();
  const results: BenchResults = {
    argv,
    options: { scale: SCALE, pgliteScale: PGLITE_SCALE, duration: DURATION, connections: CONNECTIONS, rounds: ROUNDS, only: [...ONLY] },
    machine,
    serverNodeFlags: serverNodeFlags(),
    quiet,
    totalSeconds: (Date.now() - started) / 1000,
    pg: pgResults,
    pglite: pgliteResults,
  };
  const outFile = path.resolve(ROOT, opt.out!);
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  if (opt.json) fs.writeFileSync(path.resolve(opt.json), JSON.stringify(results, null, 2));
  fs.writeFileSync(outFile, writeReport(results, median));
  log(`report: ${path.relative(ROOT, outFile)}${opt.json ? ` and ${opt.json}` : ''}`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
