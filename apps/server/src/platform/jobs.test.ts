// The outbox worker: every queued job runs at least once, in the order it was queued; a job that
// fails is kept for a later try without holding back the others; finished jobs are marked done.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { sql } from 'kysely';
import { createTestEnv, type TestEnv } from '../test/harness.ts';
import { enqueue, JobWorker } from './jobs.ts';

describe('outbox worker', () => {
  let env: TestEnv;
  before(async () => {
    env = await createTestEnv();
    // The platform's own worker must not take the test's jobs.
    await env.platform.worker.stop();
  });
  after(() => env.close());
  beforeEach(async () => {
    await sql`delete from outbox`.execute(env.ctx.db);
  });

  const queue = async (kind: string, n: number) => {
    for (let i = 0; i < n; i++) await env.ctx.db.transaction().execute((tx) => enqueue(tx, kind, { n: i }));
  };
  const rows = () => env.ctx.db.selectFrom('outbox').select(['kind', 'payload', 'status', 'attempts', 'last_error', 'locked_until']).orderBy('id').execute();

  it('runs every job once, in the order queued, across batches, and marks each done', async () => {
    await queue('test.ok', 45);
    const seen: number[] = [];
    const worker = new JobWorker(env.ctx.db, { 'test.ok': async (p) => void seen.push(p.n as number) }, pino({ level: 'silent' }));
    assert.equal(await worker.runOnce(20), 45);
    assert.deepEqual(seen, Array.from({ length: 45 }, (_, i) => i));
    const after = await rows();
    assert.ok(after.every((j) => j.status === 'done' && j.attempts === 1 && j.locked_until === null));
    assert.equal(await worker.runOnce(20), 0, 'nothing runs twice');
  });

  it('keeps a failed job for a later try and still marks the others of its batch done', async () => {
    await queue('test.flaky', 3);
    const worker = new JobWorker(
      env.ctx.db,
      {
        'test.flaky': async (p) => {
          if (p.n === 1) throw new Error('máy chủ thư không trả lời');
        },
      },
      pino({ level: 'silent' }),
    );
    assert.equal(await worker.runOnce(), 3);
    const after = await rows();
    assert.deepEqual(after.map((j) => j.status), ['done', 'pending', 'done']);
    assert.equal(after[1]!.attempts, 1);
    assert.equal(after[1]!.last_error, 'máy chủ thư không trả lời');
    assert.equal(after[1]!.locked_until, null);
    assert.equal(await worker.runOnce(), 0, 'the failed job waits for its backoff');
  });

  it('a job of a kind nobody handles is kept, with the reason', async () => {
    await queue('test.unknown', 1);
    const worker = new JobWorker(env.ctx.db, {}, pino({ level: 'silent' }));
    await worker.runOnce();
    const [job] = await rows();
    assert.equal(job!.status, 'pending');
    assert.match(job!.last_error ?? '', /no handler for job kind test\.unknown/);
  });

  it('two workers share the queue without running a job twice', async () => {
    await queue('test.ok', 60);
    const seen: number[] = [];
    const handler = { 'test.ok': async (p: Record<string, unknown>) => void seen.push(p.n as number) };
    const a = new JobWorker(env.ctx.db, handler, pino({ level: 'silent' }));
    const b = new JobWorker(env.ctx.db, handler, pino({ level: 'silent' }));
    await Promise.all([a.runOnce(5), b.runOnce(5)]);
    assert.deepEqual([...seen].sort((x, y) => x - y), Array.from({ length: 60 }, (_, i) => i));
    assert.ok((await rows()).every((j) => j.status === 'done' && j.attempts === 1));
  });
});
