// Feedback reports (phản ánh, kiến nghị — "phản ánh hiện trường"): a citizen, signed in or
// anonymous with a phone number or email, reports a problem on the ground; routing rules assign it
// to the competent agency; officials handle it within 15 working days; a moderator decides what is
// published. Categories double as Open311 services (service_code = category code).
//
// HTTP routes (all under /api/v1):
//   public (no session needed)
//     GET  /feedback/categories                       active categories            → FeedbackCategory[]
//     POST /feedback/photos                           multipart, one JPEG/PNG "file" → FeedbackPhotoUpload (201)
//                                                     rate limited per client address; the returned id is
//                                                     then listed in SubmitFeedbackInput.photoIds
//     POST /feedback/reports                          SubmitFeedbackInput, header Idempotency-Key (optional)
//                                                     → FeedbackSubmitted (201; 200 when the key is replayed)
//     GET  /feedback/reports                          PublicFeedbackQuery → PublicFeedbackPage (published only)
//     GET  /feedback/reports/:code                    tracking by code → PublicFeedbackReport
//                                                     (unpublished: content fields null, see PublicFeedbackReport)
//     GET  /feedback/reports/:code/photos/:n          photo n (1-based, FeedbackPhoto.n) — image bytes;
//                                                     public once published, else only the reporter,
//                                                     officials of the agency and moderators
//     POST /feedback/reports/:code/rating             FeedbackRatingInput → PublicFeedbackReport
//                                                     (the signed-in reporter, or anyone with the accessToken)
//   reporter (session)
//     GET  /me/feedback                               the signed-in reporter's reports → FeedbackSummary[]
//     GET  /me/feedback/:code                         → FeedbackDetail (own report)
//   officials (desk, processor, approver of the responsible agency)
//     GET  /desk/feedback                             FeedbackQueueQuery → FeedbackQueuePage
//     GET  /desk/feedback/:id                         → FeedbackDetail (read of reporter contact is audited)
//     POST /desk/feedback/:id/assign                  FeedbackAssignInput   → FeedbackDetail  (received|assigned → assigned)
//     POST /desk/feedback/:id/start                   FeedbackNoteOptional  → FeedbackDetail  (received|assigned → in_progress)
//     POST /desk/feedback/:id/resolve                 FeedbackResolveInput  → FeedbackDetail  (→ resolved)
//     POST /desk/feedback/:id/decline                 FeedbackDeclineInput  → FeedbackDetail  (→ declined)
//     POST /desk/feedback/:id/reassign                FeedbackReassignInput → FeedbackDetail  (another agency; → received)
//     POST /desk/feedback/:id/notes                   FeedbackNoteInput     → FeedbackDetail  (public or internal note)
//   moderator (role moderator)
//     GET  /moderation/feedback                       FeedbackModerationQuery → FeedbackModerationPage
//     POST /moderation/feedback/:id/publish           → FeedbackModerationItem
//     POST /moderation/feedback/:id/hide              FeedbackHideInput → FeedbackModerationItem
//   system administrator (role admin)
//     GET    /admin/feedback/routing-rules            → FeedbackRoutingRule[]
//     POST   /admin/feedback/routing-rules            FeedbackRoutingRuleInput → FeedbackRoutingRule (upsert on category × commune)
//     DELETE /admin/feedback/routing-rules/:id        → 204
//     GET    /admin/feedback/categories               → FeedbackCategory[] (inactive too)
//     PUT    /admin/feedback/categories/:code         FeedbackCategoryInput → FeedbackCategory (create or update)
import { Type, type Static } from 'typebox';
import { DateTime, IsoDate, Uuid } from './common.ts';

/** Report code: `PA-{yymmdd}-{NNNN}`, a daily sequence (Asia/Ho_Chi_Minh date), 4 digits or more. */
export const FEEDBACK_CODE_PATTERN = /^PA-\d{6}-\d{4,6}$/;
export const FeedbackCode = Type.String({ pattern: '^PA-\\d{6}-\\d{4,6}$', description: 'PA-{yymmdd}-{NNNN}, e.g. PA-261127-0042' });

