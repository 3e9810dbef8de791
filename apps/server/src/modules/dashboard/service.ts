// dashboard: the leaders' operations dashboard (issue 4) and the public transparency figures.
// Decision 766 indicators for a period, for the caller's scope — a province leader sees the
// province, a commune chair their commune (the agencies seated there and the feedback reports
// located there), an agency head (approver) their agency — with trends, rankings, the feedback map
// and the dossiers, procedures or reports behind any figure. Reads other modules only through their
// services: dossiers (stats), catalog, org, calendar, feedback. Owns no table.
import type {
  AgencyIndicators,
  CommuneIndicators,
  DashboardOverview,
  DashboardPeriod,
  DashboardQuery,
  DashboardRanking,
  DashboardScope,
  DashboardTrend,
  DrillDownPage,
  DrillDownQuery,
  FeedbackAggregates,
  FeedbackMap,
  IndicatorCode,
  IndicatorFigure,
  IndicatorValue,
  PublicIndicators,
  RankingQuery,
} from '@tinhso/contracts';
import { FEEDBACK_STATUS_LABELS_VI, type FeedbackMeasure, type FeedbackStatus } from '@tinhso/contracts';
import { vietnamToday, type AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/auth.ts';
import { appendAudit } from '../../platform/audit.ts';
import { Forbidden, Invalid, NotFound } from '../../platform/errors.ts';
import { isIsoDate } from '../../platform/calendar/index.ts';
import * as dossiers from '../dossiers/service.ts';
import * as catalog from '../catalog/service.ts';
import * as org from '../org/service.ts';
import * as calendar from '../calendar/service.ts';
import * as feedback from '../feedback/service.ts';
import { DEFINITION, DEFINITIONS, computeIndicators, type IndicatorInputs } from './indicators.ts';

const { stats } = dossiers;
const SETTLE_MS = 15 * 60_000;
type Counts = typeof stats.ZERO_COUNTS;

// ---------------------------------------------------------------- period

const MAX_DAYS = 5 * 366;
const fmt = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const lastDayOfMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const pad = (n: number) => String(n).padStart(2, '0');

/** The period a query asks for: a month, quarter or year, from/to, or by default the year to date. */
export function resolvePeriod(q: Pick<DashboardQuery, 'from' | 'to' | 'period' | 'year' | 'month' | 'quarter'>, today: string): DashboardPeriod {
  const year = q.year ?? Number(today.slice(0, 4));
  if (q.period === 'month') {
    const m = q.month ?? Number(today.slice(5, 7));
    return { from: `${year}-${pad(m)}-01`, to: `${year}-${pad(m)}-${lastDayOfMonth(year, m)}`, label: `Tháng ${m}/${year}` };
  }
  if (q.period === 'quarter') {
    const k = q.quarter ?? Math.ceil(Number(today.slice(5, 7)) / 3);
    const m2 = k * 3;
    return { from: `${year}-${pad(m2 - 2)}-01`, to: `${year}-${pad(m2)}-${lastDayOfMonth(year, m2)}`, label: `Quý ${k}/${year}` };
  }
  if (q.period === 'year') return { from: `${year}-01-01`, to: `${year}-12-31`, label: `Năm ${year}` };
  const from = q.from ?? `${today.slice(0, 4)}-01-01`;
  const to = q.to ?? today;
  if (!isIsoDate(from) || !isIsoDate(to)) throw Invalid('common.invalidDate');
  if (from < '2000-01-01' || to > '2100-12-31') throw Invalid('dashboard.periodInvalid');
  const days = (Date.parse(to) - Date.parse(from)) / 86400_000;
  if (days < 0 || days > MAX_DAYS) throw Invalid('dashboard.periodInvalid');
  const label = !q.from && !q.to ? `Từ đầu năm ${today.slice(0, 4)} đến ${fmt(to)}` : `${fmt(from)} – ${fmt(to)}`;
  return { from, to, label };
}

/** The calendar months of a period, cut to the period at its edges. */
export function monthsOf(p: { from: string; to: string }): { month: string; from: string; to: string }[] {
  const out: { month: string; from: string; to: string }[] = [];
  let y = Number(p.from.slice(0, 4));
  let m = Number(p.from.slice(5, 7));
  for (;;) {
    const month = `${y}-${pad(m)}`;
    if (`${month}-01` > p.to) break;
    const start = `${month}-01` < p.from ? p.from : `${month}-01`;
    const endOfMonth = `${month}-${lastDayOfMonth(y, m)}`;
    out.push({ month, from: start, to: endOfMonth > p.to ? p.to : endOfMonth });
    m++;
    if (m > 12) (m = 1), y++;
  }
  return out;
}

// ---------------------------------------------------------------- scope

type AgencyRow = Awaited<ReturnType<typeof org.listAgencies>>[number];
type CommuneRow = Awaited<ReturnType<typeof org.listCommunes>>[number];

interface Scope {
  view: DashboardScope;
  /** Agencies whose dossiers count; undefined = every agency (the province). */
  agencyIds: string[] | undefined;
  agencies: AgencyRow[];
  communes: CommuneRow[];
  allCommunes: CommuneRow[];
  feedback: feedback.Scope;
}

/** Who may read the dashboard at all: leaders and agency heads. The administrator never reads it (personal data). */
export function assertDashboardReader(actor: Actor) {
  if (actor.role === 'leader' || actor.role === 'approver') return;
  throw Forbidden();
}

async function resolveScope(ctx: AppContext, actor: Actor, q: Pick<DashboardQuery, 'agencyId' | 'communeCode'>): Promise<Scope> {
  assertDashboardReader(actor);
  const [allAgencies, allCommunes] = await Promise.all([org.listAgencies(ctx.db), org.listCommunes(ctx.db)]);
  const communeByCode = new Map(allCommunes.map((c) => [c.code, c]));
  const agencyScope = (a: AgencyRow): Scope => ({
    view: { kind: 'agency', agencyId: a.id, communeCode: null, label: a.name },
    agencyIds: [a.id],
    agencies: [a],
    communes: [],
    allCommunes,
    feedback: { kind: 'agency', agencyId: a.id },
  });
  const communeScope = (code: string): Scope => {
    const c = communeByCode.get(code);
    if (!c) throw NotFound('dashboard.communeNotFound');
    const agencies = allAgencies.filter((a) => a.commune_code === code);
    return { view: { kind: 'commune', agencyId: null, communeCode: code, label: c.name }, agencyIds: agencies.map((a) => a.id), agencies, communes: [c], allCommunes, feedback: { kind: 'commune', communeCode: code } };
  };
  const findAgency = (id: string) => {
    const a = allAgencies.find((x) => x.id === id);
    if (!a) throw NotFound('dashboard.agencyNotFound');
    return a;
  };

  if (actor.role === 'approver') {
    // An agency head sees their own agency only.
    if ((q.agencyId && q.agencyId !== actor.agencyId) || q.communeCode) throw Forbidden('dashboard.outOfScope');
    return agencyScope(findAgency(actor.agencyId!));
  }
  if (actor.communeCode) {
    // A commune chair: their commune, or one agency seated in it.
    if (q.communeCode && q.communeCode !== actor.communeCode) throw Forbidden('dashboard.outOfScope');
    if (q.agencyId) {
      const a = allAgencies.find((x) => x.id === q.agencyId);
      if (!a || a.commune_code !== actor.communeCode) throw Forbidden('dashboard.outOfScope');
      return agencyScope(a);
    }
    return communeScope(actor.communeCode);
  }
  // The province leader.
  if (q.agencyId) return agencyScope(findAgency(q.agencyId));
  if (q.communeCode) return communeScope(q.communeCode);
  const seated = new Set(allAgencies.map((a) => a.commune_code).filter((c): c is string => !!c));
  return {
    view: { kind: 'province', agencyId: null, communeCode: null, label: 'Toàn tỉnh' },
    agencyIds: undefined,
    agencies: allAgencies,
    communes: allCommunes.filter((c) => seated.has(c.code)),
    allCommunes,
    feedback: { kind: 'province' },
  };
}

// ---------------------------------------------------------------- figures

type Procedure = Awaited<ReturnType<typeof catalog.listAllProcedures>>[number];

interface Loaded {
  /** Counts per agency and day. */
  days: Awaited<ReturnType<typeof stats.dailyCounts>>;
  procedures: Procedure[];
  /** Per range key, the procedures with an online dossier in it. */
  online: Map<string, Set<string>>;
}

async function load(ctx: AppContext, scope: Scope, period: { from: string; to: string }, ranges: { key: string; from: string; to: string }[]): Promise<Loaded> {
  const today = ctx.today();
  const cal = await calendar.getCalendar(ctx.db);
  const inScope = scope.agencyIds ? new Set(scope.agencyIds) : null;
  // The rollup takes in what is at least 15 minutes old (see stats.ts#StatsQuery.settledDay).
  const settledDay = vietnamToday(new Date(ctx.now().getTime() - SETTLE_MS));
  const [all, days] = await Promise.all([catalog.listAllProcedures(ctx.db), stats.dailyCounts(ctx.db, cal, { from: period.from, to: period.to, today, agencyIds: scope.agencyIds, settledDay })]);
  const procedures = all.filter((p) => p.active && (!inScope || inScope.has(p.agencyId)));
  const online = await stats.proceduresWithOnlineDossiers(
    ctx.db,
    procedures.map((p) => p.id),
    ranges,
  );
  return { days, procedures, online };
}

function sumCounts(days: Loaded['days'], filter: (d: Loaded['days'][number]) => boolean): Counts {
  const c = { ...stats.ZERO_COUNTS };
  for (const d of days) if (filter(d)) stats.addCounts(c, d);
  return c;
}

function catalogCounts(procs: Procedure[], withOnline: Set<string>) {
  return { active: procs.length, fullOnline: procs.filter((p) => p.onlineLevel === 'full').length, withOnlineDossiers: procs.filter((p) => withOnline.has(p.id)).length };
}

async function feedbackFor(ctx: AppContext, scope: feedback.Scope, period: { from: string; to: string }): Promise<{ fb: FeedbackAggregates | null; reason?: string }> {
  return { fb: await feedback.feedbackAggregates(ctx, { from: period.from, to: period.to, scope }) };
}

function inputs(counts: Counts, cat: IndicatorInputs['catalog'], fb: { fb: FeedbackAggregates | null; reason?: string }): IndicatorInputs {
  return { dossiers: counts, catalog: cat, feedback: fb.fb, feedbackReason: fb.reason };
}

export const figures = (values: IndicatorValue[]): IndicatorFigure[] => values.map((v) => ({ ...DEFINITION[v.code], ...v }));

/** The scope's own figures and each agency's and commune's, for a period. */
async function compute(ctx: AppContext, scope: Scope, period: DashboardPeriod, opts: { feedback?: boolean } = {}) {
  const loaded = await load(ctx, scope, period, [{ key: 'period', ...period }]);
  const withOnline = loaded.online.get('period')!;
  const breakdownAgencies = scope.view.kind === 'agency' ? [] : scope.agencies;
  const breakdownCommunes = scope.view.kind === 'commune' ? [] : scope.communes;
  // The feedback figures of the scope, each agency and each commune, asked at once (a pool of
  // connections on PostgreSQL) — unless the caller needs no feedback figure (a ranking by 2.1).
  const none = { fb: null, reason: 'không tính trong bảng này' };
  const [fbTotal, fbAgencies, fbCommunes] = opts.feedback === false ? [none, breakdownAgencies.map(() => none), breakdownCommunes.map(() => none)] : await Promise.all([
    feedbackFor(ctx, scope.feedback, period),
    Promise.all(breakdownAgencies.map((a) => feedbackFor(ctx, { kind: 'agency', agencyId: a.id }, period))),
    Promise.all(breakdownCommunes.map((c) => feedbackFor(ctx, { kind: 'commune', communeCode: c.code }, period))),
  ]);
  const total = computeIndicators(inputs(sumCounts(loaded.days, () => true), catalogCounts(loaded.procedures, withOnline), fbTotal));
  const agencies: AgencyIndicators[] = scope.agencies.map((a) => {
    const i = breakdownAgencies.indexOf(a);
    const values =
      i < 0
        ? total
        : computeIndicators(inputs(sumCounts(loaded.days, (d) => d.agencyId === a.id), catalogCounts(loaded.procedures.filter((p) => p.agencyId === a.id), withOnline), fbAgencies[i]!));
    return { agencyId: a.id, code: a.code, name: a.name, communeCode: a.commune_code, values };
  });
  const communes: CommuneIndicators[] = scope.communes.map((c) => {
    const i = breakdownCommunes.indexOf(c);
    const ids = new Set(scope.agencies.filter((a) => a.commune_code === c.code).map((a) => a.id));
    const values =
      i < 0 ? total : computeIndicators(inputs(sumCounts(loaded.days, (d) => ids.has(d.agencyId)), catalogCounts(loaded.procedures.filter((p) => ids.has(p.agencyId)), withOnline), fbCommunes[i]!));
    return { communeCode: c.code, name: c.name, values };
  });
  return { total, agencies, communes };
}

export async function overview(ctx: AppContext, actor: Actor, q: DashboardQuery): Promise<DashboardOverview> {
  const scope = await resolveScope(ctx, actor, q);
  const period = resolvePeriod(q, ctx.today());
  const { total, agencies, communes } = await compute(ctx, scope, period);
  return { period, scope: scope.view, generatedAt: ctx.now().toISOString(), definitions: DEFINITIONS, total: figures(total), agencies, communes };
}

export async function trend(ctx: AppContext, actor: Actor, q: DashboardQuery): Promise<DashboardTrend> {
  const scope = await resolveScope(ctx, actor, q);
  const period = resolvePeriod(q, ctx.today());
  const months = monthsOf(period);
  const loaded = await load(ctx, scope, period, months.map((m) => ({ key: m.month, from: m.from, to: m.to })));
  const fb = await Promise.all(months.map((m) => feedbackFor(ctx, scope.feedback, m)));
  const out: DashboardTrend['months'] = months.map((m, i) => ({
    month: m.month,
    from: m.from,
    to: m.to,
    values: computeIndicators(inputs(sumCounts(loaded.days, (d) => d.day >= m.from && d.day <= m.to), catalogCounts(loaded.procedures, loaded.online.get(m.month)!), fb[i]!)),
  }));
  return { period, scope: scope.view, definitions: DEFINITIONS, months: out };
}

export async function ranking(ctx: AppContext, actor: Actor, q: RankingQuery): Promise<DashboardRanking> {
  const scope = await resolveScope(ctx, actor, q);
  const period = resolvePeriod(q, ctx.today());
  const { agencies, communes } = await compute(ctx, scope, period, { feedback: q.indicator.startsWith('5.') });
  const def = DEFINITION[q.indicator];
  const entries =
    q.by === 'agency'
      ? agencies.map((a) => ({ id: a.agencyId, name: a.name, value: a.values.find((v) => v.code === q.indicator)! }))
      : communes.map((c) => ({ id: c.communeCode, name: c.name, value: c.values.find((v) => v.code === q.indicator)! }));
  const ranked = entries.filter((e) => e.value.value !== null).sort((a, b) => (def.higherIsBetter ? b.value.value! - a.value.value! : a.value.value! - b.value.value!) || a.name.localeCompare(b.name, 'vi'));
  const rows: DashboardRanking['rows'] = [];
  let rank = 0;
  ranked.forEach((e, i) => {
    // Ties share a rank (1, 2, 2, 4).
    if (i === 0 || e.value.value !== ranked[i - 1]!.value.value) rank = i + 1;
    rows.push({ rank, ...e });
  });
  for (const e of entries.filter((x) => x.value.value === null).sort((a, b) => a.name.localeCompare(b.name, 'vi'))) rows.push({ rank: null, ...e });
  return { period, scope: scope.view, indicator: def, by: q.by, rows };
}

// ---------------------------------------------------------------- drill-down

const DOSSIER_MEASURE: Partial<Record<IndicatorCode, dossiers.stats.DossierMeasure>> = {
  '2.1': 'on_time',
  '2.2': 'returned',
  '3.3': 'online',
  '4.1': 'electronic_result',
  '4.2': 'digitised',
};

/** The reports each feedback indicator counts (feedback service: FeedbackMeasure). */
const FEEDBACK_MEASURE: Partial<Record<IndicatorCode, FeedbackMeasure>> = {
  '5.1': 'handled_on_time',
  '5.2': 'satisfied',
  '5.3': 'handled',
};

const PART_LABEL = { numerator: 'tử số', denominator: 'mẫu số', rest: 'mẫu số trừ tử số' } as const;

/** What is behind one figure, a page at a time. Lists name applicants: every read is audited with its purpose. */
export async function drillDown(ctx: AppContext, actor: Actor, q: DrillDownQuery, opts: { purpose?: string; maxRows?: number } = {}): Promise<DrillDownPage> {
  const scope = await resolveScope(ctx, actor, q);
  const period = resolvePeriod(q, ctx.today());
  const def = DEFINITION[q.indicator];
  if (!def.drillDown) throw Invalid('dashboard.notDrillable', undefined, { indicator: `${def.code} ${def.name}` });
  // An export reads up to opts.maxRows in one go (one computation, one audit entry).
  const limit = opts.maxRows ?? q.limit ?? 20;
  const offset = q.offset ?? 0;
  // The figure itself, from only what this indicator needs (the dossier counts, or the feedback figures).
  let figure: IndicatorValue;
  if (def.drillDown === 'dossiers') {
    const cal = await calendar.getCalendar(ctx.db);
    const days = await stats.dailyCounts(ctx.db, cal, { from: period.from, to: period.to, today: ctx.today(), agencyIds: scope.agencyIds, settledDay: vietnamToday(new Date(ctx.now().getTime() - SETTLE_MS)) });
    figure = computeIndicators(inputs(sumCounts(days, () => true), { active: 0, fullOnline: 0, withOnlineDossiers: 0 }, { fb: null })).find((v) => v.code === q.indicator)!;
  } else if (def.drillDown === 'feedback') {
    const fb = await feedbackFor(ctx, scope.feedback, period);
    figure = computeIndicators(inputs({ ...stats.ZERO_COUNTS }, { active: 0, fullOnline: 0, withOnlineDossiers: 0 }, fb)).find((v) => v.code === q.indicator)!;
  } else {
    figure = { code: q.indicator, value: null, numerator: null, denominator: null, meetsThreshold: null, reason: null };
  }
  const partTotal = (n: number | null, d: number | null) => (q.part === 'numerator' ? n ?? 0 : q.part === 'denominator' ? d ?? 0 : Math.max(0, (d ?? 0) - (n ?? 0)));
  const page: DrillDownPage = {
    period,
    scope: scope.view,
    indicator: def,
    part: q.part,
    partLabel: `${def.code} ${def.name} — ${PART_LABEL[q.part]}`,
    kind: def.drillDown,
    total: 0,
    dossiers: [],
    procedures: [],
    reports: [],
  };

  if (def.drillDown === 'dossiers') {
    const measure = DOSSIER_MEASURE[q.indicator]!;
    // 2.2's numerator is a sum of days, not dossiers: its list is the returned dossiers either way.
    const part = measure === 'returned' ? 'denominator' : q.part;
    if (measure === 'returned' && q.part === 'rest') throw Invalid('dashboard.partNotAvailable');
    page.total = measure === 'returned' ? figure.denominator ?? 0 : partTotal(figure.numerator, figure.denominator);
    // Past the end there is nothing to read: a rare subset (say, the few dossiers without files)
    // would otherwise be searched for through the whole period.
    const rows = offset >= page.total ? [] : await stats.drillDossiers(ctx.db, { from: period.from, to: period.to, today: ctx.today(), agencyIds: scope.agencyIds, measure, part, limit, offset });
    const iso = (v: Date | string | null) => (v ? new Date(v).toISOString() : null);
    page.dossiers = rows.map((r) => ({
      id: r.id,
      code: r.code,
      status: r.status,
      procedureName: r.procedure_name,
      agencyId: r.agency_id,
      agencyName: r.agency_name,
      applicantName: r.applicant_name,
      channel: r.channel,
      submittedAt: iso(r.submitted_at)!,
      receivedAt: iso(r.received_at),
      dueDate: r.due_date,
      originalDueDate: r.original_due_date,
      finishedAt: iso(r.finished_at),
      supplementCount: r.supplement_count,
      onTime: r.on_time,
    }));
  } else if (def.drillDown === 'procedures') {
    const loaded = await load(ctx, scope, period, [{ key: 'period', ...period }]);
    const withOnline = loaded.online.get('period')!;
    const numerator = (p: Procedure) => (q.indicator === '3.1' ? p.onlineLevel === 'full' : withOnline.has(p.id));
    const list = loaded.procedures.filter((p) => (q.part === 'denominator' ? true : q.part === 'numerator' ? numerator(p) : !numerator(p)));
    page.total = list.length;
    const slice = list.slice(offset, offset + limit);
    const counts = await stats.onlineDossierCounts(ctx.db, slice.map((p) => p.id), period.from, period.to);
    page.procedures = slice.map((p) => ({ id: p.id, code: p.code, name: p.name, agencyId: p.agencyId, agencyName: p.agencyName, onlineLevel: p.onlineLevel, onlineDossiers: counts.get(p.id) ?? 0 }));
  } else {
    // Feedback reports: the feedback module selects exactly what each part of the figure counts,
    // with the same rules as the figure (FEEDBACK_MEASURE), so the list's length is the part.
    const measure = FEEDBACK_MEASURE[q.indicator];
    if (!measure) throw Invalid('dashboard.notDrillable', undefined, { indicator: `${def.code} ${def.name}` });
    page.total = partTotal(figure.numerator, figure.denominator);
    // The feedback module serves at most 1,000 rows a call.
    for (let at = offset; at < Math.min(offset + limit, page.total); at += 1000) {
      const items = await feedback.feedbackDrillDown(ctx, { from: period.from, to: period.to, scope: scope.feedback, measure, part: q.part, limit: Math.min(1000, offset + limit - at), offset: at });
      page.reports.push(...items.map((r) => ({ ...r, statusLabel: FEEDBACK_STATUS_LABELS_VI[r.status as FeedbackStatus] ?? r.status })));
      if (items.length < 1000) break;
    }
  }

  await ctx.db.transaction().execute((tx) =>
    appendAudit(tx, actor, {
      action: 'dashboard.drilldown.read',
      subjectType: 'dashboard',
      subjectId: q.indicator,
      purpose: opts.purpose ?? 'oversight',
      data: { indicator: q.indicator, part: q.part, from: period.from, to: period.to, scope: scope.view.kind, agencyId: scope.view.agencyId, communeCode: scope.view.communeCode, rows: page.dossiers.length + page.procedures.length + page.reports.length, offset },
    }),
  );
  return page;
}

// ---------------------------------------------------------------- feedback map

/** At most this many points per map (the newest); `total` says how many there are. */
const MAP_POINTS = 1000;

export async function feedbackMap(ctx: AppContext, actor: Actor, q: DashboardQuery): Promise<FeedbackMap> {
  const scope = await resolveScope(ctx, actor, q);
  const period = resolvePeriod(q, ctx.today());
  const located = scope.communes.length ? scope.communes : scope.allCommunes;
  const pts = located.filter((c) => c.lat !== null && c.lon !== null);
  const center = pts.length ? { lat: pts.reduce((s, c) => s + c.lat!, 0) / pts.length, lon: pts.reduce((s, c) => s + c.lon!, 0) / pts.length } : null;
  // Leaders are officials: every located report of the scope, published or not (spam excluded, as
  // in 5.1–5.3), newest first, up to MAP_POINTS. Points carry no personal data.
  const { total, items } = await feedback.feedbackMapReports(ctx, { from: period.from, to: period.to, scope: scope.feedback, limit: MAP_POINTS });
  const points: FeedbackMap['points'] = items.map((r) => ({
    id: r.id,
    code: r.code,
    lat: r.lat,
    lon: r.lon,
    categoryName: r.categoryName,
    status: r.status,
    statusLabel: FEEDBACK_STATUS_LABELS_VI[r.status] ?? r.status,
    communeCode: r.communeCode,
    agencyName: r.agencyName,
    receivedAt: r.receivedAt,
    dueDate: r.dueDate,
    overdue: r.overdue,
  }));
  const reason =
    total > points.length
      ? `Bản đồ hiển thị ${points.length} phản ánh mới nhất trong số ${total} phản ánh có vị trí trong kỳ (mọi trạng thái, kể cả chưa công khai; không tính spam).`
      : 'Bản đồ hiển thị mọi phản ánh có vị trí trong kỳ thuộc phạm vi (mọi trạng thái, kể cả chưa công khai; không tính spam).';
  return { period, scope: scope.view, available: true, reason, center, total, points };
}

// ---------------------------------------------------------------- public figures

/** GET /api/v1/indicators: figures only (counts and rates), for the province and each agency. */
export async function publicIndicators(ctx: AppContext, q: { from?: string; to?: string }): Promise<PublicIndicators> {
  const period = resolvePeriod(q, ctx.today());
  const allAgencies = await org.listAgencies(ctx.db);
  const scope: Scope = {
    view: { kind: 'province', agencyId: null, communeCode: null, label: 'Toàn tỉnh' },
    agencyIds: undefined,
    agencies: allAgencies,
    communes: [],
    allCommunes: [],
    feedback: { kind: 'province' },
  };
  const { total, agencies } = await compute(ctx, scope, period);
  return {
    period,
    generatedAt: ctx.now().toISOString(),
    province: figures(total),
    agencies: agencies.map((a) => ({
      code: a.code,
      name: a.name,
      indicators: a.values.map((v) => {
        const d = DEFINITION[v.code];
        return { code: v.code, name: d.name, unit: d.unit, threshold: d.threshold, value: v.value, numerator: v.numerator, denominator: v.denominator, reason: v.reason };
      }),
    })),
  };
}

/** The whole dashboard of a period in one object (PDF report, XLSX sheets). */
export async function snapshot(ctx: AppContext, actor: Actor, q: DashboardQuery) {
  const [ov, tr] = [await overview(ctx, actor, q), await trend(ctx, actor, q)];
  return { overview: ov, trend: tr };
}

export async function auditExport(ctx: AppContext, actor: Actor, what: string, data: Record<string, unknown>) {
  await ctx.db.transaction().execute((tx) => appendAudit(tx, actor, { action: `dashboard.export.${what}`, subjectType: 'dashboard', purpose: 'oversight', data }));
}

