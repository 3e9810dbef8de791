// The requests each benchmark sends, built from the bench database: citizens' submissions (own
// session, CSRF token, upload and Idempotency-Key each), public tracking look-ups by code from many
// client addresses, the officials' queue and the citizens' own lists; and the pgbench script that
// writes the same rows as a submission in one transaction (the database's limit).
import { sql } from 'kysely';
import type { Database } from '../apps/server/src/platform/db.ts';
import { FileStore } from '../apps/server/src/platform/files.ts';
import { tinyPdf } from './generate.ts';
import { createSessions, createUploads, type SessionFixture } from './lib.ts';
import type { LoadRequest } from './load.ts';

/**
 * Procedures with one required document, so each submission carries exactly one attachment: the
 * demo seed has such procedures at three agencies, and the submissions go to the three in turn
 * (in a province, a hundred-odd agencies share the peak; one counter per agency and day).
 */
const SUBMIT_FORMS: Record<string, (name: string, i: number) => Record<string, unknown>> = {
  '2.000815': (_n, i) => ({ documentName: 'Bằng tốt nghiệp trung học phổ thông', pages: 1 + (i % 4), copies: 1 + (i % 3) }),
  '1.001193': (name, i) => ({
    childFullName: `${name.split(' ')[0]} Gia Bảo`,
    childBirthDate: '2026-01-15',
    childGender: i % 2 ? 'Nam' : 'Nữ',
    birthPlace: 'Bệnh viện Đa khoa tỉnh Sóc Trăng',
    motherFullName: name,
    relationship: 'Mẹ',
  }),
  '1.000656': (name) => ({ deceasedFullName: `${name.split(' ')[0]} Văn Tám`, deceasedPersonalId: '094052001234', dateOfDeath: '2026-01-02', placeOfDeath: 'Tại nhà', relationship: 'Con' }),
  '2.001417': (name, i) => ({ fullName: name, birthDate: '1990-05-20', personalId: `09419${String(1000000 + i).slice(-7)}`, certificateType: 'Phiếu số 1', purpose: 'Bổ sung hồ sơ xin việc' }),
  '1.001612': (name, i) => ({ businessName: `Hộ kinh doanh ${name}`, address: 'Số 5 đường Lê Lợi, xã Kế Sách', businessLines: 'Bán lẻ tạp hóa', capital: 50_000_000 + (i % 10) * 1_000_000, ownerPersonalId: `09408${String(2000000 + i).slice(-7)}` }),
};

interface SubmitProcedure {
  id: string;
  code: string;
  agencyId: string;
  agencyCode: string;
  label: string;
}

async function submitProcedures(db: Database): Promise<SubmitProcedure[]> {
  const rows = await db
    .selectFrom('procedures')
    .innerJoin('agencies', 'agencies.id', 'procedures.agency_id')
    .select(['procedures.id', 'procedures.code', 'procedures.agency_id', 'agencies.code as agency_code', 'procedures.documents'])
    .where('procedures.code', 'in', Object.keys(SUBMIT_FORMS))
    .orderBy('procedures.code')
    .execute();
  const all = rows.map((r) => ({ id: r.id, code: r.code, agencyId: r.agency_id, agencyCode: r.agency_code, label: (r.documents as { name: string; required: boolean }[]).find((d) => d.required)!.name }));
  // Agencies in turn, and each agency's procedures in turn.
  const groups = new Map<string, SubmitProcedure[]>();
  for (const p of all) groups.set(p.agencyId, [...(groups.get(p.agencyId) ?? []), p]);
  const byAgency = [...groups.values()];
  const rotation: SubmitProcedure[] = [];
  const longest = Math.max(...byAgency.map((g) => g.length));
  for (let i = 0; i < longest * byAgency.length; i++) {
    const g = byAgency[i % byAgency.length]!;
    rotation.push(g[Math.floor(i / byAgency.length) % g.length]!);
  }
  return rotation;
}

