// What the benchmark steps share: the machine's description, the server process (started exactly as
// an operator starts it), its memory, the load generator in its own process, pgbench, and the
// fixtures a load needs (sessions, uploads) written straight into the bench database.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from '../apps/server/src/platform/db.ts';
export { serverNodeFlags } from '../apps/server/src/platform/node-flags.ts';
import type { LoadResult, LoadSpec } from './load.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- machine

export interface MachineInfo {
  cpuModel: string;
  nproc: number;
  memoryGb: number;
  node: string;
  postgres: string;
  pglite: string;
  kernel: string;
  loadAverage: number[];
  date: string;
}

export async function machineInfo(db?: Database): Promise<MachineInfo> {
  const cpuinfo = fs.readFileSync('/proc/cpuinfo', 'utf8');
  const model = /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  let postgres = 'n/a';
  if (db) postgres = (await sql<{ v: string }>`select version() as v`.execute(db)).rows[0]!.v.replace(/ on .*/, '');
  const pglite = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')).version as string;
  return {
    cpuModel: model,
    nproc: os.availableParallelism(),
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    postgres,
    pglite,
    kernel: os.release(),
    loadAverage: os.loadavg(),
    date: new Date().toISOString(),
  };
}

/** Other test runs on the machine (their `node --import tsx` processes), not counting this run's own. */
export function otherNodeTests(ours: number[]): number {
  const ps = spawnSync('ps', ['-eo', 'pid,ppid,args'], { encoding: 'utf8' }).stdout.split('\n').slice(1);
  const procs = ps.map((l) => l.trim().split(/\s+/)).filter((p) => p.length > 2).map((p) => ({ pid: Number(p[0]), ppid: Number(p[1]), args: p.slice(2).join(' ') }));
  const mine = new Set<number>([process.pid, ...ours]);
  // Our descendants too.
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of procs) if (!mine.has(p.pid) && mine.has(p.ppid)) (mine.add(p.pid), (grew = true));
  }
  return procs.filter((p) => !mine.has(p.pid) && p.args.includes('node --import tsx')).length;
}

function cpuTimes(): { busy: number; total: number } {
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = (f[3] ?? 0) + (f[4] ?? 0);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/** This run's processes (the runner, what it started, their children), by pid. */
function ourTree(ours: number[]): Set<number> {
  const procs = spawnSync('ps', ['-eo', 'pid,ppid'], { encoding: 'utf8' })
    .stdout.split('\n')
    .slice(1)
    .map((l) => l.trim().split(/\s+/).map(Number))
    .filter((p) => p.length === 2);
  const mine = new Set<number>([process.pid, ...ours]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of procs) if (!mine.has(pid!) && mine.has(ppid!)) (mine.add(pid!), (grew = true));
  }
  return mine;
}

/** CPU ticks (user + system) used so far by these processes. */
function ticksOf(pids: Iterable<number>): number {
  let t = 0;
  for (const pid of pids) {
    try {
      const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
      t += Number(fields[11]) + Number(fields[12]);
    } catch {
      /* gone */
    }
  }
  return t;
}

/**
 * Is the machine quiet? Before the run: the 1-minute load average below 0.5 and no other test
 * process (the rule for taking final figures). Between two loads the load average still carries
 * the previous load, so there the CPU use of the whole machine over one second is measured instead
 * (this run's own processes are idle then): quiet is under 10% of the cores busy.
 */
export async function quietness(ours: number[] = [], between = false, ownPids: () => Promise<number[]> = async () => []) {
  const load1 = os.loadavg()[0]!;
  const others = otherNodeTests(ours);
  // Our own processes (and the PostgreSQL sessions serving them) may still be finishing the last
  // load's work, e.g. sending its emails: their CPU is not the machine being busy.
  const mine = [...ourTree(ours), ...(await ownPids())];
  const a = cpuTimes();
  const ma = ticksOf(mine);
  await sleep(1000);
  const b = cpuTimes();
  const mb = ticksOf(mine);
  const busy = Math.max(0, b.busy - a.busy - (mb - ma)) / Math.max(1, b.total - a.total);
  return { load1, busy, others, quiet: others === 0 && (between ? busy < 0.1 : load1 < 0.5) };
}

