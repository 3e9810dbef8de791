// Process-level helpers for the reliability tests: the real server (`main.ts`) as a separate OS
// process that a test can SIGKILL and start again on the same database, a fresh database matching
// TEST_DB (a new database on the PostgreSQL server, or an embedded PGlite data directory), a real
// SMTP server that can hold messages un-acknowledged (so a test can catch the worker mid-send), and
// a small HTTP client that speaks to the server like the web app (cookie + CSRF token).
// Same idea as e2e/support.ts, extended with kill/restart and exit bookkeeping.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser, type ParsedMail } from 'mailparser';
import { pgliteTemplate } from '../test/pglite-template.ts';
import { freshPostgresDatabase } from '../test/postgres.ts';
import { serverNodeFlags } from '../platform/node-flags.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const TEST_DB = (process.env.TEST_DB ?? 'pglite') as 'pglite' | 'postgres';

/** Polls `check` every `everyMs` until it returns a truthy value or `timeoutMs` passes (no fixed sleeps). */
export async function waitUntil<T>(what: string, check: () => T | Promise<T>, timeoutMs: number, everyMs = 50): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

// ---------------------------------------------------------------- database

export interface ServerDatabase {
  kind: 'pglite' | 'postgres';
  /** DATA_DIR of the server: the PGlite database (pglite/), the file store (files/). Reused on restart. */
  dataDir: string;
  /** Set with TEST_DB=postgres: a database created for this test only. */
  databaseUrl?: string;
  /** Drops the database (waiting, bounded, for its sessions to end) and removes the data directory. */
  drop(): Promise<void>;
}


export async function freshServerDatabase(prefix = 'tinhso_rel'): Promise<ServerDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  if (TEST_DB !== 'postgres') {
    fs.cpSync(path.join(await pgliteTemplate(), 'pglite'), path.join(dataDir, 'pglite'), { recursive: true });
    return { kind: 'pglite', dataDir, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  const database = await freshPostgresDatabase(prefix);
  return {
    kind: 'postgres',
    dataDir,
    databaseUrl: database.url,
    drop: async () => {
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------- server process

export interface ServerProcess {
  url: string;
  pid: number;
  child: ChildProcess;
  /** Resolves when the process has exited, with how. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last lines the server printed (for failure messages). */
  output(): string;
  /** SIGKILL: no shutdown hook runs, in-flight requests lose their answer, like a power cut of the process. */
  kill(): Promise<void>;
  /** SIGTERM: the graceful path (stops the worker after its current batch, closes the database). */
  stop(): Promise<void>;
}

/**
 * Starts `node --import tsx apps/server/src/main.ts` (with npm start's V8 flags) on the given database and waits (bounded)
 * until /api/v1/health answers. Call again with the same `db` to restart on the same data.
 */
export async function spawnServer(db: ServerDatabase, env: Record<string, string> = {}, startTimeoutMs = 60_000): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [...serverNodeFlags(), '--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: db.dataDir,
      PUBLIC_BASE_URL: url,
      LOG_LEVEL: 'warn',
      ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : { DATABASE_URL: '' }),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (d: Buffer) => {
    tail = (tail + d.toString()).slice(-8000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (gone) throw new Error(`server exited during start-up:\n${tail}`);
    try {
      const res = await fetch(`${url}/api/v1/health`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not answer within ${startTimeoutMs} ms:\n${tail}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const signal = async (sig: NodeJS.Signals) => {
    if (!gone) child.kill(sig);
    await exited;
  };
  return { url, pid: child.pid!, child, exited, output: () => tail, kill: () => signal('SIGKILL'), stop: () => signal('SIGTERM') };
}

// ---------------------------------------------------------------- HTTP client

export interface ApiResult {
  status: number;
  body: any;
}

/** A signed-in citizen as the web app is one: session cookie, CSRF token, a client address of its own. */
export class Session {
  constructor(
    public baseUrl: string,
    readonly cookie: string,
    readonly csrfToken: string,
    readonly userId: string,
    readonly email: string,
    /** Sent as X-Forwarded-For (the server trusts loopback proxies in these tests) so rate limits count per person. */
    readonly ip: string,
  ) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { cookie: this.cookie, 'x-csrf-token': this.csrfToken, 'x-forwarded-for': this.ip, ...extra };
  }

  /** Throws on a transport failure (connection refused or reset): the caller decides what a lost answer means. */
  async post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<ApiResult> {
    const r = await fetch(`${this.baseUrl}${url}`, { method: 'POST', headers: this.headers({ 'content-type': 'application/json', ...headers }), body: JSON.stringify(body) });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null };
  }

  async get(url: string): Promise<ApiResult> {
    const r = await fetch(`${this.baseUrl}${url}`, { headers: this.headers() });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null };
  }

  async upload(bytes: Buffer, filename: string, ip = this.ip): Promise<ApiResult> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)], { type: 'application/pdf' }), filename);
    const r = await fetch(`${this.baseUrl}/api/v1/uploads`, { method: 'POST', headers: { ...this.headers(), 'x-forwarded-for': ip }, body: form });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null };
  }
}