/** Random bench citizens (from the generator), with their names for the forms. */
async function pickCitizens(db: Database, n: number) {
  return (
    await sql<{ id: string; full_name: string; phone: string | null; address: string | null }>`
      select id, full_name, phone, address from users where role = 'citizen' and email like '%@bench.tinhso.vn' order by md5(id::text) limit ${n}`.execute(db)
  ).rows;
}

/**
 * Stores one real file through the upload route (content check, file store, files row) and returns
 * its hash; without a running server (PGlite is owned by one process) through the same FileStore.
 */
export async function uploadOnce(db: Database, baseUrl: string | null, session: SessionFixture, filesDir?: string): Promise<{ sha256: string; size: number }> {
  const bytes = tinyPdf(999_999);
  if (!baseUrl) return new FileStore(filesDir!, 10 * 1024 * 1024).put(db, bytes, 'ban-chup-giay-to.pdf');
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'application/pdf' }), 'ban-chup-giay-to.pdf');
  const res = await fetch(`${baseUrl}/api/v1/uploads`, { method: 'POST', body: form, headers: { cookie: session.cookie, 'x-csrf-token': session.csrf } });
  if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
  const { id } = (await res.json()) as { id: string };
  const row = await db.selectFrom('uploads').select(['file_sha256', 'size']).where('id', '=', id).executeTakeFirstOrThrow();
  return { sha256: row.file_sha256, size: Number(row.size) };
}

export interface SubmissionFixture {
  requests: LoadRequest[];
  citizens: number;
  sessions: SessionFixture[];
}

/**
 * `count` submissions from `citizens` signed-in citizens, each with its own pre-uploaded file and
 * Idempotency-Key, spread evenly over three agencies (five procedures).
 */
export async function prepareSubmissions(db: Database, baseUrl: string | null, opts: { count: number; citizens: number; tag: string; filesDir?: string }): Promise<SubmissionFixture> {
  const people = await pickCitizens(db, opts.citizens);
  const sessions = await createSessions(db, people.map((p) => p.id));
  const file = await uploadOnce(db, baseUrl, sessions[0]!, opts.filesDir);
  const owners = Array.from({ length: opts.count }, (_, i) => people[i % people.length]!.id);
  const uploads = await createUploads(db, owners, file.sha256, file.size);
  const procedures = await submitProcedures(db);
  const requests: LoadRequest[] = uploads.map((u, i) => {
    const k = i % people.length;
    const person = people[k]!;
    const session = sessions[k]!;
    const p = procedures[i % procedures.length]!;
    const body = {
      procedureId: p.id,
      formData: SUBMIT_FORMS[p.code]!(person.full_name, i),
      applicant: { fullName: person.full_name, ...(person.phone ? { phone: person.phone } : {}), ...(person.address ? { address: person.address } : {}) },
      attachments: [{ uploadId: u.id, label: p.label }],
    };
    return {
      method: 'POST',
      path: '/api/v1/dossiers',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/json', 'idempotency-key': `bench-${opts.tag}-${i}-${u.id.slice(0, 8)}` },
      body: JSON.stringify(body),
    };
  });
  return { requests, citizens: people.length, sessions };
}

/**
 * The limit for a submission: pgbench, same database and tables, one transaction with the same
 * statements the server's transaction runs (idempotency lock and check, consume the upload,
 * sequence upsert, dossier, attachment, event, audit chain append under its lock, outbox row).
 * What it leaves out is the application: HTTP, JSON, validation, the session and procedure reads
 * before the transaction and the detail read after it.
 */
