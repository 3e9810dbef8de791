// Accounts and sessions: sign-up with a password policy, argon2id hashes, cookie sessions that are
// HttpOnly and SameSite=Lax and renewed at every sign-in, CSRF tokens on every unsafe request,
// a sign-in rate limit per address, and the security headers on every response.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { createTestEnv, json, type TestEnv } from '../../test/harness.ts';
import { Client, PASSWORD, randomIp } from '../../test/factories.ts';
import { expectError } from '../../test/expect.ts';
import { loadConfig } from '../../platform/config.ts';

const LIMIT = 4;
let env: TestEnv;

before(async () => {
  env = await createTestEnv({}, { LOGIN_RATE_LIMIT: String(LIMIT) });
});
after(() => env.close());

let n = 0;
const newEmail = () => `nguoi-dung-${++n}-${Date.now()}@example.vn`;

/** A request from its own address, so the per-address sign-in limit only counts this test's calls. */
const call = (opts: { method: 'GET' | 'POST'; url: string; payload?: unknown; headers?: Record<string, string>; ip?: string }) =>
  env.app.inject({ method: opts.method, url: opts.url, payload: opts.payload as never, headers: opts.headers, remoteAddress: opts.ip ?? randomIp() });

const register = (body: Record<string, unknown>, ip?: string) => call({ method: 'POST', url: '/api/v1/auth/register', payload: body, ip });
const login = (email: string, password = PASSWORD, headers: Record<string, string> = {}, ip?: string) =>
  call({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, headers, ip });
const sessionCookie = (res: LightMyRequestResponse) => res.cookies.find((c) => c.name === 'tinhso_sid');
const asClient = (res: LightMyRequestResponse) => new Client(env.app, null, `tinhso_sid=${sessionCookie(res)!.value}`, json(res).csrfToken);

describe('sign-up', () => {
  it('creates a citizen account, signs it in and stores an argon2id hash', async () => {
    const email = newEmail();
    const res = await register({ email, password: 'MatKhauManh2026', fullName: 'Trần Thị Lan', phone: '0912345678', personalId: '094190000123' });
    assert.equal(res.statusCode, 201, res.body);
    const me = json(res);
    assert.equal(me.email, email);
    assert.equal(me.role, 'citizen');
    assert.ok(me.csrfToken);
    assert.ok(sessionCookie(res), 'signed in at once');
    const row = await env.ctx.db.selectFrom('users').select(['password_hash', 'role']).where('email', '=', email).executeTakeFirstOrThrow();
    assert.ok(row.password_hash.startsWith('$argon2id$'), row.password_hash);
    assert.ok(!row.password_hash.includes('MatKhauManh2026'));
    assert.equal((await asClient(res).get('/api/v1/auth/me')).statusCode, 200);
  });

  it('refuses a weak password with a Vietnamese 400', async () => {
    for (const password of ['chichucai', '12345678', 'abcdefg']) {
      const res = await register({ email: newEmail(), password, fullName: 'Trần Thị Lan' });
      expectError(res, 400, 'invalid');
    }
    const err = expectError(await register({ email: newEmail(), password: 'chichucai', fullName: 'Trần Thị Lan' }), 400, 'invalid', 'auth.weakPassword');
    assert.match(err.message, /8 ký tự/);
  });

  it('refuses an email already registered, whatever its case (409)', async () => {
    const email = newEmail();
    assert.equal((await register({ email, password: 'MatKhau2026', fullName: 'Lâm Văn Sơn' })).statusCode, 201);
    expectError(await register({ email, password: 'MatKhau2027', fullName: 'Người Khác' }), 409, 'conflict', 'auth.emailTaken');
    expectError(await register({ email: email.toUpperCase(), password: 'MatKhau2027', fullName: 'Người Khác' }), 409, 'conflict', 'auth.emailTaken');
  });

  it('validates the other fields in Vietnamese', async () => {
    const err = expectError(await register({ email: 'khong-phai-email', password: 'MatKhau2026', fullName: 'L', personalId: '123' }), 400, 'invalid', 'common.invalidInput');
    assert.deepEqual(err.details.map((d: any) => d.field).sort(), ['body/email', 'body/fullName', 'body/personalId']);
  });
});

