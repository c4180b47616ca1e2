import { useParams } from 'react-router-dom';
import { Page } from '../../components/page';
import { ReportsPanel } from './reports-panel';

/** The auditor's view of an audit: the files to take away, each with its digest. */
export function ReportsPage() {
  const { orgId = '', auditId = '' } = useParams();
  return (
    <Page
      id="reports"
      title="Reports"
      intro="Download this audit as PDF, Excel, CSV, JSON or OSCAL. Each file's SHA-256 is shown so anyone can check a copy."
    >
      <ReportsPanel orgId={orgId} auditId={auditId} />
    </Page>
  );
}
