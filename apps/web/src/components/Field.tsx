// Labelled inputs with hint and error text wired through aria-describedby.
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';

interface Common {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  errors?: string[];
  required?: boolean;
}

function describedBy(id: string, hint: unknown, errors?: string[]) {
  const ids = [hint ? `${id}-hint` : '', errors?.length ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

function Label({ id, label, required }: Pick<Common, 'id' | 'label' | 'required'>) {
  const { t } = useTranslation();
  return (
    <div className="field-label">
      <label htmlFor={id}>{label}</label>
      {required && (
        <span className="required-mark" aria-hidden="true" title={t('common.required')}>
          {' '}
          *
        </span>
      )}
    </div>
  );
}

function Messages({ id, hint, errors }: Pick<Common, 'id' | 'hint' | 'errors'>) {
  return (
    <>
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
      {errors && errors.length > 0 && (
        <p id={`${id}-error`} className="field-error">
          {errors.join(' ')}
        </p>
      )}
    </>
  );
}

export function TextField({ id, label, hint, errors, required, className, ...rest }: Common & Omit<InputHTMLAttributes<HTMLInputElement>, 'id'>) {
  const invalid = !!errors?.length;
  return (
    <div className={`field${invalid ? ' has-error' : ''}${className ? ` ${className}` : ''}`}>
      <Label id={id} label={label} required={required} />
      <input id={id} aria-invalid={invalid || undefined} aria-required={required || undefined} aria-describedby={describedBy(id, hint, errors)} {...rest} />
      <Messages id={id} hint={hint} errors={errors} />
    </div>
  );
}

export function TextAreaField({ id, label, hint, errors, required, className, ...rest }: Common & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'>) {
  const invalid = !!errors?.length;
  return (
    <div className={`field${invalid ? ' has-error' : ''}${className ? ` ${className}` : ''}`}>
      <Label id={id} label={label} required={required} />
      <textarea id={id} aria-invalid={invalid || undefined} aria-required={required || undefined} aria-describedby={describedBy(id, hint, errors)} {...rest} />
      <Messages id={id} hint={hint} errors={errors} />
    </div>
  );
}

export function SelectField({ id, label, hint, errors, required, className, children, ...rest }: Common & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'>) {
  const invalid = !!errors?.length;
  return (
    <div className={`field${invalid ? ' has-error' : ''}${className ? ` ${className}` : ''}`}>
      <Label id={id} label={label} required={required} />
      <select id={id} aria-invalid={invalid || undefined} aria-required={required || undefined} aria-describedby={describedBy(id, hint, errors)} {...rest}>
        {children}
      </select>
      <Messages id={id} hint={hint} errors={errors} />
    </div>
  );
}
