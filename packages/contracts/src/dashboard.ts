// The leaders' operations dashboard (issue 4) and the public transparency endpoint: the Decision 766
// indicators (Bộ chỉ số 766/QĐ-TTg) for a period, per province, agency and commune, with the
// definition of every figure beside its value, trends, rankings, the feedback map and drill-down
// to the dossiers, procedures or feedback reports behind a figure.
import { Type, type Static } from 'typebox';
import { DateTime, IsoDate, Uuid } from './common.ts';
import { DossierStatus } from './dossiers.ts';
import { FeedbackDrillDownItem } from './feedback.ts';

/** Indicator codes as numbered in Decision 766 (group.item). */
export const INDICATOR_CODES = ['1.4', '2.1', '2.2', '3.1', '3.2', '3.3', '3.5', '3.6', '4.1', '4.2', '4.3', '5.1', '5.2', '5.3', '5.4'] as const;
export type IndicatorCode = (typeof INDICATOR_CODES)[number];
export const IndicatorCode = Type.Unsafe<IndicatorCode>({ type: 'string', enum: [...INDICATOR_CODES] });

/** What a figure is made of: each indicator's Vietnamese definition, shown beside the value. */
export const IndicatorDefinition = Type.Object({
  code: IndicatorCode,
  /** Group of Decision 766, e.g. "Tiến độ giải quyết". */
  group: Type.String(),
  name: Type.String(),
  /** '%' for rates; 'ngày làm việc' for 2.2. */
  unit: Type.String(),
  /** Full-score threshold (in `unit`), null when Decision 766 sets none we apply. */
  threshold: Type.Union([Type.Null(), Type.Number()]),
  /** e.g. "≥ 80%"; null without a threshold. */
  thresholdText: Type.Union([Type.Null(), Type.String()]),
  higherIsBetter: Type.Boolean(),
  definition: Type.String(),
  numeratorDefinition: Type.Union([Type.Null(), Type.String()]),
  denominatorDefinition: Type.Union([Type.Null(), Type.String()]),
  /** What the drill-down lists for this indicator; null when there is nothing to list. */
  drillDown: Type.Union([Type.Null(), Type.Literal('dossiers'), Type.Literal('procedures'), Type.Literal('feedback')]),
  /** false: the platform has no data for it yet; `value` is always null and `reason` says why. */
  available: Type.Boolean(),
});
export type IndicatorDefinition = Static<typeof IndicatorDefinition>;

/** One figure for one scope and period. Rates are percentages with two decimals. */
export const IndicatorValue = Type.Object({
  code: IndicatorCode,
  value: Type.Union([Type.Null(), Type.Number()]),
  numerator: Type.Union([Type.Null(), Type.Number()]),
  denominator: Type.Union([Type.Null(), Type.Number()]),
  /** null when there is no threshold or no value. */
  meetsThreshold: Type.Union([Type.Null(), Type.Boolean()]),
  /** Why value is null, in Vietnamese: "chưa có dữ liệu: …" or "không có hồ sơ trong kỳ". */
  reason: Type.Union([Type.Null(), Type.String()]),
});
export type IndicatorValue = Static<typeof IndicatorValue>;

/** A value with its definition (what the province card and the public page show). */
export const IndicatorFigure = Type.Object({ ...IndicatorDefinition.properties, ...IndicatorValue.properties });
export type IndicatorFigure = Static<typeof IndicatorFigure>;

export const DashboardPeriod = Type.Object({
  from: IsoDate,
  to: IsoDate,
  /** Vietnamese label, e.g. "Quý 3/2026" or "01/07/2026 – 15/08/2026". */
  label: Type.String(),
});
export type DashboardPeriod = Static<typeof DashboardPeriod>;

/**
 * Period and scope of every dashboard read. Without from/to: the current year to date.
 * period=month|quarter|year with year (+ month or quarter) is a shortcut for from/to.
 * agencyId / communeCode narrow the scope (inside the caller's own scope only).
 */
export const DashboardQuery = Type.Object(
  {
    from: Type.Optional(IsoDate),
    to: Type.Optional(IsoDate),
    period: Type.Optional(Type.Union([Type.Literal('month'), Type.Literal('quarter'), Type.Literal('year'), Type.Literal('custom')])),
    year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
    month: Type.Optional(Type.Integer({ minimum: 1, maximum: 12 })),
    quarter: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })),
    agencyId: Type.Optional(Uuid),
    communeCode: Type.Optional(Type.String({ pattern: '^[0-9]{5}$' })),
  },
  { additionalProperties: false },
);
export type DashboardQuery = Static<typeof DashboardQuery>;

