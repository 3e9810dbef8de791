import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../components/PageTitle';

export default function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <div className="container page narrow">
      <PageTitle title={t('notFound.title')} />
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.text')}</p>
      <p className="button-row">
        <Link to="/" className="btn btn-primary">
          {t('notFound.home')}
        </Link>
        <Link to="/thu-tuc" className="btn btn-outline">
          {t('nav.procedures')}
        </Link>
      </p>
    </div>
  );
}