export async function preparePgbench(db: Database, opts: { count: number; citizens: number; fileSha256: string; size: number }): Promise<string> {
  const people = await pickCitizens(db, opts.citizens);
  const procedures = await submitProcedures(db);
  const owners = Array.from({ length: opts.count }, (_, i) => people[i % people.length]!.id);
  const uploads = await createUploads(db, owners, opts.fileSha256, opts.size);
  await sql`drop table if exists bench_pgbench_queue`.execute(db);
  await sql`drop sequence if exists bench_pgbench_seq`.execute(db);
  await sql`create table bench_pgbench_queue (n bigint primary key, upload_id uuid, owner_id uuid, procedure_id uuid, agency_id uuid, agency_code text,
            full_name text, folded text, email text, phone text, address text, label text, form_data jsonb, idem text)`.execute(db);
  await sql`create sequence bench_pgbench_seq`.execute(db);
  const byId = new Map(people.map((p) => [p.id, p]));
  const emails = new Map((await db.selectFrom('users').select(['id', 'email']).where('id', 'in', people.map((p) => p.id)).execute()).map((r) => [r.id, r.email]));
  const { foldVietnamese } = await import('../apps/server/src/platform/text.ts');
  for (let i = 0; i < uploads.length; i += 2000) {
    const chunk = uploads.slice(i, i + 2000).map((u, j) => {
      const n = i + j;
      const p = procedures[n % procedures.length]!;
      const person = byId.get(u.ownerId)!;
      return {
        n: n + 1,
        upload_id: u.id,
        owner_id: u.ownerId,
        procedure_id: p.id,
        agency_id: p.agencyId,
        agency_code: p.agencyCode,
        full_name: person.full_name,
        folded: foldVietnamese(person.full_name),
        email: emails.get(u.ownerId)!,
        phone: person.phone,
        address: person.address,
        label: p.label,
        form_data: JSON.stringify(SUBMIT_FORMS[p.code]!(person.full_name, n)),
        idem: `pgbench-${n}-${u.id.slice(0, 8)}`,
      };
    });
    await (db as unknown as Database).insertInto('bench_pgbench_queue' as never).values(chunk as never).execute();
  }
  return PGBENCH_SUBMIT;
}

// No colon may be followed by a letter inside this script except for pgbench variables, so the
// ISO timestamp is assembled with chr(58).
const ISO_AT = `(select to_char(t, 'YYYY-MM-DD"T"HH24') || chr(58) || to_char(t, 'MI') || chr(58) || to_char(t, 'SS.MS"Z"') from (select clock_timestamp() at time zone 'UTC' as t) c)`;

