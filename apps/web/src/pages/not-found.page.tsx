import { Link } from 'react-aria-components';
import { Page } from '../components/page';

export function NotFoundPage() {
  return (
    <Page
      id="not-found"
      title="Page not found"
      intro="This address does not match any page, or it belongs to an organisation you are not a member of."
    >
      <p>
        <Link href="/">Go to your audits</Link>
      </p>
    </Page>
  );
}
