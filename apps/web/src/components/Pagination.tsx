// Previous / "page N of M" / next under a paged list; shown only when there is more than one page.
// The buttons are disabled while the next page loads, so a double tap on a slow phone moves once.
import { useTranslation } from 'react-i18next';

export function Pagination({ page, pages, loading = false, label, onPage }: { page: number; pages: number; loading?: boolean; /** What is paged, for screen readers (the nav's name). */ label: string; onPage: (page: number) => void }) {
  const { t } = useTranslation();
  if (pages <= 1) return null;
  return (
    <nav className="pagination" aria-label={label}>
      <button type="button" className="btn btn-outline" disabled={page <= 1 || loading} onClick={() => onPage(page - 1)}>
        {t('common.prevPage')}
      </button>
      <span aria-current="page">{t('common.pageOf', { page, pages })}</span>
      <button type="button" className="btn btn-outline" disabled={page >= pages || loading} onClick={() => onPage(page + 1)}>
        {t('common.nextPage')}
      </button>
    </nav>
  );
}
