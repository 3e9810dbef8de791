import { Type, type Static } from 'typebox';
import { DateTime, IsoDate, Uuid } from './common.ts';

export const DOSSIER_STATUSES = [
  'draft',
  'submitted',
  'received',
  'in_progress',
  'supplement_requested',
  'awaiting_approval',
  'approved',
  'refused',
  'result_returned',
  'declined',
  'withdrawn',
  'stopped',
  'awaiting_payment',
] as const;
export type DossierStatus = (typeof DOSSIER_STATUSES)[number];
export const DossierStatus = Type.Unsafe<DossierStatus>({ type: 'string', enum: [...DOSSIER_STATUSES] });

/** Vietnamese label of each status, as the national portal words them. */
export const STATUS_LABELS_VI: Record<DossierStatus, string> = {
  draft: 'Bản nháp',
  submitted: 'Mới đăng ký',
  received: 'Đã tiếp nhận',
  in_progress: 'Đang xử lý',
  supplement_requested: 'Yêu cầu bổ sung',
  awaiting_approval: 'Chờ phê duyệt',
  approved: 'Đã phê duyệt',
  refused: 'Từ chối giải quyết',
  result_returned: 'Đã trả kết quả',
  declined: 'Từ chối tiếp nhận',
  withdrawn: 'Đã rút hồ sơ',
  stopped: 'Dừng giải quyết',
  awaiting_payment: 'Chờ thực hiện nghĩa vụ tài chính',
};

export const Channel = Type.Union([Type.Literal('in_person'), Type.Literal('online'), Type.Literal('post')]);

export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_-]{8,128}$/;

export const SubmitDossierInput = Type.Object(
  {
    procedureId: Uuid,
    formData: Type.Record(Type.String(), Type.Unknown(), { description: "Answers to the procedure's form (validated against its JSON Schema)" }),
    applicant: Type.Object(
      {
        fullName: Type.String({ minLength: 2, maxLength: 200 }),
        phone: Type.Optional(Type.String({ pattern: '^(\\+84|0)[0-9]{9,10}$' })),
        email: Type.Optional(Type.String({ format: 'email', maxLength: 200 })),
        address: Type.Optional(Type.String({ maxLength: 500 })),
      },
      { additionalProperties: false },
    ),
    attachments: Type.Array(
      Type.Object({ uploadId: Uuid, label: Type.String({ minLength: 1, maxLength: 300 }) }, { additionalProperties: false }),
      { maxItems: 30 },
    ),
  },
  { additionalProperties: false },
);
export type SubmitDossierInput = Static<typeof SubmitDossierInput>;

export const Attachment = Type.Object({
  id: Uuid,
  kind: Type.Union([Type.Literal('application'), Type.Literal('supplement'), Type.Literal('result')]),
  label: Type.String(),
  filename: Type.String(),
  mime: Type.String(),
  size: Type.Integer(),
  createdAt: DateTime,
});
export type Attachment = Static<typeof Attachment>;

export const TimelineEvent = Type.Object({
  at: DateTime,
  action: Type.String(),
  fromStatus: Type.Union([Type.Null(), DossierStatus]),
  toStatus: Type.Union([Type.Null(), DossierStatus]),
  reason: Type.Union([Type.Null(), Type.String()]),
  actorRole: Type.Union([Type.Null(), Type.String()]),
});
export type TimelineEvent = Static<typeof TimelineEvent>;

export const DossierSummary = Type.Object({
  id: Uuid,
  code: Type.String(),
  status: DossierStatus,
  procedureId: Uuid,
  procedureName: Type.String(),
  agencyName: Type.String(),
  applicantName: Type.String(),
  submittedAt: DateTime,
  receivedAt: Type.Union([Type.Null(), DateTime]),
  dueDate: Type.Union([Type.Null(), IsoDate]),
  assigneeId: Type.Union([Type.Null(), Uuid]),
  assigneeName: Type.Union([Type.Null(), Type.String()]),
  overdue: Type.Boolean(),
});
export type DossierSummary = Static<typeof DossierSummary>;

