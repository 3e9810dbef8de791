// dossiers: applications for a procedure and their whole life at the one-stop desk — submission,
// receipt with a legal due date, supplement requests that pause the clock, processing, approval,
// return of the result, withdrawal, extension with apology. Every change of status goes through
// `act`, which checks the lifecycle table, the actor's role and scope, and in one transaction
// updates the dossier, appends the timeline event and the audit entry and queues the email.
import type { ErrorObject } from 'ajv';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/auth.ts';
import type { Executor, Tx } from '../../platform/db.ts';
import type { Dossier, DossierStatus, DossierUpdate } from '../../db/schema.ts';
import { appendAudit } from '../../platform/audit.ts';
import { Conflict, DeadlinePassed, Forbidden, Invalid, NotFound, describeIssue, isUniqueViolation } from '../../platform/errors.ts';
import { foldVietnamese, nfc } from '../../platform/text.ts';
import { STATUS_LABELS_VI, type SubmitDossierInput } from '@tinhso/contracts';
import * as catalog from '../catalog/service.ts';
import * as uploads from '../uploads/service.ts';
import * as identity from '../identity/service.ts';
import * as calendar from '../calendar/service.ts';
import * as notifications from '../notifications/service.ts';
import * as repo from './repo.ts';
import * as tracking from './tracking.ts';
import { ACTION_LABELS_VI, FINISHED, RULES, type DossierAction } from './lifecycle.ts';
import type Ajv from 'ajv';

// ---------------------------------------------------------------- scope

const isOfficial = (a: Actor) => a.role === 'desk' || a.role === 'processor' || a.role === 'approver';

/**
 * Who may see a dossier at all. Out of scope answers "not found", not "forbidden", so that
 * guessing identifiers reveals nothing about other people's dossiers.
 */
function assertVisible(actor: Actor, d: Pick<Dossier, 'applicant_id' | 'agency_id'>) {
  if (actor.role === 'citizen' && d.applicant_id === actor.userId) return;
  if (isOfficial(actor) && actor.agencyId === d.agency_id) return;
  throw NotFound('dossiers.notFound');
}

export function allowedActions(actor: Actor, d: Pick<Dossier, 'status' | 'applicant_id' | 'agency_id' | 'assignee_id' | 'due_date'>, today: string): DossierAction[] {
  const out: DossierAction[] = [];
  for (const [action, rule] of Object.entries(RULES) as [DossierAction, (typeof RULES)[DossierAction]][]) {
    if (!rule.roles.includes(actor.role) || !rule.from.includes(d.status)) continue;
    if (actor.role === 'citizen' && d.applicant_id !== actor.userId) continue;
    if (isOfficial(actor) && actor.agencyId !== d.agency_id) continue;
    if (actor.role === 'processor' && ['forward', 'note', 'request_supplement'].includes(action) && d.assignee_id !== actor.userId) continue;
    if (actor.role === 'processor' && action === 'assign' && d.assignee_id !== null) continue;
    if (actor.role === 'processor' && action === 'request_supplement' && d.status !== 'in_progress') continue;
    if (action === 'extend' && !(d.due_date && d.due_date <= today)) continue;
    out.push(action);
  }
  return out;
}

// ---------------------------------------------------------------- submission

function formErrors(errors: ErrorObject[] | null | undefined) {
  return (errors ?? []).map((e) => ({
    field: `formData${e.instancePath}${e.keyword === 'required' ? `/${String(e.params.missingProperty)}` : ''}`,
    ...describeIssue({ keyword: e.keyword, params: e.params as Record<string, unknown>, instancePath: e.instancePath }),
  }));
}

const validators = new Map<string, { schemaJson: string; validate: ReturnType<Ajv['compile']> }>();
function validatorFor(ajv: Ajv, procedureId: string, schema: Record<string, unknown>) {
  const schemaJson = JSON.stringify(schema);
  const hit = validators.get(procedureId);
  if (hit && hit.schemaJson === schemaJson) return hit.validate;
  const validate = catalog.compileFormSchema(ajv, schema);
  validators.set(procedureId, { schemaJson, validate });
  return validate;
}

