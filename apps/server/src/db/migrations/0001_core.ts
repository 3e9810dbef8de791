// The digital-government core: locality, organisation, identity, catalog, dossiers, files,
// calendar overrides, outbox and the hash-chained audit log. The database enforces what it can.
import { sql, type Kysely } from 'kysely';

const statements = [
  `create table communes (
     code text primary key,
     name text not null,
     kind text not null check (kind in ('xa', 'phuong', 'dac_khu')),
     province text not null
   )`,
  `create table agencies (
     id uuid primary key default gen_random_uuid(),
     code text not null unique check (code ~ '^[A-Z0-9][A-Z0-9.]{1,30}$'),
     name text not null check (length(name) between 2 and 300),
     level text not null check (level in ('province', 'commune')),
     commune_code text references communes (code),
     address text,
     phone text,
     email text,
     created_at timestamptz not null default now()
   )`,
  `comment on column agencies.code is 'Mã định danh cơ quan (QĐ 20/2020/QĐ-TTg style), prefix of every dossier code'`,
  `create table units (
     id uuid primary key default gen_random_uuid(),
     agency_id uuid not null references agencies (id),
     name text not null check (length(name) between 2 and 300),
     created_at timestamptz not null default now(),
     unique (agency_id, name)
   )`,
  `create table users (
     id uuid primary key default gen_random_uuid(),
     email text not null,
     phone text,
     full_name text not null check (length(full_name) between 1 and 200),
     personal_id text check (personal_id ~ '^[0-9]{12}$'),
     address text,
     password_hash text not null,
     role text not null check (role in ('citizen', 'desk', 'processor', 'approver', 'admin')),
     agency_id uuid references agencies (id),
     unit_id uuid references units (id),
     disabled boolean not null default false,
     created_at timestamptz not null default now(),
     check (role in ('citizen', 'admin') or agency_id is not null)
   )`,
  `create unique index users_email_key on users (lower(email))`,
  `comment on column users.role is 'citizen: applicant; desk: một cửa; processor: chuyên viên; approver: lãnh đạo; admin: quản trị hệ thống'`,
  `create table sessions (
     token_hash text primary key,
     user_id uuid not null references users (id) on delete cascade,
     csrf_token text not null,
     created_at timestamptz not null default now(),
     expires_at timestamptz not null
   )`,
  `create index sessions_user on sessions (user_id)`,
  `create table procedures (
     id uuid primary key default gen_random_uuid(),
     code text not null unique,
     name text not null check (length(name) between 3 and 500),
     name_folded text not null,
     field text not null,
     agency_id uuid not null references agencies (id),
     unit_id uuid references units (id),
     processing_days integer not null check (processing_days between 0 and 365),
     fee integer not null default 0 check (fee >= 0),
     fee_note text,
     online_level text not null check (online_level in ('full', 'partial')),
     description text not null default '',
     requirements text not null default '',
     documents jsonb not null default '[]',
     form_schema json not null,
     result_description text not null default '',
     legal_basis text not null default '',
     active boolean not null default true,
     created_at timestamptz not null default now(),
     updated_at timestamptz not null default now()
   )`,
  `comment on column procedures.form_schema is 'JSON Schema of the application form; json, not jsonb, so the fields keep the order they were written in'`,
  `comment on column procedures.fee is 'Phí, lệ phí in integer đồng'`,
  `comment on column procedures.name_folded is 'name without Vietnamese diacritics, lower case, for search (đ → d)'`,
  `create index procedures_agency on procedures (agency_id)`,
  `create table files (
     sha256 text primary key check (sha256 ~ '^[0-9a-f]{64}$'),
     size bigint not null check (size > 0),
     mime text not null,
     created_at timestamptz not null default now()
   )`,
  `create table uploads (
     id uuid primary key default gen_random_uuid(),
     owner_id uuid not null references users (id),
     file_sha256 text not null references files (sha256),
     filename text not null,
     mime text not null,
     size bigint not null,
     created_at timestamptz not null default now(),
     used_at timestamptz
   )`,
  `comment on table uploads is 'A file a user uploaded, waiting to be attached to a dossier (two-step submission keeps uploads retryable on weak mobile networks)'`,
  `create table dossiers (
     id uuid primary key default gen_random_uuid(),
     code text not null unique,
     procedure_id uuid not null references procedures (id),
     agency_id uuid not null references agencies (id),
     applicant_id uuid not null references users (id),
     applicant_name text not null,
     applicant_name_folded text not null,
     applicant_email text,
     applicant_phone text,
     applicant_address text,
     status text not null check (status in ('draft', 'submitted', 'received', 'in_progress', 'supplement_requested',
       'awaiting_approval', 'approved', 'refused', 'result_returned', 'declined', 'withdrawn', 'stopped', 'awaiting_payment')),
     channel text not null default 'online' check (channel in ('in_person', 'online', 'post')),
     form_data jsonb not null default '{}',
     submitted_at timestamptz not null default now(),
     received_at timestamptz,
     received_by uuid references users (id),
     due_date date,
     original_due_date date,
     resume_status text,
     assignee_id uuid references users (id),
     decided_at timestamptz,
     decided_by uuid references users (id),
     finished_at timestamptz,
     supplement_count integer not null default 0,
     idempotency_key text,
     created_at timestamptz not null default now(),
     updated_at timestamptz not null default now(),
     unique (applicant_id, idempotency_key),
     check (status in ('draft', 'submitted', 'declined', 'withdrawn') or received_at is not null or status = 'supplement_requested')
   )`,
  `comment on column dossiers.applicant_name_folded is 'applicant name without diacritics, lower case, for the desk search (đ → d)'`,
  `comment on column dossiers.due_date is 'Hạn xử lý: working days from the day after receipt; moved by supplement pauses and extensions'`,
  `comment on column dossiers.original_due_date is 'Due date set at receipt, kept for the on-time indicators of Decision 766'`,
  `comment on column dossiers.resume_status is 'Status to return to when the applicant answers a supplement request'`,
  `create index dossiers_agency_queue on dossiers (agency_id, status, due_date)`,
  `create index dossiers_applicant on dossiers (applicant_id, submitted_at desc)`,
  `create index dossiers_assignee on dossiers (assignee_id, status) where assignee_id is not null`,
  `create table dossier_code_sequences (
     agency_id uuid not null references agencies (id),
     day date not null,
     last integer not null,
     primary key (agency_id, day)
   )`,
  `create table dossier_events (
     id bigint generated always as identity primary key,
     dossier_id uuid not null references dossiers (id),
     at timestamptz not null default now(),
     actor_id uuid references users (id),
     actor_role text,
     action text not null,
     from_status text,
     to_status text,
     reason text,
     data jsonb not null default '{}'
   )`,
  `create index dossier_events_dossier on dossier_events (dossier_id, id)`,
  `create table dossier_attachments (
     id uuid primary key default gen_random_uuid(),
     dossier_id uuid not null references dossiers (id),
     file_sha256 text not null references files (sha256),
     kind text not null check (kind in ('application', 'supplement', 'result')),
     label text not null,
     filename text not null,
     mime text not null,
     size bigint not null,
     uploaded_by uuid references users (id),
     created_at timestamptz not null default now()
   )`,
  `create index dossier_attachments_dossier on dossier_attachments (dossier_id)`,
  `create table supplement_requests (
     id uuid primary key default gen_random_uuid(),
     dossier_id uuid not null references dossiers (id),
     items jsonb not null,
     note text,
     requested_by uuid not null references users (id),
     requested_at timestamptz not null default now(),
     remaining_days integer,
     answered_at timestamptz,
     answer_note text
   )`,
  `comment on column supplement_requests.remaining_days is 'Working days left on the clock when it paused; null when requested before receipt'`,
  `create index supplement_requests_dossier on supplement_requests (dossier_id)`,
  `create table extensions (
     id uuid primary key default gen_random_uuid(),
     dossier_id uuid not null references dossiers (id),
     reason text not null,
     previous_due_date date not null,
     new_due_date date not null check (new_due_date > previous_due_date),
     created_by uuid not null references users (id),
     created_at timestamptz not null default now()
   )`,
  `create table calendar_overrides (
     date date primary key,
     kind text not null check (kind in ('day_off', 'working_day')),
     name text not null,
     updated_by uuid references users (id),
     updated_at timestamptz not null default now()
   )`,
  `comment on table calendar_overrides is 'Yearly days-off and swapped working days announced by the government, entered by administrators'`,
  `create table outbox (
     id bigint generated always as identity primary key,
     kind text not null,
     payload jsonb not null,
     status text not null default 'pending' check (status in ('pending', 'done', 'dead')),
     attempts integer not null default 0,
     run_at timestamptz not null default now(),
     locked_until timestamptz,
     last_error text,
     created_at timestamptz not null default now(),
     done_at timestamptz
   )`,
  `create index outbox_pending on outbox (run_at) where status = 'pending'`,
  `create table audit_log (
     id bigint generated always as identity primary key,
     at timestamptz not null default now(),
     actor_id uuid,
     actor_role text,
     action text not null,
     subject_type text not null,
     subject_id text,
     purpose text,
     data jsonb not null default '{}',
     prev_hash text not null,
     hash text not null unique
   )`,
  `comment on column audit_log.hash is 'sha256(prev_hash || canonical row): editing or deleting a row breaks the chain (npm run audit:verify)'`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The core schema is not reversible; restore from backup instead.');
}
