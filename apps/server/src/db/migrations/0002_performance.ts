// Found by the benchmarks (docs/BENCHMARKS.md), at 1M dossiers with 100 submissions/s:
//
// - audit_append(): the audit chain's lock, the read of the previous hash and the insert, in one
//   round trip instead of three. Every writer of the platform waits for this lock, and it is held
//   until commit; each round trip made while holding it (through a busy Node event loop) was time
//   every other writer waited. PL/pgSQL takes a fresh snapshot for each statement in READ
//   COMMITTED, so the SELECT after the lock sees the last committed row, as it did from Node. The
//   row's canonical text is still built in Node (platform/audit.ts), so the hash is the same
//   sha256(prev_hash || '\n' || canonical) that `npm run audit:verify` recomputes.
// - dossier_tracking(code): public tracking (the busiest public read, 2,000/s at peak) in one call.
//   As one inline statement PostgreSQL planned the join and the timeline subquery again on every
//   look-up, and planning cost more than running it (pgbench: 5k/s inline, 11k/s through this
//   function, whose plans PL/pgSQL keeps per connection). It returns only what the public page
//   shows: no internal notes in the timeline; the name is masked by the caller.
// - dossiers_agency_due: the officials' queue without a status filter (the "all" tab) is ordered by
//   due date over the agency's whole history; without an index in that order PostgreSQL sorted all
//   of a big agency's dossiers for each page (2 s at 550k dossiers; 0.2 ms with it).
import { sql, type Kysely } from 'kysely';

/** Also used by 0006's down(), which brings the single-code function back. */
export const createDossierTracking = `create function dossier_tracking(p_code text)
   returns table (code text, status text, applicant_name text, submitted_at timestamptz, received_at timestamptz, due_date date,
                  finished_at timestamptz, procedure_name text, agency_name text, timeline json)
   language plpgsql stable as $$
   #variable_conflict use_column
   begin
     return query
       select d.code, d.status, d.applicant_name, d.submitted_at, d.received_at, d.due_date, d.finished_at, p.name, a.name,
              coalesce((select json_agg(json_build_object('at', e.at, 'toStatus', e.to_status, 'action', e.action) order by e.id)
                        from dossier_events e where e.dossier_id = d.id and e.action <> 'note'), '[]'::json)
       from dossiers d
       join procedures p on p.id = d.procedure_id
       join agencies a on a.id = d.agency_id
       where d.code = p_code;
   end $$`;

const statements = [
  `create function audit_append(p_at timestamptz, p_actor_id uuid, p_actor_role text, p_action text, p_subject_type text, p_subject_id text,
                                p_purpose text, p_data jsonb, p_canonical text, p_lock_key bigint)
   returns text language plpgsql volatile as $$
   declare
     v_prev text;
     v_hash text;
   begin
     perform pg_advisory_xact_lock(p_lock_key);
     select hash into v_prev from audit_log order by id desc limit 1;
     v_prev := coalesce(v_prev, repeat('0', 64));
     v_hash := encode(sha256(convert_to(v_prev || E'\\n' || p_canonical, 'UTF8')), 'hex');
     insert into audit_log (at, actor_id, actor_role, action, subject_type, subject_id, purpose, data, prev_hash, hash)
       values (p_at, p_actor_id, p_actor_role, p_action, p_subject_type, p_subject_id, p_purpose, p_data, v_prev, v_hash);
     return v_hash;
   end $$`,
  createDossierTracking,
  `comment on function dossier_tracking is 'What public tracking shows for a dossier code (modules/dossiers/repo.ts#trackingView); PL/pgSQL keeps the plans per connection'`,
  `create index dossiers_agency_due on dossiers (agency_id, due_date, submitted_at)`,
  `comment on function audit_append is 'Appends one audit row to the hash chain under the chain''s advisory lock (held until commit); p_canonical is the row''s canonical JSON built by platform/audit.ts'`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('drop index dossiers_agency_due').execute(db);
  await sql.raw('drop function dossier_tracking').execute(db);
  await sql.raw('drop function audit_append').execute(db);
}