function normaliseStrings(value: unknown): unknown {
  if (typeof value === 'string') return nfc(value);
  if (Array.isArray(value)) return value.map(normaliseStrings);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normaliseStrings(v)]));
  return value;
}

// Built once: constructing an Intl.DateTimeFormat costs more than the rest of a submission's date work.
const vietnamDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' });

/** yymmdd of a moment in Vietnam's time zone. */
function codeDay(now: Date): { yymmdd: string; iso: string } {
  const iso = vietnamDate.format(now);
  return { iso, yymmdd: iso.slice(2).replaceAll('-', '') };
}

export async function submit(ctx: AppContext, ajv: Ajv, actor: Actor, input: SubmitDossierInput, idempotencyKey?: string): Promise<{ id: string; created: boolean; detail?: DossierDetailView }> {
  if (actor.role !== 'citizen') throw Forbidden();
  // A retry is found inside the transaction, under the key's lock; a new submission does not pay a
  // look-up before it. Only when the input no longer passes (the procedure closed or changed since
  // the first try) is the key looked up first, so that an acknowledged dossier is still returned.
  let procedure: Awaited<ReturnType<typeof catalog.getProcedure>>;
  let formData: Record<string, unknown>;
  try {
    procedure = await catalog.getProcedure(ctx.db, input.procedureId).catch(() => {
      throw Invalid('catalog.procedureNotFound');
    });
    if (!procedure.active) throw Conflict('catalog.procedureInactive');
    formData = normaliseStrings(input.formData) as Record<string, unknown>;
    const validate = validatorFor(ajv, procedure.id, procedure.formSchema);
    if (!validate(formData)) throw Invalid('dossiers.formInvalid', formErrors(validate.errors));
    const labels = new Set(input.attachments.map((a) => nfc(a.label)));
    const missing = procedure.documents.filter((doc) => doc.required && !labels.has(nfc(doc.name))).map((doc) => doc.name);
    if (missing.length) throw Invalid('dossiers.missingDocuments', missing.map((name) => ({ field: 'attachments', message: name })), { names: missing.join('; ') });
  } catch (err) {
    const existing = idempotencyKey ? await repo.findByIdempotencyKey(ctx.db, actor.userId, idempotencyKey) : undefined;
    if (existing) return { id: existing.id, created: false };
    throw err;
  }

  const now = ctx.now();
  const day = codeDay(now);
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      if (idempotencyKey) {
        // Concurrent retries with one key wait here for each other; the later ones then find the
        // first one's dossier instead of failing on its already-consumed uploads.
        await repo.lockIdempotencyKey(tx, actor.userId, idempotencyKey);
        const existing = await repo.findByIdempotencyKey(tx, actor.userId, idempotencyKey);
        if (existing) return { id: existing.id, created: false };
      }
      const files = await uploads.consumeUploads(tx, actor.userId, input.attachments.map((a) => a.uploadId));
      // From here to commit the agency's daily counter is locked: keep the round trips few, and the
      // audit append (the platform-wide lock) last.
      const dossier = await repo.insertWithNextCode(
        tx,
        { agencyId: procedure.agencyId, day: day.iso, prefix: `${procedure.agencyCode}-${day.yymmdd}-` },
        {
          procedure_id: procedure.id,
          agency_id: procedure.agencyId,
          applicant_id: actor.userId,
          applicant_name: nfc(input.applicant.fullName.trim()),
          applicant_name_folded: foldVietnamese(input.applicant.fullName),
          applicant_email: input.applicant.email?.trim().toLowerCase() ?? actor.email,
          applicant_phone: input.applicant.phone ?? null,
          applicant_address: input.applicant.address ? nfc(input.applicant.address.trim()) : null,
          status: 'submitted',
          channel: 'online',
          form_data: JSON.stringify(formData),
          submitted_at: now,
          idempotency_key: idempotencyKey ?? null,
        },
      );
      const code = dossier.code;
      const byId = new Map(files.map((f) => [f.id, f]));
      const atts = await repo.insertAttachments(
        tx,
        dossier.id,
        'application',
        actor.userId,
        input.attachments.map((a) => ({ ...byId.get(a.uploadId)!, label: nfc(a.label) })),
      );
      const event = await repo.insertEvent(tx, { dossierId: dossier.id, actorId: actor.userId, actorRole: actor.role, action: 'submit', from: null, to: 'submitted' });
      await notifications.queueDossierStatusEmail(tx, ctx.config.publicBaseUrl, { dossier, procedureName: procedure.name, action: 'submit' });
      await appendAudit(tx, actor, { action: 'dossier.submit', subjectType: 'dossier', subjectId: dossier.id, data: { code, procedureId: procedure.id } });
      // The answer is built from what was just written (reading it back was six more queries per submission).
      const summary: repo.SummaryRow = { ...dossier, procedure_name: procedure.name, agency_name: procedure.agencyName, assignee_name: null };
      atts.sort((a, b) => +new Date(a.created_at) - +new Date(b.created_at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      return { id: dossier.id, created: true, detail: detailView(actor, dossier, summary, [event], atts, [], [], ctx.today()) };
    });
  } catch (err) {
    // Two retries racing with the same key: the loser finds the winner's dossier.
    if (idempotencyKey && isUniqueViolation(err, 'dossiers_applicant_id_idempotency_key_key')) {
      const existing = await repo.findByIdempotencyKey(ctx.db, actor.userId, idempotencyKey);
      if (existing) return { id: existing.id, created: false };
    }
    throw err;
  }
}

