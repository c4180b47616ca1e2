import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link } from 'react-aria-components';
import { useParams } from 'react-router-dom';
import type { RemediationItemSummary, RemediationStatus } from '@aup/contracts';
import { personName, REMEDIATION_STATUS_LABELS, remediationApi, remediationKeys } from '../api/remediation';
import { useSession } from '../auth/session';
import { ErrorAlert, Loading, Notice } from '../components/alerts';
import { Page } from '../components/page';
import { MemberPicker } from './member-picker';
import './remediation.css';

const STATUSES = Object.keys(REMEDIATION_STATUS_LABELS) as RemediationStatus[];

function ItemLine({ orgId, item, owner }: { orgId: string; item: RemediationItemSummary; owner: string }) {
  return (
    <div className="rem-row-main">
      <Link href={`/organisations/${orgId}/remediation/${item.id}`}>{item.title}</Link>
      <div className="rem-meta muted">
        <span className="badge">{item.priority}</span>
        <span>{REMEDIATION_STATUS_LABELS[item.status]}</span>
        <span>Due {item.dueDate}</span>
        {item.overdue ? <span className="badge badge-bad">Overdue</span> : null}
        <span>Owner: {owner}</span>
        <span>{item.progress}% of steps</span>
      </div>
    </div>
  );
}

