// RJSF templates adjusted for accessibility:
// - the field label's accessible name is the title alone (the "*" is aria-hidden; inputs carry
//   `required`), so assistive tech and tests find "Họ và tên mẹ", not "Họ và tên mẹ*";
// - a radio group is named by its title (role="radiogroup" + aria-labelledby), not by a <label for>
//   pointing at a <div>;
// - inputs with errors get aria-invalid.
import { useCallback, type FocusEvent } from 'react';
import {
  ariaDescribedByIds,
  enumOptionsIsSelected,
  enumOptionValueDecoder,
  enumOptionValueEncoder,
  getOptionValueFormat,
  getTemplate,
  getUiOptions,
  optionId,
  type FieldTemplateProps,
  type TemplatesType,
  type WidgetProps,
  type RegistryWidgetsType,
} from '@rjsf/utils';

export const labelId = (id: string) => `${id}__label`;

function FieldTemplate(props: FieldTemplateProps) {
  const { id, label, children, errors, help, description, hidden, required, displayLabel, registry, uiSchema, rawErrors } = props;
  const uiOptions = getUiOptions(uiSchema);
  const WrapIfAdditionalTemplate = getTemplate<'WrapIfAdditionalTemplate'>('WrapIfAdditionalTemplate', registry, uiOptions);
  if (hidden) return <div className="hidden">{children}</div>;
  const isCheckbox = uiOptions.widget === 'checkbox';
  const isGroup = uiOptions.widget === 'radio' || uiOptions.widget === 'checkboxes';
  const mark = required ? (
    <span className="required" aria-hidden="true">
      *
    </span>
  ) : null;
  return (
    <WrapIfAdditionalTemplate {...props}>
      {displayLabel && !isCheckbox && label ? (
        <div className="control-label">
          {isGroup ? (
            <span id={labelId(id)}>{label}</span>
          ) : (
            <label htmlFor={id} id={labelId(id)}>
              {label}
            </label>
          )}
          {mark}
        </div>
      ) : null}
      {displayLabel && description ? description : null}
      <div className={rawErrors?.length ? 'control has-invalid' : 'control'}>{children}</div>
      {errors}
      {help}
    </WrapIfAdditionalTemplate>
  );
}

function RadioWidget({ options, value, required, disabled, readonly, autofocus = false, onBlur, onFocus, onChange, id, htmlName, rawErrors }: WidgetProps) {
  const { enumOptions, enumDisabled, inline, emptyValue } = options;
  const format = getOptionValueFormat(options);
  const handleBlur = useCallback(
    ({ target }: FocusEvent<HTMLInputElement>) => onBlur(id, enumOptionValueDecoder(target?.value, enumOptions, format, emptyValue)),
    [onBlur, enumOptions, emptyValue, id, format],
  );
  const handleFocus = useCallback(
    ({ target }: FocusEvent<HTMLInputElement>) => onFocus(id, enumOptionValueDecoder(target?.value, enumOptions, format, emptyValue)),
    [onFocus, enumOptions, emptyValue, id, format],
  );
  return (
    <div
      className="field-radio-group"
      id={id}
      role="radiogroup"
      aria-labelledby={labelId(id)}
      aria-required={required || undefined}
      aria-invalid={rawErrors?.length ? true : undefined}
      aria-describedby={ariaDescribedByIds(id)}
    >
      {Array.isArray(enumOptions) &&
        enumOptions.map((option, i) => {
          const checked = enumOptionsIsSelected(option.value, value);
          const itemDisabled = Array.isArray(enumDisabled) && enumDisabled.includes(option.value);
          return (
            <div key={String(option.value)} className={inline ? 'radio-inline' : 'radio'}>
              <label>
                <input
                  type="radio"
                  id={optionId(id, i)}
                  checked={checked}
                  name={htmlName || id}
                  value={enumOptionValueEncoder(option.value, i, format)}
                  disabled={disabled || itemDisabled || readonly}
                  autoFocus={autofocus && i === 0}
                  onChange={() => onChange(option.value)}
                  onBlur={handleBlur}
                  onFocus={handleFocus}
                />
                <span>{option.label}</span>
              </label>
            </div>
          );
        })}
    </div>
  );
}

export const templates: Partial<TemplatesType> = { FieldTemplate };
export const widgets: RegistryWidgetsType = { RadioWidget };
