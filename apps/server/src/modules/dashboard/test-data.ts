// A province in miniature for the dashboard's tests: two communes with an agency each and a
// province-level agency, procedures fully and partly online (and one withdrawn from the catalog),
// and a few hundred dossiers written straight into the tables with every case the indicators
// distinguish — on time, late, still open within or past the due date, supplement requested once or
// twice, with an apology-and-extension, withdrawn, stopped, declined, never received; online, in
// person, by post; with and without application and result files; received and returned on both
// sides of the period edges (midnight in Vietnam, UTC+7). Also the leaders who read it.
import crypto from 'node:crypto';
import type { TestEnv } from '../../test/harness.ts';
import type { Client } from '../../test/factories.ts';
import { foldVietnamese } from '../../platform/text.ts';
import type { DossierStatus } from '../../db/schema.ts';

/** Friday 2026-11-20, 10:00 in Vietnam. */
export const NOW = '2026-11-20T03:00:00Z';
export const TODAY = '2026-11-20';

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86400_000).toISOString().slice(0, 10);
/** An instant at hh:mm on a Vietnamese civil day. */
export const vnAt = (day: string, hhmm = '09:00') => new Date(`${day}T${hhmm}:00+07:00`);

export interface World {
  communes: { code: string; name: string }[];
  agencies: { id: string; code: string; name: string; communeCode: string | null }[];
  procedures: { id: string; agencyId: string; onlineLevel: 'full' | 'partial'; active: boolean }[];
  citizenId: string;
  province: Client;
  chair: Client;
  /** approver of agencies[0] */
  head: Client;
  dossierIds: string[];
}

