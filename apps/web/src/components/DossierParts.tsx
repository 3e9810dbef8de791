// Parts of a dossier's page that the applicant's view (/ho-so/:id) and the officials' workspace
// (/can-bo/ho-so/:id) both show. Texts that differ between the two come in as props.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DossierDetail } from '@tinhso/contracts';
import { API_BASE } from '../api';
import { formatBytes, formatDate, formatDateTime } from '../format';
import { OverdueBadge, StatusBadge } from './StatusBadge';

type Attachment = DossierDetail['attachments'][number];

function fileKind(mime: string): string {
  if (mime === 'application/pdf') return 'PDF';
  if (mime === 'image/png') return 'PNG';
  if (mime === 'image/jpeg') return 'JPG';
  return mime.split('/')[1]?.toUpperCase().slice(0, 4) ?? '';
}

/** The dossier's files as download links; `result` marks them as the outcome. */
export function AttachmentList({ dossierId, items, result, downloadLabel }: { dossierId: string; items: Attachment[]; result?: boolean; downloadLabel: string }) {
  return (
    <ul className={`file-list${result ? ' file-list-result' : ''}`}>
      {items.map((a) => (
        <li key={a.id}>
          <a href={`${API_BASE}/dossiers/${dossierId}/attachments/${a.id}`} download={a.filename} className="file-link">
            <span className="file-kind" aria-hidden="true">
              {fileKind(a.mime)}
            </span>
            <span className="file-text">
              <span className="file-label" lang="vi">
                {a.label}
              </span>
              <span className="file-meta">
                {a.filename} · {formatBytes(a.size)} · {formatDateTime(a.createdAt)}
              </span>
            </span>
            <span className="visually-hidden"> ({downloadLabel})</span>
          </a>
        </li>
      ))}
    </ul>
  );
}

interface HeadProps {
  dossier: DossierDetail;
  codeLabel: string;
  statusLabel: string;
  className?: string;
  /** After the agency's name, on its line. */
  agencyExtra?: ReactNode;
  /** Below the agency line. */
  children?: ReactNode;
}

/** The header card; the code is the page's h1. */
export function DossierHead({ dossier: d, codeLabel, statusLabel, className, agencyExtra, children }: HeadProps) {
  return (
    <header className="dossier-head card">
      <div className={className}>
        <p className="eyebrow">{codeLabel}</p>
        <h1 className="dossier-code">{d.code}</h1>
        <p className="dossier-proc" lang="vi">
          {d.procedureName}
        </p>
        <p className="muted" lang="vi">
          {d.agencyName}
          {agencyExtra}
        </p>
        {children}
      </div>
      <div className="dossier-status">
        <span className="visually-hidden">{statusLabel}: </span>
        <StatusBadge status={d.status} />
        {d.overdue && <OverdueBadge />}
      </div>
    </header>
  );
}

/** "Originally due …", once an extension has moved the due date. */
export function OriginalDueDate({ dossier: d }: { dossier: Pick<DossierDetail, 'dueDate' | 'originalDueDate'> }) {
  const { t } = useTranslation();
  if (!d.originalDueDate || !d.dueDate || d.originalDueDate === d.dueDate) return null;
  return <span className="field-hint block">{t('dossier.originalDueDate', { date: formatDate(d.originalDueDate) })}</span>;
}

/** The extensions (each one's old and new due date and its reason); nothing when there are none. */
export function ExtensionsSection({ extensions, title, compact = false }: { extensions: DossierDetail['extensions']; title: string; compact?: boolean }) {
  const { t } = useTranslation();
  if (extensions.length === 0) return null;
  return (
    <section className="card section" aria-labelledby="ext-title">
      <h2 id="ext-title">{title}</h2>
      <ul className="plain-list">
        {extensions.map((x, i) => (
          <li key={i}>
            <p>{t('dossier.extensionLine', { from: formatDate(x.previousDueDate), to: formatDate(x.newDueDate) })}</p>
            <p className={compact ? 'muted small' : 'muted'} lang="vi">
              {x.reason}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
