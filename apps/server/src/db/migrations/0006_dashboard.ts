// The leaders' dashboard (issue 4): Decision 766 indicators over a period, for the province, each
// agency and each commune, in under half a second at 1M dossiers (docs/BENCHMARKS.md).
//
// A year of a province is ~500k dossiers; counting them with their attachments and extensions on
// every view took seconds. Finished dossiers never change again (every status they can reach from
// result_returned, declined, withdrawn or stopped is none), so their contribution is summed once
// into dossier_stats_daily, per agency and Vietnamese civil day, by modules/dossiers/stats.ts: the
// rollup holds exactly the dossiers finished before dossier_stats_state.watermark (the start of a
// day in Asia/Ho_Chi_Minh). A read first moves the watermark to the start of today, adding the
// dossiers finished since (a day's worth, under an advisory lock, in one transaction with the
// watermark: exactly once), then adds the live part — dossiers still open or finished today —
// computed from the dossiers table. So every figure is live; only history is pre-summed.
//
// Indexes: the live part reads open dossiers (partial index) and today's finished ones; the
// drill-down pages walk dossiers by agency and time of receipt; 3.2 probes, per procedure, whether
// any online dossier was submitted in the period; the on-time rule looks up extensions per dossier.
import { sql, type Kysely } from 'kysely';

const statements = [
  `create table dossier_stats_daily (
     agency_id uuid not null references agencies (id),
     day date not null,
     received integer not null default 0,
     counted integer not null default 0,
     on_time integer not null default 0,
     online integer not null default 0,
     digitised integer not null default 0,
     returned integer not null default 0,
     returned_electronic integer not null default 0,
     processing_days bigint not null default 0,
     primary key (agency_id, day)
   )`,
  `comment on table dossier_stats_daily is 'Decision 766 counts of finished dossiers (finished before dossier_stats_state.watermark) per agency and Vietnamese civil day; received…digitised by day of receipt, returned… by day the result was returned. Maintained by modules/dossiers/stats.ts'`,
  `comment on column dossier_stats_daily.counted is 'received minus withdrawn by the applicant: the denominator of 2.1'`,
  `comment on column dossier_stats_daily.processing_days is 'sum over returned dossiers of the working days from the day after receipt to the day of return'`,
  `create table dossier_stats_state (
     id boolean primary key default true check (id),
     watermark timestamptz not null,
     calendar_key text not null,
     refreshed_at timestamptz not null default now()
   )`,
  `comment on table dossier_stats_state is 'One row: dossier_stats_daily holds the dossiers with finished_at < watermark; calendar_key fingerprints the working-day calendar its processing_days were counted with (a change rebuilds it)'`,
  `insert into dossier_stats_state (watermark, calendar_key) values ('-infinity', '')`,
  `create index dossiers_finished_at on dossiers (finished_at) where finished_at is not null`,
  `create index dossiers_open_received on dossiers (received_at) where finished_at is null`,
  `create index dossiers_agency_received on dossiers (agency_id, received_at) where received_at is not null`,
  `create index dossiers_received_at on dossiers (received_at) where received_at is not null`,
  `create index dossiers_online_procedure on dossiers (procedure_id, submitted_at) where channel = 'online'`,
  `create index extensions_dossier on extensions (dossier_id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const ix of ['extensions_dossier', 'dossiers_online_procedure', 'dossiers_received_at', 'dossiers_agency_received', 'dossiers_open_received', 'dossiers_finished_at']) {
    await sql.raw(`drop index ${ix}`).execute(db);
  }
  await sql.raw('drop table dossier_stats_state').execute(db);
  await sql.raw('drop table dossier_stats_daily').execute(db);
}
