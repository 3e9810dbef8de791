// EXPLAIN (ANALYZE, BUFFERS) of the queries behind the officials' queue, the citizens' own list and
// public tracking. "After" is the SQL the application really sends: the repo functions run against
// a Kysely whose log hook captures each compiled query and its parameters. "Before" is the SQL of
// the code before the benchmarks' changes (commit cd3e5f1), written out here, run with the new
// index dropped inside a transaction that is rolled back.
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from '../apps/server/src/db/schema.ts';
import * as repo from '../apps/server/src/modules/dossiers/repo.ts';

export interface Plan {
  title: string;
  sql: string;
  plan: string;
  planningMs: number;
  executionMs: number;
}

export interface PlanPair {
  name: string;
  before?: Plan;
  after: Plan;
}

const SUMMARY_SELECT = `select "d"."id", "d"."code", "d"."status", "d"."procedure_id", "p"."name" as "procedure_name", "a"."name" as "agency_name", "d"."agency_id",
  "d"."applicant_id", "d"."applicant_name", "d"."submitted_at", "d"."received_at", "d"."due_date", "d"."assignee_id", "u"."full_name" as "assignee_name"
  from "dossiers" as "d" inner join "procedures" as "p" on "p"."id" = "d"."procedure_id" inner join "agencies" as "a" on "a"."id" = "d"."agency_id"
  left join "users" as "u" on "u"."id" = "d"."assignee_id"`;
const COUNT_WITH_JOINS = `select count(*)::int as "n"
  from "dossiers" as "d" inner join "procedures" as "p" on "p"."id" = "d"."procedure_id" inner join "agencies" as "a" on "a"."id" = "d"."agency_id"
  left join "users" as "u" on "u"."id" = "d"."assignee_id"`;

async function explain(client: pg.Client, title: string, text: string, params: unknown[]): Promise<Plan> {
  // Warm first, like a live server's connection: the cache, and PL/pgSQL's plan cache, which keeps a
  // generic plan for a function's statement after its fifth call in a session. The next run is reported.
  for (let i = 0; i < 6; i++) await client.query(`explain (analyze, buffers) ${text}`, params);
  const res = await client.query(`explain (analyze, buffers) ${text}`, params);
  const plan = res.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
  return { title, sql: text, plan, planningMs: Number(/Planning Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN), executionMs: Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN) };
}

/** Runs the repo function and returns the SQL and parameters it sent (the last `n` queries). */
async function captured(url: string, run: (db: Kysely<DB>) => Promise<unknown>): Promise<{ sql: string; parameters: unknown[] }[]> {
  const queries: { sql: string; parameters: unknown[] }[] = [];
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    log: (e) => {
      if (e.level === 'query') queries.push({ sql: e.query.sql, parameters: [...e.query.parameters] });
    },
  });
  try {
    await run(db);
  } finally {
    await db.destroy();
  }
  return queries;
}

export async function queryPlans(url: string, opts: { queueAgencyId: string; allAgencyId: string; applicantId: string; trackingCode: string }): Promise<PlanPair[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const out: PlanPair[] = [];
  try {
    const inProgress = { agencyId: opts.queueAgencyId, statuses: ['in_progress' as const], limit: 20, offset: 0 };
    const all = { agencyId: opts.allAgencyId, limit: 20, offset: 0 };
    const [qItems, qCount] = (await captured(url, (db) => repo.listQueue(db, inProgress))).sort((a, b) => Number(a.sql.includes('count(*)')) - Number(b.sql.includes('count(*)')));
    const [aItems, aCount] = (await captured(url, (db) => repo.listQueue(db, all))).sort((a, b) => Number(a.sql.includes('count(*)')) - Number(b.sql.includes('count(*)')));
    const [mine] = await captured(url, (db) => repo.listForApplicant(db, opts.applicantId, 50, 0));
    const [track] = await captured(url, (db) => repo.trackingViews(db, [opts.trackingCode]));
    // The look-up calls dossier_tracking_many(); its plan is the one of the statement inside it.
    const trackBody = (await client.query(`select prosrc from pg_proc where proname = 'dossier_tracking_many'`)).rows[0]?.prosrc as string | undefined;
    const inner = trackBody ? /return query\s+([\s\S]*?);\s*end/i.exec(trackBody)?.[1]?.replace(/= any\(p_codes\)/g, '= $1') : undefined;

    // Before: the same statements as the code at cd3e5f1 (no dossiers_agency_due index; the count
    // joined the summary tables and was exact).
    await client.query('begin');
    await client.query('drop index if exists dossiers_agency_due');
    const before = {
      queuePage: await explain(client, 'queue page, status=in_progress', `${SUMMARY_SELECT} where "d"."agency_id" = $1 and "d"."status" in ($2) order by d.due_date asc nulls last, "d"."submitted_at" limit $3 offset $4`, [opts.queueAgencyId, 'in_progress', 20, 0]),
      queueCount: await explain(client, 'queue total, status=in_progress', `${COUNT_WITH_JOINS} where "d"."agency_id" = $1 and "d"."status" in ($2)`, [opts.queueAgencyId, 'in_progress']),
      allPage: await explain(client, 'queue page, no status filter ("all" tab)', `${SUMMARY_SELECT} where "d"."agency_id" = $1 order by d.due_date asc nulls last, "d"."submitted_at" limit $2 offset $3`, [opts.allAgencyId, 20, 0]),
      allCount: await explain(client, 'queue total, no status filter', `${COUNT_WITH_JOINS} where "d"."agency_id" = $1`, [opts.allAgencyId]),
    };
    await client.query('rollback');

    out.push({ name: 'Queue page (status=in_progress)', before: before.queuePage, after: await explain(client, 'queue page, status=in_progress', qItems!.sql, qItems!.parameters) });
    out.push({ name: 'Queue total (status=in_progress)', before: before.queueCount, after: await explain(client, 'queue total (capped), status=in_progress', qCount!.sql, qCount!.parameters) });
    out.push({ name: 'Queue page, no status filter ("all" tab)', before: before.allPage, after: await explain(client, 'queue page, no status filter', aItems!.sql, aItems!.parameters) });
    out.push({ name: 'Queue total, no status filter', before: before.allCount, after: await explain(client, 'queue total (capped), no status filter', aCount!.sql, aCount!.parameters) });
    out.push({ name: "Citizen's own dossiers", after: await explain(client, 'GET /me/dossiers', mine!.sql, mine!.parameters) });
    out.push({
      name: 'Public tracking',
      before: inner ? await explain(client, 'GET /tracking/:code as one inline statement (planned on every call)', inner, [opts.trackingCode]) : undefined,
      after: await explain(client, 'GET /tracking/:code through dossier_tracking_many() (plans kept per connection)', track!.sql, track!.parameters),
    });
  } finally {
    await client.end();
  }
  return out;
}