/** Whose figures these are: the whole province, one agency, or one commune. */
export const DashboardScope = Type.Object({
  kind: Type.Union([Type.Literal('province'), Type.Literal('agency'), Type.Literal('commune')]),
  agencyId: Type.Union([Type.Null(), Uuid]),
  communeCode: Type.Union([Type.Null(), Type.String()]),
  /** e.g. "Toàn tỉnh", "Sở Tư pháp", "Phường Phú Lợi". */
  label: Type.String(),
});
export type DashboardScope = Static<typeof DashboardScope>;

export const AgencyIndicators = Type.Object({
  agencyId: Uuid,
  code: Type.String(),
  name: Type.String(),
  communeCode: Type.Union([Type.Null(), Type.String()]),
  values: Type.Array(IndicatorValue),
});
export type AgencyIndicators = Static<typeof AgencyIndicators>;

export const CommuneIndicators = Type.Object({
  communeCode: Type.String(),
  name: Type.String(),
  values: Type.Array(IndicatorValue),
});
export type CommuneIndicators = Static<typeof CommuneIndicators>;

/** GET /dashboard/overview: the figures of the scope, and of each agency and commune inside it. */
export const DashboardOverview = Type.Object({
  period: DashboardPeriod,
  scope: DashboardScope,
  generatedAt: DateTime,
  definitions: Type.Array(IndicatorDefinition),
  /** The scope's own figures (definition + value), in INDICATOR_CODES order. */
  total: Type.Array(IndicatorFigure),
  agencies: Type.Array(AgencyIndicators),
  /** Communes with at least one agency in scope (none for an agency head; the chair's own for a commune chair). */
  communes: Type.Array(CommuneIndicators),
});
export type DashboardOverview = Static<typeof DashboardOverview>;

/** GET /dashboard/trend: one entry per calendar month of the period (cut to the period at the edges). */
export const DashboardTrend = Type.Object({
  period: DashboardPeriod,
  scope: DashboardScope,
  definitions: Type.Array(IndicatorDefinition),
  months: Type.Array(
    Type.Object({
      /** YYYY-MM */
      month: Type.String(),
      from: IsoDate,
      to: IsoDate,
      values: Type.Array(IndicatorValue),
    }),
  ),
});
export type DashboardTrend = Static<typeof DashboardTrend>;

export const RankingQuery = Type.Object(
  {
    ...DashboardQuery.properties,
    indicator: IndicatorCode,
    by: Type.Union([Type.Literal('agency'), Type.Literal('commune')]),
  },
  { additionalProperties: false },
);
export type RankingQuery = Static<typeof RankingQuery>;

/** GET /dashboard/rankings: best first (by higherIsBetter); entries without a value come last, rank null. */
export const DashboardRanking = Type.Object({
  period: DashboardPeriod,
  scope: DashboardScope,
  indicator: IndicatorDefinition,
  by: Type.Union([Type.Literal('agency'), Type.Literal('commune')]),
  rows: Type.Array(
    Type.Object({
      rank: Type.Union([Type.Null(), Type.Integer()]),
      /** agency id or commune code */
      id: Type.String(),
      name: Type.String(),
      value: IndicatorValue,
    }),
  ),
});
export type DashboardRanking = Static<typeof DashboardRanking>;

/** numerator / denominator of the figure, or rest = denominator minus numerator (e.g. the late dossiers of 2.1). */
export const DrillPart = Type.Union([Type.Literal('numerator'), Type.Literal('denominator'), Type.Literal('rest')]);
export type DrillPart = Static<typeof DrillPart>;

export const DrillDownQuery = Type.Object(
  {
    ...DashboardQuery.properties,
    indicator: IndicatorCode,
    part: DrillPart,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000000, default: 0 })),
  },
  { additionalProperties: false },
);
export type DrillDownQuery = Static<typeof DrillDownQuery>;

export const DrillDossier = Type.Object({
  id: Uuid,
  code: Type.String(),
  status: DossierStatus,
  procedureName: Type.String(),
  agencyId: Uuid,
  agencyName: Type.String(),
  applicantName: Type.String(),
  channel: Type.Union([Type.Literal('in_person'), Type.Literal('online'), Type.Literal('post')]),
  submittedAt: DateTime,
  receivedAt: Type.Union([Type.Null(), DateTime]),
  dueDate: Type.Union([Type.Null(), IsoDate]),
  originalDueDate: Type.Union([Type.Null(), IsoDate]),
  finishedAt: Type.Union([Type.Null(), DateTime]),
  supplementCount: Type.Integer(),
  /** For 2.1: counted as on time (finished on time or still within time, ≤ 1 supplement request, no extension). */
  onTime: Type.Boolean(),
});
export type DrillDossier = Static<typeof DrillDossier>;

