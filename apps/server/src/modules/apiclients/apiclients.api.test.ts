// API clients: the system administrator issues a key to another system (shown once), lists the
// clients (never a key, never its hash) and disables one; authenticateApiKey admits a key only when
// it is well-formed, known, enabled and carries the scope.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, json, type TestEnv } from '../../test/harness.ts';
import { expectAudited, expectError } from '../../test/expect.ts';
import type { Client } from '../../test/factories.ts';
import { DomainError } from '../../platform/errors.ts';
import { authenticateApiKey, hashKey } from './service.ts';

let env: TestEnv;
let admin: Client;

before(async () => {
  env = await createTestEnv();
  admin = await env.f.signedIn('admin', null, { fullName: 'Quản trị hệ thống' });
});
after(() => env.close());

const create = (body: unknown = { name: 'Cổng phản ánh hiện trường quốc gia', scopes: ['open311:write'] }) => admin.post('/api/v1/admin/api-clients', body);

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof DomainError, String(err));
    assert.equal(err.code, 'forbidden');
    return err.key;
  }
  assert.fail('the key was accepted');
}

describe('creating a client shows its key once', () => {
  it('answers 201 with the client and a ts_<prefix>_<secret> key; only the sha256 is stored; the creation is audited', async () => {
    const res = await create();
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.headers['cache-control'], 'no-store');
    const { client, key } = json(res);
    assert.match(key, /^ts_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    assert.equal(key.slice(3, 15), client.keyPrefix);
    assert.deepEqual(Object.keys(client).sort(), ['createdAt', 'disabled', 'id', 'keyPrefix', 'lastUsedAt', 'name', 'scopes']);
    assert.deepEqual(client.scopes, ['open311:write']);
    assert.equal(client.disabled, false);
    assert.equal(client.lastUsedAt, null);
    const row = await env.ctx.db.selectFrom('api_clients').selectAll().where('id', '=', client.id).executeTakeFirstOrThrow();
    assert.equal(row.key_hash, hashKey(key));
    assert.ok(!JSON.stringify(row).includes(key.slice(16)), 'the secret is not stored');
    const audit = await expectAudited(env.ctx, client.id, 'apiClient.create', admin.user!.id);
    assert.ok(!JSON.stringify(audit).includes(key.slice(16)), 'the secret is not in the audit log');
  });

  it('two clients never share a key or a prefix', async () => {
    const [a, b] = await Promise.all([create(), create()]);
    assert.notEqual(json(a).key, json(b).key);
    assert.notEqual(json(a).client.keyPrefix, json(b).client.keyPrefix);
  });

  it('refuses an unknown scope, an empty scope list and a too-short name, in Vietnamese', async () => {
    expectError(await create({ name: 'Hệ thống A', scopes: ['admin:all'] }), 400, 'invalid');
    expectError(await create({ name: 'Hệ thống A', scopes: [] }), 400, 'invalid');
    expectError(await create({ name: 'A', scopes: ['open311:write'] }), 400, 'invalid');
  });

  it('only the system administrator may create, list or disable', async () => {
    for (const role of ['citizen', 'moderator', 'leader'] as const) {
      const c = await env.f.signedIn(role);
      expectError(await c.post('/api/v1/admin/api-clients', { name: 'Hệ thống lạ', scopes: ['open311:write'] }), 403, 'forbidden');
      expectError(await c.get('/api/v1/admin/api-clients'), 403, 'forbidden');
    }
    expectError(await env.f.anonymous().get('/api/v1/admin/api-clients'), 401, 'unauthenticated');
  });
});

describe('the list never shows a key', () => {
  it('lists every client with its prefix, but neither the key nor its hash', async () => {
    const { client, key } = json(await create({ name: 'Ứng dụng Sóc Trăng Số', scopes: ['open311:write'] }));
    const res = await admin.get('/api/v1/admin/api-clients');
    assert.equal(res.statusCode, 200, res.body);
    const listed = json(res).find((c: any) => c.id === client.id);
    assert.deepEqual(listed, client);
    assert.equal(listed.name, 'Ứng dụng Sóc Trăng Số');
    assert.ok(!res.body.includes(key.slice(16)), 'no secret in the list');
    assert.ok(!res.body.includes(hashKey(key)), 'no hash in the list');
  });
});

describe('authenticateApiKey', () => {
  it('admits a valid key with its scope and records when it was last used', async () => {
    const { client, key } = json(await create());
    const who = await authenticateApiKey(env.ctx.db, key, 'open311:write');
    assert.deepEqual(who, { id: client.id, name: client.name, keyPrefix: client.keyPrefix, scopes: ['open311:write'] });
    const listed = json(await admin.get('/api/v1/admin/api-clients')).find((c: any) => c.id === client.id);
    assert.ok(listed.lastUsedAt, 'last used is set');
  });

  it('refuses a missing, malformed, unknown or altered key, and a key without the scope', async () => {
    const { key } = json(await create());
    assert.equal(await refusal(authenticateApiKey(env.ctx.db, undefined, 'open311:write')), 'apiClients.keyMissing');
    assert.equal(await refusal(authenticateApiKey(env.ctx.db, '', 'open311:write')), 'apiClients.keyMissing');
    assert.equal(await refusal(authenticateApiKey(env.ctx.db, 'xyz', 'open311:write')), 'apiClients.invalidKey');
    assert.equal(await refusal(authenticateApiKey(env.ctx.db, `${key}x`, 'open311:write')), 'apiClients.invalidKey');
    const altered = key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A');
    assert.equal(await refusal(authenticateApiKey(env.ctx.db, altered, 'open311:write')), 'apiClients.invalidKey');
    assert.equal(await refusal(authenticateApiKey(env.ctx.db, `ts_000000000000_${key.slice(16)}`, 'open311:write')), 'apiClients.invalidKey');
    // A client created (by an older version, or by hand) without the scope.
    await env.ctx.db.insertInto('api_clients').values({ name: 'Chỉ đọc', key_prefix: 'abcdefabcdef', key_hash: hashKey(`ts_abcdefabcdef_${'x'.repeat(40)}`), scopes: [] }).execute();
    assert.equal(await refusal(authenticateApiKey(env.ctx.db, `ts_abcdefabcdef_${'x'.repeat(40)}`, 'open311:write')), 'apiClients.scopeMissing');
  });
});

describe('disabling a client', () => {
  it('takes effect on the next call, is audited, and can be repeated harmlessly', async () => {
    const { client, key } = json(await create());
    await authenticateApiKey(env.ctx.db, key, 'open311:write');
    const res = await admin.post(`/api/v1/admin/api-clients/${client.id}/disable`);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(json(res).disabled, true);
    assert.equal(await refusal(authenticateApiKey(env.ctx.db, key, 'open311:write')), 'apiClients.disabled');
    await expectAudited(env.ctx, client.id, 'apiClient.disable', admin.user!.id);
    assert.equal((await admin.post(`/api/v1/admin/api-clients/${client.id}/disable`)).statusCode, 200);
    const listed = json(await admin.get('/api/v1/admin/api-clients')).find((c: any) => c.id === client.id);
    assert.equal(listed.disabled, true);
  });

  it('an unknown client is 404, in Vietnamese', async () => {
    expectError(await admin.post('/api/v1/admin/api-clients/00000000-0000-4000-8000-000000000000/disable'), 404, 'not_found', 'apiClients.notFound');
  });
});
