// Administration › Procedures (/quan-tri/thu-tuc): every procedure, active or not, with links to
// edit each one and to add a new one.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Procedure } from '@tinhso/contracts';
import { api } from '../../api';
import { useApiData } from '../../apiData';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { SearchField } from '../../components/SearchField';
import { OnlineLevelBadge } from '../../components/StatusBadge';
import { formatMoney, processingText } from '../../format';
import { ADMIN_BASE, AdminShell, fold, useAgencies } from './AdminShell';
import { AdminTable, AgencyOptions } from './adminEditor';

export default function ProceduresPage() {
  const { t } = useTranslation();
  const { agencies } = useAgencies();
  const { data: items, error } = useApiData(
    (signal) => api.get<Procedure[]>('/admin/procedures', undefined, signal).then((rows) => [...rows].sort((a, b) => a.agencyCode.localeCompare(b.agencyCode) || a.name.localeCompare(b.name, 'vi'))),
    [],
  );
  const [q, setQ] = useState('');
  const [agencyId, setAgencyId] = useState('');

  const needle = fold(q.trim());
  const shown = (items ?? []).filter((p) => (!agencyId || p.agencyId === agencyId) && (!needle || fold(`${p.code} ${p.name} ${p.field}`).includes(needle)));

  return (
    <AdminShell
      title={t('admin.procedures.title')}
      actions={
        <Link to={`${ADMIN_BASE}/thu-tuc/moi`} className="btn btn-primary">
          {t('admin.procedures.addButton')}
        </Link>
      }
    >
      <div className="card admin-filters admin-filters-2" role="search" aria-label={t('admin.procedures.filters')}>
        <div className="field">
          <SearchField id="proc-q" label={t('admin.procedures.search')} value={q} onValueChange={setQ} />
        </div>
        <div className="field">
          <label htmlFor="proc-agency" className="field-label">
            {t('admin.procedures.agency')}
          </label>
          <select id="proc-agency" value={agencyId} onChange={(e) => setAgencyId(e.target.value)}>
            <option value="">{t('admin.users.allAgencies')}</option>
            <AgencyOptions agencies={agencies} />
          </select>
        </div>
      </div>
      {error ? <ErrorAlert error={error} /> : null}
      {!items && !error && <Loading />}
      {items && (
        <>
          <p className="result-count" role="status">
            {t('admin.procedures.count', { count: shown.length })}
          </p>
          <AdminTable caption={t('admin.procedures.caption')} columns={[t('admin.procedures.name'), t('admin.procedures.agency'), t('admin.procedures.processing'), t('admin.procedures.fee'), t('admin.procedures.state')]}>
            {shown.map((p) => (
              <tr key={p.id}>
                <th scope="row" data-label={t('admin.procedures.name')}>
                  <Link to={`${ADMIN_BASE}/thu-tuc/${p.id}`} lang="vi">
                    {p.name}
                  </Link>
                  <span className="cell-sub">
                    <span className="mono">{p.code}</span> · <span lang="vi">{p.field}</span>
                  </span>
                </th>
                <td data-label={t('admin.procedures.agency')} lang="vi">
                  {p.agencyName}
                </td>
                <td data-label={t('admin.procedures.processing')}>{processingText(t, p.processingDays)}</td>
                <td data-label={t('admin.procedures.fee')} className="nowrap">{p.fee > 0 ? formatMoney(p.fee) : t('procedure.free')}</td>
                <td data-label={t('admin.procedures.state')}>
                  <span className="badge-stack">
                    <OnlineLevelBadge level={p.onlineLevel} />
                    {p.active ? <span className="badge badge-success">{t('admin.procedures.active')}</span> : <span className="badge badge-muted">{t('admin.procedures.inactive')}</span>}
                  </span>
                </td>
              </tr>
            ))}
          </AdminTable>
        </>
      )}
    </AdminShell>
  );
}
