import { useTranslation } from 'react-i18next';
import type { DossierStatus } from '@tinhso/contracts';
import { statusLabel, statusTone } from '../status';

export function StatusBadge({ status }: { status: DossierStatus }) {
  const { t, i18n } = useTranslation();
  return <span className={`badge badge-${statusTone(status)}`}>{statusLabel(t, i18n.language, status)}</span>;
}

export function OnlineLevelBadge({ level }: { level: 'full' | 'partial' }) {
  const { t } = useTranslation();
  return <span className={`badge ${level === 'full' ? 'badge-level-full' : 'badge-level-partial'}`}>{level === 'full' ? t('procedure.levelFull') : t('procedure.levelPartial')}</span>;
}

export function OverdueBadge() {
  const { t } = useTranslation();
  return <span className="badge badge-danger">{t('dossier.overdue')}</span>;
}
