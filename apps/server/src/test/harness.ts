// Test harness: a real platform on a real database for every test file — a fresh PGlite
// (TEST_DB=pglite, the default) or a fresh database on the PostgreSQL server (TEST_DB=postgres,
// server at TEST_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres). Requests go through
// app.inject, so the routes, schemas, hooks and error mapping under test are the ones that run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../platform/config.ts';
import { startPlatform, type Platform } from '../platform/bootstrap.ts';
import { buildApp } from '../app.ts';
import { Factories } from './factories.ts';
import { pgliteTemplate } from './pglite-template.ts';
import { freshPostgresDatabase } from './postgres.ts';

export const TEST_DB = (process.env.TEST_DB ?? 'pglite') as 'pglite' | 'postgres';


export interface TestEnv {
  app: FastifyInstance;
  platform: Platform;
  ctx: Platform['ctx'];
  config: Config;
  f: Factories;
  /** Moves the platform's clock; dates are computed in Asia/Ho_Chi_Minh. */
  setNow(iso: string): void;
  close(): Promise<void>;
}

export async function createTestEnv(overrides: Partial<Config> = {}, env: NodeJS.ProcessEnv = {}): Promise<TestEnv> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinhso-test-'));
  const pgdb = TEST_DB === 'postgres' ? await freshPostgresDatabase() : null;
  const config: Config = {
    ...loadConfig({ DATA_DIR: dataDir, SEED_DEMO: 'false', PUBLIC_BASE_URL: 'http://tinhso.test', LOG_LEVEL: 'silent', ...env }),
    databaseUrl: pgdb?.url,
    ...overrides,
  };
  if (!pgdb) fs.cpSync(path.join(await pgliteTemplate(), 'pglite'), path.join(dataDir, 'pglite'), { recursive: true });
  let now: Date | null = null;
  const platform = await startPlatform(config, pino({ level: 'silent' }), { clock: () => now ?? new Date() });
  const app = await buildApp(platform.ctx);
  await app.ready();
  return {
    app,
    platform,
    ctx: platform.ctx,
    config,
    f: new Factories(app, platform.ctx),
    setNow(iso: string) {
      now = new Date(iso);
    },
    async close() {
      await app.close();
      await platform.close();
      await pgdb?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function json<T = any>(res: LightMyRequestResponse): T {
  return JSON.parse(res.body) as T;
}
