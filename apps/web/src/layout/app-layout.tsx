import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Link, Menu, MenuItem, MenuTrigger, Popover } from 'react-aria-components';
import { Navigate, NavLink, Outlet, useLocation, useNavigate, useParams } from 'react-router-dom';
import { accountsApi, type Role } from '../api/accounts';
import { Loading } from '../components/alerts';
import { ReauthDialog } from '../auth/reauth-dialog';
import { useSession } from '../auth/session';
import { ContentFreeFooter } from './footer';
import { OrgSwitcher } from './org-switcher';
import { NotificationsBell } from '../remediation/notifications-bell';

function SideNav({
  orgId,
  role,
  open,
  onNavigate,
}: {
  orgId: string;
  role?: Role;
  open: boolean;
  onNavigate: () => void;
}) {
  const base = `/organisations/${orgId}`;
  const link = (to: string, label: string) => (
    <li>
      <NavLink
        to={to}
        onClick={onNavigate}
        className={({ isActive }) => (isActive ? 'nav-link active' : 'nav-link')}
      >
        {label}
      </NavLink>
    </li>
  );
  return (
    <nav aria-label="Main" id="main-nav" className="side-nav" data-open={open ? 'true' : 'false'}>
      <ul>
        {link('/my-tasks', 'My tasks')}
        {link(`${base}/audits`, 'Audits')}
        {link(`${base}/remediation`, 'Remediation')}
      </ul>
      {role && role !== 'respondent' ? (
        <>
          <h2 className="nav-heading">Policy model</h2>
          <ul>
            {link(`${base}/policy-model/clauses`, 'Acceptable-use policy')}
            {link(`${base}/policy-model/action-plan`, 'Action plan')}
            {link(`${base}/policy-model/obligations`, 'Obligations register')}
            {link('/portfolio', 'Portfolio')}
          </ul>
        </>
      ) : null}
      <h2 className="nav-heading">Organisation</h2>
      <ul>
        {link(`${base}/profile`, 'Organisation profile')}
        {role === 'admin' ? link(`${base}/admin/members`, 'Members, roles and invitations') : null}
        {role === 'admin' ? link(`${base}/admin/integrations`, 'Reminders and integrations') : null}
        {role && role !== 'respondent' ? link(`${base}/audit-trail`, 'Audit trail') : null}
      </ul>
      <h2 className="nav-heading">Your account</h2>
      <ul>
        {link('/account/security', 'Sign-in and security')}
        {link('/account/tokens', 'API tokens')}
      </ul>
    </nav>
  );
}

/** The signed-in shell: header with organisation switcher and account menu, navigation, page. */
export function AppLayout() {
  const { me, loading, signedOut } = useSession();
  const { orgId } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  // Below 760 px the navigation folds behind a Menu button (see styles.css), so no page scrolls sideways.
  const [navOpen, setNavOpen] = useState(false);
  const logout = useMutation({
    mutationFn: accountsApi.logout,
    onSettled: () => signedOut(),
  });

  if (loading) return <Loading />;
  // After signing out, start afresh; after a visit without a session, come back here once signed in.
  if (!me)
    return (
      <Navigate
        to={
          logout.isIdle
            ? `/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`
            : '/sign-in'
        }
        replace
      />
    );

  const membership = me.memberships.find((m) => m.organisationId === orgId);
  const navOrg = membership?.organisationId ?? me.memberships[0]?.organisationId;

  return (
    <div className="app-shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <Link
          href={navOrg ? `/organisations/${navOrg}/audits` : '/'}
          className="brand"
          aria-label="aup-audit home"
        >
          <span className="brand-mark" aria-hidden="true" />
          aup-audit
        </Link>
        <OrgSwitcher memberships={me.memberships} current={membership?.organisationId} />
        {navOrg ? <NotificationsBell orgId={navOrg} /> : null}
        {navOrg ? (
          <Button
            className="button button-quiet nav-toggle"
            aria-expanded={navOpen}
            aria-controls="main-nav"
            onPress={() => setNavOpen(!navOpen)}
          >
            Menu
          </Button>
        ) : null}
        <MenuTrigger>
          <Button
            className="button button-quiet account-button"
            aria-label={`Account: ${me.user.displayName ?? me.user.email}`}
          >
            <span className="account-name">{me.user.displayName ?? me.user.email}</span>
            <span aria-hidden="true" className="chevron">
              ▾
            </span>
          </Button>
          <Popover className="popover" placement="bottom end">
            <Menu
              className="menu"
              onAction={(key) => (key === 'logout' ? logout.mutate() : navigate(String(key)))}
            >
              <MenuItem className="menu-item" id="/account/security">
                Sign-in and security
              </MenuItem>
              <MenuItem className="menu-item" id="/account/tokens">
                API tokens
              </MenuItem>
              <MenuItem className="menu-item" id="logout">
                Sign out
              </MenuItem>
            </Menu>
          </Popover>
        </MenuTrigger>
      </header>
      <div className="app-body">
        {navOrg ? (
          <SideNav
            orgId={navOrg}
            role={membership?.role ?? me.memberships[0]?.role}
            open={navOpen}
            onNavigate={() => setNavOpen(false)}
          />
        ) : null}
        <main id="main" className="app-main" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
      <ContentFreeFooter />
      <ReauthDialog />
    </div>
  );
}
