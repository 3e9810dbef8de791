// What the sign-in and registration pages share: the form's state, where to go afterwards
// (?next=, else the role's home), and the card around the fields.
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Me } from '@tinhso/contracts';
import { fieldErrors } from '../../api';
import { homeFor, safeNext, useAuth } from '../../auth';
import { errorText } from '../../components/ErrorAlert';
import { PageTitle } from '../../components/PageTitle';

/**
 * Field ids are `prefix + field name`; `order` is the fields' order on the page, so focus goes to
 * the first one in error.
 */
export function useAuthForm(prefix: string, order: readonly string[]) {
  const { t } = useTranslation();
  const { me, status } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = params.get('next');
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [formError, setFormError] = useState('');
  const [busy, setBusy] = useState(false);

  const focusFirst = (found: Record<string, string[]>) => {
    const first = order.find((k) => found[k]);
    if (first) document.getElementById(`${prefix}${first}`)?.focus();
    return !!first;
  };

  /** Shows the client-side check's findings; true when there are none. */
  function passes(found: Record<string, string[]>): boolean {
    setErrors(found);
    if (!focusFirst(found)) return true;
    setFormError(t('common.fixErrors'));
    return false;
  }

  /** Signs in (or up) with `run`, then goes on; a refusal shows its message and its fields' errors. */
  async function submit(run: () => Promise<Me>, { focusRefused = false } = {}) {
    setBusy(true);
    setFormError('');
    try {
      const user = await run();
      navigate(safeNext(next, homeFor(user.role)), { replace: true });
    } catch (err) {
      const fe = fieldErrors(err);
      setErrors(fe);
      setFormError(errorText(t, err));
      setBusy(false);
      if (focusRefused) focusFirst(fe);
    }
  }

  // Someone already signed in has no business here, except right after signing in on this very form.
  const redirect = status === 'ready' && me && !busy ? safeNext(next, homeFor(me.role)) : null;

  return { next, errors, formError, busy, passes, submit, redirect };
}

interface CardProps {
  /** The heading id's prefix. */
  id: string;
  title: string;
  /** Under the page's h1, above the form. */
  intro: ReactNode;
  onSubmit: (e: FormEvent) => void;
  formError: string;
  busy: boolean;
  submitLabel: string;
  busyLabel: string;
  /** The other page (sign in ⇄ register), keeping ?next= so the visitor still ends up where they were going. */
  other: { path: string; text: string; link: string };
  next: string | null;
  children: ReactNode;
}

export function AuthFormCard({ id, title, intro, onSubmit, formError, busy, submitLabel, busyLabel, other, next, children }: CardProps) {
  return (
    <div className="container page narrow">
      <PageTitle title={title} />
      <h1>{title}</h1>
      {intro}
      <form className="card form-card" onSubmit={onSubmit} noValidate aria-labelledby={`${id}-heading`}>
        <h2 id={`${id}-heading`} className="visually-hidden">
          {title}
        </h2>
        <div aria-live="assertive">
          {formError && (
            <p className="alert alert-error" role="alert">
              {formError}
            </p>
          )}
        </div>
        {children}
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? busyLabel : submitLabel}
        </button>
        <p className="form-footer">
          {other.text} <Link to={next ? `${other.path}?next=${encodeURIComponent(next)}` : other.path}>{other.link}</Link>
        </p>
      </form>
    </div>
  );
}