/** Working days an agency has to handle a report (counted from the working day after it is received). */
export const FEEDBACK_DUE_WORKING_DAYS = 15;
export const FEEDBACK_MAX_PHOTOS = 5;
/** A rating at or below this counts as a dislike (complaint) for indicator 5.4. */
export const FEEDBACK_DISLIKE_MAX_STARS = 2;

export const FEEDBACK_STATUSES = ['received', 'assigned', 'in_progress', 'resolved', 'declined'] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];
export const FeedbackStatus = Type.Unsafe<FeedbackStatus>({ type: 'string', enum: [...FEEDBACK_STATUSES] });
export const FEEDBACK_STATUS_LABELS_VI: Record<FeedbackStatus, string> = {
  received: 'Đã tiếp nhận',
  assigned: 'Đã phân công xử lý',
  in_progress: 'Đang xử lý',
  resolved: 'Đã xử lý xong',
  declined: 'Từ chối xử lý',
};
/** Open311 status: resolved and declined are closed. */
export const FEEDBACK_CLOSED_STATUSES: readonly FeedbackStatus[] = ['resolved', 'declined'];

export const FEEDBACK_DECLINE_REASONS = ['not_competent', 'duplicate', 'spam'] as const;
export type FeedbackDeclineReason = (typeof FEEDBACK_DECLINE_REASONS)[number];
export const FeedbackDeclineReason = Type.Unsafe<FeedbackDeclineReason>({ type: 'string', enum: [...FEEDBACK_DECLINE_REASONS] });
export const FEEDBACK_DECLINE_LABELS_VI: Record<FeedbackDeclineReason, string> = {
  not_competent: 'Không thuộc thẩm quyền giải quyết',
  duplicate: 'Trùng với phản ánh đã có',
  spam: 'Nội dung không hợp lệ (spam)',
};

export const FeedbackSource = Type.Union([Type.Literal('web'), Type.Literal('open311')]);
export type FeedbackSource = Static<typeof FeedbackSource>;

// ── categories ────────────────────────────────────────────────────────────────────────────────

export const FeedbackCategory = Type.Object({
  code: Type.String({ description: 'also the Open311 service_code, e.g. road_damage' }),
  name: Type.String(),
  description: Type.String(),
  group: Type.String({ description: 'Open311 group, e.g. "Hạ tầng"' }),
  active: Type.Boolean(),
  keywords: Type.Array(Type.String()),
});
export type FeedbackCategory = Static<typeof FeedbackCategory>;

export const FeedbackCategoryInput = Type.Object(
  {
    name: Type.String({ minLength: 2, maxLength: 200 }),
    description: Type.String({ maxLength: 2000 }),
    group: Type.String({ minLength: 2, maxLength: 100 }),
    active: Type.Boolean(),
    keywords: Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { maxItems: 30 }),
  },
  { additionalProperties: false },
);
export type FeedbackCategoryInput = Static<typeof FeedbackCategoryInput>;
export const FeedbackCategoryCode = Type.String({ pattern: '^[a-z][a-z0-9_]{1,49}$' });

// ── routing rules ─────────────────────────────────────────────────────────────────────────────

/** category × commune → agency (and optionally unit). communeCode null: the category's default. */
export const FeedbackRoutingRule = Type.Object({
  id: Uuid,
  categoryCode: Type.String(),
  categoryName: Type.String(),
  communeCode: Type.Union([Type.Null(), Type.String()]),
  communeName: Type.Union([Type.Null(), Type.String()]),
  agencyId: Uuid,
  agencyCode: Type.String(),
  agencyName: Type.String(),
  unitId: Type.Union([Type.Null(), Uuid]),
  unitName: Type.Union([Type.Null(), Type.String()]),
});
export type FeedbackRoutingRule = Static<typeof FeedbackRoutingRule>;

