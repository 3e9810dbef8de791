// Aggregates of the dossiers module for the Decision 766 indicators (modules/dashboard): counts per
// agency and Vietnamese civil day, the per-procedure online probe of 3.2, and the dossier lists
// behind a figure. Owns tables dossier_stats_daily and dossier_stats_state (migration 0005).
//
// The rules, once (modules/dashboard/indicators.ts words them for people):
// - "received in the period": received_at falls on a day of the period in Asia/Ho_Chi_Minh.
// - on time (2.1): not withdrawn, at most one supplement request (Decision 766: a second one counts
//   as late), no apology-and-extension (an extension is only written for an overdue dossier), and
//   finished on or before due_date — or not finished and due_date not yet passed today. due_date
//   already moves with supplement pauses, so supplement waiting time is excluded.
// - returned (2.2, 4.1): status result_returned, by the day the result was returned.
// - processing time (2.2): working days d with day of receipt < d ≤ day of return (the legal clock:
//   Decree 118 counts from the working day after receipt), supplement waiting included.
// - digitised (4.2): at least one application attachment (a scan or an uploaded file).
// - electronic result (4.1): at least one result attachment.
//
// What is counted about a dossier is fixed at its receipt, its end or the return of its result, so
// each fact is summed once into dossier_stats_daily when its moment has passed (see migration 0005);
// figures = that rollup for the period + the live part (since the watermark, and the open
// dossiers) computed here from the dossiers table, both read in one repeatable-read snapshot.
import crypto from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import type { Database, Executor } from '../../platform/db.ts';
import type { WorkingCalendar } from '../../platform/calendar/index.ts';
import type { DossierStatus } from '../../db/schema.ts';
import * as calendar from '../calendar/service.ts';
import { vietnamToday } from '../../platform/context.ts';

const TZ = 'Asia/Ho_Chi_Minh';

/** Counts for one agency and one civil day (received… by day of receipt, returned… by day of return). */
export interface DayCounts {
  agencyId: string;
  day: string;
  received: number;
  counted: number;
  onTime: number;
  online: number;
  digitised: number;
  returned: number;
  returnedElectronic: number;
  processingDays: number;
}

export const ZERO_COUNTS = { received: 0, counted: 0, onTime: 0, online: 0, digitised: 0, returned: 0, returnedElectronic: 0, processingDays: 0 };
export type Counts = typeof ZERO_COUNTS;

export function addCounts(into: Counts, c: Counts) {
  into.received += c.received;
  into.counted += c.counted;
  into.onTime += c.onTime;
  into.online += c.online;
  into.digitised += c.digitised;
  into.returned += c.returned;
  into.returnedElectronic += c.returnedElectronic;
  into.processingDays += c.processingDays;
}

/** Start of a civil day in Vietnam (UTC+7, no daylight saving) as an instant. */
export const startOfDay = (isoDate: string) => new Date(`${isoDate}T00:00:00+07:00`);
const nextDay = (isoDate: string) => new Date(Date.parse(`${isoDate}T00:00:00Z`) + 86400_000).toISOString().slice(0, 10);
const prevDay = (isoDate: string) => new Date(Date.parse(`${isoDate}T00:00:00Z`) - 86400_000).toISOString().slice(0, 10);

// ---------------------------------------------------------------- SQL fragments (one definition each)

const extended = sql`exists (select 1 from extensions x where x.dossier_id = d.id)`;
const digitised = sql`exists (select 1 from dossier_attachments a where a.dossier_id = d.id and a.kind = 'application')`;
const electronicResult = sql`exists (select 1 from dossier_attachments a where a.dossier_id = d.id and a.kind = 'result')`;
const fday = sql`(d.finished_at at time zone ${sql.lit(TZ)})::date`;
const rday = sql`(d.received_at at time zone ${sql.lit(TZ)})::date`;
function onTime(today: string) {
  return sql`(d.status <> 'withdrawn' and d.supplement_count <= 1 and not ${extended}
             and case when d.finished_at is not null then d.due_date is null or ${fday} <= d.due_date
                      else d.due_date is null or d.due_date >= ${today}::date end)`;
}

