// The leaders' dashboard at scale (issue 4): every view of the dashboard — overview, trend,
// rankings, drill-down, feedback map, the public figures, the exports — answered by the real server
// over the generated province, by a province leader, a commune chair and an agency head.
// Target: p95 < 500 ms for every view. Leaders are few: the load is 2 connections at a time.
//
// The first request builds the rollup of finished dossiers (migration 0005, modules/dossiers/
// stats.ts); its time is reported separately, then each view is warmed once and measured.
import { sql } from 'kysely';
import type { Database } from '../apps/server/src/platform/db.ts';
import { createSessions } from './lib.ts';
import type { LoadRequest, LoadResult } from './load.ts';

export const DASHBOARD_CONNECTIONS = 2;

export interface DashboardView {
  name: string;
  who: string;
  path: string;
  result: LoadResult;
}
export interface DashboardBench {
  connections: number;
  duration: number;
  /** The first dashboard request on the freshly loaded database: builds the rollup of every finished dossier. */
  rollupBuildMs: number;
  rollupRows: number;
  views: DashboardView[];
  /** One request at a time (exports are occasional): each path timed 5 times after a warm-up. */
  exports: { name: string; path: string; ms: number[]; bytes: number }[];
}

const vnToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());

export async function runDashboard(opts: {
  db: Database;
  url: string;
  duration: number;
  log: (m: string) => void;
  load: (requests: LoadRequest[], connections: number, duration: number) => Promise<LoadResult>;
}): Promise<DashboardBench> {
  const { db, url, log } = opts;
  const user = (email: string) => db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  const biggest = (await sql<{ agency_id: string; code: string }>`
    select d.agency_id, a.code from dossiers d join agencies a on a.id = d.agency_id group by 1, 2 order by count(*) desc limit 1`.execute(db)).rows[0]!;
  const head = await db.selectFrom('users').select('id').where('agency_id', '=', biggest.agency_id).where('role', '=', 'approver').orderBy('email').executeTakeFirstOrThrow();
  const [province, chair, approver] = await createSessions(db, [(await user('lanhdao.tinh@tinhso.vn')).id, (await user('chutich.phuloi@tinhso.vn')).id, head.id]);
  const as = (s: { cookie: string } | null): Record<string, string> => (s ? { cookie: s.cookie } : {});

  const today = vnToday();
  const year = Number(today.slice(0, 4));
  const q = Math.ceil(Number(today.slice(5, 7)) / 3);
  const lastQuarter = q === 1 ? `period=quarter&year=${year - 1}&quarter=4` : `period=quarter&year=${year}&quarter=${q - 1}`;
  const thisQuarter = `period=quarter&year=${year}&quarter=${q}`;

  const t0 = performance.now();
  const first = await fetch(`${url}/api/v1/dashboard/overview`, { headers: as(province!) });
  await first.arrayBuffer();
  const rollupBuildMs = performance.now() - t0;
  const rollupRows = Number((await sql<{ n: number }>`select count(*)::int as n from dossier_stats_daily`.execute(db)).rows[0]!.n);
  log(`  first dashboard request (builds the rollup, ${rollupRows.toLocaleString('en')} agency-days): ${(rollupBuildMs / 1000).toFixed(1)} s, status ${first.status}`);

  const views: { name: string; who: string; path: string; session: { cookie: string } | null }[] = [
    { name: 'overview, year to date', who: 'province leader', path: '/api/v1/dashboard/overview', session: province! },
    { name: 'overview, last quarter', who: 'province leader', path: `/api/v1/dashboard/overview?${lastQuarter}`, session: province! },
    { name: 'overview, previous year', who: 'province leader', path: `/api/v1/dashboard/overview?period=year&year=${year - 1}`, session: province! },
    { name: 'trend by month, year to date', who: 'province leader', path: '/api/v1/dashboard/trend', session: province! },
    { name: 'ranking of agencies by 2.1, year to date', who: 'province leader', path: '/api/v1/dashboard/rankings?indicator=2.1&by=agency', session: province! },
    { name: `drill-down: late dossiers of ${biggest.code} this quarter, page 1`, who: 'province leader', path: `/api/v1/dashboard/drill-down?${thisQuarter}&indicator=2.1&part=rest&agencyId=${biggest.agency_id}`, session: province! },
    { name: 'drill-down: digitised dossiers of the province this year, page 10', who: 'province leader', path: '/api/v1/dashboard/drill-down?indicator=4.2&part=numerator&offset=180', session: province! },
    { name: 'feedback map, year to date', who: 'province leader', path: '/api/v1/dashboard/feedback-map', session: province! },
    { name: 'overview, year to date', who: 'commune chair (Phú Lợi)', path: '/api/v1/dashboard/overview', session: chair! },
    { name: `overview, year to date`, who: `agency head (${biggest.code})`, path: '/api/v1/dashboard/overview', session: approver! },
    { name: 'public figures, GET /api/v1/indicators (cached 60 s)', who: 'anyone', path: '/api/v1/indicators', session: null },
  ];
  const out: DashboardBench = { connections: DASHBOARD_CONNECTIONS, duration: opts.duration, rollupBuildMs, rollupRows, views: [], exports: [] };
  for (const v of views) {
    // Anonymous callers are many people: one client address each (the public route is rate limited per address).
    const requests: LoadRequest[] = v.session
      ? [{ method: 'GET', path: v.path, headers: as(v.session) }]
      : Array.from({ length: 20_000 }, (_, i) => ({ method: 'GET' as const, path: v.path, headers: { 'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` } }));
    await (await fetch(url + v.path, { headers: as(v.session) })).arrayBuffer();
    const result = await opts.load(requests, DASHBOARD_CONNECTIONS, opts.duration);
    out.views.push({ name: v.name, who: v.who, path: v.path, result });
    log(`  ${v.name} (${v.who}): ${result.rps.toFixed(1)}/s, p50 ${result.latencyMs.p50.toFixed(0)}, p95 ${result.latencyMs.p95.toFixed(0)}, p99 ${result.latencyMs.p99.toFixed(0)} ms, non-2xx ${result.completed - result.ok}`);
  }
  for (const e of [
    { name: 'XLSX: agencies table, year to date', path: '/api/v1/dashboard/export.xlsx?table=agencies' },
    { name: `XLSX: late dossiers of ${biggest.code} this quarter (all rows, up to 10,000)`, path: `/api/v1/dashboard/export.xlsx?table=drill-down&indicator=2.1&part=rest&${thisQuarter}&agencyId=${biggest.agency_id}` },
    { name: 'PDF report of the year to date, with charts', path: '/api/v1/dashboard/report.pdf' },
  ]) {
    const ms: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 6; i++) {
      const t = performance.now();
      const res = await fetch(url + e.path, { headers: as(province!) });
      bytes = (await res.arrayBuffer()).byteLength;
      if (res.status !== 200) throw new Error(`${e.path}: ${res.status}`);
      if (i > 0) ms.push(performance.now() - t);
    }
    out.exports.push({ ...e, ms, bytes });
    log(`  ${e.name}: median ${ms.sort((a, b) => a - b)[2]!.toFixed(0)} ms, ${(bytes / 1024).toFixed(0)} KB`);
  }
  return out;
}
