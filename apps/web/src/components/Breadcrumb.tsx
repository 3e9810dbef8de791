import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';

export interface Crumb {
  to: string;
  label: ReactNode;
  /** "vi" for names that come from the data (read in Vietnamese in either UI language). */
  lang?: string;
}

/** The path to this page: links to the pages above it, then this page's name. */
export function Breadcrumb({ trail, current, currentLang }: { trail: Crumb[]; current: ReactNode; currentLang?: string }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('common.breadcrumb')} className="breadcrumb">
      <ol>
        {trail.map((c) => (
          <li key={c.to}>
            <Link to={c.to} lang={c.lang}>
              {c.label}
            </Link>
          </li>
        ))}
        <li aria-current="page" lang={currentLang}>
          {current}
        </li>
      </ol>
    </nav>
  );
}
