#!/usr/bin/env node
// `npm test`: the whole suite on a fresh machine. Installs or starts what is missing (Debian's
// chromium; a PostgreSQL server — the one at 127.0.0.1:5432 if it answers, otherwise a throwaway
// one from Debian's postgresql package), type-checks, builds the web app, then runs the unit and
// API tests on the embedded database (PGlite) and on PostgreSQL, and the browser tests in Chromium.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const isRoot = process.getuid?.() === 0;
const started = Date.now();
const log = (msg) => console.log(`\n▶ ${msg}`);

function sh(cmd, args, opts = {}) {
  execFileSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
}

let aptUpdated = false;
function aptInstall(...pkgs) {
  if (!isRoot) throw new Error(`Thiếu gói hệ thống ${pkgs.join(', ')}: hãy cài bằng "sudo apt-get install -y ${pkgs.join(' ')}" rồi chạy lại.`);
  if (!aptUpdated) sh('apt-get', ['update', '-qq']);
  aptUpdated = true;
  sh('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...pkgs], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

function ensureChromium() {
  if (fs.existsSync('/usr/bin/chromium')) return;
  log('Installing Debian chromium for the browser tests');
  aptInstall('chromium');
}

function portOpen(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const s = net.connect({ port, host }, () => {
      s.end();
      resolve(true);
    });
    s.on('error', () => resolve(false));
    s.setTimeout(1000, () => {
      s.destroy();
      resolve(false);
    });
  });
}

async function postgresAnswers(url) {
  const pg = (await import('pg')).default;
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

/** Returns the admin URL of a reachable PostgreSQL server and a function that stops it if we started it. */
async function ensurePostgres() {
  const given = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  if (await postgresAnswers(given)) return { url: given, stop: () => {} };
  log('No PostgreSQL server answers; starting a throwaway one from Debian\'s postgresql package');
  const findBin = () => {
    const base = '/usr/lib/postgresql';
    if (!fs.existsSync(base)) return null;
    const versions = fs.readdirSync(base).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) if (fs.existsSync(path.join(base, v, 'bin', 'initdb'))) return path.join(base, v, 'bin');
    return null;
  };
  if (!findBin()) aptInstall('postgresql');
  const bin = findBin();
  if (!bin) throw new Error('Không tìm thấy initdb sau khi cài postgresql.');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinhso-pg-'));
  let port = 54329;
  while (await portOpen(port)) port++;
  // PostgreSQL refuses to run as root: the cluster belongs to the postgres user.
  const asPg = (cmd, args) => (isRoot ? ['su', ['postgres', '-s', '/bin/sh', '-c', [cmd, ...args].map((a) => `'${a}'`).join(' ')]] : [cmd, args]);
  if (isRoot) sh('chown', ['postgres', dir]);
  sh(...asPg(path.join(bin, 'initdb'), ['-D', path.join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-locale']));
  sh(...asPg(path.join(bin, 'pg_ctl'), ['-D', path.join(dir, 'data'), '-l', path.join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']));
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    stop: () => {
      spawnSync(...asPg(path.join(bin, 'pg_ctl'), ['-D', path.join(dir, 'data'), '-m', 'immediate', 'stop']), { stdio: 'ignore' });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function testFiles(dir, pattern) {
  return fs
    .readdirSync(path.join(root, dir), { recursive: true })
    .map(String)
    .filter((f) => pattern.test(f) && !f.includes('node_modules'))
    .map((f) => path.join(dir, f))
    .sort();
}

const totals = { pass: 0, fail: 0, runs: [] };

/** Runs node's test runner; echoes its output and adds its closing counts to the totals. */
function runTests(label, files, env) {
  log(`${label}: ${files.length} files`);
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      process.stdout.write(d);
      out += d;
    });
    child.on('close', (code) => {
      const count = (k) => Number(out.match(new RegExp(`ℹ ${k} (\\d+)`))?.[1] ?? 0);
      const pass = count('pass');
      const fail = count('fail') + count('cancelled');
      totals.pass += pass;
      totals.fail += fail + (code !== 0 && fail === 0 ? 1 : 0);
      totals.runs.push(`${label}: ${pass} passed, ${fail} failed (${Math.round((Date.now() - t0) / 1000)} s)`);
      resolve();
    });
  });
}

ensureChromium();
const pgServer = await ensurePostgres();
try {
  log('Type-checking (tsc --noEmit)');
  sh(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'apps/server']);
  sh(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'apps/web']);
  sh(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'e2e']);
  log('Building the web app');
  sh('npm', ['run', 'build', '-w', 'apps/web', '--silent']);

  const serverTests = testFiles('apps/server/src', /\.test\.ts$/);
  await runTests('unit + API tests on PGlite', serverTests, { TEST_DB: 'pglite' });
  await runTests('unit + API tests on PostgreSQL', serverTests, { TEST_DB: 'postgres', TEST_PG_URL: pgServer.url });
  const e2e = testFiles('e2e', /\.test\.ts$/);
  await runTests('browser tests in Chromium on PGlite', e2e, { E2E_DB: 'pglite' });
  await runTests('browser tests in Chromium on PostgreSQL', e2e, { E2E_DB: 'postgres', TEST_PG_URL: pgServer.url });
} finally {
  pgServer.stop();
}

console.log('\n' + totals.runs.join('\n'));
console.log(`Suite time: ${Math.round((Date.now() - started) / 1000)} s`);
console.log(`${totals.pass} passed, ${totals.fail} failed`);
process.exit(totals.fail > 0 ? 1 : 0);