// ---------------------------------------------------------------- transitions

export interface ActionInput {
  reason?: string;
  note?: string;
  items?: string[];
  assigneeId?: string;
  newDueDate?: string;
  attachments?: { uploadId: string; label: string }[];
}

interface Step {
  to: DossierStatus;
  patch: DossierUpdate;
  reason?: string | null;
  data?: Record<string, unknown>;
}

function requireText(value: string | undefined, key: 'dossiers.reasonRequired' = 'dossiers.reasonRequired'): string {
  const text = value?.trim();
  if (!text || text.length < 3) throw Invalid(key);
  return nfc(text);
}

export async function act(ctx: AppContext, actor: Actor, dossierId: string, action: DossierAction, input: ActionInput = {}): Promise<void> {
  const rule = RULES[action];
  // Loaded before the transaction: the embedded database has one connection, held by the transaction.
  const cal = await calendar.getCalendar(ctx.db);
  const today = ctx.today();
  await ctx.db.transaction().execute(async (tx) => {
    const d = await repo.findById(tx, dossierId, true);
    if (!d) throw NotFound('dossiers.notFound');
    assertVisible(actor, d);
    if (!rule.roles.includes(actor.role)) throw Forbidden();
    if (!rule.from.includes(d.status)) {
      throw Conflict('dossiers.illegalTransition', { action, status: d.status }, { action: ACTION_LABELS_VI[action], status: STATUS_LABELS_VI[d.status] });
    }
    const step = await steps[action]({ ctx, tx, actor, d, input, today, cal });
    const statusChanged = step.to !== d.status;
    await tx
      .updateTable('dossiers')
      .set({ ...step.patch, status: step.to, updated_at: ctx.now() })
      .where('id', '=', d.id)
      .execute();
    await repo.insertEvent(tx, { dossierId: d.id, actorId: actor.userId, actorRole: actor.role, action, from: d.status, to: step.to, reason: step.reason ?? null, data: step.data });
    if (statusChanged || action === 'extend') {
      const procedure = await catalog.getProcedure(tx, d.procedure_id);
      await notifications.queueDossierStatusEmail(tx, ctx.config.publicBaseUrl, {
        dossier: { ...d, ...step.patch, status: step.to } as Dossier,
        procedureName: procedure.name,
        action,
        reason: step.reason ?? undefined,
        items: input.items,
      });
    }
    // Last: the audit chain's lock is held from here to commit.
    await appendAudit(tx, actor, { action: `dossier.${action}`, subjectType: 'dossier', subjectId: d.id, data: { from: d.status, to: step.to, ...(step.reason ? { reason: step.reason } : {}) } });
  });
}

