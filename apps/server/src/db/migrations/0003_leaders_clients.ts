// Who issue 4 needs besides the one-stop desk: leaders who read the dashboard (a province leader,
// or a commune chair scoped to one commune), moderators of feedback reports, and other systems
// calling the API with a key (Open311 clients first). Communes get a centre point so a map can
// open on them and a report can be placed by commune when no map tiles load.
import { sql, type Kysely } from 'kysely';

const statements = [
  `alter table users drop constraint users_role_check`,
  `alter table users add constraint users_role_check
     check (role in ('citizen', 'desk', 'processor', 'approver', 'admin', 'leader', 'moderator'))`,
  `alter table users drop constraint users_check`,
  `alter table users add constraint users_agency_check
     check (role in ('citizen', 'admin', 'leader', 'moderator') or agency_id is not null)`,
  `alter table users add column commune_code text references communes (code)`,
  `alter table users add constraint users_commune_check check (commune_code is null or role = 'leader')`,
  `comment on column users.commune_code is 'leader only: set for a commune chair (chủ tịch UBND xã), null for a province leader'`,
  `comment on column users.role is 'citizen: applicant; desk: một cửa; processor: chuyên viên; approver: lãnh đạo cơ quan; admin: quản trị hệ thống; leader: lãnh đạo tỉnh / chủ tịch xã (dashboard); moderator: kiểm duyệt phản ánh'`,
  `alter table communes add column lat double precision check (lat between -90 and 90)`,
  `alter table communes add column lon double precision check (lon between -180 and 180)`,
  `create table api_clients (
     id uuid primary key default gen_random_uuid(),
     name text not null check (length(name) between 2 and 200),
     key_prefix text not null unique,
     key_hash text not null,
     scopes text[] not null default '{}',
     disabled boolean not null default false,
     created_by uuid references users (id),
     created_at timestamptz not null default now(),
     last_used_at timestamptz
   )`,
  `comment on table api_clients is 'Other systems calling the API: the key is shown once, only its sha256 is kept; key_prefix finds the row'`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`drop table api_clients`).execute(db);
  await sql.raw(`alter table communes drop column lat, drop column lon`).execute(db);
  await sql.raw(`alter table users drop column commune_code`).execute(db);
}
