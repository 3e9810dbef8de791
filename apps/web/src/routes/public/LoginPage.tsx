import { useState, type FormEvent } from 'react';
import { Navigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../auth';
import { TextField } from '../../components/Field';
import { AuthFormCard, useAuthForm } from './AuthForm';

export default function LoginPage() {
  const { t } = useTranslation();
  const { login } = useAuth();
  const { next, errors, formError, busy, passes, submit, redirect } = useAuthForm('login-', ['email', 'password']);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  if (redirect) return <Navigate to={redirect} replace />;

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const local: Record<string, string[]> = {};
    if (!email.trim()) local.email = [t('auth.emailRequired')];
    if (!password) local.password = [t('auth.passwordRequired')];
    if (!passes(local)) return;
    await submit(() => login(email.trim(), password));
  }

  return (
    <AuthFormCard
      id="login"
      title={t('auth.loginTitle')}
      intro={next && <p className="alert alert-info">{t('auth.loginToContinue')}</p>}
      onSubmit={onSubmit}
      formError={formError}
      busy={busy}
      submitLabel={t('auth.loginButton')}
      busyLabel={t('auth.loggingIn')}
      other={{ path: '/dang-ky', text: t('auth.noAccount'), link: t('auth.registerLink') }}
      next={next}
    >
      <TextField id="login-email" label={t('auth.email')} type="email" autoComplete="username" inputMode="email" value={email} onChange={(e) => setEmail(e.target.value)} errors={errors.email} required />
      <TextField id="login-password" label={t('auth.password')} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} errors={errors.password} required />
    </AuthFormCard>
  );
}
