import { isRouteErrorResponse, useRouteError } from 'react-router-dom';

/** Last resort when a page fails to load or render (e.g. a new version was deployed meanwhile). */
export function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : 'This page could not be shown.';
  return (
    <main id="main" className="public-main">
      <div className="card public-card" role="alert">
        <h1>Something went wrong</h1>
        <p>{message}</p>
        <p>
          Reload the page to try again; anything you typed in a questionnaire is kept in this browser tab.
        </p>
        <p>
          <a href="/">Go to your audits</a>
        </p>
      </div>
    </main>
  );
}