// ---------------------------------------------------------------- processes

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export interface MemoryStats {
  /** Highest VmRSS seen by polling every 100 ms, MB. */
  peakRssMb: number;
  /** The kernel's high-water mark of the resident set (VmHWM), MB. */
  hwmMb: number;
  rssMb: number;
}

function procStatus(pid: number): { rss: number; hwm: number } | null {
  try {
    const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)?.[1] ?? 0);
    return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

export interface ServerHandle {
  pid: number;
  url: string;
  child: ChildProcess;
  /** Peak RSS since the last reset (polled), and the kernel's VmHWM. */
  memory(): MemoryStats;
  resetPeak(): void;
  stop(): Promise<void>;
}

/** Starts a Node program with `node --import tsx` and waits until GET readyPath answers 200. */
export async function startNode(opts: { script: string; env: Record<string, string>; port: number; logFile: string; readyPath: string; timeoutMs?: number; nodeArgs?: string[] }): Promise<ServerHandle> {
  const log = fs.openSync(opts.logFile, 'a');
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', opts.script], {
    cwd: ROOT,
    env: { ...process.env, ...opts.env, PORT: String(opts.port), HOST: '127.0.0.1' },
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  const url = `http://127.0.0.1:${opts.port}`;
  let exited: number | null = null;
  child.on('exit', (code) => (exited = code ?? -1));
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  for (;;) {
    if (exited !== null) throw new Error(`${opts.script} exited with ${exited} while starting; see ${opts.logFile}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${opts.script} did not answer within ${(opts.timeoutMs ?? 120_000) / 1000} s; see ${opts.logFile}`);
    }
    try {
      const res = await fetch(url + opts.readyPath, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch {
      /* not yet */
    }
    await sleep(200);
  }
  const pid = child.pid!;
  let peak = 0;
  const sampler = setInterval(() => {
    const s = procStatus(pid);
    if (s && s.rss > peak) peak = s.rss;
  }, 100);
  sampler.unref();
  return {
    pid,
    url,
    child,
    memory() {
      const s = procStatus(pid) ?? { rss: 0, hwm: 0 };
      return { peakRssMb: Math.max(peak, s.rss), hwmMb: s.hwm, rssMb: s.rss };
    },
    resetPeak() {
      peak = procStatus(pid)?.rss ?? 0;
    },
    async stop() {
      clearInterval(sampler);
      if (exited !== null) return;
      const done = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await done;
      clearTimeout(timer);
    },
  };
}

/** Runs the load generator in its own process; the spec (with its requests) goes through a temp file. */
export async function runLoad(spec: LoadSpec, workDir: string): Promise<LoadResult> {
  const before = cpuTimes();
  const result = await runLoadProcess(spec, workDir);
  const after = cpuTimes();
  // How busy the whole machine was (server, PostgreSQL, load generator) over the load.
  return { ...result, machineBusy: (after.busy - before.busy) / Math.max(1, after.total - before.total) };
}

async function runLoadProcess(spec: LoadSpec, workDir: string): Promise<LoadResult> {
  const file = path.join(workDir, `load-${Date.now()}-${crypto.randomBytes(3).toString('hex')}.json`);
  fs.writeFileSync(file, JSON.stringify(spec));
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/load.ts'), file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const killer = setTimeout(() => child.kill('SIGKILL'), (spec.duration + 60) * 1000);
    const code = await new Promise<number>((r) => child.on('exit', (c) => r(c ?? -1)));
    clearTimeout(killer);
    if (code !== 0) throw new Error(`load generator exited with ${code}`);
    return JSON.parse(out.trim().split('\n').pop()!) as LoadResult;
  } finally {
    fs.rmSync(file, { force: true });
  }
}

// ---------------------------------------------------------------- pgbench

export interface PgbenchResult {
  tps: number;
  transactions: number;
  failed: number;
  seconds: number;
  latencyMs: { mean: number; p50: number; p95: number; p99: number; max: number };
  command: string;
}

