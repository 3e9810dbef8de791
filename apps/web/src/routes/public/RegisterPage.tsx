import { useState, type FormEvent } from 'react';
import { Navigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { RegisterInput } from '@tinhso/contracts';
import { useAuth } from '../../auth';
import { TextAreaField, TextField } from '../../components/Field';
import { EMAIL_RE, normalisePhone, PERSONAL_ID_RE, PHONE_RE } from '../../validation';
import { AuthFormCard, useAuthForm } from './AuthForm';

type Values = { email: string; password: string; confirm: string; fullName: string; phone: string; personalId: string; address: string };
const EMPTY: Values = { email: '', password: '', confirm: '', fullName: '', phone: '', personalId: '', address: '' };
const ORDER: (keyof Values)[] = ['fullName', 'email', 'phone', 'personalId', 'address', 'password', 'confirm'];

export default function RegisterPage() {
  const { t } = useTranslation();
  const { register } = useAuth();
  const { next, errors, formError, busy, passes, submit, redirect } = useAuthForm('reg-', ORDER);
  const [v, setV] = useState<Values>(EMPTY);

  if (redirect) return <Navigate to={redirect} replace />;

  const set = (k: keyof Values) => (e: { target: { value: string } }) => setV((old) => ({ ...old, [k]: e.target.value }));

  function check(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    if (v.fullName.trim().length < 2) out.fullName = [t('auth.fullNameRequired')];
    if (!EMAIL_RE.test(v.email.trim())) out.email = [t('validation.formatEmail')];
    if (v.phone.trim() && !PHONE_RE.test(normalisePhone(v.phone))) out.phone = [t('auth.phoneInvalid')];
    if (v.personalId.trim() && !PERSONAL_ID_RE.test(v.personalId.trim())) out.personalId = [t('auth.personalIdInvalid')];
    if (v.password.length < 8) out.password = [t('validation.minLength', { limit: 8 })];
    if (v.confirm !== v.password) out.confirm = [t('auth.passwordMismatch')];
    return out;
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!passes(check())) return;
    const input: RegisterInput = { email: v.email.trim(), password: v.password, fullName: v.fullName.trim() };
    if (v.phone.trim()) input.phone = normalisePhone(v.phone);
    if (v.personalId.trim()) input.personalId = v.personalId.trim();
    if (v.address.trim()) input.address = v.address.trim();
    await submit(() => register(input), { focusRefused: true });
  }

  return (
    <AuthFormCard
      id="reg"
      title={t('auth.registerTitle')}
      intro={<p className="muted">{t('auth.registerIntro')}</p>}
      onSubmit={onSubmit}
      formError={formError}
      busy={busy}
      submitLabel={t('auth.registerButton')}
      busyLabel={t('auth.registering')}
      other={{ path: '/dang-nhap', text: t('auth.haveAccount'), link: t('auth.loginLink') }}
      next={next}
    >
      <p className="field-hint">{t('common.requiredLegend')}</p>
      <TextField id="reg-fullName" label={t('auth.fullName')} autoComplete="name" value={v.fullName} onChange={set('fullName')} errors={errors.fullName} required />
      <TextField id="reg-email" label={t('auth.email')} type="email" inputMode="email" autoComplete="email" value={v.email} onChange={set('email')} errors={errors.email} required />
      <TextField id="reg-phone" label={t('auth.phone')} type="tel" inputMode="tel" autoComplete="tel" value={v.phone} onChange={set('phone')} errors={errors.phone} hint={t('auth.phoneHint')} />
      <TextField id="reg-personalId" label={t('auth.personalId')} inputMode="numeric" autoComplete="off" maxLength={12} value={v.personalId} onChange={set('personalId')} errors={errors.personalId} hint={t('auth.personalIdHint')} />
      <TextAreaField id="reg-address" label={t('auth.address')} autoComplete="street-address" rows={2} value={v.address} onChange={set('address')} errors={errors.address} />
      <TextField id="reg-password" label={t('auth.password')} type="password" autoComplete="new-password" value={v.password} onChange={set('password')} errors={errors.password} hint={t('auth.passwordHint')} required />
      <TextField id="reg-confirm" label={t('auth.confirmPassword')} type="password" autoComplete="new-password" value={v.confirm} onChange={set('confirm')} errors={errors.confirm} required />
    </AuthFormCard>
  );
}