interface StepContext {
  ctx: AppContext;
  tx: Tx;
  actor: Actor;
  d: Dossier;
  input: ActionInput;
  today: string;
  cal: Awaited<ReturnType<typeof calendar.getCalendar>>;
}

async function validAssignee(tx: Executor, d: Dossier, assigneeId: string) {
  const official = await identity.findOfficial(tx, assigneeId);
  if (!official || official.disabled || official.role !== 'processor' || official.agency_id !== d.agency_id) throw Invalid('dossiers.assigneeInvalid');
  return official;
}

function assertAssignee({ actor, d }: StepContext) {
  if (actor.role === 'processor' && d.assignee_id !== actor.userId) throw Forbidden('dossiers.notAssignee');
}

const steps: Record<DossierAction, (s: StepContext) => Promise<Step>> = {
  async receive({ tx, d, input, today, cal, ctx, actor }) {
    const procedure = await catalog.getProcedure(tx, d.procedure_id);
    // Decree 118: counted in working days from the working day after a complete dossier is received.
    const due = cal.addWorkingDays(today, procedure.processingDays);
    const patch: DossierUpdate = { received_at: ctx.now(), received_by: actor.userId, due_date: due, original_due_date: due };
    if (input.assigneeId) {
      const a = await validAssignee(tx, d, input.assigneeId);
      return { to: 'in_progress', patch: { ...patch, assignee_id: a.id }, data: { dueDate: due, assigneeId: a.id } };
    }
    return { to: 'received', patch, data: { dueDate: due } };
  },

  async decline({ input, ctx }) {
    return { to: 'declined', patch: { finished_at: ctx.now() }, reason: requireText(input.reason) };
  },

  async request_supplement(s) {
    const { tx, d, input, actor, today, cal } = s;
    if (actor.role === 'processor' && d.status !== 'in_progress') throw Forbidden();
    assertAssignee(s);
    const items = (input.items ?? []).map((i) => nfc(i.trim())).filter((i) => i.length >= 2);
    if (items.length === 0) throw Invalid('dossiers.supplementItemsRequired');
    // The clock pauses: remember how many working days were left so they can be given back.
    const remaining = d.due_date ? cal.workingDaysBetween(today, d.due_date) : null;
    await tx
      .insertInto('supplement_requests')
      .values({ dossier_id: d.id, items: JSON.stringify(items), note: input.note ? nfc(input.note) : null, requested_by: actor.userId, remaining_days: remaining })
      .execute();
    return { to: 'supplement_requested', patch: { resume_status: d.status, supplement_count: d.supplement_count + 1 }, reason: input.note ?? null, data: { items } };
  },

  async answer_supplement({ tx, d, input, actor, today, cal, ctx }) {
    const open = await repo.openSupplementRequest(tx, d.id);
    const files = await uploads.consumeUploads(tx, actor.userId, (input.attachments ?? []).map((a) => a.uploadId));
    if (files.length === 0) throw Invalid('files.missing');
    const byId = new Map(files.map((f) => [f.id, f]));
    await repo.insertAttachments(tx, d.id, 'supplement', actor.userId, input.attachments!.map((a) => ({ ...byId.get(a.uploadId)!, label: nfc(a.label) })));
    if (open) await tx.updateTable('supplement_requests').set({ answered_at: ctx.now(), answer_note: input.note ? nfc(input.note) : null }).where('id', '=', open.id).execute();
    const patch: DossierUpdate = { resume_status: null };
    // The clock restarts from the day after the answer with the working days that were left.
    if (d.due_date && open?.remaining_days != null && open.remaining_days >= 0) patch.due_date = cal.addWorkingDays(today, open.remaining_days);
    return { to: d.resume_status ?? 'submitted', patch, reason: input.note ?? null, data: { files: files.length, dueDate: patch.due_date ?? d.due_date } };
  },

  async assign({ tx, d, input, actor }) {
    let assigneeId = input.assigneeId;
    if (actor.role === 'processor') {
      // A processing official may only take an unassigned dossier for themselves.
      if (d.assignee_id !== null || (assigneeId && assigneeId !== actor.userId)) throw Forbidden();
      assigneeId = actor.userId;
    }
    if (!assigneeId) throw Invalid('dossiers.assigneeInvalid');
    const a = await validAssignee(tx, d, assigneeId);
    return { to: 'in_progress', patch: { assignee_id: a.id }, data: { assigneeId: a.id, assigneeName: a.full_name } };
  },

  async forward(s) {
    assertAssignee(s);
    return { to: 'awaiting_approval', patch: {}, reason: s.input.note ? nfc(s.input.note) : null };
  },

  async approve({ input, ctx, actor }) {
    return { to: 'approved', patch: { decided_at: ctx.now(), decided_by: actor.userId }, reason: input.note ? nfc(input.note) : null };
  },

  async refuse({ input, ctx, actor }) {
    return { to: 'refused', patch: { decided_at: ctx.now(), decided_by: actor.userId }, reason: requireText(input.reason) };
  },

  async send_back({ input }) {
    return { to: 'in_progress', patch: {}, reason: requireText(input.reason) };
  },

  async return_result({ tx, d, input, actor, today, ctx }) {
    // Decree 118: an overdue dossier is returned only after an apology with a new appointment.
    if (d.due_date && today > d.due_date) throw DeadlinePassed('dossiers.overdueNeedsExtension', { dueDate: d.due_date, today });
    const files = await uploads.consumeUploads(tx, actor.userId, (input.attachments ?? []).map((a) => a.uploadId));
    if (d.status === 'approved' && files.length === 0) throw Invalid('dossiers.resultFileRequired');
    const byId = new Map(files.map((f) => [f.id, f]));
    await repo.insertAttachments(tx, d.id, 'result', actor.userId, (input.attachments ?? []).map((a) => ({ ...byId.get(a.uploadId)!, label: nfc(a.label) })));
    return { to: 'result_returned', patch: { finished_at: ctx.now() }, reason: input.note ? nfc(input.note) : null, data: { files: files.length } };
  },

  async withdraw({ input, ctx }) {
    return { to: 'withdrawn', patch: { finished_at: ctx.now() }, reason: requireText(input.reason) };
  },

  async stop({ input, ctx }) {
    return { to: 'stopped', patch: { finished_at: ctx.now() }, reason: requireText(input.reason) };
  },

  async note(s) {
    if (s.actor.role === 'processor') assertAssignee(s);
    const text = s.input.note?.trim();
    if (!text) throw Invalid('dossiers.reasonRequired');
    return { to: s.d.status, patch: {}, reason: nfc(text) };
  },

  async extend({ tx, d, input, actor, today, cal }) {
    if (!d.due_date || d.due_date > today) throw Conflict('dossiers.extensionNotNeeded');
    const reason = requireText(input.reason);
    const newDue = input.newDueDate;
    calendar.assertIsoDate(newDue ?? '');
    if (!newDue || newDue <= d.due_date || newDue < today || !calendar.withinCalendar(() => cal.isWorkingDay(newDue))) throw Invalid('dossiers.extensionDateInvalid', undefined, { dueDate: d.due_date });
    await tx.insertInto('extensions').values({ dossier_id: d.id, reason, previous_due_date: d.due_date, new_due_date: newDue, created_by: actor.userId }).execute();
    return { to: d.status, patch: { due_date: newDue }, reason, data: { previousDueDate: d.due_date, newDueDate: newDue } };
  },
};