describe('sign-in and sign-out', () => {
  it('signs in with a session cookie that is HttpOnly, SameSite=Lax and scoped to the site', async () => {
    const user = await env.f.user('citizen');
    const res = await login(user.email);
    assert.equal(res.statusCode, 200, res.body);
    const cookie = sessionCookie(res)!;
    assert.ok(cookie.value.length >= 40, 'a long random token');
    assert.equal(cookie.httpOnly, true);
    assert.equal(String(cookie.sameSite).toLowerCase(), 'lax');
    assert.equal(cookie.path, '/');
    const raw = String(res.headers['set-cookie']);
    assert.match(raw, /HttpOnly/);
    assert.match(raw, /SameSite=Lax/);
    const me = json(await asClient(res).get('/api/v1/auth/me'));
    assert.equal(me.id, user.id);
    assert.equal(me.csrfToken, json(res).csrfToken);
  });

  it('accepts the email in any case', async () => {
    const user = await env.f.user('citizen');
    assert.equal((await login(user.email.toUpperCase())).statusCode, 200);
  });

  it('a wrong password and an unknown email get the same Vietnamese 401', async () => {
    const user = await env.f.user('citizen');
    const wrong = expectError(await login(user.email, 'SaiMatKhau1'), 401, 'unauthenticated', 'auth.badCredentials');
    const unknown = expectError(await login('khong-ton-tai@example.vn', 'SaiMatKhau1'), 401, 'unauthenticated', 'auth.badCredentials');
    assert.equal(wrong.message, unknown.message);
  });

  it('sign-out ends the session and clears the cookie', async () => {
    const user = await env.f.user('citizen');
    const c = asClient(await login(user.email));
    const out = await c.post('/api/v1/auth/logout');
    assert.equal(out.statusCode, 204);
    const cleared = sessionCookie(out);
    assert.ok(cleared && (cleared.value === '' || (cleared.expires && cleared.expires.getTime() < Date.now())), 'cookie cleared');
    expectError(await c.get('/api/v1/auth/me'), 401, 'unauthenticated', 'auth.required');
  });

  it('every sign-in makes a new session id; the one held before no longer works', async () => {
    const user = await env.f.user('citizen');
    const first = await login(user.email);
    const before = asClient(first);
    // Signing in again from the same browser, which still carries the first cookie.
    const second = await login(user.email, PASSWORD, { cookie: before.cookie!, 'x-csrf-token': before.csrf! });
    assert.equal(second.statusCode, 200, second.body);
    assert.notEqual(sessionCookie(second)!.value, sessionCookie(first)!.value);
    assert.notEqual(json(second).csrfToken, json(first).csrfToken);
    expectError(await before.get('/api/v1/auth/me'), 401, 'unauthenticated');
    assert.equal((await asClient(second).get('/api/v1/auth/me')).statusCode, 200);
  });

  it('a session id planted before sign-in is never adopted (session fixation)', async () => {
    const user = await env.f.user('citizen');
    const planted = 'ke-tan-cong-dat-san-ma-phien-nay-0123456789abcdef';
    const res = await login(user.email, PASSWORD, { cookie: `tinhso_sid=${planted}` });
    assert.equal(res.statusCode, 200, res.body);
    assert.notEqual(sessionCookie(res)!.value, planted);
    const attacker = new Client(env.app, null, `tinhso_sid=${planted}`, null);
    expectError(await attacker.get('/api/v1/auth/me'), 401, 'unauthenticated');
  });
});

describe('CSRF protection', () => {
  it('a POST with the session cookie but no or a wrong x-csrf-token is 403 auth.csrf', async () => {
    const user = await env.f.user('citizen');
    const c = asClient(await login(user.email));
    const noToken = await env.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: c.cookie! } });
    expectError(noToken, 403, 'forbidden', 'auth.csrf');
    const wrongToken = await env.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: c.cookie!, 'x-csrf-token': 'x'.repeat(c.csrf!.length) } });
    expectError(wrongToken, 403, 'forbidden', 'auth.csrf');
    const shortToken = await env.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: c.cookie!, 'x-csrf-token': 'abc' } });
    expectError(shortToken, 403, 'forbidden', 'auth.csrf');
    // None of them signed the user out.
    assert.equal((await c.get('/api/v1/auth/me')).statusCode, 200);
  });

  it('guards domain writes too: a dossier action without the token changes nothing', async () => {
    const office = await env.f.office();
    const citizen = await env.f.signedIn('citizen');
    const d = await env.f.submitted(citizen, office.procedure.id);
    const res = await env.app.inject({ method: 'POST', url: `/api/v1/dossiers/${d.id}/receive`, payload: {}, headers: { cookie: office.desk.cookie! } });
    expectError(res, 403, 'forbidden', 'auth.csrf');
    const row = await env.ctx.db.selectFrom('dossiers').select('status').where('id', '=', d.id).executeTakeFirstOrThrow();
    assert.equal(row.status, 'submitted');
  });

  it('safe methods need no token', async () => {
    const user = await env.f.user('citizen');
    const c = asClient(await login(user.email));
    const res = await env.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: c.cookie! } });
    assert.equal(res.statusCode, 200);
  });
});

