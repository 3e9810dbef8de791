import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { fieldErrors } from '../../api';
import { homeFor, safeNext, useAuth } from '../../auth';
import { errorText } from '../../components/ErrorAlert';
import { TextField } from '../../components/Field';
import { PageTitle } from '../../components/PageTitle';

export default function LoginPage() {
  const { t } = useTranslation();
  const { login, me, status } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = params.get('next');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [formError, setFormError] = useState('');
  const [busy, setBusy] = useState(false);

  if (status === 'ready' && me && !busy) return <Navigate to={safeNext(next, homeFor(me.role))} replace />;

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const local: Record<string, string[]> = {};
    if (!email.trim()) local.email = [t('auth.emailRequired')];
    if (!password) local.password = [t('auth.passwordRequired')];
    setErrors(local);
    if (Object.keys(local).length) {
      setFormError(t('common.fixErrors'));
      document.getElementById(local.email ? 'login-email' : 'login-password')?.focus();
      return;
    }
    setBusy(true);
    setFormError('');
    try {
      const user = await login(email.trim(), password);
      navigate(safeNext(next, homeFor(user.role)), { replace: true });
    } catch (err) {
      setErrors(fieldErrors(err));
      setFormError(errorText(t, err));
      setBusy(false);
    }
  }

  return (
    <div className="container page narrow">
      <PageTitle title={t('auth.loginTitle')} />
      <h1>{t('auth.loginTitle')}</h1>
      {next && <p className="alert alert-info">{t('auth.loginToContinue')}</p>}
      <form className="card form-card" onSubmit={onSubmit} noValidate aria-labelledby="login-heading">
        <h2 id="login-heading" className="visually-hidden">
          {t('auth.loginTitle')}
        </h2>
        <div aria-live="assertive">
          {formError && (
            <p className="alert alert-error" role="alert">
              {formError}
            </p>
          )}
        </div>
        <TextField id="login-email" label={t('auth.email')} type="email" autoComplete="username" inputMode="email" value={email} onChange={(e) => setEmail(e.target.value)} errors={errors.email} required />
        <TextField id="login-password" label={t('auth.password')} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} errors={errors.password} required />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? t('auth.loggingIn') : t('auth.loginButton')}
        </button>
        <p className="form-footer">
          {t('auth.noAccount')} <Link to={next ? `/dang-ky?next=${encodeURIComponent(next)}` : '/dang-ky'}>{t('auth.registerLink')}</Link>
        </p>
      </form>
    </div>
  );
}
