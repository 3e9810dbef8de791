// Administration › Procedures (/quan-tri/thu-tuc): every procedure, active or not, with links to
// edit each one and to add a new one.
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Procedure } from '@tinhso/contracts';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { OnlineLevelBadge } from '../../components/StatusBadge';
import { formatMoney, processingText } from '../../format';
import { ADMIN_BASE, AdminShell, fold, useAgencies } from './AdminShell';

export default function ProceduresPage() {
  const { t } = useTranslation();
  const [items, setItems] = useState<Procedure[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const { agencies } = useAgencies();
  const [q, setQ] = useState('');
  const [agencyId, setAgencyId] = useState('');

  useEffect(() => {
    const ctrl = new AbortController();
    api
      .get<Procedure[]>('/admin/procedures', undefined, ctrl.signal)
      .then((rows) => setItems([...rows].sort((a, b) => a.agencyCode.localeCompare(b.agencyCode) || a.name.localeCompare(b.name, 'vi'))))
      .catch((err: unknown) => {
        if ((err as Error).name !== 'AbortError') setError(err);
      });
    return () => ctrl.abort();
  }, []);

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
          <label htmlFor="proc-q" className="field-label">
            {t('admin.procedures.search')}
          </label>
          <input id="proc-q" type="search" value={q} onChange={(e) => setQ(e.target.value)} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor="proc-agency" className="field-label">
            {t('admin.procedures.agency')}
          </label>
          <select id="proc-agency" value={agencyId} onChange={(e) => setAgencyId(e.target.value)}>
            <option value="">{t('admin.users.allAgencies')}</option>
            {agencies?.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
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
          <table className="data-table responsive-table admin-table">
            <caption className="visually-hidden">{t('admin.procedures.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.procedures.name')}</th>
                <th scope="col">{t('admin.procedures.agency')}</th>
                <th scope="col">{t('admin.procedures.processing')}</th>
                <th scope="col">{t('admin.procedures.fee')}</th>
                <th scope="col">{t('admin.procedures.state')}</th>
              </tr>
            </thead>
            <tbody>
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
            </tbody>
          </table>
        </>
      )}
    </AdminShell>
  );
}
