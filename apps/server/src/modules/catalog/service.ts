// catalog: the administrative procedures (thủ tục hành chính) a citizen can find and apply for,
// each with its agency, legal processing time, fee, required documents and application form
// (a JSON Schema). Owns table procedures.
import type Ajv from 'ajv';
import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/auth.ts';
import type { Executor } from '../../platform/db.ts';
import { appendAudit } from '../../platform/audit.ts';
import { Conflict, Forbidden, Invalid, NotFound, isUniqueViolation } from '../../platform/errors.ts';
import { escapeLike, foldVietnamese, nfc } from '../../platform/text.ts';
import type { ProcedureInput } from '@tinhso/contracts';

const procedureColumns = [
  'procedures.id',
  'procedures.code',
  'procedures.name',
  'procedures.field',
  'procedures.agency_id',
  'procedures.unit_id',
  'procedures.processing_days',
  'procedures.fee',
  'procedures.fee_note',
  'procedures.online_level',
  'procedures.description',
  'procedures.requirements',
  'procedures.documents',
  'procedures.form_schema',
  'procedures.result_description',
  'procedures.legal_basis',
  'procedures.active',
  'agencies.name as agency_name',
  'agencies.code as agency_code',
] as const;

type ProcedureRow = Awaited<ReturnType<typeof getProcedureRow>>;

async function getProcedureRow(db: Executor, id: string) {
  return db.selectFrom('procedures').innerJoin('agencies', 'agencies.id', 'procedures.agency_id').select(procedureColumns).where('procedures.id', '=', id).executeTakeFirst();
}

export function toProcedure(p: NonNullable<ProcedureRow>) {
  return {
    id: p.id,
    code: p.code,
    name: p.name,
    field: p.field,
    agencyId: p.agency_id,
    agencyName: p.agency_name,
    agencyCode: p.agency_code,
    unitId: p.unit_id,
    processingDays: p.processing_days,
    fee: p.fee,
    feeNote: p.fee_note,
    onlineLevel: p.online_level,
    description: p.description,
    requirements: p.requirements,
    documents: p.documents,
    formSchema: p.form_schema,
    resultDescription: p.result_description,
    legalBasis: p.legal_basis,
    active: p.active,
  };
}
export type ProcedureView = ReturnType<typeof toProcedure>;

export interface SearchFilter {
  q?: string;
  agencyId?: string;
  field?: string;
  onlineLevel?: 'full' | 'partial';
  limit?: number;
  offset?: number;
}

