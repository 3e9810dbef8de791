import { createBrowserRouter, RouterProvider, useRouteError, Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { AuthProvider } from './auth';
import { Layout } from './components/Layout';
import { appRoutes } from './routes';

function RouteError() {
  const error = useRouteError();
  const { t } = useTranslation();
  console.error(error);
  return (
    <main id="main" className="container page">
      <h1>{t('errors.pageCrashed')}</h1>
      <p>{t('errors.pageCrashedText')}</p>
      <p>
        <Link to="/">{t('notFound.home')}</Link>
      </p>
    </main>
  );
}

const router = createBrowserRouter([
  {
    element: <Layout />,
    errorElement: <RouteError />,
    children: appRoutes.map((r) => ({ path: r.path, element: r.element, errorElement: <RouteError /> })),
  },
]);

export function App() {
  return (
    <AuthProvider>
      <RouterProvider router={router} />
    </AuthProvider>
  );
}
