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

/** A dossier's answers in the form's field order, then any the schema no longer has, each with its field's title. */
export function answerEntries(formData: Record<string, unknown>, schema: RJSFSchema | undefined): { key: string; title: string; value: unknown }[] {
  const props = (schema?.properties ?? {}) as Record<string, { title?: string }>;
  const order = schema ? fieldOrder(schema) : [];
  const keys = [...order.filter((k) => k in formData), ...Object.keys(formData).filter((k) => !order.includes(k))];
  return keys.map((k) => ({ key: k, title: props[k]?.title ?? k, value: formData[k] }));
}
