// Vietnamese (and English) for RJSF: its own strings (buttons, labels) and the validation errors.
import type { ParseKeys, TFunction } from 'i18next';
import { englishStringTranslator, replaceStringParameters, TranslatableString, type RJSFSchema, type RJSFValidationError } from '@rjsf/utils';

const STRING_KEYS: Partial<Record<TranslatableString, ParseKeys>> = {
  [TranslatableString.ArrayItemTitle]: 'rjsf.item',
  [TranslatableString.EmptyArray]: 'rjsf.emptyArray',
  [TranslatableString.YesLabel]: 'rjsf.yes',
  [TranslatableString.NoLabel]: 'rjsf.no',
  [TranslatableString.CloseLabel]: 'rjsf.close',
  [TranslatableString.ErrorsLabel]: 'rjsf.errors',
  [TranslatableString.NewStringDefault]: 'rjsf.newValue',
  [TranslatableString.AddButton]: 'rjsf.add',
  [TranslatableString.AddItemButton]: 'rjsf.addItem',
  [TranslatableString.CopyButton]: 'rjsf.copy',
  [TranslatableString.MoveDownButton]: 'rjsf.moveDown',
  [TranslatableString.MoveUpButton]: 'rjsf.moveUp',
  [TranslatableString.RemoveButton]: 'rjsf.remove',
  [TranslatableString.NowLabel]: 'rjsf.now',
  [TranslatableString.ClearLabel]: 'rjsf.clear',
  [TranslatableString.AriaDateLabel]: 'rjsf.selectDate',
  [TranslatableString.PreviewLabel]: 'rjsf.preview',
  [TranslatableString.DecrementAriaLabel]: 'rjsf.decrement',
  [TranslatableString.IncrementAriaLabel]: 'rjsf.increment',
  [TranslatableString.OptionalObjectAdd]: 'rjsf.optionalAdd',
  [TranslatableString.OptionalObjectRemove]: 'rjsf.optionalRemove',
  [TranslatableString.OptionalObjectEmptyMsg]: 'rjsf.optionalEmpty',
  [TranslatableString.ClearButton]: 'rjsf.clearInput',
  [TranslatableString.OptionPrefix]: 'rjsf.option',
  [TranslatableString.UnsupportedField]: 'rjsf.unsupported',
};

/** RJSF's `translateString`: our i18n first, RJSF's English otherwise. */
export function makeTranslateString(t: TFunction) {
  return (str: TranslatableString, params?: string[]): string => {
    const key = STRING_KEYS[str];
    if (!key) return englishStringTranslator(str, params);
    return replaceStringParameters(t(key), params);
  };
}

const num = (v: unknown) => (typeof v === 'number' ? v : Number(v));

/** The subschema at an RJSF property path (".a.b"), following `properties` only. */
function schemaAt(root: RJSFSchema | undefined, property: string | undefined): RJSFSchema | undefined {
  let node: unknown = root;
  for (const part of (property ?? '').split('.').filter(Boolean)) {
    node = (node as { properties?: Record<string, unknown> } | undefined)?.properties?.[part];
  }
  return node as RJSFSchema | undefined;
}

/** One message (without the field name) for one Ajv-style error. */
export function messageFor(t: TFunction, e: Pick<RJSFValidationError, 'name' | 'params' | 'property'>, root?: RJSFSchema): string {
  const p = (e.params ?? {}) as Record<string, unknown>;
  switch (e.name) {
    case 'required': {
      const field = schemaAt(root, e.property);
      return field && (Array.isArray(field.enum) || Array.isArray(field.oneOf)) ? t('validation.requiredChoice') : field?.format === 'date' ? t('validation.requiredDate') : t('validation.required');
    }
    case 'minLength':
      return num(p.limit) <= 1 ? t('validation.required') : t('validation.minLength', { limit: num(p.limit) });
    case 'maxLength':
      return t('validation.maxLength', { limit: num(p.limit) });
    case 'pattern':
      return t('validation.pattern');
    case 'format': {
      const f = String(p.format ?? '');
      if (f === 'date') return t('validation.formatDate');
      if (f === 'date-time') return t('validation.formatDateTime');
      if (f === 'email') return t('validation.formatEmail');
      if (f === 'uri' || f === 'url') return t('validation.formatUrl');
      return t('validation.format');
    }
    case 'type':
      return String(p.type).includes('number') || String(p.type).includes('integer') ? t('validation.typeNumber') : t('validation.type');
    case 'enum':
    case 'const':
      return t('validation.enum');
    case 'minimum':
      return t('validation.minimum', { limit: num(p.limit) });
    case 'maximum':
      return t('validation.maximum', { limit: num(p.limit) });
    case 'exclusiveMinimum':
      return t('validation.exclusiveMinimum', { limit: num(p.limit) });
    case 'exclusiveMaximum':
      return t('validation.exclusiveMaximum', { limit: num(p.limit) });
    case 'multipleOf':
      return t('validation.multipleOf', { limit: num(p.multipleOf) });
    case 'minItems':
      return t('validation.minItems', { limit: num(p.limit) });
    case 'maxItems':
      return t('validation.maxItems', { limit: num(p.limit) });
    case 'uniqueItems':
      return t('validation.uniqueItems');
    case 'additionalProperties':
      return t('validation.additionalProperties');
    case 'dependencies':
      return t('validation.dependencies');
    default:
      return t('validation.invalid');
  }
}

/**
 * RJSF's `transformErrors`: Vietnamese messages under each field and, in `stack`, "Title: message"
 * for the summary at the top of the page.
 */
export function makeTransformErrors(t: TFunction, root?: RJSFSchema) {
  return (errors: RJSFValidationError[]): RJSFValidationError[] =>
    errors.map((e) => {
      const message = messageFor(t, e, root);
      return { ...e, message, stack: e.title ? `${e.title}: ${message}` : message };
    });
}
