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
  /** With seedDemo: also two years of dossier and feedback history (seed/history.ts). */
  seedHistory: boolean;
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
  /**
   * Map tiles for the web app's maps (feedback reports): an XYZ template such as
   * "https://tile.example.vn/{z}/{x}/{y}.png" and its attribution. Empty by default: the maps then
   * show commune centre points on a plain background and nothing is fetched from a third party.
   */
  mapTiles: { url: string; attribution: string } | null;
  /** Open311: the one jurisdiction this endpoint serves (jurisdiction_id), and POSTs per API key per minute. */
  open311: { jurisdictionId: string; postsPerMinute: number };
}

function trustProxy(env: NodeJS.ProcessEnv): boolean | string {
  const raw = env.TRUST_PROXY?.trim() ?? '';
  if (raw === '' || ['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  if (['true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  return raw;
}

function mapTiles(env: NodeJS.ProcessEnv): Config['mapTiles'] {
  const url = env.MAP_TILE_URL?.trim() ?? '';
  if (url === '') return null;
  let parsed: URL;
  try {
    parsed = new URL(url.replace(/\{[a-z]\}/g, '0'));
  } catch {
    throw new Error(`Biến môi trường MAP_TILE_URL phải là địa chỉ http(s) có {z}, {x}, {y} (nhận được "${url}")`);
  }
  if (!['https:', 'http:'].includes(parsed.protocol) || !/\{z\}/.test(url) || !/\{x\}/.test(url) || !/\{y\}/.test(url)) {
    throw new Error(`Biến môi trường MAP_TILE_URL phải là địa chỉ http(s) có {z}, {x}, {y} (nhận được "${url}")`);
  }
  // A subdomain placeholder only at the start of the host, where the CSP can allow it as "*.".
  const host = /^https?:\/\/([^/?#]+)/.exec(url)?.[1] ?? '';
  if (host.includes('{') && !/^\{s\}\.[^{}]+$/.test(host)) {
    throw new Error(`Biến môi trường MAP_TILE_URL chỉ cho phép {s} ở đầu tên máy chủ, ví dụ https://{s}.tile.example.vn/{z}/{x}/{y}.png (nhận được "${url}")`);
  }
  return { url, attribution: env.MAP_TILE_ATTRIBUTION?.trim() ?? '' };
}

/** The origin the map tiles come from ("https://{s}.tile.example.vn" keeps its subdomain wildcard), for the CSP. */
export function mapTileOrigin(tiles: Config['mapTiles']): string | null {
  if (!tiles) return null;
  const m = /^(https?:\/\/[^/?#]+)/.exec(tiles.url);
  return m ? m[1]!.replace('{s}', '*') : null;
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
    seedHistory: bool('SEED_HISTORY', true, env),
    cookieSecure: bool('COOKIE_SECURE', publicBaseUrl.startsWith('https://'), env),
    logLevel: env.LOG_LEVEL || 'info',
    webDist: path.resolve(env.WEB_DIST || new URL('../../../web/dist', import.meta.url).pathname),
    workerIntervalMs: int('WORKER_INTERVAL_MS', 1000, env),
    jobLeaseSeconds: int('JOB_LEASE_SECONDS', 60, env),
    loginRateLimit: int('LOGIN_RATE_LIMIT', 10, env),
    trustProxy: trustProxy(env),
    mapTiles: mapTiles(env),
    open311: { jurisdictionId: env.OPEN311_JURISDICTION_ID?.trim() || 'soctrang.tinhso.vn', postsPerMinute: int('OPEN311_RATE_LIMIT', 60, env) },
  };
}
