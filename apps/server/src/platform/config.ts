// Configuration from environment variables: the only place that reads process.env.
// Every setting is documented in the README ("Cấu hình / Configuration").
import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** PostgreSQL server URL; when absent the embedded PGlite database under dataDir is used. */
  databaseUrl?: string;
  /** Base URL the public sees; used in QR codes and emails. */
  publicBaseUrl: string;
  smtp: { host: string; port: number; secure: boolean; user?: string; pass?: string; from: string } | null;
  /** Upload limit per file, bytes. */
  maxUploadBytes: number;
  seedDemo: boolean;
  cookieSecure: boolean;
  logLevel: string;
  /** Serve the built web app from this folder when it exists. */
  webDist: string;
  workerIntervalMs: number;
  /** How long a claimed outbox job stays reserved; after a crash the job runs again once it expires. */
  jobLeaseSeconds: number;
  /** Sign-in and sign-up attempts per client address per minute. */
  loginRateLimit: number;
  /**
   * Which reverse proxies may tell the client's address in X-Forwarded-For (Fastify trustProxy):
   * none by default, else the proxies' addresses or CIDRs ("loopback, 10.0.0.0/8"). Trusting every
   * sender would let anyone pick the address the rate limits count.
   */
  trustProxy: boolean | string;
}

function trustProxy(env: NodeJS.ProcessEnv): boolean | string {
  const raw = env.TRUST_PROXY?.trim() ?? '';
  if (raw === '' || ['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  if (['true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  return raw;
}

function int(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`Biến môi trường ${name} phải là số nguyên không âm (nhận được "${raw}")`);
  return n;
}

function bool(name: string, fallback: boolean, env: NodeJS.ProcessEnv): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  return ['1', 'true', 'yes', 'on'].includes(raw.toLowerCase());
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = int('PORT', 3000, env);
  const smtpHost = env.SMTP_HOST;
  const publicBaseUrl = (env.PUBLIC_BASE_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  return {
    port,
    host: env.HOST || '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR || './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    publicBaseUrl,
    smtp: smtpHost
      ? {
          host: smtpHost,
          port: int('SMTP_PORT', 587, env),
          secure: bool('SMTP_SECURE', false, env),
          user: env.SMTP_USER || undefined,
          pass: env.SMTP_PASS || undefined,
          from: env.SMTP_FROM || 'Tỉnh Số <no-reply@tinhso.local>',
        }
      : null,
    maxUploadBytes: int('MAX_UPLOAD_MB', 10, env) * 1024 * 1024,
    seedDemo: bool('SEED_DEMO', true, env),
    cookieSecure: bool('COOKIE_SECURE', publicBaseUrl.startsWith('https://'), env),
    logLevel: env.LOG_LEVEL || 'info',
    webDist: path.resolve(env.WEB_DIST || new URL('../../../web/dist', import.meta.url).pathname),
    workerIntervalMs: int('WORKER_INTERVAL_MS', 1000, env),
    jobLeaseSeconds: int('JOB_LEASE_SECONDS', 60, env),
    loginRateLimit: int('LOGIN_RATE_LIMIT', 10, env),
    trustProxy: trustProxy(env),
  };
}