export const FeedbackRoutingRuleInput = Type.Object(
  {
    categoryCode: FeedbackCategoryCode,
    communeCode: Type.Union([Type.Null(), Type.String({ minLength: 1, maxLength: 20 })]),
    agencyId: Uuid,
    unitId: Type.Optional(Type.Union([Type.Null(), Uuid])),
  },
  { additionalProperties: false },
);
export type FeedbackRoutingRuleInput = Static<typeof FeedbackRoutingRuleInput>;

// ── submission ────────────────────────────────────────────────────────────────────────────────

export const FeedbackPhotoUpload = Type.Object({
  id: Uuid,
  mime: Type.String(),
  size: Type.Integer(),
});
export type FeedbackPhotoUpload = Static<typeof FeedbackPhotoUpload>;

export const FeedbackLocation = Type.Object(
  {
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lon: Type.Number({ minimum: -180, maximum: 180 }),
  },
  { additionalProperties: false },
);

/**
 * A location picked on the map (location), or — when no map tiles load — a commune and address.
 * At least one of location and communeCode is required. With only a location, the commune is the
 * one whose centre point is nearest.
 * Reporter: a signed-in citizen's name and email come from the account unless given here; an
 * anonymous reporter must give a phone number or an email (both may be given).
 */
export const SubmitFeedbackInput = Type.Object(
  {
    categoryCode: FeedbackCategoryCode,
    description: Type.String({ minLength: 10, maxLength: 5000 }),
    location: Type.Optional(FeedbackLocation),
    communeCode: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
    address: Type.Optional(Type.String({ maxLength: 500 })),
    photoIds: Type.Optional(Type.Array(Uuid, { maxItems: FEEDBACK_MAX_PHOTOS, description: 'ids returned by POST /feedback/photos' })),
    reporter: Type.Optional(
      Type.Object(
        {
          fullName: Type.Optional(Type.String({ minLength: 2, maxLength: 200 })),
          phone: Type.Optional(Type.String({ pattern: '^(\\+84|0)[0-9]{9,10}$' })),
          email: Type.Optional(Type.String({ format: 'email', maxLength: 200 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type SubmitFeedbackInput = Static<typeof SubmitFeedbackInput>;

// ── reads ─────────────────────────────────────────────────────────────────────────────────────

export const FeedbackPhoto = Type.Object({
  n: Type.Integer({ minimum: 1, description: 'index in GET /feedback/reports/:code/photos/:n' }),
  kind: Type.Union([Type.Literal('report'), Type.Literal('response')]),
  mime: Type.String(),
  url: Type.String({ description: 'path under the site, e.g. /api/v1/feedback/reports/PA-261127-0001/photos/1' }),
});
export type FeedbackPhoto = Static<typeof FeedbackPhoto>;

/** One step of a report's history. Public view: public events and public notes only. */
export const FeedbackEvent = Type.Object({
  at: DateTime,
  action: Type.String({ description: 'submitted | routed | assigned | started | resolved | declined | reassigned | note | rated | published | hidden' }),
  toStatus: Type.Union([Type.Null(), FeedbackStatus]),
  note: Type.Union([Type.Null(), Type.String()]),
  public: Type.Boolean(),
  actorRole: Type.Union([Type.Null(), Type.String()]),
  actorName: Type.Union([Type.Null(), Type.String({ description: 'officials only; null in public views' })]),
});
export type FeedbackEvent = Static<typeof FeedbackEvent>;

/**
 * A report as the public sees it — never the reporter's name, phone or email.
 * Tracking an unpublished report by its code gives the status, category, commune, agency, dates,
 * public timeline and the agency's response, but description, address, lat/lon and photos are null
 * or empty until a moderator publishes it (codes are sequential, hence guessable).
 */
export const PublicFeedbackReport = Type.Object({
  id: Uuid,
  code: Type.String(),
  status: FeedbackStatus,
  statusLabel: Type.String(),
  closed: Type.Boolean({ description: 'resolved or declined (Open311 status "closed")' }),
  published: Type.Boolean(),
  categoryCode: Type.String(),
  categoryName: Type.String(),
  description: Type.Union([Type.Null(), Type.String()]),
  communeCode: Type.String(),
  communeName: Type.String(),
  address: Type.Union([Type.Null(), Type.String()]),
  lat: Type.Union([Type.Null(), Type.Number()]),
  lon: Type.Union([Type.Null(), Type.Number()]),
  agencyName: Type.Union([Type.Null(), Type.String()]),
  submittedAt: DateTime,
  updatedAt: DateTime,
  dueDate: Type.Union([Type.Null(), IsoDate]),
  closedAt: Type.Union([Type.Null(), DateTime]),
  response: Type.Union([Type.Null(), Type.String({ description: 'the agency’s public response (resolved) or decline explanation' })]),
  declineReason: Type.Union([Type.Null(), FeedbackDeclineReason]),
  duplicateOfCode: Type.Union([Type.Null(), Type.String()]),
  rating: Type.Union([Type.Null(), Type.Integer({ minimum: 1, maximum: 5 })]),
  photos: Type.Array(FeedbackPhoto),
  timeline: Type.Array(FeedbackEvent),
});
export type PublicFeedbackReport = Static<typeof PublicFeedbackReport>;

export const PublicFeedbackQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100, description: 'every word must appear in the code, category, description, address or response; diacritics and case ignored' })),
  category: Type.Optional(Type.String({ maxLength: 50 })),
  commune: Type.Optional(Type.String({ maxLength: 20 })),
  status: Type.Optional(FeedbackStatus),
  from: Type.Optional(IsoDate),
  to: Type.Optional(IsoDate),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000, default: 0 })),
});
export type PublicFeedbackQuery = Static<typeof PublicFeedbackQuery>;

