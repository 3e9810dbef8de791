// The audit log is a hash chain: any edited or deleted row is detected and named.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestEnv, type TestEnv } from '../test/harness.ts';
import { appendAudit, verifyAuditChain } from './audit.ts';

describe('audit chain', () => {
  let env: TestEnv;
  const actor = { userId: null as unknown as string, role: 'admin' as const, agencyId: null, unitId: null, communeCode: null, fullName: 'Quản trị', email: 'a@x.vn' };
  before(async () => {
    env = await createTestEnv();
    for (let i = 0; i < 5; i++) {
      await env.ctx.db.transaction().execute((tx) => appendAudit(tx, { ...actor, userId: '00000000-0000-4000-8000-00000000000' + i }, { action: 'test.step', subjectType: 'test', subjectId: String(i), data: { n: i, text: 'Đăng ký khai sinh' } }));
    }
  });
  after(() => env.close());

  it('verifies an untouched chain', async () => {
    const report = await verifyAuditChain(env.ctx.db);
    assert.equal(report.ok, true);
    assert.equal(report.checked, 5);
  });

  it('names the row whose content was edited', async () => {
    const third = await env.ctx.db.selectFrom('audit_log').select('id').orderBy('id').offset(2).limit(1).executeTakeFirstOrThrow();
    await sql`update audit_log set data = '{"n": 99}' where id = ${third.id}`.execute(env.ctx.db);
    const report = await verifyAuditChain(env.ctx.db);
    assert.equal(report.ok, false);
    assert.deepEqual(report.broken, { id: third.id, problem: 'hash_mismatch' });
    await sql`update audit_log set data = '{"n": 2, "text": "Đăng ký khai sinh"}' where id = ${third.id}`.execute(env.ctx.db);
    assert.equal((await verifyAuditChain(env.ctx.db)).ok, true);
  });

  it('names the row after a deleted one', async () => {
    const rows = await env.ctx.db.selectFrom('audit_log').select('id').orderBy('id').execute();
    await sql`delete from audit_log where id = ${rows[1]!.id}`.execute(env.ctx.db);
    const report = await verifyAuditChain(env.ctx.db);
    assert.equal(report.ok, false);
    assert.deepEqual(report.broken, { id: rows[2]!.id, problem: 'link_mismatch' });
  });
});
