import { createBrowserRouter, Outlet, useHref, useNavigate, type NavigateOptions } from 'react-router-dom';
import { RouterProvider as AriaRouterProvider } from 'react-aria-components';
import { PublicLayout } from './layout/public-layout';
import { NotFoundPage } from './pages/not-found.page';
import { SignInPage } from './pages/sign-in.page';
import { HomePage } from './pages/home.page';
import { RouteError } from './pages/route-error';
import { queryClient } from './api/app-query-client';
import { auditKeys, auditsApi } from './api/audits';

declare module 'react-aria-components' {
  interface RouterConfig {
    routerOptions: NavigateOptions;
  }
}

/** Lets react-aria links and menus navigate with the client router instead of reloading the page. */
function AriaRouting() {
  const navigate = useNavigate();
  return (
    <AriaRouterProvider navigate={navigate} useHref={useHref}>
      <Outlet />
    </AriaRouterProvider>
  );
}

// Every page but sign-in, and the signed-in layout, is a separate chunk, so the first page loads only what it
// shows; recharts is only ever imported by the results page.
const lazyPage = <K extends string>(load: () => Promise<Record<K, React.ComponentType>>, name: K) => ({
  lazy: async () => ({ Component: (await load())[name] }),
});

export const router = createBrowserRouter([
  {
    element: <AriaRouting />,
    errorElement: <RouteError />,
    children: [
      {
        element: <PublicLayout />,
        children: [
          { path: '/sign-in', element: <SignInPage /> },
          { path: '/sign-up', ...lazyPage(() => import('./pages/sign-up.page'), 'SignUpPage') },
          {
            path: '/forgot-password',
            ...lazyPage(() => import('./pages/password-reset.page'), 'ForgotPasswordPage'),
          },
          {
            path: '/password-reset',
            ...lazyPage(() => import('./pages/password-reset.page'), 'ResetPasswordPage'),
          },
          {
            path: '/invitations/accept',
            ...lazyPage(() => import('./pages/accept-invitation.page'), 'AcceptInvitationPage'),
          },
        ],
      },
      {
        // The signed-in layout (menus, dialogs, the notifications bell) is its own chunk too: the first page
        // (sign-in) does not load it. It loads beside the page it wraps, not before it.
        ...lazyPage(() => import('./layout/app-layout'), 'AppLayout'),
        children: [
          { path: '/', element: <HomePage /> },
          {
            path: '/organisations/:orgId/audits',
            ...lazyPage(() => import('./audit/audits.page'), 'AuditsPage'),
          },
          {
            path: '/organisations/:orgId/audits/:auditId',
            ...lazyPage(() => import('./audit/audit-overview.page'), 'AuditOverviewPage'),
          },
          {
            path: '/organisations/:orgId/audits/:auditId/sections/:section',
            ...lazyPage(() => import('./audit/questionnaire/questionnaire.page'), 'QuestionnairePage'),
            // The section is fetched while the session and the page's code load, not after them: the
            // questionnaire is where people spend their time, and this takes one round trip off its start.
            loader: ({ params: { orgId = '', auditId = '', section = '' } }) => {
              void queryClient.prefetchQuery({
                queryKey: auditKeys.section(orgId, auditId, section),
                queryFn: () => auditsApi.section(orgId, auditId, section),
                staleTime: Infinity,
              });
              return null;
            },
          },
          {
            path: '/organisations/:orgId/audits/:auditId/submit',
            ...lazyPage(() => import('./audit/submit.page'), 'SubmitPage'),
          },
          {
            path: '/organisations/:orgId/audits/:auditId/results',
            ...lazyPage(() => import('./audit/results/results.page'), 'ResultsPage'),
          },
          {
            path: '/organisations/:orgId/audits/:auditId/history',
            ...lazyPage(() => import('./audit/history.page'), 'HistoryPage'),
          },
          {
            path: '/organisations/:orgId/audit-trail',
            ...lazyPage(() => import('./trail/audit-trail.page'), 'AuditTrailPage'),
          },
          {
            path: '/organisations/:orgId/audits/:auditId/reports',
            ...lazyPage(() => import('./audit/reports/reports.page'), 'ReportsPage'),
          },
          {
            path: '/organisations/:orgId/admin/members',
            ...lazyPage(() => import('./admin/members.page'), 'MembersPage'),
          },
          {
            path: '/organisations/:orgId/admin/integrations',
            ...lazyPage(() => import('./admin/integrations.page'), 'IntegrationsPage'),
          },
          {
            path: '/organisations/:orgId/profile',
            ...lazyPage(() => import('./organisation/profile.page'), 'ProfilePage'),
          },
          {
            path: '/organisations/:orgId/policy-model/clauses',
            ...lazyPage(() => import('./policy-model/clauses.page'), 'ClausesPage'),
          },
          {
            path: '/organisations/:orgId/policy-model/action-plan',
            ...lazyPage(() => import('./policy-model/action-plan.page'), 'ActionPlanPage'),
          },
          {
            path: '/organisations/:orgId/policy-model/obligations',
            ...lazyPage(() => import('./policy-model/obligations.page'), 'ObligationsPage'),
          },
          { path: '/portfolio', ...lazyPage(() => import('./portfolio/portfolio.page'), 'PortfolioPage') },
          { path: '/account/security', ...lazyPage(() => import('./account/security.page'), 'SecurityPage') },
          { path: '/account/tokens', ...lazyPage(() => import('./account/tokens.page'), 'TokensPage') },
          {
            path: '/organisations/:orgId/remediation',
            ...lazyPage(() => import('./remediation/board.page'), 'RemediationBoardPage'),
          },
          {
            path: '/organisations/:orgId/remediation/:itemId',
            ...lazyPage(() => import('./remediation/item.page'), 'RemediationItemPage'),
          },
          { path: '/my-tasks', ...lazyPage(() => import('./remediation/my-tasks.page'), 'MyTasksPage') },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