export const PublicFeedbackPage = Type.Object({ total: Type.Integer(), items: Type.Array(PublicFeedbackReport) });
export type PublicFeedbackPage = Static<typeof PublicFeedbackPage>;

export const FeedbackSubmitted = Type.Object({
  id: Uuid,
  code: Type.String(),
  status: FeedbackStatus,
  dueDate: Type.Union([Type.Null(), IsoDate]),
  agencyName: Type.Union([Type.Null(), Type.String()]),
  accessToken: Type.String({
    description: 'secret shown once: lets an anonymous reporter rate the resolution (POST /feedback/reports/:code/rating). Also in the confirmation email.',
  }),
});
export type FeedbackSubmitted = Static<typeof FeedbackSubmitted>;

export const FeedbackSummary = Type.Object({
  id: Uuid,
  code: Type.String(),
  status: FeedbackStatus,
  statusLabel: Type.String(),
  categoryCode: Type.String(),
  categoryName: Type.String(),
  communeCode: Type.String(),
  communeName: Type.String(),
  address: Type.Union([Type.Null(), Type.String()]),
  descriptionExcerpt: Type.String({ description: 'first 200 characters' }),
  agencyId: Type.Union([Type.Null(), Uuid]),
  agencyName: Type.Union([Type.Null(), Type.String()]),
  assigneeId: Type.Union([Type.Null(), Uuid]),
  assigneeName: Type.Union([Type.Null(), Type.String()]),
  submittedAt: DateTime,
  dueDate: Type.Union([Type.Null(), IsoDate]),
  closedAt: Type.Union([Type.Null(), DateTime]),
  overdue: Type.Boolean(),
  published: Type.Boolean(),
  rating: Type.Union([Type.Null(), Type.Integer()]),
  source: FeedbackSource,
});
export type FeedbackSummary = Static<typeof FeedbackSummary>;