// ---------------------------------------------------------------- reads

const toSummary = (r: repo.SummaryRow, today: string) => ({
  id: r.id,
  code: r.code,
  status: r.status,
  procedureId: r.procedure_id,
  procedureName: r.procedure_name,
  agencyName: r.agency_name,
  applicantName: r.applicant_name,
  submittedAt: new Date(r.submitted_at).toISOString(),
  receivedAt: r.received_at ? new Date(r.received_at).toISOString() : null,
  dueDate: r.due_date,
  assigneeId: r.assignee_id,
  assigneeName: r.assignee_name,
  overdue: !!r.due_date && !FINISHED.includes(r.status) && r.due_date < today,
});

export async function listMine(ctx: AppContext, actor: Actor, limit = 50, offset = 0) {
  if (actor.role !== 'citizen') throw Forbidden();
  const rows = await repo.listForApplicant(ctx.db, actor.userId, limit, offset);
  const today = ctx.today();
  return rows.map((r) => toSummary(r, today));
}

export { QUEUE_COUNT_CAP } from './repo.ts';

const IN_PROGRESS: DossierStatus[] = ['received', 'in_progress', 'supplement_requested', 'awaiting_approval', 'approved', 'refused'];

export async function listQueue(
  ctx: AppContext,
  actor: Actor,
  f: { status?: DossierStatus; due?: 'soon' | 'overdue'; mine?: boolean; q?: string; limit?: number; offset?: number },
) {
  if (!isOfficial(actor) || !actor.agencyId) throw Forbidden();
  const today = ctx.today();
  const cal = await calendar.getCalendar(ctx.db);
  const { items, total, totalCapped } = await repo.listQueue(ctx.db, {
    agencyId: actor.agencyId,
    statuses: f.status ? [f.status] : f.due ? IN_PROGRESS.filter((s) => s !== 'supplement_requested') : undefined,
    assigneeId: f.mine ? actor.userId : undefined,
    dueOnOrBefore: f.due === 'soon' ? cal.addWorkingDays(today, 2) : undefined,
    overdueBefore: f.due === 'overdue' ? today : undefined,
    q: f.q?.trim() || undefined,
    limit: f.limit ?? 20,
    offset: f.offset ?? 0,
  });
  return { total, totalCapped, items: items.map((r) => toSummary(r, today)) };
}

