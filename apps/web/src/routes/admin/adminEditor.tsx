// The list-and-editor plumbing the administration pages share: which row is open, the saved
// notice, the table frame with its edit buttons, the editor card, and the check-then-save cycle
// that puts the server's refusals under the fields they concern.
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { errorsByField, focusFirstError, keyedField } from './AdminShell';

/** The row open in the editor ('new' for the add form) and the message of the last save. */
export function useEditing<T>() {
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  const [notice, setNotice] = useState('');
  return {
    editing,
    setEditing,
    notice,
    setNotice,
    startNew: () => {
      setNotice('');
      setEditing('new');
    },
    // The editor sits above the list, so a row far down would otherwise open out of sight.
    startEdit: (row: T) => {
      setNotice('');
      setEditing(row);
      window.scrollTo({ top: 0 });
    },
  };
}

/** The saved message; the live region stays in the page so screen readers hear each new one. */
export function SavedNotice({ notice }: { notice: string }) {
  return (
    <p role="status" aria-live="polite" className="status-line">
      {notice && <span className="alert alert-success block">{notice}</span>}
    </p>
  );
}

/** An administration table: caption for screen readers, column heads, and an unnamed last column for row buttons when `actions`. */
export function AdminTable({ caption, columns, actions = false, stale = false, children }: { caption: string; columns: string[]; actions?: boolean; stale?: boolean; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <table className={`data-table responsive-table admin-table${stale ? ' is-stale' : ''}`}>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {columns.map((c, i) => (
            <th key={i} scope="col">
              {c}
            </th>
          ))}
          {actions && (
            <th scope="col">
              <span className="visually-hidden">{t('admin.common.actions')}</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

/** The row's edit button; `name` tells screen-reader users which row it edits. */
export function EditCell({ label, name, onClick }: { label: string; name: string; onClick: () => void }) {
  return (
    <td className="cell-actions">
      <button type="button" className="btn btn-outline btn-small" aria-label={name} onClick={onClick}>
        {label}
      </button>
    </td>
  );
}

interface EditorFormProps {
  /** Prefix of the form's ids; the heading is `${id}-title`. */
  id: string;
  title: string;
  /** The heading takes focus on mount and whenever this changes (another row opened). */
  focusKey?: unknown;
  onSubmit: (e: FormEvent) => void;
  error: unknown;
  errors: Record<string, string[]>;
  saving: boolean;
  submitLabel: string;
  onCancel: () => void;
  children: ReactNode;
}

/** The editor card: heading, required-fields legend, the fields in two columns, the alert, save and cancel. */
export function EditorForm({ id, title, focusKey, onSubmit, error, errors, saving, submitLabel, onCancel, children }: EditorFormProps) {
  const { t } = useTranslation();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), [focusKey]);
  return (
    <form className="card admin-form" onSubmit={onSubmit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} ref={headingRef} tabIndex={-1}>
        {title}
      </h2>
      <p className="muted small">{t('common.requiredLegend')}</p>
      <div className="grid-2">{children}</div>
      {/* Field-less refusals list the server's details here, as no field shows them. */}
      {error ? <ErrorAlert error={error} showDetails={!!errors['']?.length} /> : null}
      <div className="button-row">
        <button type="submit" className="btn btn-primary" disabled={saving}>
          {submitLabel}
        </button>
        <button type="button" className="btn btn-quiet" onClick={onCancel} disabled={saving}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/**
 * A form's errors and its check-then-save cycle. Field ids are `prefix + field name`, so focus can
 * go to the first field in error (in `order`, the fields' order on the page).
 */
export function useSaveCycle(prefix: string) {
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);

  /** Shows the client-side check's findings; true when there are none. */
  function passes(found: Record<string, string[]>, order: readonly string[]): boolean {
    setErrors(found);
    setError(null);
    if (Object.keys(found).length === 0) return true;
    focusFirstError(prefix, found, order);
    return false;
  }

  /**
   * Runs the save. A refusal that names one field (`keyToField`, by error key) shows its message
   * under that field; otherwise per-field details go under the `known` fields and the rest in the alert.
   */
  async function save(run: () => Promise<void>, keyToField: Record<string, string>, known: readonly string[], order: readonly string[] = known) {
    setSaving(true);
    try {
      await run();
    } catch (err) {
      const keyed = keyedField(err, keyToField);
      const byField = keyed ? { [keyed]: [(err as Error).message] } : errorsByField(err, known);
      setErrors(byField);
      setError(keyed ? null : err);
      focusFirstError(prefix, byField, order);
    } finally {
      setSaving(false);
    }
  }

  return { errors, setErrors, error, setError, saving, passes, save };
}

/** Agencies as a select's options, by name (with the code where names alone may be ambiguous). */
export function AgencyOptions({ agencies, withCode = false }: { agencies: readonly { id: string; code: string; name: string }[] | null | undefined; withCode?: boolean }) {
  return (
    <>
      {agencies?.map((a) => (
        <option key={a.id} value={a.id}>
          {withCode ? `${a.name} (${a.code})` : a.name}
        </option>
      ))}
    </>
  );
}
