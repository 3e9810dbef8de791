// Kysely table types for the schema created by ./migrations. Keep in step with the migrations:
// the API tests exercise every column through real queries on both databases.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export type Role = 'citizen' | 'desk' | 'processor' | 'approver' | 'admin' | 'leader' | 'moderator';
export type DossierStatus =
  | 'draft'
  | 'submitted'
  | 'received'
  | 'in_progress'
  | 'supplement_requested'
  | 'awaiting_approval'
  | 'approved'
  | 'refused'
  | 'result_returned'
  | 'declined'
  | 'withdrawn'
  | 'stopped'
  | 'awaiting_payment';
export type Channel = 'in_person' | 'online' | 'post';
export type OnlineLevel = 'full' | 'partial';

export interface RequiredDocument {
  name: string;
  required: boolean;
  copies?: number;
  note?: string;
}

export interface CommunesTable {
  code: string;
  name: string;
  kind: 'xa' | 'phuong' | 'dac_khu';
  province: string;
  lat: number | null;
  lon: number | null;
}

export interface AgenciesTable {
  id: Generated<string>;
  code: string;
  name: string;
  level: 'province' | 'commune';
  commune_code: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  created_at: GeneratedTimestamp;
}

export interface UnitsTable {
  id: Generated<string>;
  agency_id: string;
  name: string;
  created_at: GeneratedTimestamp;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  phone: string | null;
  full_name: string;
  personal_id: string | null;
  address: string | null;
  password_hash: string;
  role: Role;
  agency_id: string | null;
  unit_id: string | null;
  /** leader only: a commune chair's commune; null for a province leader. */
  commune_code: ColumnType<string | null, string | null | undefined, string | null>;
  disabled: Generated<boolean>;
  created_at: GeneratedTimestamp;
}

export interface ApiClientsTable {
  id: Generated<string>;
  name: string;
  key_prefix: string;
  key_hash: string;
  scopes: ColumnType<string[], string[] | undefined, string[]>;
  disabled: Generated<boolean>;
  created_by: string | null;
  created_at: GeneratedTimestamp;
  last_used_at: Date | null;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: GeneratedTimestamp;
  expires_at: Timestamp;
}