/** The full report: for officials of the responsible agency (audited) and for the reporter. */
export const FeedbackDetail = Type.Object({
  ...FeedbackSummary.properties,
  description: Type.String(),
  lat: Type.Union([Type.Null(), Type.Number()]),
  lon: Type.Union([Type.Null(), Type.Number()]),
  unitId: Type.Union([Type.Null(), Uuid]),
  unitName: Type.Union([Type.Null(), Type.String()]),
  reporterName: Type.Union([Type.Null(), Type.String()]),
  reporterPhone: Type.Union([Type.Null(), Type.String()]),
  reporterEmail: Type.Union([Type.Null(), Type.String()]),
  anonymous: Type.Boolean({ description: 'submitted without an account' }),
  response: Type.Union([Type.Null(), Type.String()]),
  declineReason: Type.Union([Type.Null(), FeedbackDeclineReason]),
  duplicateOfCode: Type.Union([Type.Null(), Type.String()]),
  ratingComment: Type.Union([Type.Null(), Type.String()]),
  ratedAt: Type.Union([Type.Null(), DateTime]),
  hiddenReason: Type.Union([Type.Null(), Type.String()]),
  photos: Type.Array(FeedbackPhoto),
  timeline: Type.Array(FeedbackEvent),
  allowedActions: Type.Array(Type.String(), { description: 'assign | start | resolve | decline | reassign | note | rate' }),
});
export type FeedbackDetail = Static<typeof FeedbackDetail>;

export const FeedbackQueueQuery = Type.Object({
  status: Type.Optional(FeedbackStatus),
  category: Type.Optional(Type.String({ maxLength: 50 })),
  due: Type.Optional(Type.Union([Type.Literal('soon'), Type.Literal('overdue')], { description: 'soon: open and due within 2 working days' })),
  mine: Type.Optional(Type.Boolean({ description: 'only reports assigned to me' })),
  q: Type.Optional(Type.String({ maxLength: 100 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000, default: 0 })),
});
export type FeedbackQueueQuery = Static<typeof FeedbackQueueQuery>;
export const FeedbackQueuePage = Type.Object({ total: Type.Integer(), items: Type.Array(FeedbackSummary) });
export type FeedbackQueuePage = Static<typeof FeedbackQueuePage>;

// ── actions ───────────────────────────────────────────────────────────────────────────────────

export const FeedbackAssignInput = Type.Object(
  { assigneeId: Type.Optional(Uuid), note: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false, description: 'assigneeId: an official of the agency; omitted: the caller takes it' },
);
export const FeedbackNoteOptional = Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });
export const FeedbackResolveInput = Type.Object(
  {
    response: Type.String({ minLength: 10, maxLength: 5000, description: 'public response shown with the report' }),
    photoId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type FeedbackResolveInput = Static<typeof FeedbackResolveInput>;
export const FeedbackDeclineInput = Type.Object(
  {
    reason: FeedbackDeclineReason,
    duplicateOfCode: Type.Optional(FeedbackCode),
    note: Type.Optional(Type.String({ maxLength: 2000, description: 'public explanation' })),
  },
  { additionalProperties: false, description: 'duplicateOfCode is required when reason is duplicate' },
);
export type FeedbackDeclineInput = Static<typeof FeedbackDeclineInput>;
export const FeedbackReassignInput = Type.Object(
  { agencyId: Uuid, unitId: Type.Optional(Type.Union([Type.Null(), Uuid])), note: Type.String({ minLength: 3, maxLength: 2000 }) },
  { additionalProperties: false },
);
export type FeedbackReassignInput = Static<typeof FeedbackReassignInput>;
export const FeedbackNoteInput = Type.Object(
  { note: Type.String({ minLength: 1, maxLength: 5000 }), public: Type.Optional(Type.Boolean({ default: false })) },
  { additionalProperties: false },
);
export type FeedbackNoteInput = Static<typeof FeedbackNoteInput>;
export const FeedbackRatingInput = Type.Object(
  {
    stars: Type.Integer({ minimum: 1, maximum: 5 }),
    comment: Type.Optional(Type.String({ maxLength: 2000 })),
    accessToken: Type.Optional(Type.String({ minLength: 16, maxLength: 100, description: 'from FeedbackSubmitted; not needed for the signed-in reporter' })),
  },
  { additionalProperties: false },
);
export type FeedbackRatingInput = Static<typeof FeedbackRatingInput>;

// ── moderation ────────────────────────────────────────────────────────────────────────────────

export const FeedbackModerationQuery = Type.Object({
  state: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('published'), Type.Literal('hidden')], { default: 'pending' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000, default: 0 })),
});
/** What a moderator sees: the public content (full description and photos), never the reporter's contact. */
export const FeedbackModerationItem = Type.Object({
  ...PublicFeedbackReport.properties,
  description: Type.String(),
  hiddenReason: Type.Union([Type.Null(), Type.String()]),
  moderatedAt: Type.Union([Type.Null(), DateTime]),
});
export type FeedbackModerationItem = Static<typeof FeedbackModerationItem>;
export const FeedbackModerationPage = Type.Object({ total: Type.Integer(), items: Type.Array(FeedbackModerationItem) });
export const FeedbackHideInput = Type.Object({ reason: Type.String({ minLength: 3, maxLength: 2000 }) }, { additionalProperties: false });

