import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Dialog, DialogTrigger, Link, Popover } from 'react-aria-components';
import { remediationApi, remediationKeys } from '../api/remediation';
import './remediation.css';

/** The header bell: your unread reminders in this organisation, the latest ones, and "mark all read". */
export function NotificationsBell({ orgId }: { orgId: string }) {
  const queryClient = useQueryClient();
  const unread = useQuery({
    queryKey: remediationKeys.unread(orgId),
    queryFn: () => remediationApi.unread(orgId),
    refetchInterval: 5 * 60_000,
  });
  const list = useQuery({
    queryKey: remediationKeys.notifications(orgId),
    queryFn: () => remediationApi.notifications(orgId),
    enabled: false,
  });
  const readAll = useMutation({
    mutationFn: () => remediationApi.readAll(orgId),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: remediationKeys.unread(orgId) });
      void list.refetch();
    },
  });
  const count = unread.data?.unread ?? 0;
  return (
    <DialogTrigger onOpenChange={(open) => (open ? void list.refetch() : undefined)}>
      <Button
        className="button button-quiet bell"
        aria-label={count ? `Reminders, ${count} unread` : 'Reminders'}
      >
        {/* Drawn, not an emoji: a machine without an emoji font would show an empty box. */}
        <svg
          aria-hidden="true"
          width="18"
          height="18"
          viewBox="0 0 24 24"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          strokeLinecap="round"
          strokeLinejoin="round"
        >
          <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
          <path d="M13.7 21a2 2 0 0 1-3.4 0" />
        </svg>
        {count ? (
          <span className="bell-count" aria-hidden="true">
            {count}
          </span>
        ) : null}
      </Button>
      <Popover className="popover" placement="bottom end">
        <Dialog className="bell-panel" aria-label="Reminders">
          {list.isFetching && !list.data ? <p>Loading…</p> : null}
          {list.data && !list.data.items.length ? <p>No reminders.</p> : null}
          <ul>
            {(list.data?.items ?? []).map((n) => (
              <li key={n.id}>
                <Link href={`/organisations/${orgId}/remediation/${n.itemId}`}>{n.text}</Link>
                {n.read ? null : <span className="visually-hidden"> (unread)</span>}
              </li>
            ))}
          </ul>
          {count ? (
            <button type="button" className="button button-small" onClick={() => readAll.mutate()}>
              Mark all read
            </button>
          ) : null}
        </Dialog>
      </Popover>
    </DialogTrigger>
  );
}
