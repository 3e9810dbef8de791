import type { InputHTMLAttributes, ReactNode } from 'react';

interface Props extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'type' | 'value' | 'onChange'> {
  id: string;
  label: ReactNode;
  value: string;
  onValueChange: (value: string) => void;
  /** The submit button's text; without it the box filters as you type and stands alone. */
  button?: ReactNode;
  buttonClassName?: string;
}

/** A labelled search box, with its submit button beside it (.search-row) when it has one. The caller supplies the wrapper (form or .field). */
export function SearchField({ id, label, value, onValueChange, button, buttonClassName = 'btn btn-primary', ...rest }: Props) {
  const input = <input id={id} type="search" value={value} onChange={(e) => onValueChange(e.target.value)} autoComplete="off" {...rest} />;
  return (
    <>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      {button ? (
        <div className="search-row">
          {input}
          <button type="submit" className={buttonClassName}>
            {button}
          </button>
        </div>
      ) : (
        input
      )}
    </>
  );
}
