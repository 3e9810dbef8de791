import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { RegisterInput } from '@tinhso/contracts';
import { fieldErrors } from '../../api';
import { safeNext, useAuth } from '../../auth';
import { errorText } from '../../components/ErrorAlert';
import { TextAreaField, TextField } from '../../components/Field';
import { PageTitle } from '../../components/PageTitle';
import { homeFor } from '../../auth';
import { EMAIL_RE, normalisePhone, PERSONAL_ID_RE, PHONE_RE } from '../../validation';

type Values = { email: string; password: string; confirm: string; fullName: string; phone: string; personalId: string; address: string };
const EMPTY: Values = { email: '', password: '', confirm: '', fullName: '', phone: '', personalId: '', address: '' };
const ORDER: (keyof Values)[] = ['fullName', 'email', 'phone', 'personalId', 'address', 'password', 'confirm'];


export default function RegisterPage() {
  const { t } = useTranslation();
  const { register, me, status } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = params.get('next');
  const [v, setV] = useState<Values>(EMPTY);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [formError, setFormError] = useState('');
  const [busy, setBusy] = useState(false);

  if (status === 'ready' && me && !busy) return <Navigate to={safeNext(next, homeFor(me.role))} replace />;

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
    const local = check();
    setErrors(local);
    const first = ORDER.find((k) => local[k]);
    if (first) {
      setFormError(t('common.fixErrors'));
      document.getElementById(`reg-${first}`)?.focus();
      return;
    }
    setBusy(true);
    setFormError('');
    const input: RegisterInput = { email: v.email.trim(), password: v.password, fullName: v.fullName.trim() };
    if (v.phone.trim()) input.phone = normalisePhone(v.phone);
    if (v.personalId.trim()) input.personalId = v.personalId.trim();
    if (v.address.trim()) input.address = v.address.trim();
    try {
      const user = await register(input);
      navigate(safeNext(next, homeFor(user.role)), { replace: true });
    } catch (err) {
      const fe = fieldErrors(err);
      setErrors(fe);
      setFormError(errorText(t, err));
      setBusy(false);
      const firstServer = ORDER.find((k) => fe[k]);
      if (firstServer) document.getElementById(`reg-${firstServer}`)?.focus();
    }
  }

  return (
    <div className="container page narrow">
      <PageTitle title={t('auth.registerTitle')} />
      <h1>{t('auth.registerTitle')}</h1>
      <p className="muted">{t('auth.registerIntro')}</p>
      <form className="card form-card" onSubmit={onSubmit} noValidate aria-labelledby="reg-heading">
        <h2 id="reg-heading" className="visually-hidden">
          {t('auth.registerTitle')}
        </h2>
        <div aria-live="assertive">
          {formError && (
            <p className="alert alert-error" role="alert">
              {formError}
            </p>
          )}
        </div>
        <p className="field-hint">{t('common.requiredLegend')}</p>
        <TextField id="reg-fullName" label={t('auth.fullName')} autoComplete="name" value={v.fullName} onChange={set('fullName')} errors={errors.fullName} required />
        <TextField id="reg-email" label={t('auth.email')} type="email" inputMode="email" autoComplete="email" value={v.email} onChange={set('email')} errors={errors.email} required />
        <TextField id="reg-phone" label={t('auth.phone')} type="tel" inputMode="tel" autoComplete="tel" value={v.phone} onChange={set('phone')} errors={errors.phone} hint={t('auth.phoneHint')} />
        <TextField id="reg-personalId" label={t('auth.personalId')} inputMode="numeric" autoComplete="off" maxLength={12} value={v.personalId} onChange={set('personalId')} errors={errors.personalId} hint={t('auth.personalIdHint')} />
        <TextAreaField id="reg-address" label={t('auth.address')} autoComplete="street-address" rows={2} value={v.address} onChange={set('address')} errors={errors.address} />
        <TextField id="reg-password" label={t('auth.password')} type="password" autoComplete="new-password" value={v.password} onChange={set('password')} errors={errors.password} hint={t('auth.passwordHint')} required />
        <TextField id="reg-confirm" label={t('auth.confirmPassword')} type="password" autoComplete="new-password" value={v.confirm} onChange={set('confirm')} errors={errors.confirm} required />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? t('auth.registering') : t('auth.registerButton')}
        </button>
        <p className="form-footer">
          {t('auth.haveAccount')} <Link to={next ? `/dang-nhap?next=${encodeURIComponent(next)}` : '/dang-nhap'}>{t('auth.loginLink')}</Link>
        </p>
      </form>
    </div>
  );
}
