import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { useAuth } from '../../auth';
import { PageTitle } from '../../components/PageTitle';
import { SearchField } from '../../components/SearchField';
import { TrackingForm } from '../../components/TrackingForm';

export default function HomePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { me } = useAuth();
  const [q, setQ] = useState('');
  const [fields, setFields] = useState<string[]>([]);

  useEffect(() => {
    const ctrl = new AbortController();
    api
      .get<string[]>('/procedure-fields', undefined, ctrl.signal)
      .then(setFields)
      .catch(() => undefined);
    return () => ctrl.abort();
  }, []);

  function onSearch(e: FormEvent) {
    e.preventDefault();
    const query = q.trim();
    navigate(query ? `/thu-tuc?q=${encodeURIComponent(query)}` : '/thu-tuc');
  }

  return (
    <>
      <PageTitle />
      <section className="hero" aria-labelledby="home-title">
        <div className="container hero-inner">
          <p className="hero-kicker">{t('home.kicker')}</p>
          <h1 id="home-title">{t('home.title')}</h1>
          <p className="hero-lead">{t('home.lead')}</p>
          <form className="search-box" role="search" onSubmit={onSearch} aria-label={t('home.searchLabel')}>
            <SearchField id="home-search" label={t('home.searchLabel')} value={q} onValueChange={setQ} placeholder={t('home.searchPlaceholder')} enterKeyHint="search" button={t('common.search')} />
          </form>
        </div>
      </section>

      <div className="container home-grid">
        <section className="card tracking-card" aria-labelledby="home-tracking">
          <h2 id="home-tracking">{t('home.trackingTitle')}</h2>
          <p className="muted">{t('home.trackingText')}</p>
          <TrackingForm idPrefix="home" />
        </section>

        <section className="card" aria-labelledby="home-steps">
          <h2 id="home-steps">{t('home.stepsTitle')}</h2>
          <ol className="steps">
            <li>
              <strong>{t('home.step1')}</strong>
              <span>{t('home.step1Text')}</span>
            </li>
            <li>
              <strong>{t('home.step2')}</strong>
              <span>{t('home.step2Text')}</span>
            </li>
            <li>
              <strong>{t('home.step3')}</strong>
              <span>{t('home.step3Text')}</span>
            </li>
          </ol>
          {me?.role === 'citizen' ? (
            <Link to="/ho-so" className="btn btn-outline">
              {t('nav.myDossiers')}
            </Link>
          ) : !me ? (
            <p className="muted">
              <Link to="/dang-ky">{t('home.registerCta')}</Link> · <Link to="/dang-nhap">{t('header.login')}</Link>
            </p>
          ) : null}
        </section>

        {fields.length > 0 && (
          <section className="card fields-card" aria-labelledby="home-fields">
            <h2 id="home-fields">{t('home.fieldsTitle')}</h2>
            <ul className="chip-list">
              {fields.map((f) => (
                <li key={f}>
                  <Link className="chip" to={`/thu-tuc?field=${encodeURIComponent(f)}`} lang="vi">
                    {f}
                  </Link>
                </li>
              ))}
            </ul>
            <p>
              <Link to="/thu-tuc">{t('home.allProcedures')}</Link>
            </p>
          </section>
        )}

        <section className="card about-card" aria-labelledby="home-about">
          <h2 id="home-about">{t('home.aboutTitle')}</h2>
          <p>{t('home.aboutText')}</p>
          <p className="muted small">{t('home.demoNote')}</p>
        </section>
      </div>
    </>
  );
}