describe('sign-in rate limit', () => {
  it(`after ${LIMIT} attempts a minute from one address the next is 429 in Vietnamese, even with the right password`, async () => {
    const user = await env.f.user('citizen');
    const ip = '203.0.113.7';
    for (let i = 0; i < LIMIT; i++) expectError(await login(user.email, `Sai${i}MatKhau`, {}, ip), 401, 'unauthenticated');
    const limited = expectError(await login(user.email, PASSWORD, {}, ip), 429, 'rate_limited', 'auth.rateLimited');
    assert.match(limited.message, /quá nhiều lần/);
    // Another address is not affected.
    assert.equal((await login(user.email, PASSWORD, {}, '203.0.113.8')).statusCode, 200);
  });

  it('a forged X-Forwarded-For does not get around it', async () => {
    const user = await env.f.user('citizen');
    const ip = '203.0.113.10';
    for (let i = 0; i < LIMIT; i++) {
      expectError(await login(user.email, `Sai${i}MatKhau`, { 'x-forwarded-for': `198.51.100.${i + 1}` }, ip), 401, 'unauthenticated');
    }
    expectError(await login(user.email, PASSWORD, { 'x-forwarded-for': '198.51.100.99' }, ip), 429, 'rate_limited');
  });

  it('X-Forwarded-For is believed only from the proxies named in TRUST_PROXY', () => {
    assert.equal(loadConfig({}).trustProxy, false);
    assert.equal(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy, 'loopback, 10.0.0.0/8');
    assert.equal(loadConfig({ TRUST_PROXY: 'off' }).trustProxy, false);
  });

  it('sign-up is limited the same way', async () => {
    const ip = '203.0.113.9';
    for (let i = 0; i < LIMIT; i++) expectError(await register({ email: newEmail(), password: 'yeu', fullName: 'Thử' }, ip), 400, 'invalid');
    expectError(await register({ email: newEmail(), password: 'MatKhau2026', fullName: 'Thử Nghiệm' }, ip), 429, 'rate_limited');
  });
});

describe('security headers', () => {
  it('are on every response, success or error', async () => {
    const user = await env.f.user('citizen');
    const limitedIp = '203.0.113.20';
    for (let i = 0; i < LIMIT; i++) await login(user.email, 'SaiMatKhau1', {}, limitedIp);
    const responses: [string, LightMyRequestResponse][] = [
      ['200 health', await call({ method: 'GET', url: '/api/v1/health' })],
      ['200 login', await login(user.email)],
      ['400 malformed JSON', await call({ method: 'POST', url: '/api/v1/auth/login', payload: '{"email":', headers: { 'content-type': 'application/json' } })],
      ['401 me', await call({ method: 'GET', url: '/api/v1/auth/me' })],
      ['404 unknown route', await call({ method: 'GET', url: '/api/v1/khong-co' })],
      ['404 tracking', await call({ method: 'GET', url: '/api/v1/tracking/H00.00-000000-0000' })],
      ['429 rate limited', await login(user.email, PASSWORD, {}, limitedIp)],
      ['200 OpenAPI', await call({ method: 'GET', url: '/api/docs/json' })],
    ];
    for (const [what, res] of responses) {
      const h = res.headers;
      assert.ok(h['content-security-policy'], `${what}: content-security-policy`);
      assert.match(String(h['content-security-policy']), /default-src 'self'/, what);
      assert.equal(h['x-content-type-options'], 'nosniff', what);
      assert.ok(h['x-frame-options'] || /frame-ancestors 'none'/.test(String(h['content-security-policy'])), `${what}: framing forbidden`);
      assert.match(String(h['strict-transport-security']), /max-age=\d+/, `${what}: strict-transport-security`);
      assert.ok(h['referrer-policy'], `${what}: referrer-policy`);
      assert.ok(!h['x-powered-by'], `${what}: no x-powered-by`);
    }
  });
});