// ── indicators (for the dashboard; service function feedbackAggregates, no route of its own) ──
// Over the reports submitted in a period (Vietnamese dates, both ends included) in a scope
// (province, agency, commune); reports declined as spam count nowhere.

export const FeedbackAggregates = Type.Object({
  received: Type.Integer({ description: 'reports submitted in the period' }),
  handled: Type.Integer({ description: 'of those, resolved or declined' }),
  handledOnTime: Type.Integer({ description: 'of those, closed on or before the due date' }),
  overdueOpen: Type.Integer({ description: 'of those, still open and past the due date (as of now)' }),
  averageRating: Type.Union([Type.Null(), Type.Number()]),
  ratedCount: Type.Integer(),
  dislikeCount: Type.Integer({ description: `ratings ≤ ${FEEDBACK_DISLIKE_MAX_STARS} stars (complaints, indicator 5.4)` }),
  satisfied: Type.Integer({
    description: `of those, neither disliked (rated ≤ ${FEEDBACK_DISLIKE_MAX_STARS} stars) nor late (closed after the due date, or still open past it): the numerator of 5.2, each report counted once`,
  }),
});
export type FeedbackAggregates = Static<typeof FeedbackAggregates>;

export const FeedbackDrillDownItem = Type.Object({
  id: Uuid,
  code: Type.String(),
  categoryCode: Type.String(),
  categoryName: Type.String(),
  communeCode: Type.String(),
  communeName: Type.String(),
  agencyName: Type.Union([Type.Null(), Type.String()]),
  status: FeedbackStatus,
  receivedAt: DateTime,
  dueDate: Type.Union([Type.Null(), IsoDate]),
  closedAt: Type.Union([Type.Null(), DateTime]),
  overdue: Type.Boolean(),
  rating: Type.Union([Type.Null(), Type.Integer()]),
});
export type FeedbackDrillDownItem = Static<typeof FeedbackDrillDownItem>;

/**
 * The reports counted by each part of indicators 5.1–5.3 (service function feedbackDrillDown):
 * handled = resolved or declined (5.3); handled_on_time = of those, closed on or before the due
 * date (5.1); satisfied = neither disliked nor late (5.2). With part numerator the reports that
 * satisfy the measure, rest those that do not, denominator all of the period.
 */
export const FEEDBACK_MEASURES = ['handled', 'handled_on_time', 'satisfied'] as const;
export type FeedbackMeasure = (typeof FEEDBACK_MEASURES)[number];

/**
 * A located report for the officials' map (service function feedbackMapReports): any status,
 * published or not, spam excluded; never the reporter, the description or the photos.
 */
export const FeedbackMapItem = Type.Object({
  id: Uuid,
  code: Type.String(),
  categoryCode: Type.String(),
  categoryName: Type.String(),
  status: FeedbackStatus,
  lat: Type.Number(),
  lon: Type.Number(),
  communeCode: Type.String(),
  communeName: Type.String(),
  agencyId: Type.Union([Type.Null(), Uuid]),
  agencyName: Type.Union([Type.Null(), Type.String()]),
  receivedAt: DateTime,
  dueDate: Type.Union([Type.Null(), IsoDate]),
  closedAt: Type.Union([Type.Null(), DateTime]),
  overdue: Type.Boolean(),
});
export type FeedbackMapItem = Static<typeof FeedbackMapItem>;
