import { Outlet } from 'react-router-dom';
import { Link } from 'react-aria-components';
import { ContentFreeFooter } from './footer';

/** Sign-in, sign-up, password reset and invitations: one calm column. */
export function PublicLayout() {
  return (
    <div className="public-shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="public-header">
        <Link href="/" className="brand" aria-label="aup-audit home">
          <span className="brand-mark" aria-hidden="true" />
          aup-audit
        </Link>
      </header>
      <main id="main" className="public-main" tabIndex={-1}>
        <div className="card public-card">
          <Outlet />
        </div>
      </main>
      <ContentFreeFooter />
    </div>
  );
}
