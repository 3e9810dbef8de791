// THE route table of the web app. To add a page: add an entry here (lazy-import its component),
// and give it `nav` if it belongs in the header. Pages live under src/routes/<audience>/:
//   public/   anyone (catalog, tracking, sign-in)     citizen/  the applicant's own dossiers
//   desk/     officials' one-stop desk (queue, dossier) admin/  administration (agencies, officials, procedures, calendar)
// Wrap pages that need an account in <RequireAuth roles={…}> (src/auth.tsx).
import { lazy, type ReactNode } from 'react';
import type { Role } from '@tinhso/contracts';
import { RequireAuth, OFFICIAL_ROLES } from './auth';
import type { ParseKeys } from 'i18next';

const HomePage = lazy(() => import('./routes/public/HomePage'));
const CatalogPage = lazy(() => import('./routes/public/CatalogPage'));
const ProcedurePage = lazy(() => import('./routes/public/ProcedurePage'));
const LoginPage = lazy(() => import('./routes/public/LoginPage'));
const RegisterPage = lazy(() => import('./routes/public/RegisterPage'));
const TrackingPage = lazy(() => import('./routes/public/TrackingPage'));
const ComingSoonPage = lazy(() => import('./routes/public/ComingSoonPage'));
const NotFoundPage = lazy(() => import('./routes/public/NotFoundPage'));
const SubmitPage = lazy(() => import('./routes/citizen/SubmitPage'));
const MyDossiersPage = lazy(() => import('./routes/citizen/MyDossiersPage'));
const DossierPage = lazy(() => import('./routes/citizen/DossierPage'));
const DeskQueuePage = lazy(() => import('./routes/desk/DeskQueuePage'));
const DeskDossierPage = lazy(() => import('./routes/desk/DeskDossierPage'));
const AdminHomePage = lazy(() => import('./routes/admin/AdminHomePage'));
const AgenciesPage = lazy(() => import('./routes/admin/AgenciesPage'));
const UsersPage = lazy(() => import('./routes/admin/UsersPage'));
const ProceduresPage = lazy(() => import('./routes/admin/ProceduresPage'));
const ProcedureEditPage = lazy(() => import('./routes/admin/ProcedureEditPage'));
const CalendarPage = lazy(() => import('./routes/admin/CalendarPage'));
const PublicFeedbackPage = lazy(() => import('./routes/feedback/PublicFeedbackPage'));
const SubmitFeedbackPage = lazy(() => import('./routes/feedback/SubmitFeedbackPage'));
const FeedbackTrackPage = lazy(() => import('./routes/feedback/FeedbackTrackPage'));
const MyFeedbackPage = lazy(() => import('./routes/feedback/MyFeedbackPage'));
const FeedbackQueuePage = lazy(() => import('./routes/feedback/FeedbackQueuePage'));
const FeedbackWorkspacePage = lazy(() => import('./routes/feedback/FeedbackWorkspacePage'));
const ModerationPage = lazy(() => import('./routes/feedback/ModerationPage'));
const RoutingRulesPage = lazy(() => import('./routes/feedback/RoutingRulesPage'));
const DashboardPage = lazy(() => import('./routes/dashboard/DashboardPage'));
const DrillDownPage = lazy(() => import('./routes/dashboard/DrillDownPage'));
const TransparencyPage = lazy(() => import('./routes/public/TransparencyPage'));

/**
 * Who sees a header link: 'all', 'guest' (signed out), 'signedIn', or a list of roles.
 */
export type Audience = 'all' | 'guest' | 'signedIn' | readonly Role[];

export interface NavEntry {
  /** i18n key of the link text. */
  label: ParseKeys;
  audience: Audience;
  /** Position in the header, smaller first. */
  order: number;
  /** Only this exact path marks the link as current (for '/'). */
  end?: boolean;
}

export interface AppRoute {
  path: string;
  element: ReactNode;
  nav?: NavEntry;
}

export const CITIZEN_ROLES: readonly Role[] = ['citizen'];
export const DESK_ROLES: readonly Role[] = OFFICIAL_ROLES;
export const ADMIN_ROLES: readonly Role[] = ['admin'];
/** The operations centre: province leaders and commune chairs (leader), agency heads (approver). */
export const DASHBOARD_ROLES: readonly Role[] = ['leader', 'approver'];

