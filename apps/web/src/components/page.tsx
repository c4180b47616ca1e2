import { useEffect, useRef, type ReactNode } from 'react';
import { useLocation } from 'react-router-dom';

/**
 * Marks when a page became usable, with the path it was shown for: pages of one kind follow each other
 * (section after section), so the id alone cannot tell the new page from the one before it. The web
 * benchmark and the browser tests read it (time to interactive, and "the page has changed").
 */
export function markInteractive(page: string): void {
  performance.mark('aup:interactive', { detail: { page } });
  document.documentElement.dataset.readyPath = location.pathname;
  document.documentElement.dataset.ready = page;
}

/**
 * A page's title and heading. On a client-side navigation focus moves to the heading, so screen-reader
 * and keyboard users start at the new page's top instead of wherever the old page left them.
 */
export function Page({
  title,
  intro,
  children,
  actions,
  id,
}: {
  title: string;
  intro?: ReactNode;
  children: ReactNode;
  actions?: ReactNode;
  id: string;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  // Runs for every new location, also between two pages with the same title.
  const { pathname } = useLocation();
  useEffect(() => {
    document.title = `${title} · aup-audit`;
    // The first page load keeps the browser's own focus handling; later navigations move focus.
    if (document.documentElement.dataset.navigated === 'true')
      heading.current?.focus({ preventScroll: false });
    document.documentElement.dataset.navigated = 'true';
    markInteractive(id);
  }, [title, id, pathname]);
  return (
    <div className="page" data-page={id}>
      <header className="page-header">
        <div>
          <h1 ref={heading} tabIndex={-1}>
            {title}
          </h1>
          {intro ? <p className="page-intro">{intro}</p> : null}
        </div>
        {actions ? <div className="page-actions">{actions}</div> : null}
      </header>
      {children}
    </div>
  );
}
