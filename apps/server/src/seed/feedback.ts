// Demo routing rules for feedback reports (the categories themselves come with migration 0004):
// the category's default agency at province level, and for the two communes with their own
// People's Committee in the demo (Phú Lợi, Kế Sách) the local matters go to that committee.
// Since 2025 the former Department of Transport is part of the Department of Construction, which
// therefore takes roads, lighting and drainage by default.
import type { Executor } from '../platform/db.ts';

type Rule = { category: string; commune: string | null; agency: string; unit?: string };

const DEFAULTS: Rule[] = [
  { category: 'road_damage', commune: null, agency: 'H55.08', unit: 'Phòng Quản lý hoạt động xây dựng' },
  { category: 'street_lighting', commune: null, agency: 'H55.08' },
  { category: 'flooding_drainage', commune: null, agency: 'H55.08' },
  { category: 'construction_violation', commune: null, agency: 'H55.08', unit: 'Phòng Quản lý hoạt động xây dựng' },
  { category: 'public_order', commune: null, agency: 'H55.08' },
  { category: 'waste', commune: null, agency: 'H55.09' },
  { category: 'environment', commune: null, agency: 'H55.09' },
  { category: 'administrative', commune: null, agency: 'H55.21', unit: 'Phòng Hành chính tư pháp' },
  { category: 'other', commune: null, agency: 'H55.21' },
];

const LOCAL = ['road_damage', 'street_lighting', 'flooding_drainage', 'waste', 'public_order', 'administrative'];
const COMMUNE_UBND: { commune: string; agency: string; unit: string }[] = [
  { commune: '31231', agency: 'H55.26.01', unit: 'Phòng Kinh tế, Hạ tầng và Đô thị' },
  { commune: '31261', agency: 'H55.26.02', unit: 'Phòng Kinh tế' },
];

export const DEMO_FEEDBACK_RULES: Rule[] = [
  ...DEFAULTS,
  ...COMMUNE_UBND.flatMap((c) => LOCAL.map((category) => ({ category, commune: c.commune, agency: c.agency, unit: category === 'administrative' ? undefined : c.unit }))),
];

/** Inserts the demo routing rules (inside the demo seed's transaction). */
export async function seedFeedbackRouting(tx: Executor): Promise<number> {
  const agencies = await tx.selectFrom('agencies').select(['id', 'code']).execute();
  const units = await tx.selectFrom('units').select(['id', 'agency_id', 'name']).execute();
  const agencyId = new Map(agencies.map((a) => [a.code, a.id]));
  const rows = DEMO_FEEDBACK_RULES.filter((r) => agencyId.has(r.agency)).map((r) => {
    const aid = agencyId.get(r.agency)!;
    return { category_code: r.category, commune_code: r.commune, agency_id: aid, unit_id: r.unit ? units.find((u) => u.agency_id === aid && u.name === r.unit)?.id ?? null : null, updated_by: null };
  });
  if (rows.length) await tx.insertInto('feedback_routing_rules').values(rows).execute();
  return rows.length;
}