export const PGBENCH_SUBMIT = `-- One citizen submission, as the server's transaction writes it (see bench/scenarios.ts).
select upload_id, owner_id, procedure_id, agency_id, agency_code, full_name, folded, email, phone, address, label, form_data, idem
  from bench_pgbench_queue where n = (select nextval('bench_pgbench_seq')) \\gset
BEGIN;
select pg_advisory_xact_lock(hashtextextended('dossier-submit' || chr(58) || :owner_id::text || chr(58) || :idem::text, 0));
select id from dossiers where applicant_id = :owner_id and idempotency_key = :idem;
update uploads set used_at = now() where id in (:upload_id) and owner_id = :owner_id and used_at is null returning id as up_id, file_sha256, filename, mime, size \\gset
with seq as (insert into dossier_code_sequences (agency_id, day, last) values (:agency_id, (now() at time zone 'Asia/Ho_Chi_Minh')::date, 1)
             on conflict (agency_id, day) do update set last = dossier_code_sequences.last + 1 returning last)
insert into dossiers (code, procedure_id, agency_id, applicant_id, applicant_name, applicant_name_folded, applicant_email, applicant_phone, applicant_address,
                      status, channel, form_data, submitted_at, idempotency_key)
  values ((select :agency_code::text || '-' || to_char(now() at time zone 'Asia/Ho_Chi_Minh', 'YYMMDD') || '-' || lpad(seq.last::text, greatest(4, length(seq.last::text)), '0') from seq),
          :procedure_id, :agency_id, :owner_id, :full_name, :folded, :email, :phone, :address, 'submitted', 'online', :form_data, now(), :idem)
  returning * \\gset d_
insert into dossier_attachments (dossier_id, kind, uploaded_by, file_sha256, filename, mime, size, label)
  values (:d_id, 'application', :owner_id, :file_sha256, :filename, :mime, :size, :label);
insert into dossier_events (dossier_id, actor_id, actor_role, action, from_status, to_status, reason, data)
  values (:d_id, :owner_id, 'citizen', 'submit', null, 'submitted', null, '{}');
insert into outbox (kind, payload)
  values ('email', jsonb_build_object('to', :email::text, 'subject', '[Tỉnh Số] Hồ sơ ' || :d_code::text || ' – Mới đăng ký', 'dossierId', :d_id::text, 'action', 'submit', 'pgbench', true,
          'text', 'Kính gửi Ông/Bà ' || :full_name::text || E',\\n\\nHồ sơ của Ông/Bà đã được gửi thành công và đang chờ bộ phận một cửa tiếp nhận.\\n\\nMã hồ sơ ' || :d_code::text
                  || E'\\nThủ tục ' || :label::text || E'\\nTrạng thái Mới đăng ký\\n\\nTra cứu tình trạng hồ sơ http' || chr(58) || '//127.0.0.1/tra-cuu/' || :d_code::text
                  || E'\\n\\nTrân trọng,\\nCổng dịch vụ công Tỉnh Số\\n(Thư tự động, vui lòng không trả lời.)'));
select audit_append(x.at::timestamptz, :owner_id, 'citizen', 'dossier.submit', 'dossier', :d_id, null,
                    jsonb_build_object('code', :d_code::text, 'procedureId', :procedure_id::text),
                    '{"action"' || chr(58) || '"dossier.submit","actorId"' || chr(58) || '"' || :owner_id::text || '","actorRole"' || chr(58) || '"citizen","at"' || chr(58) || '"' || x.at
                    || '","data"' || chr(58) || '{"code"' || chr(58) || '"' || :d_code::text || '","procedureId"' || chr(58) || '"' || :procedure_id::text || '"},"purpose"' || chr(58)
                    || 'null,"subjectId"' || chr(58) || '"' || :d_id::text || '","subjectType"' || chr(58) || '"dossier"}', 766118)
  from (select ${ISO_AT} as at) x;
END;
`;

// ---------------------------------------------------------------- reads

/** Tracking look-ups for random existing codes, each from its own client address (behind a trusted proxy). */
export async function trackingRequests(db: Database, count: number): Promise<LoadRequest[]> {
  const codes = (await sql<{ code: string }>`select code from dossiers order by random() limit ${count}`.execute(db)).rows.map((r) => r.code);
  return codes.map((code, i) => ({
    method: 'GET',
    path: `/api/v1/tracking/${encodeURIComponent(code)}`,
    headers: { 'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` },
  }));
}

/** The agency with the most dossiers in a status, and sessions for its officials. */
export async function biggestAgency(db: Database, status: string) {
  return (
    await sql<{ agency_id: string; code: string; n: number }>`
      select d.agency_id, a.code, count(*)::int as n from dossiers d join agencies a on a.id = d.agency_id
      where d.status = ${status} group by d.agency_id, a.code order by n desc limit 1`.execute(db)
  ).rows[0]!;
}

export async function queueRequests(db: Database, agencyId: string, query: string): Promise<LoadRequest[]> {
  const officials = await db.selectFrom('users').select('id').where('agency_id', '=', agencyId).where('role', 'in', ['desk', 'processor', 'approver']).execute();
  const sessions = await createSessions(db, officials.map((o) => o.id));
  return sessions.map((s) => ({ method: 'GET', path: `/api/v1/desk/dossiers${query}`, headers: { cookie: s.cookie } }));
}

export async function mineRequests(db: Database, citizens: number): Promise<LoadRequest[]> {
  // Citizens who have dossiers, with the heavy applicants (the frequent 2%) in proportion.
  const ids = (await sql<{ applicant_id: string }>`select applicant_id from dossiers tablesample bernoulli (5) order by random() limit ${citizens}`.execute(db)).rows.map((r) => r.applicant_id);
  const sessions = await createSessions(db, [...new Set(ids)]);
  return sessions.map((s) => ({ method: 'GET', path: '/api/v1/me/dossiers', headers: { cookie: s.cookie } }));
}