/** pgbench with a custom script and per-transaction logging (for exact percentiles). */
export function runPgbench(opts: { databaseUrl: string; script: string; clients: number; threads: number; seconds: number; workDir: string; protocol?: 'simple' | 'extended' | 'prepared' }): PgbenchResult {
  const url = new URL(opts.databaseUrl);
  const scriptFile = path.join(opts.workDir, 'submit.pgbench.sql');
  fs.writeFileSync(scriptFile, opts.script);
  const logPrefix = path.join(opts.workDir, `pgbench-log-${Date.now()}`);
  const args = [
    '-n',
    '-h', url.hostname,
    '-p', url.port || '5432',
    '-U', decodeURIComponent(url.username || 'postgres'),
    '-M', opts.protocol ?? 'extended',
    '-c', String(opts.clients),
    '-j', String(opts.threads),
    '-T', String(opts.seconds),
    '-f', scriptFile,
    '-l', `--log-prefix=${logPrefix}`,
    url.pathname.slice(1),
  ];
  const res = spawnSync('/usr/bin/pgbench', args, { encoding: 'utf8', env: { ...process.env, PGPASSWORD: decodeURIComponent(url.password) }, timeout: (opts.seconds + 120) * 1000 });
  if (res.status !== 0) throw new Error(`pgbench failed (${res.status}): ${res.stderr}\n${res.stdout}`);
  const text = res.stdout + res.stderr;
  const num = (re: RegExp) => Number(re.exec(text)?.[1] ?? NaN);
  const latencies: number[] = [];
  for (const f of fs.readdirSync(opts.workDir).filter((f) => path.join(opts.workDir, f).startsWith(logPrefix))) {
    const p = path.join(opts.workDir, f);
    for (const line of fs.readFileSync(p, 'utf8').split('\n')) {
      const cols = line.split(' ');
      if (cols.length >= 3 && cols[2] !== 'failed' && cols[2] !== 'skipped') latencies.push(Number(cols[2]) / 1000);
    }
    fs.rmSync(p);
  }
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.max(0, Math.ceil((p / 100) * latencies.length) - 1))] ?? 0;
  const seconds = num(/duration: (\d+) s/);
  return {
    tps: num(/tps = ([\d.]+) \(without initial connection time\)/),
    transactions: num(/number of transactions actually processed: (\d+)/),
    failed: num(/number of failed transactions: (\d+)/) || 0,
    seconds,
    latencyMs: { mean: latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length), p50: pct(50), p95: pct(95), p99: pct(99), max: latencies.at(-1) ?? 0 },
    command: `pgbench ${args.map((a) => (a.startsWith('--log-prefix') ? '-l' : a)).filter((a, i, all) => !(a === '-l' && all[i - 1] === '-l')).join(' ')}`,
  };
}

// ---------------------------------------------------------------- fixtures

export interface SessionFixture {
  userId: string;
  token: string;
  csrf: string;
  cookie: string;
}

/** Signs users in without argon2 (what /auth/login stores: the token's sha256 and a CSRF token). */
export async function createSessions(db: Database, userIds: string[]): Promise<SessionFixture[]> {
  const out: SessionFixture[] = userIds.map((userId) => {
    const token = crypto.randomBytes(32).toString('base64url');
    return { userId, token, csrf: crypto.randomBytes(24).toString('base64url'), cookie: `tinhso_sid=${token}` };
  });
  for (let i = 0; i < out.length; i += 2000) {
    await db
      .insertInto('sessions')
      .values(out.slice(i, i + 2000).map((s) => ({ token_hash: crypto.createHash('sha256').update(s.token).digest('hex'), user_id: s.userId, csrf_token: s.csrf, expires_at: new Date(Date.now() + 86400_000) })))
      .execute();
  }
  return out;
}

/**
 * Uploads waiting to be attached, as the upload route leaves them (one file stored through the real
 * route, then one `uploads` row per planned submission, owned by the citizen who will submit it).
 */
export async function createUploads(db: Database, owners: string[], fileSha256: string, size: number): Promise<{ id: string; ownerId: string }[]> {
  const out: { id: string; ownerId: string }[] = [];
  for (let i = 0; i < owners.length; i += 5000) {
    const rows = await db
      .insertInto('uploads')
      .values(owners.slice(i, i + 5000).map((o) => ({ owner_id: o, file_sha256: fileSha256, filename: 'ban-chup.pdf', mime: 'application/pdf', size })))
      .returning(['id', 'owner_id'])
      .execute();
    out.push(...rows.map((r) => ({ id: r.id, ownerId: r.owner_id })));
  }
  return out;
}

export function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