/** The organisation's remediation items: filters, a list or a board by status, bulk assignment. */
export function RemediationBoardPage() {
  const { orgId = '' } = useParams();
  const { me } = useSession();
  const queryClient = useQueryClient();
  const role = me?.memberships.find((m) => m.organisationId === orgId)?.role;
  const manager = role === 'admin' || role === 'compliance_officer';
  const [status, setStatus] = useState('open,in_progress,blocked');
  const [priority, setPriority] = useState('');
  const [overdue, setOverdue] = useState(false);
  const [mine, setMine] = useState(false);
  const [view, setView] = useState<'list' | 'board'>('list');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [assignee, setAssignee] = useState('');
  const params = new URLSearchParams({ sort: 'dueDate', limit: '50' });
  if (status) params.set('status', status);
  if (priority) params.set('priority', priority);
  if (overdue) params.set('overdue', 'true');
  if (mine) params.set('owner', 'me');
  const query = params.toString();
  // Pages follow the api's cursor: "Show more" appends the next page to those already shown.
  const items = useInfiniteQuery({
    queryKey: remediationKeys.list(orgId, query),
    queryFn: ({ pageParam }) =>
      remediationApi.list(orgId, pageParam ? `${query}&cursor=${encodeURIComponent(pageParam)}` : query),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const total = items.data?.pages[0]?.total ?? 0;
  const list = useMemo(() => items.data?.pages.flatMap((p) => p.items) ?? [], [items.data]);
  const members = useQuery({
    queryKey: remediationKeys.members(orgId),
    queryFn: () => remediationApi.allMembers(orgId),
    enabled: manager,
  });
  const bulk = useMutation({
    mutationFn: async () => {
      for (const item of list.filter((i) => selected.has(i.id))) {
        await remediationApi.update(orgId, item.id, item.version, { ownerUserId: assignee || null });
      }
    },
    onSuccess: () => {
      setSelected(new Set());
      void queryClient.invalidateQueries({ queryKey: remediationKeys.all(orgId) });
    },
  });
  const toggle = (id: string) =>
    setSelected((s) => (s.has(id) ? new Set([...s].filter((x) => x !== id)) : new Set([...s, id])));

  return (
    <Page
      id="remediation-board"
      title="Remediation"
      intro="What the audits found and who fixes it. A later audit verifies each item."
      actions={
        <a className="button" href={remediationApi.exportUrl(orgId, query)} download>
          Download CSV
        </a>
      }
    >
      <form className="rem-filters" aria-label="Filter items" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label className="field-label" htmlFor="rem-status">
            Status
          </label>
          <select
            id="rem-status"
            className="input"
            value={status}
            onChange={(e) => setStatus(e.target.value)}
          >
            <option value="open,in_progress,blocked">Still to do</option>
            <option value="">All</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {REMEDIATION_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field-label" htmlFor="rem-priority">
            Priority
          </label>
          <select
            id="rem-priority"
            className="input"
            value={priority}
            onChange={(e) => setPriority(e.target.value)}
          >
            <option value="">All</option>
            {['P1', 'P2', 'P3', 'P4'].map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </div>
        <label className="choice-inline">
          <input type="checkbox" checked={overdue} onChange={(e) => setOverdue(e.target.checked)} /> Overdue
          only
        </label>
        <label className="choice-inline">
          <input type="checkbox" checked={mine} onChange={(e) => setMine(e.target.checked)} /> Mine only
        </label>
        <div className="field">
          <label className="field-label" htmlFor="rem-view">
            Show as
          </label>
          <select
            id="rem-view"
            className="input"
            value={view}
            onChange={(e) => setView(e.target.value as 'list' | 'board')}
          >
            <option value="list">List</option>
            <option value="board">Board by status</option>
          </select>
        </div>
      </form>
      {items.isPending ? <Loading /> : null}
      <ErrorAlert error={items.error} title="Items could not be loaded" />
      {items.isSuccess ? (
        <p role="status" className="muted">
          {list.length < total ? `${list.length} of ${total}` : total} item{total === 1 ? '' : 's'}
        </p>
      ) : null}
      {items.isSuccess && !list.length ? (
        <p>No items match. Items appear when an audit is submitted.</p>
      ) : null}

      {manager && view === 'list' && list.length ? (
        <div className="rem-bulk" role="group" aria-label="Assign the selected items">
          {members.data ? (
            <MemberPicker label="New owner" members={members.data} value={assignee} onChange={setAssignee} />
          ) : null}
          <button
            type="button"
            className="button"
            disabled={!selected.size || bulk.isPending}
            onClick={() => bulk.mutate()}
          >
            Assign {selected.size} selected
          </button>
          <ErrorAlert error={bulk.error} title="Not every item was assigned" />
          {bulk.isSuccess ? <Notice tone="success">Assigned.</Notice> : null}
        </div>
      ) : null}

      {view === 'list' ? (
        <ul className="rem-list" aria-label="Remediation items">
          {list.map((item) => (
            <li key={item.id} className="rem-row">
              {manager ? (
                <input
                  type="checkbox"
                  aria-label={`Select ${item.title}`}
                  checked={selected.has(item.id)}
                  onChange={() => toggle(item.id)}
                />
              ) : null}
              <ItemLine orgId={orgId} item={item} owner={personName(members.data, item.ownerUserId)} />
            </li>
          ))}
        </ul>
      ) : (
        <div className="rem-board">
          {STATUSES.filter((s) => list.some((i) => i.status === s)).map((s) => (
            <section key={s} className="rem-column" aria-labelledby={`col-${s}`}>
              <h2 id={`col-${s}`}>
                {REMEDIATION_STATUS_LABELS[s]} ({list.filter((i) => i.status === s).length})
              </h2>
              <ul className="rem-list">
                {list
                  .filter((i) => i.status === s)
                  .map((item) => (
                    <li key={item.id} className="rem-card">
                      <ItemLine
                        orgId={orgId}
                        item={item}
                        owner={personName(members.data, item.ownerUserId)}
                      />
                    </li>
                  ))}
              </ul>
            </section>
          ))}
        </div>
      )}
      {items.hasNextPage ? (
        <button
          type="button"
          className="button"
          disabled={items.isFetchingNextPage}
          onClick={() => void items.fetchNextPage()}
        >
          {items.isFetchingNextPage ? 'Loading…' : 'Show more'}
        </button>
      ) : null}
    </Page>
  );
}