/** Working-day numbers: k(d) = working days ≤ d, for every day of [from, to]. */
function calendarArrays(cal: WorkingCalendar, from: string, to: string) {
  const days: string[] = [];
  const ks: number[] = [];
  let k = 0;
  for (let d = from; d <= to; d = nextDay(d)) {
    if (cal.isWorkingDay(d)) k++;
    days.push(d);
    ks.push(k);
  }
  return { days, ks };
}

const calendarKeys = new WeakMap<WorkingCalendar, Map<string, string>>();
/**
 * Fingerprint of the working-day calendar before `upTo` (from 2000): the weekdays off and the
 * weekend days worked. The rollup's processing_days were counted with it; a change to a day before
 * the watermark (an administrator entering a past day off) means recounting, a change to a future
 * day (next year's announced days off) does not.
 */
function calendarKey(cal: WorkingCalendar, upTo: string): string {
  let byDay = calendarKeys.get(cal);
  if (!byDay) calendarKeys.set(cal, (byDay = new Map()));
  const hit = byDay.get(upTo);
  if (hit) return hit;
  const h = crypto.createHash('sha256');
  for (let y = 2000; y <= Number(upTo.slice(0, 4)); y++) {
    for (const d of cal.nonWorkingWeekdays(y)) if (d.date < upTo) h.update(`-${d.date}`);
    for (const d of cal.workingWeekendDays(y)) if (d.date < upTo) h.update(`+${d.date}`);
  }
  const key = h.digest('hex');
  byDay.set(upTo, key);
  return key;
}

interface FactRow {
  agency_id: string;
  day: string;
  received: number;
  online: number;
  digitised: number;
  withdrawn: number;
  on_time: number;
  returned: number;
  returned_electronic: number;
  processing_days: number;
}

const ZERO_ROW = { received: 0, online: 0, digitised: 0, withdrawn: 0, on_time: 0, returned: 0, returned_electronic: 0, processing_days: 0 };
type Cols = keyof typeof ZERO_ROW;
const COLS = Object.keys(ZERO_ROW) as Cols[];

// Three kinds of fact, each fixed from a different moment of a dossier's life, so each can be
// summed once that moment has passed:
// - at receipt: received, online (channel), digitised (application files come with the
//   submission) — by day of receipt;
// - at the end: withdrawn, on time — by day of receipt, once finished;
// - at the return of the result: returned, electronic result, working days — by day of return.
// The live part of a figure is then: dossiers received since the watermark (receipt facts), open
// dossiers and those finished since the watermark (end facts: on time is judged against today
// while open), dossiers returned since the watermark (return facts).

/** Receipt facts of the received dossiers matching `where` (alias d). */
function receiptFacts(where: RawBuilder<unknown>) {
  return sql<FactRow>`
    select d.agency_id, to_char(${rday}, 'YYYY-MM-DD') as day, count(*)::int as received,
           count(*) filter (where d.channel = 'online')::int as online,
           count(*) filter (where ${digitised})::int as digitised
    from dossiers d where d.received_at is not null and ${where} group by 1, 2`;
}

/** End facts of the received dossiers matching `where` (finished ones; open ones judged at `today`). */
function endFacts(where: RawBuilder<unknown>[], today: string) {
  const part = (w: RawBuilder<unknown>) => sql`
    select d.agency_id, ${rday} as rday, d.status = 'withdrawn' as withdrawn, ${onTime(today)} as on_time
    from dossiers d where d.received_at is not null and ${w}`;
  return sql<FactRow>`
    select x.agency_id, to_char(x.rday, 'YYYY-MM-DD') as day, count(*) filter (where x.withdrawn)::int as withdrawn, count(*) filter (where x.on_time)::int as on_time
    from (${sql.join(where.map(part), sql` union all `)}) x group by 1, 2`;
}

/** Return facts of the returned dossiers matching `where`; the calendar covers their days of receipt and return. */
function returnFacts(where: RawBuilder<unknown>, calDays: { days: string[]; ks: number[] }) {
  return sql<FactRow>`
    with cal as (select c.d, c.k from unnest(${calDays.days}::date[], ${calDays.ks}::int[]) as c(d, k))
    select d.agency_id, to_char(${fday}, 'YYYY-MM-DD') as day, count(*)::int as returned,
           count(*) filter (where ${electronicResult})::int as returned_electronic,
           coalesce(sum(cf.k - cr.k), 0)::bigint as processing_days
    from dossiers d join cal cf on cf.d = ${fday} join cal cr on cr.d = ${rday}
    where d.status = 'result_returned' and d.received_at is not null and ${where}
    group by 1, 2`;
}