export const DrillProcedure = Type.Object({
  id: Uuid,
  code: Type.String(),
  name: Type.String(),
  agencyId: Uuid,
  agencyName: Type.String(),
  onlineLevel: Type.Union([Type.Literal('full'), Type.Literal('partial')]),
  /** Online dossiers submitted in the period (3.2). */
  onlineDossiers: Type.Integer(),
});
export type DrillProcedure = Static<typeof DrillProcedure>;

/** A report behind a feedback figure: the feedback module's drill-down item with its status in words. */
export const DrillReport = Type.Object({
  ...FeedbackDrillDownItem.properties,
  status: Type.String(),
  statusLabel: Type.String(),
});
export type DrillReport = Static<typeof DrillReport>;

/**
 * GET /dashboard/drill-down: what is behind one figure. Exactly one of the three lists is filled,
 * as the definition's drillDown says; the others are empty. Reading it is audited (it names applicants).
 */
export const DrillDownPage = Type.Object({
  period: DashboardPeriod,
  scope: DashboardScope,
  indicator: IndicatorDefinition,
  part: DrillPart,
  /** What this list is, in Vietnamese, e.g. "Hồ sơ trễ hạn (mẫu số trừ tử số)". */
  partLabel: Type.String(),
  kind: Type.Union([Type.Literal('dossiers'), Type.Literal('procedures'), Type.Literal('feedback')]),
  total: Type.Integer(),
  dossiers: Type.Array(DrillDossier),
  procedures: Type.Array(DrillProcedure),
  reports: Type.Array(DrillReport),
});
export type DrillDownPage = Static<typeof DrillDownPage>;

/**
 * GET /dashboard/feedback-map: the feedback reports of the period with a location, as points —
 * every status, published or not (the readers are officials), spam excluded; no personal data.
 */
export const FeedbackMap = Type.Object({
  period: DashboardPeriod,
  scope: DashboardScope,
  /** false until the feedback module answers; reason says why. */
  available: Type.Boolean(),
  reason: Type.Union([Type.Null(), Type.String()]),
  /** Map centre: the scope's commune centre, or the mean of the province's communes. */
  center: Type.Union([Type.Null(), Type.Object({ lat: Type.Number(), lon: Type.Number() })]),
  /** Located reports of the period in scope (any status, published or not; spam excluded); points holds the newest 1,000. */
  total: Type.Integer(),
  points: Type.Array(
    Type.Object({
      id: Uuid,
      code: Type.String(),
      lat: Type.Number(),
      lon: Type.Number(),
      categoryName: Type.String(),
      status: Type.String(),
      statusLabel: Type.String(),
      communeCode: Type.Union([Type.Null(), Type.String()]),
      agencyName: Type.Union([Type.Null(), Type.String()]),
      receivedAt: DateTime,
      dueDate: Type.Union([Type.Null(), IsoDate]),
      overdue: Type.Boolean(),
    }),
  ),
});
export type FeedbackMap = Static<typeof FeedbackMap>;

/** Tables the XLSX export writes (each the same rows as its JSON view). */
export const EXPORT_TABLES = ['overview', 'agencies', 'communes', 'trend', 'ranking', 'drill-down'] as const;
export const ExportQuery = Type.Object(
  {
    ...DashboardQuery.properties,
    table: Type.Unsafe<(typeof EXPORT_TABLES)[number]>({ type: 'string', enum: [...EXPORT_TABLES] }),
    /** ranking and drill-down only */
    indicator: Type.Optional(IndicatorCode),
    /** ranking only (default agency) */
    by: Type.Optional(Type.Union([Type.Literal('agency'), Type.Literal('commune')])),
    /** drill-down only (default denominator); the export holds up to 10,000 rows */
    part: Type.Optional(DrillPart),
  },
  { additionalProperties: false },
);
export type ExportQuery = Static<typeof ExportQuery>;

/** GET /api/v1/indicators (public, no session): no personal data, only figures. */
export const PublicIndicatorsQuery = Type.Object({ from: Type.Optional(IsoDate), to: Type.Optional(IsoDate) }, { additionalProperties: false });
export const PublicIndicators = Type.Object({
  period: DashboardPeriod,
  generatedAt: DateTime,
  province: Type.Array(IndicatorFigure),
  agencies: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      indicators: Type.Array(
        Type.Object({
          code: IndicatorCode,
          name: Type.String(),
          unit: Type.String(),
          threshold: Type.Union([Type.Null(), Type.Number()]),
          value: Type.Union([Type.Null(), Type.Number()]),
          numerator: Type.Union([Type.Null(), Type.Number()]),
          denominator: Type.Union([Type.Null(), Type.Number()]),
          reason: Type.Union([Type.Null(), Type.String()]),
        }),
      ),
    }),
  ),
});
export type PublicIndicators = Static<typeof PublicIndicators>;
