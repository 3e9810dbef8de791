// Feedback reports (phản ánh, kiến nghị — "phản ánh hiện trường", issue 4): categories (also the
// Open311 services), routing rules, the reports with their photos and timeline, and the photos a
// reporter (possibly anonymous) uploads before submitting. Owned by modules/feedback.
//
// The categories are reference data every installation needs (they are the Open311 service list
// other systems code against), so they are inserted here rather than by the demo seed; an
// administrator edits them afterwards through the API. Routing rules name agencies, which are
// installation data: the demo's are in seed/feedback.ts.
import { sql, type Kysely } from 'kysely';

export const FEEDBACK_CATEGORY_SEED: { code: string; name: string; description: string; group: string; keywords: string[] }[] = [
  { code: 'road_damage', name: 'Hư hỏng đường sá, cầu cống', description: 'Ổ gà, sụt lún, nứt vỡ mặt đường, vỉa hè, cầu, cống bị hư hỏng.', group: 'Hạ tầng', keywords: ['ổ gà', 'sụt lún', 'mặt đường', 'vỉa hè', 'cầu', 'cống'] },
  { code: 'street_lighting', name: 'Đèn chiếu sáng công cộng', description: 'Đèn đường không sáng, sáng ban ngày, cột đèn nghiêng đổ, hở điện.', group: 'Hạ tầng', keywords: ['đèn đường', 'chiếu sáng', 'cột đèn', 'hở điện'] },
  { code: 'waste', name: 'Rác thải, vệ sinh môi trường đô thị', description: 'Rác thải không được thu gom, đổ rác sai nơi quy định, điểm tập kết rác gây ô nhiễm.', group: 'Môi trường', keywords: ['rác', 'thu gom', 'xả rác', 'bãi rác'] },
  { code: 'flooding_drainage', name: 'Ngập úng, thoát nước', description: 'Ngập nước khi mưa, triều cường; cống thoát nước tắc nghẽn, nắp cống hư hỏng hoặc mất.', group: 'Hạ tầng', keywords: ['ngập', 'triều cường', 'thoát nước', 'nắp cống', 'tắc cống'] },
  { code: 'environment', name: 'Ô nhiễm môi trường', description: 'Ô nhiễm không khí, tiếng ồn, nước thải, mùi hôi từ cơ sở sản xuất, chăn nuôi; chặt phá cây xanh.', group: 'Môi trường', keywords: ['ô nhiễm', 'nước thải', 'khói', 'tiếng ồn', 'mùi hôi', 'cây xanh'] },
  { code: 'public_order', name: 'An ninh trật tự, lấn chiếm lòng lề đường', description: 'Lấn chiếm vỉa hè, lòng đường; tụ tập gây mất trật tự; buôn bán không đúng nơi quy định.', group: 'Trật tự đô thị', keywords: ['lấn chiếm', 'vỉa hè', 'mất trật tự', 'buôn bán'] },
  { code: 'construction_violation', name: 'Vi phạm trật tự xây dựng', description: 'Xây dựng không phép, sai phép, lấn chiếm đất công; công trình gây mất an toàn.', group: 'Trật tự đô thị', keywords: ['xây dựng không phép', 'sai phép', 'lấn chiếm đất', 'công trình'] },
  { code: 'administrative', name: 'Phản ánh, kiến nghị về thủ tục hành chính', description: 'Thái độ, trách nhiệm của cán bộ; giải quyết thủ tục hành chính chậm, gây phiền hà; quy định chưa hợp lý.', group: 'Hành chính công', keywords: ['thủ tục', 'cán bộ', 'chậm trễ', 'phiền hà', 'hồ sơ'] },
  { code: 'other', name: 'Vấn đề khác', description: 'Các vấn đề khác về đời sống, hạ tầng, dịch vụ công ở địa phương.', group: 'Khác', keywords: [] },
];

