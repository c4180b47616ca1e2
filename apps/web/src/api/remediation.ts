import type {
  CursorPage,
  MemberView,
  NotificationView,
  Page,
  RemediationCommentView,
  RemediationHistoryEntry,
  RemediationItemSummary,
  RemediationItemView,
  RemediationMove,
  RemediationStatus,
  RemediationTransitionRequest,
  UpdateRemediationItemRequest,
} from '@aup/contracts';
import { api } from './http-client';

const enc = encodeURIComponent;
const base = (orgId: string) => `/organisations/${enc(orgId)}/remediation-items`;

export const remediationKeys = {
  list: (orgId: string, query: string) => ['orgs', orgId, 'remediation', query] as const,
  all: (orgId: string) => ['orgs', orgId, 'remediation'] as const,
  item: (orgId: string, itemId: string) => ['orgs', orgId, 'remediation', 'item', itemId] as const,
  mine: ['me', 'remediation'] as const,
  members: (orgId: string) => ['orgs', orgId, 'members', 'all'] as const,
  unread: (orgId: string) => ['orgs', orgId, 'notifications', 'unread'] as const,
  notifications: (orgId: string) => ['orgs', orgId, 'notifications'] as const,
};

export const remediationApi = {
  list: (orgId: string, query: string) =>
    api.get<CursorPage<RemediationItemSummary>>(`${base(orgId)}?${query}`),
  mine: () =>
    api.get<CursorPage<RemediationItemSummary>>(
      '/me/remediation-items?status=open,in_progress,blocked&limit=100',
    ),
  get: (orgId: string, itemId: string) => api.get<RemediationItemView>(`${base(orgId)}/${enc(itemId)}`),
  update: (orgId: string, itemId: string, version: number, body: UpdateRemediationItemRequest) =>
    api.patch<RemediationItemView>(`${base(orgId)}/${enc(itemId)}`, body, { ifMatch: version }),
  transition: (orgId: string, itemId: string, version: number, body: RemediationTransitionRequest) =>
    api.post<RemediationItemView>(`${base(orgId)}/${enc(itemId)}/transitions`, body, { ifMatch: version }),
  comments: (orgId: string, itemId: string) =>
    api.get<RemediationCommentView[]>(`${base(orgId)}/${enc(itemId)}/comments`),
  addComment: (orgId: string, itemId: string, body: string) =>
    api.post<RemediationCommentView>(`${base(orgId)}/${enc(itemId)}/comments`, { body }),
  history: (orgId: string, itemId: string) =>
    api.get<RemediationHistoryEntry[]>(`${base(orgId)}/${enc(itemId)}/history`),
  exportUrl: (orgId: string, query: string) => `/api/v1${base(orgId)}/export?${query}`,
  /** Every member, page by page (the members list gives at most 100 at a time). */
  allMembers: async (orgId: string): Promise<MemberView[]> => {
    const out: MemberView[] = [];
    for (let offset = 0; ; offset += 100) {
      const page = await api.get<Page<MemberView>>(
        `/organisations/${enc(orgId)}/members?limit=100&offset=${offset}`,
      );
      out.push(...page.items);
      if (out.length >= page.total || !page.items.length) return out;
    }
  },
  unread: (orgId: string) =>
    api.get<{ unread: number }>(`/organisations/${enc(orgId)}/notifications/unread-count`),
  notifications: (orgId: string) =>
    api.get<Page<NotificationView> & { unread: number }>(
      `/organisations/${enc(orgId)}/notifications?limit=20`,
    ),
  readAll: (orgId: string) =>
    api.post<{ marked: number }>(`/organisations/${enc(orgId)}/notifications/read-all`),
};

export const REMEDIATION_STATUS_LABELS: Record<RemediationStatus, string> = {
  open: 'Open',
  in_progress: 'In progress',
  blocked: 'Blocked',
  done: 'Done',
  verified: 'Verified',
  risk_accepted: 'Risk accepted',
};

export const MOVE_LABELS: Record<RemediationMove, string> = {
  start: 'Start work',
  block: 'Mark blocked',
  unblock: 'Unblock',
  complete: 'Mark done',
  reopen: 'Reopen',
  accept_risk: 'Accept the risk',
  withdraw_acceptance: 'Withdraw acceptance',
};

export const personName = (members: readonly MemberView[] | undefined, userId: string | null): string => {
  if (!userId) return 'Nobody';
  const m = members?.find((x) => x.userId === userId);
  return m ? (m.displayName ?? m.email ?? 'Erased account') : 'A member';
};
