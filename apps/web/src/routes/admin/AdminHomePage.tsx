// Administration (/quan-tri): the sections with a few counts.
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { ParseKeys } from 'i18next';
import type { Agency, Procedure, UserView } from '@tinhso/contracts';
import { api } from '../../api';
import { todayInVietnam } from '../../format';
import { ADMIN_BASE, AdminShell } from './AdminShell';

interface Counts {
  agencies?: number;
  officials?: number;
  procedures?: number;
  activeProcedures?: number;
  holidays?: number;
}

export default function AdminHomePage() {
  const { t } = useTranslation();
  const [counts, setCounts] = useState<Counts>({});
  const year = Number(todayInVietnam().slice(0, 4));

  useEffect(() => {
    const ctrl = new AbortController();
    const s = ctrl.signal;
    api.get<Agency[]>('/agencies', undefined, s).then((r) => setCounts((c) => ({ ...c, agencies: r.length })), () => undefined);
    api.get<UserView[]>('/admin/users', undefined, s).then((r) => setCounts((c) => ({ ...c, officials: r.filter((u) => u.role !== 'citizen').length })), () => undefined);
    api.get<Procedure[]>('/admin/procedures', undefined, s).then((r) => setCounts((c) => ({ ...c, procedures: r.length, activeProcedures: r.filter((p) => p.active).length })), () => undefined);
    api.get<{ holidays: unknown[] }>('/calendar/holidays', { year }, s).then((r) => setCounts((c) => ({ ...c, holidays: r.holidays.length })), () => undefined);
    return () => ctrl.abort();
  }, [year]);

  const cards: { to: string; title: ParseKeys; text: ParseKeys; stat?: string }[] = [
    { to: `${ADMIN_BASE}/co-quan`, title: 'admin.nav.agencies', text: 'admin.home.agenciesText', stat: counts.agencies !== undefined ? t('admin.home.agenciesCount', { count: counts.agencies }) : undefined },
    { to: `${ADMIN_BASE}/tai-khoan`, title: 'admin.nav.users', text: 'admin.home.usersText', stat: counts.officials !== undefined ? t('admin.home.officialsCount', { count: counts.officials }) : undefined },
    {
      to: `${ADMIN_BASE}/thu-tuc`,
      title: 'admin.nav.procedures',
      text: 'admin.home.proceduresText',
      stat: counts.procedures !== undefined ? t('admin.home.proceduresCount', { count: counts.procedures, active: counts.activeProcedures ?? 0 }) : undefined,
    },
    { to: `${ADMIN_BASE}/lich-nghi`, title: 'admin.nav.calendar', text: 'admin.home.calendarText', stat: counts.holidays !== undefined ? t('admin.home.holidaysCount', { count: counts.holidays, year }) : undefined },
  ];

  return (
    <AdminShell title={t('admin.title')}>
      <p className="muted">{t('admin.home.intro')}</p>
      <ul className="admin-cards">
        {cards.map((c) => (
          <li key={c.to} className="card admin-card">
            <h2>
              <Link to={c.to}>{t(c.title)}</Link>
            </h2>
            <p>{t(c.text)}</p>
            {c.stat && <p className="admin-stat">{c.stat}</p>}
          </li>
        ))}
      </ul>
    </AdminShell>
  );
}