const statements = [
  `create table feedback_categories (
     code text primary key check (code ~ '^[a-z][a-z0-9_]{1,49}$'),
     name text not null check (length(btrim(name)) between 2 and 200),
     description text not null default '' check (length(description) <= 2000),
     group_name text not null check (length(btrim(group_name)) between 2 and 100),
     active boolean not null default true,
     keywords text[] not null default '{}',
     sort_order integer not null default 0,
     updated_at timestamptz not null default now()
   )`,
  `comment on table feedback_categories is 'Kinds of feedback report; code is also the Open311 service_code'`,
  `create table feedback_routing_rules (
     id uuid primary key default gen_random_uuid(),
     category_code text not null references feedback_categories (code),
     commune_code text references communes (code),
     agency_id uuid not null references agencies (id),
     unit_id uuid references units (id),
     updated_by uuid references users (id),
     updated_at timestamptz not null default now()
   )`,
  // One rule per category × commune, and one default (commune null) per category.
  `create unique index feedback_routing_rules_key on feedback_routing_rules (category_code, coalesce(commune_code, ''))`,
  `comment on column feedback_routing_rules.commune_code is 'null: the category default, used where no rule names the commune'`,
  `create table feedback_code_sequences (
     day date primary key,
     last integer not null
   )`,
  `create table feedback_photo_uploads (
     id uuid primary key default gen_random_uuid(),
     file_sha256 text not null references files (sha256),
     mime text not null check (mime in ('image/jpeg', 'image/png')),
     size integer not null check (size > 0),
     uploader_id uuid references users (id),
     client_ip text,
     created_at timestamptz not null default now()
   )`,
  `create index feedback_photo_uploads_created on feedback_photo_uploads (created_at)`,
  `comment on table feedback_photo_uploads is 'Photos uploaded (maybe anonymously) before the report that lists them; the id is the capability: the row is deleted when a report takes the photo, or 24 hours later'`,
  `create table feedback_reports (
     id uuid primary key default gen_random_uuid(),
     code text not null unique check (code ~ '^PA-[0-9]{6}-[0-9]{4,6}$'),
     category_code text not null references feedback_categories (code),
     description text not null check (length(btrim(description)) between 10 and 5000),
     commune_code text not null references communes (code),
     address text check (length(address) <= 500),
     lat double precision check (lat between -90 and 90),
     lon double precision check (lon between -180 and 180),
     search_folded text not null,
     agency_id uuid references agencies (id),
     unit_id uuid references units (id),
     assignee_id uuid references users (id),
     status text not null default 'received' check (status in ('received', 'assigned', 'in_progress', 'resolved', 'declined')),
     reporter_id uuid references users (id),
     reporter_name text check (length(reporter_name) <= 200),
     reporter_phone text check (length(reporter_phone) <= 20),
     reporter_email text check (length(reporter_email) <= 200),
     access_token_hashes text[] not null default '{}',
     source text not null default 'web' check (source in ('web', 'open311')),
     api_client_id uuid references api_clients (id),
     idempotency_key text,
     submitted_at timestamptz not null default now(),
     due_date date,
     closed_at timestamptz,
     response text check (length(response) <= 5000),
     decline_reason text check (decline_reason in ('not_competent', 'duplicate', 'spam')),
     duplicate_of_id uuid references feedback_reports (id),
     rating smallint check (rating between 1 and 5),
     rating_comment text check (length(rating_comment) <= 2000),
     rated_at timestamptz,
     published boolean not null default false,
     hidden_reason text,
     moderated_by uuid references users (id),
     moderated_at timestamptz,
     updated_at timestamptz not null default now(),
     check ((lat is null) = (lon is null)),
     check (reporter_id is not null or reporter_phone is not null or reporter_email is not null or source = 'open311'),
     check ((status in ('resolved', 'declined')) = (closed_at is not null)),
     check ((status = 'declined') = (decline_reason is not null)),
     check (decline_reason is distinct from 'duplicate' or duplicate_of_id is not null),
     check ((rating is null) = (rated_at is null))
   )`,
  `comment on table feedback_reports is 'Phản ánh hiện trường. A report is received (and routed) on submission; due 15 working days after'`,
  `comment on column feedback_reports.code is 'PA-{yymmdd}-{NNNN}: daily sequence over the whole province, date in Asia/Ho_Chi_Minh'`,
  `comment on column feedback_reports.search_folded is 'code, category name, description, address and response, lower case without diacritics (foldVietnamese)'`,
  `comment on column feedback_reports.agency_id is 'responsible agency from the routing rules; null when no rule and no commune UBND matched'`,
  `comment on column feedback_reports.reporter_id is 'the signed-in reporter; null for anonymous and Open311 reports'`,
  `comment on column feedback_reports.access_token_hashes is 'sha256 of the secret(s) given to the reporter at submission (rating without an account)'`,
  `comment on column feedback_reports.due_date is '15 working days counted from the working day after submission (shared working-day calendar)'`,
  `comment on column feedback_reports.closed_at is 'when it was resolved or declined; on time when its Vietnam date <= due_date'`,
  `comment on column feedback_reports.response is 'public answer of the agency (resolved) or public explanation (declined)'`,
  `comment on column feedback_reports.rating is '1-5 stars from the reporter after closing; <= 2 is a dislike (complaint, indicator 5.4)'`,
  `comment on column feedback_reports.published is 'set by a moderator; only published reports appear in public lists and show their content'`,
  `create unique index feedback_reports_idempotency on feedback_reports (coalesce(reporter_id::text, api_client_id::text, ''), idempotency_key) where idempotency_key is not null`,
  `create index feedback_reports_agency_queue on feedback_reports (agency_id, due_date, submitted_at)`,
  `create index feedback_reports_public on feedback_reports (submitted_at desc) where published`,
  `create index feedback_reports_reporter on feedback_reports (reporter_id, submitted_at desc) where reporter_id is not null`,
  `create index feedback_reports_submitted on feedback_reports (submitted_at)`,
  `create index feedback_reports_commune on feedback_reports (commune_code, submitted_at)`,
  `create table feedback_photos (
     report_id uuid not null references feedback_reports (id),
     n smallint not null check (n between 1 and 20),
     kind text not null check (kind in ('report', 'response')),
     file_sha256 text not null references files (sha256),
     mime text not null check (mime in ('image/jpeg', 'image/png')),
     size integer not null,
     created_at timestamptz not null default now(),
     primary key (report_id, n)
   )`,
  `create table feedback_events (
     id bigint generated always as identity primary key,
     report_id uuid not null references feedback_reports (id),
     at timestamptz not null default now(),
     actor_id uuid references users (id),
     actor_role text,
     action text not null,
     from_status text,
     to_status text,
     note text,
     public boolean not null default true,
     data jsonb not null default '{}'
   )`,
  `create index feedback_events_report on feedback_events (report_id, id)`,
  `comment on column feedback_events.public is 'false: internal note of the officials, never shown to the reporter or the public'`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
  let order = 0;
  for (const c of FEEDBACK_CATEGORY_SEED) {
    await sql`insert into feedback_categories (code, name, description, group_name, keywords, sort_order)
              values (${c.code}, ${c.name}, ${c.description}, ${c.group}, ${c.keywords}, ${(order += 10)})`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['feedback_events', 'feedback_photos', 'feedback_reports', 'feedback_photo_uploads', 'feedback_code_sequences', 'feedback_routing_rules', 'feedback_categories']) {
    await sql.raw(`drop table ${t}`).execute(db);
  }
}
