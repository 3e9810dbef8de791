// The page shell: skip link, header (brand, role-based navigation from routes.tsx, account,
// language switch), main landmark, footer. Moves focus to the new page's heading on navigation.
import { Suspense, useEffect, useId, useRef, useState } from 'react';
import { Link, NavLink, Outlet, ScrollRestoration, useLocation, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth';
import { navFor } from '../routes';
import { Loading } from './Loading';
import { roleLabel } from './Timeline';

function Emblem() {
  return (
    <svg className="brand-emblem" viewBox="0 0 64 64" aria-hidden="true" focusable="false">
      <circle cx="32" cy="32" r="31" fill="#9f1c1f" />
      <circle cx="32" cy="32" r="26" fill="none" stroke="#e0b03c" strokeWidth="2" />
      <path fill="#f2c94c" d="M32 13.5l4.6 14.1h14.8l-12 8.7 4.6 14.1-12-8.7-12 8.7 4.6-14.1-12-8.7h14.8z" />
    </svg>
  );
}

function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const next = i18n.language === 'en' ? 'vi' : 'en';
  return (
    <button type="button" className="btn btn-quiet lang-switch" lang={next} onClick={() => void i18n.changeLanguage(next)} aria-label={t('header.switchLanguageTo', { lng: next === 'en' ? 'English' : 'Tiếng Việt' })}>
      {next === 'en' ? 'English' : 'Tiếng Việt'}
    </button>
  );
}

function Header() {
  const { t } = useTranslation();
  const { me, logout, status } = useAuth();
  const [open, setOpen] = useState(false);
  const location = useLocation();
  const navigate = useNavigate();
  const menuId = useId();
  const links = navFor(me?.role ?? null);

  useEffect(() => setOpen(false), [location.pathname]);

  async function onLogout() {
    await logout().catch(() => undefined);
    navigate('/');
  }

  return (
    <header className="site-header">
      <div className="topbar">
        <div className="container topbar-inner">
          <span>{t('header.topline')}</span>
          <LanguageSwitch />
        </div>
      </div>
      <div className="container header-main">
        <Link to="/" className="brand" aria-label={t('app.name')}>
          <Emblem />
          <span className="brand-text">
            <span className="brand-title">{t('app.shortName')}</span>
            <span className="brand-sub">{t('app.tagline')}</span>
          </span>
        </Link>
        <button type="button" className="btn btn-quiet menu-toggle" aria-expanded={open} aria-controls={menuId} onClick={() => setOpen((o) => !o)}>
          <span className="menu-icon" aria-hidden="true" />
          {t('header.menu')}
        </button>
      </div>
      <nav id={menuId} className={`site-nav${open ? ' open' : ''}`} aria-label={t('header.mainNav')}>
        <div className="container nav-inner">
          <ul className="nav-links">
            {links.map((l) => (
              <li key={l.path}>
                <NavLink to={l.path} end={l.end}>
                  {t(l.label)}
                </NavLink>
              </li>
            ))}
          </ul>
          <div className="nav-account">
            {status === 'loading' ? null : me ? (
              <>
                <span className="account-name">
                  <span className="visually-hidden">{t('header.signedInAs')} </span>
                  <span lang="vi">{me.fullName}</span>
                  <span className="account-role"> · {me.role === 'leader' ? t(me.communeCode ? 'role.communeChair' : 'role.provinceLeader') : roleLabel(t, me.role)}</span>
                </span>
                <button type="button" className="btn btn-outline btn-small" onClick={() => void onLogout()}>
                  {t('header.logout')}
                </button>
              </>
            ) : (
              <>
                <NavLink to={`/dang-nhap?next=${encodeURIComponent(location.pathname === '/dang-nhap' || location.pathname === '/dang-ky' ? '/' : location.pathname + location.search)}`} className="btn btn-outline btn-small">
                  {t('header.login')}
                </NavLink>
                <NavLink to="/dang-ky" className="btn btn-primary btn-small">
                  {t('header.register')}
                </NavLink>
              </>
            )}
          </div>
        </div>
      </nav>
    </header>
  );
}

function Footer() {
  const { t } = useTranslation();
  return (
    <footer className="site-footer">
      <div className="container footer-inner">
        <div>
          <p className="footer-title">{t('app.name')}</p>
          <p>{t('footer.demo')}</p>
        </div>
        <div>
          <p>{t('footer.hotline')}</p>
          <p>
            <a href="/api/docs">{t('footer.api')}</a>
          </p>
        </div>
      </div>
    </footer>
  );
}

/** After a client-side navigation, put keyboard and screen-reader focus on the page's <h1>. */
function useFocusOnNavigate(mainRef: React.RefObject<HTMLElement | null>) {
  const location = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const id = window.setTimeout(() => {
      const main = mainRef.current;
      if (!main || main.contains(document.activeElement)) return;
      const h1 = main.querySelector<HTMLElement>('h1');
      const target = h1 ?? main;
      if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
      target.focus({ preventScroll: true });
    }, 50);
    return () => window.clearTimeout(id);
  }, [location.pathname, mainRef]);
}

export function Layout() {
  const { t } = useTranslation();
  const mainRef = useRef<HTMLElement>(null);
  useFocusOnNavigate(mainRef);
  return (
    <>
      <a href="#main" className="skip-link">
        {t('header.skip')}
      </a>
      <Header />
      <main id="main" ref={mainRef} tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
      <Footer />
      <ScrollRestoration />
    </>
  );
}
