// A migrated, empty PGlite data directory that test databases and test servers are copied from.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrateToLatest, openDatabase } from '../platform/db.ts';

/**
 * A fresh PGlite runs initdb (seconds of WASM) before the migrations. Do both once: a migrated data
 * directory is kept in the system temp folder, keyed by the migrations' source and PGlite's
 * version, and every test env starts from a copy of it. Built in a temp folder and renamed into
 * place, so concurrent test processes never see half a template.
 */
export async function pgliteTemplate(): Promise<string> {
  const hash = crypto.createHash('sha256');
  const pgliteDir = path.dirname(path.dirname(fileURLToPath(import.meta.resolve('@electric-sql/pglite'))));
  hash.update(fs.readFileSync(path.join(pgliteDir, 'package.json')));
  const migrationsDir = fileURLToPath(new URL('../db/migrations/', import.meta.url));
  for (const f of fs.readdirSync(migrationsDir).sort()) hash.update(f).update(fs.readFileSync(path.join(migrationsDir, f)));
  const dir = path.join(os.tmpdir(), `tinhso-pglite-template-${hash.digest('hex').slice(0, 16)}`);
  if (fs.existsSync(path.join(dir, 'pglite', 'PG_VERSION'))) return dir;
  const building = fs.mkdtempSync(path.join(os.tmpdir(), 'tinhso-pglite-building-'));
  const opened = await openDatabase({ dataDir: building });
  await migrateToLatest(opened.db);
  await opened.close();
  try {
    fs.renameSync(building, dir);
  } catch {
    fs.rmSync(building, { recursive: true, force: true }); // another test process got there first
  }
  return dir;
}