/** The calendar span needed by returnFacts(where). */
async function returnSpan(db: Executor, where: RawBuilder<unknown>): Promise<{ from: string; to: string } | null> {
  const r = (
    await sql<{ r: string | null; f: string | null }>`
      select to_char(min(${rday}), 'YYYY-MM-DD') as r, to_char(max(${fday}), 'YYYY-MM-DD') as f
      from dossiers d where d.status = 'result_returned' and d.received_at is not null and ${where}`.execute(db)
  ).rows[0];
  if (!r?.r || !r.f) return null;
  return { from: r.r < r.f ? r.r : r.f, to: r.f > r.r ? r.f : r.r };
}

/** Sums fact rows per agency and day. */
function merge(rows: Partial<FactRow>[]): Map<string, FactRow> {
  const out = new Map<string, FactRow>();
  for (const r of rows) {
    const key = `${r.agency_id}|${r.day}`;
    let m = out.get(key);
    if (!m) out.set(key, (m = { agency_id: r.agency_id!, day: r.day!, ...ZERO_ROW }));
    for (const c of COLS) if (r[c] !== undefined) m[c] += Number(r[c]);
  }
  return out;
}

const toCounts = (r: FactRow): DayCounts => ({
  agencyId: r.agency_id,
  day: r.day,
  received: r.received,
  counted: r.received - r.withdrawn,
  onTime: r.on_time,
  online: r.online,
  digitised: r.digitised,
  returned: r.returned,
  returnedElectronic: r.returned_electronic,
  processingDays: r.processing_days,
});

// ---------------------------------------------------------------- rollup

const REFRESH_LOCK = 766_006;

/**
 * Moves the rollup's watermark to the start of `today`, adding the dossiers received, finished and
 * returned in between — exactly once (the state row is locked and moved in the same transaction).
 * A calendar different from the one the rollup was counted with rebuilds it from the start.
 */