export interface ProceduresTable {
  id: Generated<string>;
  code: string;
  name: string;
  name_folded: string;
  field: string;
  agency_id: string;
  unit_id: string | null;
  processing_days: number;
  fee: Generated<number>;
  fee_note: string | null;
  online_level: OnlineLevel;
  description: Generated<string>;
  requirements: Generated<string>;
  documents: Json<RequiredDocument[]>;
  form_schema: Json<Record<string, unknown>>;
  result_description: Generated<string>;
  legal_basis: Generated<string>;
  active: Generated<boolean>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface FilesTable {
  sha256: string;
  size: number;
  mime: string;
  created_at: GeneratedTimestamp;
}

export interface UploadsTable {
  id: Generated<string>;
  owner_id: string;
  file_sha256: string;
  filename: string;
  mime: string;
  size: number;
  created_at: GeneratedTimestamp;
  used_at: Timestamp | null;
}

export interface DossiersTable {
  id: Generated<string>;
  code: string;
  procedure_id: string;
  agency_id: string;
  applicant_id: string;
  applicant_name: string;
  applicant_name_folded: string;
  applicant_email: string | null;
  applicant_phone: string | null;
  applicant_address: string | null;
  status: DossierStatus;
  channel: Generated<Channel>;
  form_data: Json<Record<string, unknown>>;
  submitted_at: GeneratedTimestamp;
  received_at: Timestamp | null;
  received_by: string | null;
  due_date: string | null;
  original_due_date: string | null;
  resume_status: DossierStatus | null;
  assignee_id: string | null;
  decided_at: Timestamp | null;
  decided_by: string | null;
  finished_at: Timestamp | null;
  supplement_count: Generated<number>;
  idempotency_key: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface DossierCodeSequencesTable {
  agency_id: string;
  day: string;
  last: number;
}

export interface DossierEventsTable {
  id: Generated<number>;
  dossier_id: string;
  at: GeneratedTimestamp;
  actor_id: string | null;
  actor_role: string | null;
  action: string;
  from_status: DossierStatus | null;
  to_status: DossierStatus | null;
  reason: string | null;
  data: Json<Record<string, unknown>>;
}

export interface DossierAttachmentsTable {
  id: Generated<string>;
  dossier_id: string;
  file_sha256: string;
  kind: 'application' | 'supplement' | 'result';
  label: string;
  filename: string;
  mime: string;
  size: number;
  uploaded_by: string | null;
  created_at: GeneratedTimestamp;
}

export interface SupplementRequestsTable {
  id: Generated<string>;
  dossier_id: string;
  items: Json<string[]>;
  note: string | null;
  requested_by: string;
  requested_at: GeneratedTimestamp;
  remaining_days: number | null;
  answered_at: Timestamp | null;
  answer_note: string | null;
}

export interface ExtensionsTable {
  id: Generated<string>;
  dossier_id: string;
  reason: string;
  previous_due_date: string;
  new_due_date: string;
  created_by: string;
  created_at: GeneratedTimestamp;
}

export interface CalendarOverridesTable {
  date: string;
  kind: 'day_off' | 'working_day';
  name: string;
  updated_by: string | null;
  updated_at: GeneratedTimestamp;
}

export interface OutboxTable {
  id: Generated<number>;
  kind: string;
  payload: Json<Record<string, unknown>>;
  status: Generated<'pending' | 'done' | 'dead'>;
  attempts: Generated<number>;
  run_at: GeneratedTimestamp;
  locked_until: Timestamp | null;
  last_error: string | null;
  created_at: GeneratedTimestamp;
  done_at: Timestamp | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  actor_id: string | null;
  actor_role: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  purpose: string | null;
  data: Json<Record<string, unknown>>;
  prev_hash: string;
  hash: string;
}

// ---- feedback reports (migration 0004, module feedback). Another module reads them only through
// modules/feedback/service.ts; the demo-history generator inserts rows directly (see the column
// comments in migrations/0004_feedback.ts).
export type FeedbackStatus = 'received' | 'assigned' | 'in_progress' | 'resolved' | 'declined';
export type FeedbackDeclineReason = 'not_competent' | 'duplicate' | 'spam';

export interface FeedbackCategoriesTable {
  code: string;
  name: string;
  description: Generated<string>;
  group_name: string;
  active: Generated<boolean>;
  keywords: ColumnType<string[], string[] | undefined, string[]>;
  sort_order: Generated<number>;
  updated_at: GeneratedTimestamp;
}

export interface FeedbackRoutingRulesTable {
  id: Generated<string>;
  category_code: string;
  commune_code: string | null;
  agency_id: string;
  unit_id: string | null;
  updated_by: string | null;
  updated_at: GeneratedTimestamp;
}

export interface FeedbackCodeSequencesTable {
  day: string;
  last: number;
}

export interface FeedbackPhotoUploadsTable {
  id: Generated<string>;
  file_sha256: string;
  mime: string;
  size: number;
  uploader_id: string | null;
  client_ip: string | null;
  created_at: GeneratedTimestamp;
}

export interface FeedbackReportsTable {
  id: Generated<string>;
  code: string;
  category_code: string;
  description: string;
  commune_code: string;
  address: string | null;
  lat: number | null;
  lon: number | null;
  search_folded: string;
  agency_id: string | null;
  unit_id: string | null;
  assignee_id: string | null;
  status: ColumnType<FeedbackStatus, FeedbackStatus | undefined, FeedbackStatus>;
  reporter_id: string | null;
  reporter_name: string | null;
  reporter_phone: string | null;
  reporter_email: string | null;
  access_token_hashes: ColumnType<string[], string[] | undefined, string[]>;
  source: ColumnType<'web' | 'open311', 'web' | 'open311' | undefined, 'web' | 'open311'>;
  api_client_id: string | null;
  idempotency_key: string | null;
  submitted_at: GeneratedTimestamp;
  due_date: string | null;
  closed_at: Timestamp | null;
  response: string | null;
  decline_reason: FeedbackDeclineReason | null;
  duplicate_of_id: string | null;
  rating: number | null;
  rating_comment: string | null;
  rated_at: Timestamp | null;
  published: Generated<boolean>;
  hidden_reason: string | null;
  moderated_by: string | null;
  moderated_at: Timestamp | null;
  updated_at: GeneratedTimestamp;
}

export interface FeedbackPhotosTable {
  report_id: string;
  n: number;
  kind: 'report' | 'response';
  file_sha256: string;
  mime: string;
  size: number;
  created_at: GeneratedTimestamp;
}

export interface FeedbackEventsTable {
  id: Generated<number>;
  report_id: string;
  at: GeneratedTimestamp;
  actor_id: string | null;
  actor_role: string | null;
  action: string;
  from_status: FeedbackStatus | null;
  to_status: FeedbackStatus | null;
  note: string | null;
  public: Generated<boolean>;
  data: Json<Record<string, unknown>>;
}

export interface DossierStatsDailyTable {
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

export interface DossierStatsStateTable {
  id: Generated<boolean>;
  watermark: Date | string;
  calendar_key: string;
  refreshed_at: GeneratedTimestamp;
}

export interface DB {
  communes: CommunesTable;
  agencies: AgenciesTable;
  units: UnitsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_clients: ApiClientsTable;
  procedures: ProceduresTable;
  files: FilesTable;
  uploads: UploadsTable;
  dossiers: DossiersTable;
  dossier_code_sequences: DossierCodeSequencesTable;
  dossier_events: DossierEventsTable;
  dossier_attachments: DossierAttachmentsTable;
  supplement_requests: SupplementRequestsTable;
  extensions: ExtensionsTable;
  dossier_stats_daily: DossierStatsDailyTable;
  dossier_stats_state: DossierStatsStateTable;
  calendar_overrides: CalendarOverridesTable;
  outbox: OutboxTable;
  audit_log: AuditLogTable;
  feedback_categories: FeedbackCategoriesTable;
  feedback_routing_rules: FeedbackRoutingRulesTable;
  feedback_code_sequences: FeedbackCodeSequencesTable;
  feedback_photo_uploads: FeedbackPhotoUploadsTable;
  feedback_reports: FeedbackReportsTable;
  feedback_photos: FeedbackPhotosTable;
  feedback_events: FeedbackEventsTable;
}

export type User = Selectable<UsersTable>;
export type Procedure = Selectable<ProceduresTable>;
export type Dossier = Selectable<DossiersTable>;
export type NewDossier = Insertable<DossiersTable>;
export type DossierUpdate = Updateable<DossiersTable>;
