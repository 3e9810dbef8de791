// Security checks not already in modules/identity/auth.api.test.ts (which covers: cookie HttpOnly and
// SameSite=Lax on sign-in, a new session id at every sign-in, session fixation, CSRF on unsafe methods,
// the sign-in/sign-up rate limit, and the presence of the security headers):
// - the Content-Security-Policy's directives, on the API and on the web app's pages, and framing denied;
// - the session cookie: not readable by scripts, Secure behind https, the only cookie set (the CSRF
//   token travels in the body, never in a cookie a script could read);
// - sign-out deletes the session on the server: a copy of the cookie is worthless for reads and writes;
// - sessions are stored as hashes, expire, and a CSRF token works only with its own session;
// - answers with personal data are never cached; a password hash never leaves the server.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { createTestEnv, json, type TestEnv } from '../test/harness.ts';
import { Client, PASSWORD, randomIp, type TestUser } from '../test/factories.ts';
import { expectError } from '../test/expect.ts';
import { loadConfig } from '../platform/config.ts';

const PUBLIC_URL = 'https://dichvucong.tinhso.test';
let env: TestEnv;
const webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'tinhso-web-'));

before(async () => {
  // A built web app (a stand-in index.html) so its pages are served, and an https public address as
  // in production (COOKIE_SECURE follows it).
  fs.writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><html lang="vi"><head><title>Tỉnh Số</title></head><body><div id="root"></div></body></html>');
  env = await createTestEnv({ webDist }, { PUBLIC_BASE_URL: PUBLIC_URL });
});
after(async () => {
  await env.close();
  fs.rmSync(webDist, { recursive: true, force: true });
});

const login = (user: TestUser, headers: Record<string, string> = {}) =>
  env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: PASSWORD }, headers, remoteAddress: randomIp() });
const sessionCookie = (res: LightMyRequestResponse) => res.cookies.find((c) => c.name === 'tinhso_sid');
const clientOf = (res: LightMyRequestResponse, user: TestUser | null = null) => new Client(env.app, user, `tinhso_sid=${sessionCookie(res)!.value}`, json(res).csrfToken);
const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

/** 'a b; c d e' → { a: ['b'], c: ['d', 'e'] } */
function parseCsp(header: unknown): Record<string, string[]> {
  assert.equal(typeof header, 'string', 'a content-security-policy header');
  const out: Record<string, string[]> = {};
  for (const part of (header as string).split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out[name.toLowerCase()] = values;
  }
  return out;
}

describe('Content-Security-Policy', () => {
  it('API answers and web pages carry a strict policy: own origin only, no inline or eval scripts, no plugins, no framing', async () => {
    const citizen = await env.f.signedIn('citizen');
    const responses: [string, LightMyRequestResponse][] = [
      ['web app /', await env.app.inject({ method: 'GET', url: '/' })],
      ['web app deep link', await env.app.inject({ method: 'GET', url: '/tra-cuu/H55.26.01-261008-0001' })],
      ['API health', await env.app.inject({ method: 'GET', url: '/api/v1/health' })],
      ['API signed in', await citizen.get('/api/v1/me/dossiers')],
      ['API 404', await env.app.inject({ method: 'GET', url: '/api/v1/khong-co' })],
    ];
    assert.match(responses[0]![1].body, /<div id="root">/, 'the web page itself is served');
    for (const [what, res] of responses) {
      const csp = parseCsp(res.headers['content-security-policy']);
      assert.deepEqual(csp['default-src'], ["'self'"], `${what}: default-src 'self'`);
      assert.deepEqual(csp['script-src'], ["'self'"], `${what}: scripts from our origin only — no 'unsafe-inline', no 'unsafe-eval'`);
      assert.deepEqual(csp['script-src-attr'], ["'none'"], `${what}: no inline event handlers`);
      assert.deepEqual(csp['object-src'], ["'none'"], `${what}: object-src 'none'`);
      assert.deepEqual(csp['frame-ancestors'], ["'none'"], `${what}: frame-ancestors 'none'`);
      assert.deepEqual(csp['base-uri'], ["'self'"], `${what}: base-uri 'self'`);
      assert.deepEqual(csp['form-action'], ["'self'"], `${what}: form-action 'self'`);
      assert.deepEqual(csp['connect-src'], ["'self'"], `${what}: connect-src 'self'`);
      for (const [name, values] of Object.entries(csp)) {
        assert.ok(!values.includes("'unsafe-eval'") && !values.includes('*'), `${what}: ${name} allows neither eval nor any origin`);
      }
      // Older browsers that ignore frame-ancestors get the same answer from X-Frame-Options.
      assert.equal(res.headers['x-frame-options'], 'DENY', `${what}: X-Frame-Options DENY`);
    }
  });
});

