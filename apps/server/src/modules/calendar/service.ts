// calendar: the working-day calendar of the province — the statutory holidays computed by
// platform/calendar plus the yearly days-off and swapped working days administrators enter.
// Owns table calendar_overrides.
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/auth.ts';
import type { Executor } from '../../platform/db.ts';
import { appendAudit } from '../../platform/audit.ts';
import { Forbidden, Invalid, NotFound } from '../../platform/errors.ts';
import { WorkingCalendar, isIsoDate } from '../../platform/calendar/index.ts';

// Overrides change a few times a year; every server process re-reads them at most this often,
// and at once after a change made through this process.
const CACHE_MS = 60_000;
const cache = new WeakMap<object, { at: number; calendar: WorkingCalendar }>();

export async function getCalendar(db: Executor): Promise<WorkingCalendar> {
  const hit = cache.get(db);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.calendar;
  const rows = await db.selectFrom('calendar_overrides').select(['date', 'kind', 'name']).orderBy('date').execute();
  const calendar = new WorkingCalendar(rows);
  cache.set(db, { at: Date.now(), calendar });
  return calendar;
}

export function assertIsoDate(value: string) {
  if (!isIsoDate(value)) throw Invalid('common.invalidDate');
}

/** Runs a calendar computation; a date outside the lunar calendar's years is bad input (400), not a server error. */
export function withinCalendar<T>(compute: () => T): T {
  try {
    return compute();
  } catch (err) {
    if (err instanceof RangeError) throw Invalid('calendar.dateOutOfRange');
    throw err;
  }
}

export async function dueDate(db: Executor, from: string, days: number): Promise<string> {
  assertIsoDate(from);
  if (!Number.isInteger(days) || days < 0 || days > 3650) throw Invalid('calendar.daysOutOfRange');
  const cal = await getCalendar(db);
  return withinCalendar(() => cal.addWorkingDays(from, days));
}

export async function listOverrides(db: Executor, year: number) {
  return db
    .selectFrom('calendar_overrides')
    .select(['date', 'kind', 'name'])
    .where('date', '>=', `${year}-01-01`)
    .where('date', '<=', `${year}-12-31`)
    .orderBy('date')
    .execute();
}

const OVERRIDE_MIN_YEAR = 1900;
const OVERRIDE_MAX_YEAR = 2199;

export async function saveOverride(ctx: AppContext, actor: Actor, o: { date: string; kind: 'day_off' | 'working_day'; name: string }) {
  if (actor.role !== 'admin') throw Forbidden();
  assertIsoDate(o.date);
  // The same years as the holiday list: outside them no computation runs, so the override would never apply.
  const year = Number(o.date.slice(0, 4));
  if (year < OVERRIDE_MIN_YEAR || year > OVERRIDE_MAX_YEAR) throw Invalid('calendar.yearOutOfRange');
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('calendar_overrides')
      .values({ date: o.date, kind: o.kind, name: o.name.normalize('NFC'), updated_by: actor.userId })
      .onConflict((oc) => oc.column('date').doUpdateSet({ kind: o.kind, name: o.name.normalize('NFC'), updated_by: actor.userId, updated_at: new Date() }))
      .execute();
    await appendAudit(tx, actor, { action: 'calendar.override.save', subjectType: 'calendar', subjectId: o.date, data: { kind: o.kind, name: o.name } });
  });
  cache.delete(ctx.db);
}

export async function deleteOverride(ctx: AppContext, actor: Actor, date: string) {
  if (actor.role !== 'admin') throw Forbidden();
  assertIsoDate(date);
  await ctx.db.transaction().execute(async (tx) => {
    const r = await tx.deleteFrom('calendar_overrides').where('date', '=', date).executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) throw NotFound();
    await appendAudit(tx, actor, { action: 'calendar.override.delete', subjectType: 'calendar', subjectId: date });
  });
  cache.delete(ctx.db);
}
