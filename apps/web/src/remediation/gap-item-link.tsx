import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-aria-components';
import { REMEDIATION_STATUS_LABELS, remediationApi, remediationKeys } from '../api/remediation';

/**
 * On a submitted audit's results: the remediation item that closes a gap, with its status. All gaps of
 * the page share one request (the items from or carried over to the audit).
 */
export function GapItemLink({
  orgId,
  auditId,
  controlId,
}: {
  orgId: string;
  auditId: string;
  controlId: string;
}) {
  const query = `auditId=${encodeURIComponent(auditId)}&limit=200`;
  const items = useQuery({
    queryKey: remediationKeys.list(orgId, query),
    queryFn: () => remediationApi.list(orgId, query),
    retry: false,
  });
  const item = items.data?.items.find((i) => i.controlIds.includes(controlId));
  if (!item) return null;
  return (
    <p>
      <Link href={`/organisations/${orgId}/remediation/${item.id}`}>Remediation item: {item.title}</Link> (
      {REMEDIATION_STATUS_LABELS[item.status]})
    </p>
  );
}