async function sessionFrom(baseUrl: string, res: Response, email: string, ip: string): Promise<Session> {
  const text = await res.text();
  if (!res.ok) throw new Error(`${email}: ${res.status} ${text}`);
  const me = JSON.parse(text) as { id: string; csrfToken: string };
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return new Session(baseUrl, cookie, me.csrfToken, me.id, email, ip);
}

export async function login(baseUrl: string, email: string, password: string, ip: string): Promise<Session> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': ip }, body: JSON.stringify({ email, password }) });
  return sessionFrom(baseUrl, res, email, ip);
}

export async function register(baseUrl: string, input: { email: string; password: string; fullName: string }, ip: string): Promise<Session> {
  const res = await fetch(`${baseUrl}/api/v1/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': ip }, body: JSON.stringify(input) });
  return sessionFrom(baseUrl, res, input.email, ip);
}

// ---------------------------------------------------------------- SMTP with a hold switch

export interface HoldableInbox {
  port: number;
  /** Messages the server acknowledged (250 after DATA), parsed. */
  messages: ParsedMail[];
  /** While holding, a message's DATA is read but never acknowledged: the sender waits mid-send. */
  hold(on: boolean): void;
  /** Messages currently waiting un-acknowledged. */
  held(): number;
  close(): Promise<void>;
}

/**
 * A real SMTP server on 127.0.0.1 — the protocol a relay speaks (greeting, EHLO, MAIL, RCPT, DATA
 * with dot-stuffing, RSET, NOOP, QUIT), messages parsed by mailparser like test/smtp.ts — with a hold
 * switch, so a test can freeze the outbox worker in the middle of a claimed job and kill the
 * process there. A held message is never counted as received: a relay does not deliver a message
 * whose DATA it did not acknowledge.
 *
 * Written on node:net rather than smtp-server because smtp-server waits 100 ms before every greeting
 * (to catch early talkers) and the platform opens one connection per email: at 1,000 emails that
 * alone would be 100 s of a test that has a minute.
 */
export async function startHoldableSmtp(): Promise<HoldableInbox> {
  const messages: ParsedMail[] = [];
  const sockets = new Set<net.Socket>();
  let holding = false;
  let heldNow = 0;
  const server = net.createServer((socket) => {
    sockets.add(socket);
    let buf = '';
    let inData = false;
    let data: string[] = [];
    let held = false;
    let pumping = false;
    const reply = (line: string) => {
      if (!socket.destroyed) socket.write(`${line}\r\n`);
    };
    const pump = async () => {
      if (pumping) return;
      pumping = true;
      try {
        for (let i = buf.indexOf('\r\n'); i >= 0 && !held; i = buf.indexOf('\r\n')) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 2);
          if (inData) {
            if (line !== '.') {
              data.push(line.startsWith('..') ? line.slice(1) : line);
              continue;
            }
            inData = false;
            const raw = Buffer.from(data.join('\r\n') + '\r\n', 'latin1');
            data = [];
            if (holding) {
              held = true;
              heldNow++;
              return;
            }
            messages.push(await simpleParser(raw));
            reply('250 2.0.0 OK: queued');
            continue;
          }
          const verb = line.slice(0, 4).toUpperCase();
          if (verb === 'EHLO') reply('250-tinhso-test\r\n250-8BITMIME\r\n250 SIZE 52428800');
          else if (verb === 'HELO') reply('250 tinhso-test');
          else if (verb === 'MAIL' || verb === 'RCPT' || verb === 'RSET' || verb === 'NOOP') reply('250 2.0.0 OK');
          else if (verb === 'DATA') {
            inData = true;
            reply('354 End data with <CR><LF>.<CR><LF>');
          } else if (verb === 'QUIT') {
            reply('221 2.0.0 Bye');
            socket.end();
          } else reply('502 5.5.2 Command not implemented');
        }
      } finally {
        pumping = false;
      }
    };
    // latin1 keeps every byte as one char, so 8-bit message bodies survive until mailparser decodes them.
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      buf += chunk;
      void pump().catch(() => socket.destroy());
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      sockets.delete(socket);
      if (held) heldNow--;
    });
    reply('220 tinhso-test ESMTP');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    messages,
    hold(on) {
      holding = on;
    },
    held: () => heldNow,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