export async function refreshRollup(db: Database, processCal: WorkingCalendar, today: string): Promise<void> {
  const target = startOfDay(today);
  let cal = processCal;
  // The rollup is valid while the calendar before its watermark is the one it was counted with.
  const valid = (s: { watermark: Date | string; calendar_key: string }) => {
    const w = new Date(s.watermark);
    return Number.isFinite(w.getTime()) && s.calendar_key === calendarKey(cal, vietnamToday(w));
  };
  const state = await db.selectFrom('dossier_stats_state').select(['watermark', 'calendar_key']).executeTakeFirst();
  if (state && new Date(state.watermark) >= target && valid(state)) return;
  await db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(${REFRESH_LOCK})`.execute(tx);
    const s = await tx.selectFrom('dossier_stats_state').select(['watermark', 'calendar_key']).forUpdate().executeTakeFirstOrThrow();
    if (!valid(s)) {
      // This process's calendar may be a minute old (calendar/service.ts caches it): the rollup
      // follows the calendar in the database, read afresh, so servers never recount it back and forth.
      cal = await calendar.getCalendar(tx);
    }
    let from: Date | null = new Date(s.watermark);
    if (!valid(s)) {
      // First build ('-infinity'), or a past day changed in the calendar: count everything again.
      await tx.deleteFrom('dossier_stats_daily').execute();
      from = null;
    } else if (from >= target) return;
    const since = (col: RawBuilder<unknown>) => sql`${from ? sql`${col} >= ${from} and ` : sql``}${col} < ${target}`;
    const rows: Partial<FactRow>[] = [];
    rows.push(...(await receiptFacts(since(sql`d.received_at`)).execute(tx)).rows);
    rows.push(...(await endFacts([sql`d.finished_at is not null and ${since(sql`d.finished_at`)}`], today).execute(tx)).rows);
    const span = await returnSpan(tx, since(sql`d.finished_at`));
    if (span) rows.push(...(await returnFacts(since(sql`d.finished_at`), calendarArrays(cal, span.from, span.to)).execute(tx)).rows);
    const merged = [...merge(rows).values()];
    for (let i = 0; i < merged.length; i += 2000) {
      const chunk = merged.slice(i, i + 2000);
      await tx
        .insertInto('dossier_stats_daily')
        .values(chunk.map((r) => ({ ...r })))
        .onConflict((oc) =>
          oc.columns(['agency_id', 'day']).doUpdateSet((eb) => Object.fromEntries(COLS.map((c) => [c, eb(`dossier_stats_daily.${c}`, '+', eb.ref(`excluded.${c}`))])) as never),
        )
        .execute();
    }
    await tx.updateTable('dossier_stats_state').set({ watermark: target, calendar_key: calendarKey(cal, today), refreshed_at: new Date() }).execute();
  });
}

export interface StatsQuery {
  from: string;
  to: string;
  today: string;
  /** undefined: every agency. */
  agencyIds?: string[];
  /**
   * The rollup may take in everything before the start of this day (default today). The service
   * passes the date of a quarter of an hour ago: a transaction that stamped a dossier just before
   * midnight and commits just after would otherwise be missed by both the rollup and the live part.
   */
  settledDay?: string;
}

/**
 * Counts per agency and day of [from, to] for the Decision 766 indicators, live: the rollup plus
 * what happened since its watermark and the open dossiers, read in one snapshot.
 */
export async function dailyCounts(db: Database, cal: WorkingCalendar, q: StatsQuery): Promise<DayCounts[]> {
  await refreshRollup(db, cal, q.settledDay ?? q.today);
  if (q.agencyIds && q.agencyIds.length === 0) return [];
  const fromTs = startOfDay(q.from);
  const toTs = startOfDay(nextDay(q.to));
  const agencies = (col: RawBuilder<unknown>) => (q.agencyIds ? sql`and ${col} = any(${q.agencyIds}::uuid[])` : sql``);
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (tx) => {
      const state = await tx.selectFrom('dossier_stats_state').select('watermark').executeTakeFirstOrThrow();
      const w = new Date(state.watermark);
      const after = (x: Date) => (w > x ? w : x);
      const rolled = await sql<FactRow>`
        select agency_id, to_char(day, 'YYYY-MM-DD') as day, received, online, digitised, withdrawn, on_time, returned, returned_electronic, processing_days
        from dossier_stats_daily t where day >= ${q.from}::date and day <= ${q.to}::date ${agencies(sql`t.agency_id`)}`.execute(tx);
      const receivedIn = sql`d.received_at >= ${fromTs} and d.received_at < ${toTs}`;
      const rows: Partial<FactRow>[] = [...rolled.rows];
      rows.push(...(await receiptFacts(sql`d.received_at >= ${after(fromTs)} and d.received_at < ${toTs} ${agencies(sql`d.agency_id`)}`).execute(tx)).rows);
      rows.push(
        ...(
          await endFacts(
            [sql`d.finished_at is null and ${receivedIn} ${agencies(sql`d.agency_id`)}`, sql`d.finished_at >= ${w} and ${receivedIn} ${agencies(sql`d.agency_id`)}`],
            q.today,
          ).execute(tx)
        ).rows,
      );
      const returnedIn = sql`d.finished_at >= ${after(fromTs)} and d.finished_at < ${toTs} ${agencies(sql`d.agency_id`)}`;
      const span = await returnSpan(tx, returnedIn);
      if (span) rows.push(...(await returnFacts(returnedIn, calendarArrays(cal, span.from, span.to)).execute(tx)).rows);
      return [...merge(rows).values()].filter((r) => r.day >= q.from && r.day <= q.to).map(toCounts);
    });
}

/** 3.2: which of these procedures received at least one online dossier submitted in [from, to], per month of the period when months are given. */
export async function proceduresWithOnlineDossiers(db: Executor, procedureIds: string[], ranges: { key: string; from: string; to: string }[]): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>(ranges.map((r) => [r.key, new Set<string>()]));
  if (procedureIds.length === 0 || ranges.length === 0) return out;
  const rows = await sql<{ id: string; k: string }>`
    select p.id, r.k from unnest(${procedureIds}::uuid[]) as p(id)
    cross join unnest(${ranges.map((r) => r.key)}::text[], ${ranges.map((r) => startOfDay(r.from).toISOString())}::timestamptz[], ${ranges.map((r) => startOfDay(nextDay(r.to)).toISOString())}::timestamptz[]) as r(k, f, t)
    where exists (select 1 from dossiers d where d.procedure_id = p.id and d.channel = 'online' and d.submitted_at >= r.f and d.submitted_at < r.t)`.execute(db);
  for (const r of rows.rows) out.get(r.k)!.add(r.id);
  return out;
}

/** How many online dossiers each procedure received in [from, to] (the 3.1/3.2 drill-down pages). */
export async function onlineDossierCounts(db: Executor, procedureIds: string[], from: string, to: string): Promise<Map<string, number>> {
  if (procedureIds.length === 0) return new Map();
  const rows = await sql<{ id: string; n: number }>`
    select d.procedure_id as id, count(*)::int as n from dossiers d
    where d.procedure_id = any(${procedureIds}::uuid[]) and d.channel = 'online' and d.submitted_at >= ${startOfDay(from)} and d.submitted_at < ${startOfDay(nextDay(to))}
    group by 1`.execute(db);
  return new Map(rows.rows.map((r) => [r.id, Number(r.n)]));
}

// ---------------------------------------------------------------- drill-down

/** Which dossiers a dossier-based indicator counts: its base set (denominator) and its numerator. */
export type DossierMeasure = 'on_time' | 'returned' | 'online' | 'electronic_result' | 'digitised';

export interface DrillRow {
  id: string;
  code: string;
  status: DossierStatus;
  procedure_name: string;
  agency_id: string;
  agency_name: string;
  applicant_name: string;
  channel: 'in_person' | 'online' | 'post';
  submitted_at: Date;
  received_at: Date | null;
  due_date: string | null;
  original_due_date: string | null;
  finished_at: Date | null;
  supplement_count: number;
  on_time: boolean;
}

/**
 * One page of the dossiers behind a figure: part = denominator (the base set), numerator, or rest
 * (base minus numerator). Newest first, by day of receipt (or of return for 2.2 and 4.1).
 */
export async function drillDossiers(
  db: Executor,
  q: StatsQuery & { measure: DossierMeasure; part: 'numerator' | 'denominator' | 'rest'; limit: number; offset: number },
): Promise<DrillRow[]> {
  if (q.agencyIds && q.agencyIds.length === 0) return [];
  const fromTs = startOfDay(q.from);
  const toTs = startOfDay(nextDay(q.to));
  const byReturn = q.measure === 'returned' || q.measure === 'electronic_result';
  const base = byReturn
    ? sql`d.status = 'result_returned' and d.received_at is not null and d.finished_at >= ${fromTs} and d.finished_at < ${toTs}`
    : q.measure === 'on_time'
      ? sql`d.received_at >= ${fromTs} and d.received_at < ${toTs} and d.status <> 'withdrawn'`
      : sql`d.received_at >= ${fromTs} and d.received_at < ${toTs}`;
  const numerator = {
    on_time: onTime(q.today),
    returned: sql`true`,
    online: sql`d.channel = 'online'`,
    electronic_result: electronicResult,
    digitised,
  }[q.measure];
  const part = q.part === 'denominator' ? sql`true` : q.part === 'numerator' ? numerator : sql`not ${numerator}`;
  const order = byReturn ? sql`d.finished_at desc, d.id` : sql`d.received_at desc, d.id`;
  const rows = await sql<DrillRow>`
    select d.id, d.code, d.status, p.name as procedure_name, d.agency_id, a.name as agency_name, d.applicant_name, d.channel,
           d.submitted_at, d.received_at, d.due_date, d.original_due_date, d.finished_at, d.supplement_count,
           ${onTime(q.today)} as on_time
    from dossiers d join procedures p on p.id = d.procedure_id join agencies a on a.id = d.agency_id
    where ${base} ${q.agencyIds ? sql`and d.agency_id = any(${q.agencyIds}::uuid[])` : sql``} and ${part}
    order by ${order} limit ${q.limit} offset ${q.offset}`.execute(db);
  return rows.rows;
}

export { prevDay as previousDay, nextDay };
