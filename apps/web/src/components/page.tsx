import { useEffect, useRef, type ReactNode } from 'react';

/** Marks when a page became usable; the web benchmark reads it (time to interactive). */
export function markInteractive(page: string): void {
  performance.mark('aup:interactive', { detail: { page } });
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
  useEffect(() => {
    document.title = `${title} · aup-audit`;
    // The first page load keeps the browser's own focus handling; later navigations move focus.
    if (document.documentElement.dataset.navigated === 'true')
      heading.current?.focus({ preventScroll: false });
    document.documentElement.dataset.navigated = 'true';
    markInteractive(id);
  }, [title, id]);
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
