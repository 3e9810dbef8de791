import { useTranslation } from 'react-i18next';
import type { DossierStatus } from '@tinhso/contracts';
import type { TFunction } from 'i18next';
import { formatDateTime } from '../format';
import { actionLabel, statusLabel } from '../status';

export interface TimelineItem {
  at: string;
  action: string;
  toStatus: DossierStatus | null;
  fromStatus?: DossierStatus | null;
  reason?: string | null;
  actorRole?: string | null;
}

/** The dossier's history, oldest first. */
export function Timeline({ events, headingId }: { events: TimelineItem[]; headingId?: string }) {
  const { t, i18n } = useTranslation();
  if (events.length === 0) return <p className="muted">{t('timeline.empty')}</p>;
  return (
    <ol className="timeline" aria-labelledby={headingId}>
      {events.map((e, i) => (
        <li key={`${e.at}-${i}`} className={i === events.length - 1 ? 'timeline-item current' : 'timeline-item'}>
          <span className="timeline-dot" aria-hidden="true" />
          <div className="timeline-body">
            <p className="timeline-title">
              <strong>{actionLabel(t, e.action)}</strong>
              {e.toStatus && e.toStatus !== e.fromStatus && (
                <>
                  {' → '}
                  <span>{statusLabel(t, i18n.language, e.toStatus)}</span>
                </>
              )}
            </p>
            <p className="timeline-meta">
              <time dateTime={e.at}>{formatDateTime(e.at)}</time>
              {e.actorRole && <span> · {roleLabel(t, e.actorRole)}</span>}
            </p>
            {e.reason && (
              <p className="timeline-reason" lang="vi">
                {e.reason}
              </p>
            )}
          </div>
        </li>
      ))}
    </ol>
  );
}

/** The history as a dossier page's section, under its own heading. */
export function TimelineSection({ events }: { events: TimelineItem[] }) {
  const { t } = useTranslation();
  return (
    <section className="card section" aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t('timeline.title')}</h2>
      <Timeline events={events} headingId="timeline-title" />
    </section>
  );
}

const ROLES = ['citizen', 'desk', 'processor', 'approver', 'admin', 'leader', 'moderator', 'system'] as const;

// TFunction, not useTranslation's own type: with that, the role-key template below makes TypeScript
// give up ("excessively deep") once the translation files grow.
export function roleLabel(t: TFunction, role: string): string {
  return (ROLES as readonly string[]).includes(role) ? t(`role.${role as (typeof ROLES)[number]}`) : role;
}
