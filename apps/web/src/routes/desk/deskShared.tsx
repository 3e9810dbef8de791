// Small pieces shared by the desk pages (queue and dossier workspace).
import { useTranslation } from 'react-i18next';
import type { DossierSummary } from '@tinhso/contracts';
import { formatDate } from '../../format';
import { OverdueBadge } from '../../components/StatusBadge';

export const DESK_BASE = '/can-bo';

export function deskDossierPath(id: string): string {
  return `${DESK_BASE}/ho-so/${encodeURIComponent(id)}`;
}

/** The due date, in red with a "Quá hạn" badge when overdue; a hint before receipt. */
export function DueDate({ dossier }: { dossier: Pick<DossierSummary, 'dueDate' | 'overdue'> }) {
  const { t } = useTranslation();
  if (!dossier.dueDate) return <span className="muted">{t('desk.queue.noDueDate')}</span>;
  return (
    <span className={dossier.overdue ? 'due-date is-overdue' : 'due-date'}>
      <time dateTime={dossier.dueDate}>{formatDate(dossier.dueDate)}</time>
      {dossier.overdue && (
        <>
          {' '}
          <OverdueBadge />
        </>
      )}
    </span>
  );
}