describe('session cookie', () => {
  it('cannot be read by scripts, is sent over https only, and is the only cookie (the CSRF token is in the body)', async () => {
    assert.equal(loadConfig({ PUBLIC_BASE_URL: PUBLIC_URL }).cookieSecure, true, 'an https public address turns Secure on by default');
    assert.equal(env.config.cookieSecure, true);
    const user = await env.f.user('citizen');
    const signIn = await login(user);
    const signUp = await env.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email: `dang-ky-${crypto.randomBytes(4).toString('hex')}@example.vn`, password: 'MatKhauManh2026', fullName: 'Trần Thị Lan' },
      remoteAddress: randomIp(),
    });
    for (const [what, res, status] of [['sign-in', signIn, 200], ['sign-up', signUp, 201]] as const) {
      assert.equal(res.statusCode, status, res.body);
      assert.deepEqual(res.cookies.map((c) => c.name), ['tinhso_sid'], `${what}: one cookie, the session`);
      const raw = ([] as string[]).concat(res.headers['set-cookie'] as string | string[]);
      assert.equal(raw.length, 1);
      assert.match(raw[0]!, /;\s*HttpOnly/i, `${what}: HttpOnly — document.cookie cannot see it`);
      assert.match(raw[0]!, /;\s*Secure/i, `${what}: Secure`);
      assert.match(raw[0]!, /;\s*SameSite=Lax/i, `${what}: SameSite=Lax`);
      assert.match(raw[0]!, /;\s*Path=\//i);
      assert.doesNotMatch(raw[0]!, /;\s*Domain=/i, `${what}: host-only, not shared with sibling subdomains`);
      const csrf = json(res).csrfToken as string;
      assert.ok(csrf.length >= 32, `${what}: a CSRF token in the body`);
      assert.ok(!raw[0]!.includes(csrf), `${what}: the CSRF token is not in a cookie`);
    }
  });
});

describe('sessions on the server', () => {
  it('sign-out deletes the session: a copy of the cookie and token taken before is worthless for reads and writes', async () => {
    const user = await env.f.user('citizen');
    const res = await login(user);
    const stolen = clientOf(res, user);
    const countSessions = async () => Number((await env.ctx.db.selectFrom('sessions').select((eb) => eb.fn.countAll().as('n')).where('user_id', '=', user.id).executeTakeFirstOrThrow()).n);
    assert.equal(await countSessions(), 1);
    assert.equal((await stolen.post('/api/v1/auth/logout')).statusCode, 204);
    assert.equal(await countSessions(), 0, 'the session row is gone, not just the browser cookie');
    expectError(await stolen.get('/api/v1/me/dossiers'), 401, 'unauthenticated');
    // A write replayed with the old cookie and the old CSRF token: not signed in, nothing uploaded.
    const before = Number((await env.ctx.db.selectFrom('uploads').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    expectError(await stolen.upload(), 401, 'unauthenticated');
    const afterCount = Number((await env.ctx.db.selectFrom('uploads').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    assert.equal(afterCount, before);
  });

  it('the database keeps only a hash of the session token, so a leaked sessions table signs nobody in', async () => {
    const user = await env.f.user('citizen');
    const token = sessionCookie(await login(user))!.value;
    const rows = await env.ctx.db.selectFrom('sessions').selectAll().where('user_id', '=', user.id).execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.token_hash, sha256(token));
    assert.ok(!JSON.stringify(rows).includes(token), 'the token itself is stored nowhere');
    // Presenting the stored value as a cookie does not work.
    const attacker = new Client(env.app, null, `tinhso_sid=${rows[0]!.token_hash}`, rows[0]!.csrf_token);
    expectError(await attacker.get('/api/v1/auth/me'), 401, 'unauthenticated');
  });

  it('an expired session is refused', async () => {
    const user = await env.f.user('citizen');
    const c = clientOf(await login(user), user);
    assert.equal((await c.get('/api/v1/auth/me')).statusCode, 200);
    await env.ctx.db.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000) }).where('user_id', '=', user.id).execute();
    expectError(await c.get('/api/v1/auth/me'), 401, 'unauthenticated');
  });

  it('a CSRF token works only with the session it was issued to', async () => {
    const a = await env.f.signedIn('citizen');
    const b = await env.f.signedIn('citizen');
    const crossed = new Client(env.app, b.user, b.cookie, a.csrf);
    expectError(await crossed.upload(), 403, 'forbidden', 'auth.csrf');
    assert.equal((await b.upload()).statusCode, 201, 'with its own token it works');
  });
});

describe('caching and secrets in answers', () => {
  it('answers with personal data or the CSRF token are marked no-store', async () => {
    const office = await env.f.office();
    const user = await env.f.user('citizen');
    const signIn = await login(user);
    const citizen = clientOf(signIn, user);
    const d = await env.f.submitted(citizen, office.procedure.id);
    const responses: [string, LightMyRequestResponse][] = [
      ['sign-in', signIn],
      ['me', await citizen.get('/api/v1/auth/me')],
      ['my dossiers', await citizen.get('/api/v1/me/dossiers')],
      ['dossier detail', await citizen.get(`/api/v1/dossiers/${d.id}`)],
      ['desk queue', await office.desk.get('/api/v1/desk/dossiers')],
      ['attachment', await citizen.get(`/api/v1/dossiers/${d.id}/attachments/${d.attachments[0].id}`)],
    ];
    for (const [what, res] of responses) {
      assert.equal(res.statusCode, 200, `${what}: ${res.body.slice(0, 200)}`);
      assert.match(String(res.headers['cache-control']), /no-store/, `${what}: cache-control no-store`);
    }
  });

  it('a password hash never leaves the server', async () => {
    const admin = await env.f.signedIn('admin');
    const user = await env.f.user('citizen');
    const signIn = await login(user);
    for (const res of [signIn, await clientOf(signIn, user).get('/api/v1/auth/me'), await admin.get('/api/v1/admin/users')]) {
      assert.equal(res.statusCode, 200, res.body);
      assert.doesNotMatch(res.body, /\$argon2|password/i);
    }
  });
});
