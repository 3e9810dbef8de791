import type { RJSFSchema } from '@rjsf/utils';

/**
 * The order of the fields. The catalog stores the schema as JSONB, which does not keep the
 * authors' property order, so: an explicit `x-order`/`propertyOrder` list when the schema has
 * one, else the `required` list's order, then the other fields.
 */
export function fieldOrder(schema: RJSFSchema): string[] {
  const props = Object.keys((schema.properties ?? {}) as Record<string, unknown>);
  const explicit = (schema as Record<string, unknown>)['x-order'] ?? (schema as Record<string, unknown>).propertyOrder;
  const head = Array.isArray(explicit) ? (explicit as unknown[]).filter((k): k is string => typeof k === 'string' && props.includes(k)) : (schema.required ?? []).filter((k) => props.includes(k));
  return [...head, ...props.filter((k) => !head.includes(k))];
}