export const appRoutes: AppRoute[] = [
  // ---- public
  { path: '/', element: <HomePage />, nav: { label: 'nav.home', audience: 'all', order: 10, end: true } },
  { path: '/thu-tuc', element: <CatalogPage />, nav: { label: 'nav.procedures', audience: 'all', order: 20 } },
  { path: '/thu-tuc/:id', element: <ProcedurePage /> },
  { path: '/tra-cuu', element: <TrackingPage />, nav: { label: 'nav.tracking', audience: 'all', order: 30 } },
  { path: '/tra-cuu/:code', element: <TrackingPage /> },
  { path: '/minh-bach', element: <TransparencyPage />, nav: { label: 'nav.transparency', audience: 'all', order: 35 } },
  { path: '/dang-nhap', element: <LoginPage /> },
  { path: '/dang-ky', element: <RegisterPage /> },

  // ---- citizen (applicant)
  {
    path: '/thu-tuc/:id/nop-ho-so',
    element: (
      <RequireAuth roles={CITIZEN_ROLES}>
        <SubmitPage />
      </RequireAuth>
    ),
  },
  {
    path: '/ho-so',
    element: (
      <RequireAuth roles={CITIZEN_ROLES}>
        <MyDossiersPage />
      </RequireAuth>
    ),
    nav: { label: 'nav.myDossiers', audience: CITIZEN_ROLES, order: 40 },
  },
  {
    path: '/ho-so/:id',
    element: (
      <RequireAuth>
        <DossierPage />
      </RequireAuth>
    ),
  },

  // ---- officials' desk (src/routes/desk/): queue, dossier workspace
  {
    path: '/can-bo',
    element: (
      <RequireAuth roles={DESK_ROLES}>
        <DeskQueuePage />
      </RequireAuth>
    ),
    nav: { label: 'nav.desk', audience: DESK_ROLES, order: 50 },
  },
  {
    path: '/can-bo/ho-so/:id',
    element: (
      <RequireAuth roles={DESK_ROLES}>
        <DeskDossierPage />
      </RequireAuth>
    ),
  },

  // ---- leaders' operations centre (src/routes/dashboard/): indicators, rankings, trend, map, drill-down
  {
    path: '/dieu-hanh',
    element: (
      <RequireAuth roles={DASHBOARD_ROLES}>
        <DashboardPage />
      </RequireAuth>
    ),
    nav: { label: 'nav.dashboard', audience: DASHBOARD_ROLES, order: 45 },
  },
  {
    path: '/dieu-hanh/chi-tiet',
    element: (
      <RequireAuth roles={DASHBOARD_ROLES}>
        <DrillDownPage />
      </RequireAuth>
    ),
  },

  // ---- feedback reports (src/routes/feedback/): public list and map, sending (signed in or not),
  //      tracking and rating, the reporter's list, the officials' queue and workspace, moderation
  { path: '/phan-anh', element: <PublicFeedbackPage />, nav: { label: 'feedback.nav.public', audience: 'all', order: 33, end: true } },
  { path: '/phan-anh/gui', element: <SubmitFeedbackPage /> },
  { path: '/phan-anh/tra-cuu', element: <FeedbackTrackPage /> },
  { path: '/phan-anh/:code', element: <FeedbackTrackPage /> },
  {
    path: '/phan-anh/cua-toi',
    element: (
      <RequireAuth>
        <MyFeedbackPage />
      </RequireAuth>
    ),
    nav: { label: 'feedback.nav.mine', audience: CITIZEN_ROLES, order: 42 },
  },
  {
    path: '/xu-ly-phan-anh',
    element: (
      <RequireAuth roles={DESK_ROLES}>
        <FeedbackQueuePage />
      </RequireAuth>
    ),
    nav: { label: 'feedback.nav.desk', audience: DESK_ROLES, order: 52 },
  },
  {
    path: '/xu-ly-phan-anh/:id',
    element: (
      <RequireAuth roles={DESK_ROLES}>
        <FeedbackWorkspacePage />
      </RequireAuth>
    ),
  },
  {
    path: '/kiem-duyet',
    element: (
      <RequireAuth roles={['moderator']}>
        <ModerationPage />
      </RequireAuth>
    ),
    nav: { label: 'feedback.nav.moderation', audience: ['moderator'], order: 55 },
  },
  { path: '/quan-tri/phan-anh', element: <RequireAuth roles={ADMIN_ROLES}><RoutingRulesPage /></RequireAuth> },

  // ---- administration (src/routes/admin/): overview, agencies, officials, procedures, calendar
  {
    path: '/quan-tri',
    element: (
      <RequireAuth roles={ADMIN_ROLES}>
        <AdminHomePage />
      </RequireAuth>
    ),
    nav: { label: 'nav.admin', audience: ADMIN_ROLES, order: 60 },
  },
  { path: '/quan-tri/co-quan', element: <RequireAuth roles={ADMIN_ROLES}><AgenciesPage /></RequireAuth> },
  { path: '/quan-tri/tai-khoan', element: <RequireAuth roles={ADMIN_ROLES}><UsersPage /></RequireAuth> },
  { path: '/quan-tri/thu-tuc', element: <RequireAuth roles={ADMIN_ROLES}><ProceduresPage /></RequireAuth> },
  { path: '/quan-tri/thu-tuc/moi', element: <RequireAuth roles={ADMIN_ROLES}><ProcedureEditPage /></RequireAuth> },
  { path: '/quan-tri/thu-tuc/:id', element: <RequireAuth roles={ADMIN_ROLES}><ProcedureEditPage /></RequireAuth> },
  { path: '/quan-tri/lich-nghi', element: <RequireAuth roles={ADMIN_ROLES}><CalendarPage /></RequireAuth> },

  { path: '*', element: <NotFoundPage /> },
];

export function canSee(audience: Audience, role: Role | null): boolean {
  if (audience === 'all') return true;
  if (audience === 'guest') return role === null;
  if (audience === 'signedIn') return role !== null;
  return role !== null && audience.includes(role);
}

/** Header links for the current user, in order. */
export function navFor(role: Role | null): (NavEntry & { path: string })[] {
  return appRoutes
    .filter((r): r is AppRoute & { nav: NavEntry } => !!r.nav && canSee(r.nav.audience, role))
    .map((r) => ({ ...r.nav, path: r.path }))
    .sort((a, b) => a.order - b.order);
}