export async function getDetail(ctx: AppContext, actor: Actor, id: string) {
  const d = await repo.findById(ctx.db, id);
  if (!d) throw NotFound('dossiers.notFound');
  assertVisible(actor, d);
  if (isOfficial(actor)) {
    // DESIGN §8: every read of personal data by an official is audited with its purpose.
    await ctx.db.transaction().execute((tx) => appendAudit(tx, actor, { action: 'dossier.read', subjectType: 'dossier', subjectId: d.id, purpose: 'processing' }));
  }
  const [summary, events, atts, sups, exts] = await Promise.all([
    repo.summaryById(ctx.db, d.id),
    repo.events(ctx.db, d.id),
    repo.attachments(ctx.db, d.id),
    repo.supplementRequests(ctx.db, d.id),
    repo.extensions(ctx.db, d.id),
  ]);
  return detailView(actor, d, summary!, events, atts, sups, exts, ctx.today());
}

type DetailParts = { events: Awaited<ReturnType<typeof repo.events>>; atts: Awaited<ReturnType<typeof repo.attachments>>; sups: Awaited<ReturnType<typeof repo.supplementRequests>>; exts: Awaited<ReturnType<typeof repo.extensions>> };
export type DossierDetailView = ReturnType<typeof detailView>;

/** The dossier page's data, from rows already read (getDetail) or just written (submit). */
function detailView(actor: Actor, d: Dossier, summary: repo.SummaryRow, events: DetailParts['events'], atts: DetailParts['atts'], sups: DetailParts['sups'], exts: DetailParts['exts'], today: string) {
  const iso = (v: Date | string | null) => (v ? new Date(v).toISOString() : null);
  return {
    ...toSummary(summary, today),
    agencyId: d.agency_id,
    channel: d.channel,
    applicantEmail: d.applicant_email,
    applicantPhone: d.applicant_phone,
    applicantAddress: d.applicant_address,
    formData: d.form_data,
    originalDueDate: d.original_due_date,
    finishedAt: iso(d.finished_at),
    attachments: atts.map((a) => ({ id: a.id, kind: a.kind, label: a.label, filename: a.filename, mime: a.mime, size: a.size, createdAt: iso(a.created_at)! })),
    timeline: events.map((e) => ({ at: iso(e.at)!, action: e.action, fromStatus: e.from_status, toStatus: e.to_status, reason: e.reason, actorRole: e.actor_role })),
    supplementRequests: sups.map((s) => ({ id: s.id, items: s.items, note: s.note, requestedAt: iso(s.requested_at)!, answeredAt: iso(s.answered_at) })),
    extensions: exts.map((e) => ({ reason: e.reason, previousDueDate: e.previous_due_date, newDueDate: e.new_due_date, createdAt: iso(e.created_at)! })),
    allowedActions: allowedActions(actor, d, today),
  };
}

