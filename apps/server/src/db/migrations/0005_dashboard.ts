// The leaders' dashboard (issue 4): Decision 766 indicators over a period, for the province, each
// agency and each commune, in under half a second at 1M dossiers (docs/BENCHMARKS.md).
//
// A year of a province is ~500k dossiers; counting them with their attachments and extensions on
// every view took seconds. What the indicators count about a dossier is fixed at three moments —
// its receipt (received, channel, application files), its end (withdrawn, on time) and the return
// of its result (electronic result, working days) — and never changes after (no status leads out
// of result_returned, declined, withdrawn or stopped). So each fact is summed once into
// dossier_stats_daily, per agency and Vietnamese civil day, by modules/dossiers/stats.ts, once
// its moment is before dossier_stats_state.watermark (the start of a day in Asia/Ho_Chi_Minh).
// A read first moves the watermark to the start of today (a day's worth, under an advisory lock,
// in one transaction with the watermark: exactly once), then adds the live part from the dossiers
// table — received, finished or returned since midnight, and the open dossiers, whose on-time
// state is judged against today. So every figure is live; only history is pre-summed.
// Rows written later with earlier dates (an import of old dossiers) are not in the rollup: after
// such an import, `update dossier_stats_state set calendar_key = ''` makes the next read recount it.
//
// Indexes: the live part reads open dossiers (partial index) and today's finished ones; the
// drill-down pages walk dossiers by agency and time of receipt; 3.2 probes, per procedure, whether
// any online dossier was submitted in the period; the on-time rule looks up extensions per dossier.
import { sql, type Kysely } from 'kysely';

const statements = [
  `create table dossier_stats_daily (
     agency_id uuid not null references agencies (id),
     day date not null,
     received integer not null default 0 check (received >= 0),
     online integer not null default 0 check (online between 0 and received),
     digitised integer not null default 0 check (digitised between 0 and received),
     withdrawn integer not null default 0 check (withdrawn >= 0),
     on_time integer not null default 0 check (on_time >= 0),
     returned integer not null default 0 check (returned >= 0),
     returned_electronic integer not null default 0 check (returned_electronic between 0 and returned),
     processing_days bigint not null default 0 check (processing_days >= 0),
     primary key (agency_id, day)
   )`,
  `comment on table dossier_stats_daily is 'Decision 766 counts per agency and Vietnamese civil day of what happened before dossier_stats_state.watermark; maintained by modules/dossiers/stats.ts'`,
  `comment on column dossier_stats_daily.received is 'dossiers received that day (with online and digitised: facts fixed at receipt)'`,
  `comment on column dossier_stats_daily.withdrawn is 'of the dossiers received that day, those finished (before the watermark) by withdrawal'`,
  `comment on column dossier_stats_daily.on_time is 'of the dossiers received that day, those finished (before the watermark) on time: the numerator of 2.1 without the open ones'`,
  `comment on column dossier_stats_daily.returned is 'dossiers whose result was returned that day (with returned_electronic and processing_days)'`,
  `comment on column dossier_stats_daily.processing_days is 'sum over those returned dossiers of the working days from the day after receipt to the day of return'`,
  `create table dossier_stats_state (
     id boolean primary key default true check (id),
     watermark timestamptz not null,
     calendar_key text not null,
     refreshed_at timestamptz not null default now()
   )`,
  `comment on table dossier_stats_state is 'One row: dossier_stats_daily holds what happened (receipt, end, return) before watermark; calendar_key fingerprints the working-day calendar its processing_days were counted with (a change rebuilds it)'`,
  `insert into dossier_stats_state (watermark, calendar_key) values ('-infinity', '')`,
  `create index dossiers_finished_at on dossiers (finished_at) where finished_at is not null`,
  // Covering: the open dossiers' on-time state is judged from the index alone (a third of the time at 1M).
  `create index dossiers_open_received on dossiers (received_at) include (agency_id, status, supplement_count, due_date, id) where finished_at is null`,
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
