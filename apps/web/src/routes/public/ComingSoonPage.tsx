// Placeholder for areas other engineers are building (desk: /can-bo, admin: /quan-tri).
// Replace the route's element in src/routes.tsx with the real pages.
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../components/PageTitle';

export default function ComingSoonPage({ area }: { area: 'desk' | 'admin' }) {
  const { t } = useTranslation();
  const title = area === 'desk' ? t('coming.deskTitle') : t('coming.adminTitle');
  return (
    <div className="container page narrow">
      <PageTitle title={title} />
      <h1>{title}</h1>
      <div className="card">
        <p>{t('coming.text')}</p>
        <p>
          <Link to="/">{t('notFound.home')}</Link>
        </p>
      </div>
    </div>
  );
}
