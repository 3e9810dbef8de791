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
      const jobs = await this.db.transaction().execute(async (tx) => {
        const due = await tx
          .selectFrom('outbox')
          .select(['id', 'kind', 'payload', 'attempts'])
          .where('status', '=', 'pending')
          .where('run_at', '<=', new Date())
          .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', new Date())]))
          .orderBy('run_at')
          .limit(batch)
          .forUpdate()
          .skipLocked()
          .execute();
        if (due.length === 0) return due;
        await tx
          .updateTable('outbox')
          .set({ locked_until: sql`now() + make_interval(secs => ${this.leaseSeconds})`, attempts: sql`attempts + 1` })
          .where('id', 'in', due.map((j) => j.id))
          .execute();
        return due;
      });
      if (jobs.length === 0) return total;
      for (const job of jobs) {
        const handler = this.handlers[job.kind];
        try {
          if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
          await handler(job.payload);
          await this.db.updateTable('outbox').set({ status: 'done', done_at: new Date(), locked_until: null, last_error: null }).where('id', '=', job.id).execute();
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
      }
    }
  }
}