export async function buildWorld(env: TestEnv, opts: { dossiers?: number; seed?: number } = {}): Promise<World> {
  const db = env.ctx.db;
  const tag = crypto.randomBytes(3).toString('hex');
  // Commune codes of the test only (5 digits, not the demo's).
  const communes = [
    { code: `9${String(crypto.randomInt(1000, 9999))}`, name: 'Phường Thử Nghiệm Một' },
    { code: `8${String(crypto.randomInt(1000, 9999))}`, name: 'Xã Thử Nghiệm Hai' },
  ];
  await db.insertInto('communes').values(communes.map((c, i) => ({ code: c.code, name: c.name, kind: i === 0 ? 'phuong' : 'xa', province: 'Thử nghiệm', lat: 9.6 + i / 10, lon: 105.97 + i / 10 }))).execute();

  const mk = async (name: string, level: 'province' | 'commune', communeCode: string | null) => {
    const a = await env.f.agency({ name, level, code: `T${tag.toUpperCase()}.${level === 'province' ? '21' : communeCode!.slice(0, 2)}` });
    if (communeCode) await db.updateTable('agencies').set({ commune_code: communeCode }).where('id', '=', a.id).execute();
    return { id: a.id, code: a.code, name, communeCode };
  };
  const agencies = [
    await mk(`UBND ${communes[0]!.name}`, 'commune', communes[0]!.code),
    await mk(`UBND ${communes[1]!.name}`, 'commune', communes[1]!.code),
    await mk('Sở Tư pháp (thử nghiệm)', 'province', null),
  ];
  const procedures: World['procedures'] = [];
  for (const a of agencies) {
    for (const [i, level] of (['full', 'partial', 'full'] as const).entries()) {
      const active = i < 2 || a === agencies[2];
      const p = await env.f.procedure(a.id, { name: `Thủ tục ${i + 1} của ${a.name}`, onlineLevel: level, active });
      procedures.push({ id: p.id, agencyId: a.id, onlineLevel: level, active });
    }
  }

  const citizen = await env.f.user('citizen', null, { fullName: 'Nguyễn Thị Hương' });
  const desk = await env.f.user('desk', agencies[0]!.id);
  const leader = await env.f.user('leader', null, { fullName: 'Lãnh đạo tỉnh' });
  const chairUser = await env.f.user('leader', null, { fullName: 'Chủ tịch UBND phường' });
  await db.updateTable('users').set({ commune_code: communes[0]!.code }).where('id', '=', chairUser.id).execute();
  const headUser = await env.f.user('approver', agencies[0]!.id, { fullName: 'Lãnh đạo UBND phường' });
  const [province, chair, head] = await Promise.all([env.f.session(leader), env.f.session(chairUser), env.f.session(headUser)]);

  const sha = crypto.createHash('sha256').update(`dashboard-${tag}`).digest('hex');
  await db.insertInto('files').values({ sha256: sha, size: 100, mime: 'application/pdf' }).execute();

  const rand = rng(opts.seed ?? 766);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const N = opts.dossiers ?? 240;
  const dossierIds: string[] = [];
  const rows = [];
  const attachments: { dossier_id: string; kind: 'application' | 'result' }[] = [];
  const extensions: { dossier_id: string; previous: string; next: string }[] = [];
  // Receipt days: mostly August–November 2026, plus the quarter's edges at midnight in Vietnam.
  const EDGES = [
    vnAt('2026-09-30', '23:59'),
    vnAt('2026-10-01', '00:01'),
    vnAt('2026-06-30', '23:30'),
    vnAt('2026-07-01', '00:30'),
    vnAt('2026-10-31', '23:59'),
    vnAt('2026-11-01', '00:00'),
  ];
  for (let i = 0; i < N; i++) {
    const proc = pick(procedures.filter((p) => p.active || rand() < 0.1));
    const channel = pick(['online', 'online', 'in_person', 'post'] as const);
    const received = i < EDGES.length * 3 ? EDGES[i % EDGES.length]! : vnAt(addDays('2026-06-20', Math.floor(rand() * 154)), pick(['07:30', '10:15', '14:00', '16:45']));
    const receivedDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(received);
    const submitted = new Date(received.getTime() - Math.floor(rand() * 3) * 86400_000 - 3600_000);
    const due = addDays(receivedDay, 3 + Math.floor(rand() * 12));
    const fate = pick(['returned', 'returned', 'returned', 'returned', 'open', 'open', 'withdrawn', 'stopped', 'declined', 'submitted', 'approved'] as const);
    const supplementCount = pick([0, 0, 0, 0, 1, 1, 2]);
    let status: DossierStatus;
    let finishedAt: Date | null = null;
    let receivedAt: Date | null = received;
    if (fate === 'declined' || fate === 'submitted') {
      status = fate;
      receivedAt = null;
      if (fate === 'declined') finishedAt = new Date(submitted.getTime() + 3600_000);
    } else if (fate === 'open') {
      status = pick(['received', 'in_progress', 'supplement_requested', 'awaiting_approval'] as const);
    } else if (fate === 'approved') {
      status = 'approved';
    } else {
      status = fate === 'returned' ? 'result_returned' : fate;
      // Finished on time, late, or today (the live part: after the rollup's watermark).
      const r = rand();
      const finishedDay = r < 0.15 ? TODAY : r < 0.7 ? addDays(receivedDay, Math.floor(rand() * (Date.parse(due) - Date.parse(receivedDay)) / 86400_000)) : addDays(due, 1 + Math.floor(rand() * 10));
      finishedAt = vnAt(finishedDay > TODAY ? TODAY : finishedDay, finishedDay >= TODAY ? '08:30' : '15:20');
      if (finishedAt < received) finishedAt = new Date(received.getTime() + 3600_000);
    }
    const id = crypto.randomUUID();
    dossierIds.push(id);
    rows.push({
      id,
      code: `${proc.agencyId.slice(0, 4).toUpperCase()}-${tag}-${String(i).padStart(4, '0')}`,
      procedure_id: proc.id,
      agency_id: proc.agencyId,
      applicant_id: citizen.id,
      applicant_name: 'Nguyễn Thị Hương',
      applicant_name_folded: foldVietnamese('Nguyễn Thị Hương'),
      status,
      channel,
      submitted_at: submitted,
      received_at: receivedAt,
      received_by: receivedAt ? desk.id : null,
      due_date: receivedAt ? due : null,
      original_due_date: receivedAt ? due : null,
      finished_at: finishedAt,
      supplement_count: receivedAt ? supplementCount : 0,
      resume_status: status === 'supplement_requested' ? ('in_progress' as const) : null,
      form_data: '{}',
    });
    if (rand() < 0.8) attachments.push({ dossier_id: id, kind: 'application' });
    if (status === 'result_returned' && rand() < 0.6) attachments.push({ dossier_id: id, kind: 'result' });
    if (receivedAt && rand() < 0.06) extensions.push({ dossier_id: id, previous: due, next: addDays(due, 5) });
  }
  await db.insertInto('dossiers').values(rows).execute();
  if (attachments.length) {
    await db
      .insertInto('dossier_attachments')
      .values(attachments.map((a) => ({ dossier_id: a.dossier_id, file_sha256: sha, kind: a.kind, label: a.kind === 'result' ? 'Kết quả' : 'Tờ khai', filename: 'tep.pdf', mime: 'application/pdf', size: 100, uploaded_by: null })))
      .execute();
  }
  if (extensions.length) {
    await db
      .insertInto('extensions')
      .values(extensions.map((e) => ({ dossier_id: e.dossier_id, reason: 'Xin lỗi vì trễ hạn do cần xác minh', previous_due_date: e.previous, new_due_date: e.next, created_by: desk.id })))
      .execute();
  }
  return { communes, agencies, procedures, citizenId: citizen.id, province, chair, head, dossierIds };
}