export const SupplementRequest = Type.Object({
  id: Uuid,
  items: Type.Array(Type.String()),
  note: Type.Union([Type.Null(), Type.String()]),
  requestedAt: DateTime,
  answeredAt: Type.Union([Type.Null(), DateTime]),
});

export const Extension = Type.Object({
  reason: Type.String(),
  previousDueDate: IsoDate,
  newDueDate: IsoDate,
  createdAt: DateTime,
});

export const DossierDetail = Type.Object({
  ...DossierSummary.properties,
  agencyId: Uuid,
  channel: Channel,
  applicantEmail: Type.Union([Type.Null(), Type.String()]),
  applicantPhone: Type.Union([Type.Null(), Type.String()]),
  applicantAddress: Type.Union([Type.Null(), Type.String()]),
  formData: Type.Record(Type.String(), Type.Unknown()),
  originalDueDate: Type.Union([Type.Null(), IsoDate]),
  finishedAt: Type.Union([Type.Null(), DateTime]),
  attachments: Type.Array(Attachment),
  timeline: Type.Array(TimelineEvent),
  supplementRequests: Type.Array(SupplementRequest),
  extensions: Type.Array(Extension),
  allowedActions: Type.Array(Type.String(), { description: 'Actions the caller may take now' }),
});
export type DossierDetail = Static<typeof DossierDetail>;

/** What anyone may see by code: no personal data beyond the receipt's (a masked name). */
export const PublicTracking = Type.Object({
  code: Type.String(),
  status: DossierStatus,
  statusLabel: Type.String(),
  procedureName: Type.String(),
  agencyName: Type.String(),
  applicantNameMasked: Type.String(),
  submittedAt: DateTime,
  receivedAt: Type.Union([Type.Null(), DateTime]),
  dueDate: Type.Union([Type.Null(), IsoDate]),
  finishedAt: Type.Union([Type.Null(), DateTime]),
  timeline: Type.Array(Type.Object({ at: DateTime, toStatus: Type.Union([Type.Null(), DossierStatus]), action: Type.String() })),
});
export type PublicTracking = Static<typeof PublicTracking>;

export const Reason = Type.Object({ reason: Type.String({ minLength: 3, maxLength: 2000 }) }, { additionalProperties: false });
export const SupplementRequestInput = Type.Object(
  {
    items: Type.Array(Type.String({ minLength: 2, maxLength: 500 }), { minItems: 1, maxItems: 30 }),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export const SupplementAnswerInput = Type.Object(
  {
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    attachments: Type.Array(Type.Object({ uploadId: Uuid, label: Type.String({ minLength: 1, maxLength: 300 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 30 }),
  },
  { additionalProperties: false },
);
export const AssignInput = Type.Object({ assigneeId: Uuid }, { additionalProperties: false });
export const NoteInput = Type.Object({ note: Type.String({ minLength: 1, maxLength: 5000 }) }, { additionalProperties: false });
export const ReceiveInput = Type.Object({ assigneeId: Type.Optional(Uuid) }, { additionalProperties: false });
export const ReturnResultInput = Type.Object(
  {
    attachments: Type.Array(Type.Object({ uploadId: Uuid, label: Type.String({ minLength: 1, maxLength: 300 }) }, { additionalProperties: false }), { maxItems: 10 }),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export const ExtensionInput = Type.Object({ reason: Type.String({ minLength: 3, maxLength: 2000 }), newDueDate: IsoDate }, { additionalProperties: false });

export const QueueQuery = Type.Object({
  status: Type.Optional(DossierStatus),
  due: Type.Optional(Type.Union([Type.Literal('soon'), Type.Literal('overdue')], { description: 'soon: due within 2 working days' })),
  mine: Type.Optional(Type.Boolean()),
  q: Type.Optional(Type.String({ maxLength: 100 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000000, default: 0 })),
});
