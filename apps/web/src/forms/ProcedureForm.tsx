// A procedure's application form (tờ khai), rendered by RJSF from procedure.formSchema.
// It renders as a <div> inside the page's own <form>, without RJSF's submit button: the page
// validates it through the ref (validateForm()) together with the applicant and the documents.
import { forwardRef, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import Form from '@rjsf/core';
import type { ErrorSchema, RJSFSchema, RJSFValidationError, UiSchema, ValidatorType } from '@rjsf/utils';
import type { TFunction } from 'i18next';
import { createFormValidator } from './validator';
import { makeTransformErrors, makeTranslateString } from './rjsfI18n';
import { fieldOrder } from './order';
import { templates, widgets } from './rjsfTemplates';

export { fieldOrder };

export type FormData = Record<string, unknown>;

export function buildUiSchema(schema: RJSFSchema, t: TFunction): UiSchema {
  const ui: UiSchema = {
    'ui:order': [...fieldOrder(schema), '*'],
    'ui:submitButtonOptions': { norender: true },
  };
  for (const [name, raw] of Object.entries((schema.properties ?? {}) as Record<string, RJSFSchema>)) {
    if (typeof raw !== 'object' || raw === null) continue;
    const field: UiSchema = {};
    if (Array.isArray(raw.enum) && raw.enum.length > 0) {
      if (raw.enum.length <= 3) field['ui:widget'] = 'radio';
      else field['ui:placeholder'] = t('submit.choose');
    }
    if (raw.type === 'string' && !raw.enum && !raw.format && typeof raw.maxLength === 'number' && raw.maxLength > 300) field['ui:widget'] = 'textarea';
    if (raw.type === 'string' && raw.format === 'email') field['ui:options'] = { inputType: 'email' };
    if (Object.keys(field).length) ui[name] = field;
  }
  return ui;
}

export type FormTools = NonNullable<ReturnType<typeof useFormTools>>;

interface Props {
  schema: RJSFSchema;
  tools: FormTools;
  formData: FormData;
  onChange: (data: FormData) => void;
  extraErrors?: ErrorSchema;
  disabled?: boolean;
  liveValidate?: boolean;
}

/** Hooks the page uses to validate the same way the form does (for the error summary). */
export function useFormTools(schema: RJSFSchema | null) {
  const { t } = useTranslation();
  return useMemo(() => {
    if (!schema) return null;
    const validator: ValidatorType = createFormValidator(schema);
    const uiSchema = buildUiSchema(schema, t);
    const transformErrors = makeTransformErrors(t, schema);
    return {
      validator,
      uiSchema,
      transformErrors,
      translateString: makeTranslateString(t),
      validate: (data: FormData): RJSFValidationError[] => validator.validateFormData(data, schema, undefined, transformErrors, uiSchema).errors,
    };
  }, [schema, t]);
}

export const ProcedureForm = forwardRef<Form, Props>(function ProcedureForm({ schema, tools, formData, onChange, extraErrors, disabled, liveValidate }, ref) {
  return (
    <Form
      ref={ref}
      tagName="div"
      className="rjsf procedure-form"
      schema={schema}
      uiSchema={tools.uiSchema}
      validator={tools.validator}
      templates={templates}
      widgets={widgets}
      formData={formData}
      onChange={(e) => onChange((e.formData ?? {}) as FormData)}
      transformErrors={tools.transformErrors}
      translateString={tools.translateString}
      extraErrors={extraErrors}
      showErrorList={false}
      onError={() => undefined}
      noHtml5Validate
      liveValidate={liveValidate ? 'onChange' : undefined}
      disabled={disabled}
    >
      <></>
    </Form>
  );
});