/** Search ignores diacritics and case: "khai sinh" and "KHAI SINH" find "Đăng ký khai sinh". */
export async function searchProcedures(db: Executor, f: SearchFilter) {
  let q = db
    .selectFrom('procedures')
    .innerJoin('agencies', 'agencies.id', 'procedures.agency_id')
    .where('procedures.active', '=', true);
  if (f.q && f.q.trim()) {
    for (const word of foldVietnamese(f.q).split(' ').filter(Boolean).slice(0, 8)) {
      const pattern = `%${escapeLike(word)}%`;
      q = q.where((eb) => eb.or([eb('procedures.name_folded', 'like', pattern), eb('procedures.code', 'ilike', pattern)]));
    }
  }
  if (f.agencyId) q = q.where('procedures.agency_id', '=', f.agencyId);
  if (f.field) q = q.where('procedures.field', '=', f.field);
  if (f.onlineLevel) q = q.where('procedures.online_level', '=', f.onlineLevel);
  const [rows, count] = await Promise.all([
    q
      .select(['procedures.id', 'procedures.code', 'procedures.name', 'procedures.field', 'procedures.agency_id', 'agencies.name as agency_name', 'procedures.processing_days', 'procedures.fee', 'procedures.online_level'])
      .orderBy('procedures.name')
      .limit(f.limit ?? 20)
      .offset(f.offset ?? 0)
      .execute(),
    q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    total: count.n,
    items: rows.map((p) => ({
      id: p.id,
      code: p.code,
      name: p.name,
      field: p.field,
      agencyId: p.agency_id,
      agencyName: p.agency_name,
      processingDays: p.processing_days,
      fee: p.fee,
      onlineLevel: p.online_level,
    })),
  };
}

export async function listFields(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom('procedures').select('field').distinct().where('active', '=', true).orderBy('field').execute();
  return rows.map((r) => r.field);
}

/** Every procedure, active or not, for the administrators' catalog editor. */
export async function listAllProcedures(db: Executor) {
  const rows = await db.selectFrom('procedures').innerJoin('agencies', 'agencies.id', 'procedures.agency_id').select(procedureColumns).orderBy('agencies.name').orderBy('procedures.name').execute();
  return rows.map(toProcedure);
}

export async function getProcedure(db: Executor, id: string): Promise<ProcedureView> {
  const row = await getProcedureRow(db, id);
  if (!row) throw NotFound('catalog.procedureNotFound');
  return toProcedure(row);
}

/**
 * Compiles a procedure's form schema. Ajv keeps every schema that carries an `$id` and refuses a
 * second one with the same id, but a form is compiled again after each edit: forget the old one.
 */
export function compileFormSchema(ajv: Ajv, schema: Record<string, unknown>) {
  if (typeof schema.$id === 'string') ajv.removeSchema(schema.$id);
  return ajv.compile(schema);
}

function checkFormSchema(ajv: Ajv, schema: Record<string, unknown>) {
  if (schema.type !== 'object') throw Invalid('catalog.badFormSchema', [{ field: 'formSchema.type', message: 'Biểu mẫu phải là một đối tượng (type: "object").' }]);
  try {
    compileFormSchema(ajv, schema);
  } catch (err) {
    throw Invalid('catalog.badFormSchema', [{ field: 'formSchema', message: String((err as Error).message).slice(0, 300) }]);
  }
}

export async function saveProcedure(ctx: AppContext, ajv: Ajv, actor: Actor, id: string | null, input: ProcedureInput): Promise<ProcedureView> {
  if (actor.role !== 'admin') throw Forbidden();
  checkFormSchema(ajv, input.formSchema);
  const name = nfc(input.name.trim());
  const values = {
    code: input.code,
    name,
    name_folded: foldVietnamese(name),
    field: nfc(input.field.trim()),
    agency_id: input.agencyId,
    unit_id: input.unitId ?? null,
    processing_days: input.processingDays,
    fee: input.fee,
    fee_note: input.feeNote ?? null,
    online_level: input.onlineLevel,
    description: nfc(input.description ?? ''),
    requirements: nfc(input.requirements ?? ''),
    documents: JSON.stringify(input.documents.map((d) => ({ ...d, name: nfc(d.name) }))),
    form_schema: JSON.stringify(input.formSchema),
    result_description: nfc(input.resultDescription ?? ''),
    legal_basis: nfc(input.legalBasis ?? ''),
    active: input.active ?? true,
  };
  try {
    const savedId = await ctx.db.transaction().execute(async (tx) => {
      const agency = await tx.selectFrom('agencies').select('id').where('id', '=', input.agencyId).executeTakeFirst();
      if (!agency) throw Invalid('org.agencyNotFound');
      if (values.unit_id) {
        const unit = await tx.selectFrom('units').select('agency_id').where('id', '=', values.unit_id).executeTakeFirst();
        if (!unit || unit.agency_id !== input.agencyId) throw Invalid('org.unitNotFound');
      }
      const row = id
        ? await tx.updateTable('procedures').set({ ...values, updated_at: sql`now()` }).where('id', '=', id).returning('id').executeTakeFirst()
        : await tx.insertInto('procedures').values(values).returning('id').executeTakeFirstOrThrow();
      if (!row) throw NotFound('catalog.procedureNotFound');
      await appendAudit(tx, actor, { action: id ? 'catalog.procedure.update' : 'catalog.procedure.create', subjectType: 'procedure', subjectId: row.id, data: { code: input.code } });
      return row.id;
    });
    return getProcedure(ctx.db, savedId);
  } catch (err) {
    if (isUniqueViolation(err)) throw Conflict('catalog.codeTaken');
    throw err;
  }
}