/** Masks a name to what a public page may show: "Nguyễn Thị Hương" → "Nguyễn T. H.". */
export function maskName(name: string): string {
  const parts = name.trim().split(/\s+/);
  if (parts.length <= 1) return `${(parts[0] ?? '').slice(0, 1)}.`;
  return [parts[0], ...parts.slice(1).map((p) => `${p.slice(0, 1)}.`)].join(' ');
}

/** Public tracking by code: status, dates and timeline; nothing personal beyond a masked name. */
export async function track(ctx: AppContext, code: string) {
  const d = await tracking.trackingView(ctx.db, code.trim().toUpperCase());
  if (!d) throw NotFound('dossiers.notFound');
  const iso = (v: Date | string | null) => (v ? new Date(v).toISOString() : null);
  return {
    code: d.code,
    status: d.status,
    statusLabel: STATUS_LABELS_VI[d.status],
    procedureName: d.procedure_name,
    agencyName: d.agency_name,
    applicantNameMasked: maskName(d.applicant_name),
    submittedAt: iso(d.submitted_at)!,
    receivedAt: iso(d.received_at),
    dueDate: d.due_date,
    finishedAt: iso(d.finished_at),
    timeline: d.timeline.map((e) => ({ at: iso(e.at)!, toStatus: e.toStatus, action: e.action })),
  };
}

/** An attachment's bytes, for the applicant or an official of the agency. */
export async function readAttachment(ctx: AppContext, actor: Actor, dossierId: string, attachmentId: string) {
  const d = await repo.findById(ctx.db, dossierId);
  if (!d) throw NotFound('dossiers.notFound');
  assertVisible(actor, d);
  const a = await repo.attachment(ctx.db, dossierId, attachmentId);
  if (!a) throw NotFound('files.notFound');
  if (isOfficial(actor)) {
    await ctx.db.transaction().execute((tx) => appendAudit(tx, actor, { action: 'dossier.attachment.read', subjectType: 'dossier', subjectId: d.id, purpose: 'processing', data: { attachmentId } }));
  }
  return { bytes: ctx.files.read(a.file_sha256), mime: a.mime, filename: a.filename };
}

