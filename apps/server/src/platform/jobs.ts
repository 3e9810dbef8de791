// Durable background work: jobs are written to the outbox table in the same transaction as the
// change that caused them, and workers claim them with FOR UPDATE SKIP LOCKED, retrying with
// exponential backoff. A crash between claim and completion only delays a job (at-least-once).
import { sql } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { Database, Executor } from './db.ts';

export type JobHandler = (payload: Record<string, unknown>) => Promise<void>;

const MAX_ATTEMPTS = 8;
/** Default lease on a claimed job: a worker that dies holding it delays the job this long, then it runs again. */
export const LEASE_SECONDS = 60;
/** Finished jobs wait at most this long to be marked done (well under any lease). */
const DONE_FLUSH_MS = 1000;

export async function enqueue(tx: Executor, kind: string, payload: Record<string, unknown>): Promise<void> {
  await tx.insertInto('outbox').values({ kind, payload: JSON.stringify(payload) }).execute();
}

export class JobWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly db: Database,
    private readonly handlers: Record<string, JobHandler>,
    private readonly log: FastifyBaseLogger,
    private readonly intervalMs = 1000,
    private readonly leaseSeconds = LEASE_SECONDS,
  ) {}

  start() {
    const tick = async () => {
      try {
        await this.runOnce();
      } catch (err) {
        this.log.error({ err }, 'job worker tick failed');
      }
      if (this.timer) this.timer = setTimeout(tick, this.intervalMs);
    };
    this.timer = setTimeout(tick, this.intervalMs);
  }

  async stop() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Claims and runs due jobs until none is left; returns how many ran. Safe to call concurrently. */
  async runOnce(batch = 20): Promise<number> {
    if (this.running) return this.running;
    this.running = this.drain(batch).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async drain(batch: number): Promise<number> {
    let total = 0;
    for (;;) {
      // Claim and lease in one statement (a round trip, not four): rows another worker holds are
      // skipped, and the lease lets another process take a job whose worker died.
      const { rows: jobs } = await sql<{ id: number; kind: string; payload: Record<string, unknown>; attempts: number }>`
        with claimed as (
          update outbox set locked_until = now() + make_interval(secs => ${this.leaseSeconds}), attempts = attempts + 1
           where id in (select id from outbox
                         where status = 'pending' and run_at <= now() and (locked_until is null or locked_until < now())
                         order by run_at limit ${batch} for update skip locked)
          returning id, kind, payload, attempts - 1 as attempts, run_at)
        select id, kind, payload, attempts from claimed order by run_at, id`.execute(this.db);
      if (jobs.length === 0) return total;
      // Finished jobs are marked done together (one statement, not one per job), at the end of the
      // batch or once DONE_FLUSH_MS have passed, so that a slow batch never holds finished jobs
      // unmarked long enough for their lease to run out (which would send them again).
      let done: number[] = [];
      let flushedAt = Date.now();
      const flush = async () => {
        if (done.length) await this.db.updateTable('outbox').set({ status: 'done', done_at: new Date(), locked_until: null, last_error: null }).where('id', 'in', done).execute();
        done = [];
        flushedAt = Date.now();
      };
      try {
        for (const job of jobs) {
          const handler = this.handlers[job.kind];
          try {
            if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
            await handler(job.payload);
            done.push(job.id);
          } catch (err) {
            const attempts = job.attempts + 1;
            const dead = attempts >= MAX_ATTEMPTS;
            this.log.warn({ err, jobId: job.id, kind: job.kind, attempts }, dead ? 'job failed permanently' : 'job failed, will retry');
            await this.db
              .updateTable('outbox')
              .set({
                status: dead ? 'dead' : 'pending',
                locked_until: null,
                last_error: String((err as Error)?.message ?? err).slice(0, 1000),
                run_at: new Date(Date.now() + Math.min(2 ** attempts, 3600) * 1000),
              })
              .where('id', '=', job.id)
              .execute();
          }
          total++;
          if (Date.now() - flushedAt >= DONE_FLUSH_MS) await flush();
        }
      } finally {
        await flush();
      }
    }
  }
}