/** What the receipt PDF shows; only once the desk has received the dossier. */
export async function receiptData(ctx: AppContext, actor: Actor, dossierId: string) {
  const d = await repo.findById(ctx.db, dossierId);
  if (!d) throw NotFound('dossiers.notFound');
  assertVisible(actor, d);
  if (!d.received_at || !d.original_due_date) throw Conflict('dossiers.noReceipt');
  if (isOfficial(actor)) {
    // The receipt carries the applicant's name, address, phone and email (DESIGN §8).
    await ctx.db.transaction().execute((tx) => appendAudit(tx, actor, { action: 'dossier.receipt.read', subjectType: 'dossier', subjectId: d.id, purpose: 'processing' }));
  }
  const procedure = await catalog.getProcedure(ctx.db, d.procedure_id);
  const atts = await repo.attachments(ctx.db, d.id);
  const official = d.received_by ? await identity.getUser(ctx.db, d.received_by) : undefined;
  return {
    agencyName: procedure.agencyName,
    dossierCode: d.code,
    applicantName: d.applicant_name,
    applicantAddress: d.applicant_address ?? undefined,
    applicantPhone: d.applicant_phone ?? undefined,
    applicantEmail: d.applicant_email ?? undefined,
    procedureName: procedure.name,
    documents: atts.filter((a) => a.kind === 'application').map((a) => ({ name: a.label, copies: 1 })),
    channelLabel: d.channel === 'online' ? 'Trực tuyến' : d.channel === 'post' ? 'Bưu chính công ích' : 'Trực tiếp',
    receivedAt: new Date(d.received_at),
    appointmentDate: d.original_due_date,
    officialName: official?.full_name ?? '',
    placeName: 'Sóc Trăng',
    trackingUrl: `${ctx.config.publicBaseUrl}/tra-cuu/${encodeURIComponent(d.code)}`,
  };
}

/**
 * The desk's other documents (Circular 03/2025 Annex I): the latest supplement request, the
 * refusal to accept, the latest apology-and-extension letter. Null when the dossier has none.
 */
export async function documentData(ctx: AppContext, actor: Actor, dossierId: string, kind: 'supplement-request' | 'decline-notice' | 'apology-letter') {
  const d = await repo.findById(ctx.db, dossierId);
  if (!d) throw NotFound('dossiers.notFound');
  assertVisible(actor, d);
  // Audited once the document is known to exist: asking for one never issued (404) writes nothing.
  const audited = async <T>(doc: T): Promise<T> => {
    if (isOfficial(actor)) {
      await ctx.db.transaction().execute((tx) => appendAudit(tx, actor, { action: 'dossier.document.read', subjectType: 'dossier', subjectId: d.id, purpose: 'processing', data: { kind } }));
    }
    return doc;
  };
  const procedure = await catalog.getProcedure(ctx.db, d.procedure_id);
  const base = { agencyName: procedure.agencyName, dossierCode: d.code, applicantName: d.applicant_name, applicantAddress: d.applicant_address ?? undefined, procedureName: procedure.name, placeName: 'Sóc Trăng' };
  const officialName = async (id: string | null) => (id ? (await identity.getUser(ctx.db, id))?.full_name ?? '' : '');
  if (kind === 'supplement-request') {
    const sups = await repo.supplementRequests(ctx.db, d.id);
    const last = sups.at(-1);
    if (!last) throw NotFound('common.notFound');
    return audited({ kind, input: { ...base, items: last.items, reason: last.note ?? undefined, receivedAt: d.received_at ? new Date(d.received_at) : undefined, officialName: await officialName(last.requested_by), issuedAt: new Date(last.requested_at) } });
  }
  if (kind === 'decline-notice') {
    const ev = (await repo.events(ctx.db, d.id)).find((e) => e.action === 'decline');
    if (!ev) throw NotFound('common.notFound');
    return audited({ kind, input: { ...base, reason: ev.reason ?? '', officialName: await officialName(ev.actor_id), issuedAt: new Date(ev.at) } });
  }
  const ext = (await repo.extensions(ctx.db, d.id)).at(-1);
  if (!ext) throw NotFound('common.notFound');
  return audited({
    kind,
    input: { ...base, receivedAt: d.received_at ? new Date(d.received_at) : undefined, originalDueDate: ext.previous_due_date, reason: ext.reason, newAppointmentDate: ext.new_due_date, officialName: await officialName(ext.created_by), issuedAt: new Date(ext.created_at) },
  });
}

/** Aggregates for the leaders' dashboard (Decision 766 indicators): see stats.ts. */
export * as stats from './stats.ts';
