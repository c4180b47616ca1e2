import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Dialog, Heading, Link, Modal, ModalOverlay } from 'react-aria-components';
import { useParams } from 'react-router-dom';
import type { RemediationItemView, RemediationMove, RemediationTransitionRequest } from '@aup/contracts';
import {
  MOVE_LABELS,
  personName,
  REMEDIATION_STATUS_LABELS,
  remediationApi,
  remediationKeys,
} from '../api/remediation';
import { useSession } from '../auth/session';
import { ErrorAlert, Loading, Notice } from '../components/alerts';
import { Page } from '../components/page';
import { MemberPicker } from './member-picker';
import './remediation.css';

const today = () => new Date().toISOString().slice(0, 10);

type Member = { userId: string; displayName: string | null; email: string | null; role: string };

/** Twelve months from today (YYYY-MM-DD): the latest expiry a risk acceptance may have. */
const inTwelveMonths = () => {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d.toISOString().slice(0, 10);
};

/** Blocking and marking done need a reason or a note: a small form under the status buttons. */
function MoveForm({
  move,
  onSubmit,
  onCancel,
  busy,
}: {
  move: 'block' | 'complete';
  onSubmit: (body: RemediationTransitionRequest) => void;
  onCancel: () => void;
  busy: boolean;
}) {
  const [text, setText] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (move === 'block') onSubmit({ move, reason: text });
    else onSubmit({ move, ...(text.trim() ? { note: text } : {}) });
  };
  return (
    <form className="form card" aria-label={MOVE_LABELS[move]} onSubmit={submit}>
      <div className="field">
        <label className="field-label" htmlFor="move-text">
          {move === 'block' ? 'Why is it blocked?' : 'Closing note (optional)'}
        </label>
        <textarea
          id="move-text"
          className="input textarea"
          rows={3}
          value={text}
          onChange={(e) => setText(e.target.value)}
          required={move === 'block'}
        />
        <p className="field-description">No web addresses, e-mail addresses or file contents.</p>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {MOVE_LABELS[move]}
        </button>
        <button type="button" className="button button-quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/**
 * Risk acceptance in a modal dialog: justification, approver and expiry (at most 12 months ahead). Focus
 * stays in the dialog while it is open and returns to the button that opened it; Escape closes it. The
 * api checks every rule, and its answer (e.g. 422 without a justification) is shown inside the dialog.
 */
function AcceptRiskDialog({
  item,
  members,
  onSubmit,
  onClose,
  busy,
  error,
}: {
  item: RemediationItemView;
  members: Member[];
  onSubmit: (body: RemediationTransitionRequest) => void;
  onClose: () => void;
  busy: boolean;
  error: unknown;
}) {
  const [justification, setJustification] = useState('');
  const [approver, setApprover] = useState('');
  const [expires, setExpires] = useState('');
  return (
    <ModalOverlay
      isOpen
      isDismissable
      onOpenChange={(open) => (open ? undefined : onClose())}
      className="modal-overlay"
    >
      <Modal className="modal">
        <Dialog className="dialog">
          <Heading slot="title">Accept the risk</Heading>
          <p>
            The item stays open on paper until the acceptance ends; then it reopens. Only a compliance officer
            or an administrator may approve it.
          </p>
          {item.controls.some((c) => c.criticalLegal) ? (
            <Notice tone="warning">
              This item closes a critical control required by law; it cannot be risk-accepted.
            </Notice>
          ) : null}
          <form
            className="form"
            aria-label="Accept the risk"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              onSubmit({
                move: 'accept_risk',
                justification,
                approverUserId: approver || undefined,
                expiresOn: expires || undefined,
              });
            }}
          >
            <div className="field">
              <label className="field-label" htmlFor="accept-justification">
                Why is the risk accepted?
              </label>
              <textarea
                id="accept-justification"
                className="input textarea"
                rows={3}
                aria-required="true"
                value={justification}
                onChange={(e) => setJustification(e.target.value)}
              />
              <p className="field-description">No web addresses, e-mail addresses or file contents.</p>
            </div>
            <div className="field">
              <label className="field-label" htmlFor="accept-approver">
                Approved by
              </label>
              <select
                id="accept-approver"
                className="input"
                aria-required="true"
                value={approver}
                onChange={(e) => setApprover(e.target.value)}
              >
                <option value="">Choose a compliance officer or admin</option>
                {members
                  .filter((m) => m.role === 'admin' || m.role === 'compliance_officer')
                  .map((m) => (
                    <option key={m.userId} value={m.userId}>
                      {m.displayName ?? m.email ?? 'Erased account'}
                    </option>
                  ))}
              </select>
            </div>
            <div className="field">
              <label className="field-label" htmlFor="accept-expires">
                Acceptance ends on (at most 12 months ahead)
              </label>
              <input
                id="accept-expires"
                className="input"
                type="date"
                aria-required="true"
                min={today()}
                max={inTwelveMonths()}
                value={expires}
                onChange={(e) => setExpires(e.target.value)}
              />
            </div>
            <ErrorAlert error={error} title="The risk was not accepted" />
            <div className="form-actions">
              <button type="submit" className="button button-primary" disabled={busy}>
                Accept the risk
              </button>
              <button type="button" className="button button-quiet" onClick={onClose}>
                Cancel
              </button>
            </div>
          </form>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}

/** One remediation item: steps, owner and due date, status moves, controls with reasons, comments, history. */
export function RemediationItemPage() {
  const { orgId = '', itemId = '' } = useParams();
  const { me } = useSession();
  const queryClient = useQueryClient();
  const role = me?.memberships.find((m) => m.organisationId === orgId)?.role;
  const manager = role === 'admin' || role === 'compliance_officer';
  const key = remediationKeys.item(orgId, itemId);
  const item = useQuery({ queryKey: key, queryFn: () => remediationApi.get(orgId, itemId) });
  const members = useQuery({
    queryKey: remediationKeys.members(orgId),
    queryFn: () => remediationApi.allMembers(orgId),
    enabled: manager || role === 'auditor',
  });
  const comments = useQuery({
    queryKey: [...key, 'comments'],
    queryFn: () => remediationApi.comments(orgId, itemId),
  });
  const history = useQuery({
    queryKey: [...key, 'history'],
    queryFn: () => remediationApi.history(orgId, itemId),
  });
  const [pendingMove, setPendingMove] = useState<RemediationMove | null>(null);
  const [owner, setOwner] = useState<string | null>(null);
  const [deputy, setDeputy] = useState<string | null>(null);
  const [due, setDue] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const [notes, setNotes] = useState<Record<number, string>>({});

  const refresh = (view?: RemediationItemView) => {
    if (view) queryClient.setQueryData(key, view);
    void queryClient.invalidateQueries({ queryKey: key });
    void queryClient.invalidateQueries({ queryKey: remediationKeys.mine });
  };
  const update = useMutation({
    mutationFn: (body: Parameters<typeof remediationApi.update>[3]) =>
      remediationApi.update(orgId, itemId, item.data!.version, body),
    onSuccess: refresh,
  });
  const transition = useMutation({
    mutationFn: (body: RemediationTransitionRequest) =>
      remediationApi.transition(orgId, itemId, item.data!.version, body),
    onSuccess: (v) => {
      setPendingMove(null);
      refresh(v);
    },
  });
  const addComment = useMutation({
    mutationFn: () => remediationApi.addComment(orgId, itemId, comment),
    onSuccess: () => {
      setComment('');
      void queryClient.invalidateQueries({ queryKey: [...key, 'comments'] });
    },
  });

  if (item.isPending) return <Loading />;
  if (!item.data) return <ErrorAlert error={item.error} title="The item could not be loaded" />;
  const v = item.data;
  const canWork = v.moves.length > 0 || (manager && v.status !== 'verified');
  const mayTick =
    (manager || v.ownerUserId === me?.user.id || v.deputyUserId === me?.user.id) &&
    ['open', 'in_progress', 'blocked'].includes(v.status);
  const move = (m: RemediationMove) => {
    transition.reset();
    if (m === 'block' || m === 'accept_risk' || m === 'complete') setPendingMove(m);
    else transition.mutate({ move: m });
  };

  return (
    <Page
      id="remediation-item"
      title={v.title}
      intro={`${v.priority} · effort ${v.effort} · due ${v.dueDate} · ${REMEDIATION_STATUS_LABELS[v.status]}`}
    >
      <p>
        <Link href={`/organisations/${orgId}/remediation`}>All items</Link>
      </p>
      {v.notEffective ? (
        <Notice tone="warning">
          A later audit found {v.notEffective.controlIds.join(', ')} still failing after this item was marked
          done.
        </Notice>
      ) : null}
      {v.status === 'verified' ? (
        <Notice tone="success">Verified by a later audit on {v.verifiedAt?.slice(0, 10)}.</Notice>
      ) : null}
      {v.blockedReason ? <p>Blocked: {v.blockedReason}</p> : null}
      {v.acceptance && v.status === 'risk_accepted' ? (
        <p>
          Risk accepted until {v.acceptance.expiresOn}: {v.acceptance.justification}
        </p>
      ) : v.acceptance ? (
        // Kept on the item as its record; it no longer applies once the item is reopened (expired or withdrawn).
        <p>
          An earlier risk acceptance (until {v.acceptance.expiresOn}) no longer applies: the item needs work
          again.
        </p>
      ) : null}

      <section className="rem-section" aria-labelledby="steps-h">
        <h2 id="steps-h">Steps ({v.progress}%)</h2>
        <ul className="rem-steps">
          {v.steps.map((s) => (
            <li key={s.position}>
              <label>
                <input
                  type="checkbox"
                  checked={s.done}
                  disabled={!mayTick || update.isPending}
                  onChange={(e) =>
                    update.mutate({ steps: [{ position: s.position, done: e.target.checked }] })
                  }
                />
                <span>{s.text}</span>
              </label>
              {s.note ? <p className="muted">Not needed: {s.note}</p> : null}
              {!s.done && !s.note && mayTick ? (
                <div className="rem-bulk">
                  <div className="field">
                    <label className="field-label" htmlFor={`note-${s.position}`}>
                      Or say why step {s.position + 1} is not needed
                    </label>
                    <input
                      id={`note-${s.position}`}
                      className="input"
                      value={notes[s.position] ?? ''}
                      onChange={(e) => setNotes({ ...notes, [s.position]: e.target.value })}
                    />
                  </div>
                  <button
                    type="button"
                    className="button button-small"
                    disabled={!notes[s.position]?.trim()}
                    onClick={() =>
                      update.mutate({ steps: [{ position: s.position, note: notes[s.position] }] })
                    }
                  >
                    Save note
                  </button>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
        <ErrorAlert error={update.error} title="The change was not saved" />
      </section>

      {canWork ? (
        <section className="rem-section" aria-labelledby="status-h">
          <h2 id="status-h">Status</h2>
          <div className="rem-actions">
            {v.moves.map((m) => (
              <button
                key={m}
                type="button"
                className="button"
                disabled={transition.isPending}
                onClick={() => move(m)}
              >
                {MOVE_LABELS[m]}
              </button>
            ))}
          </div>
          {pendingMove === 'block' || pendingMove === 'complete' ? (
            <MoveForm
              move={pendingMove}
              busy={transition.isPending}
              onSubmit={(b) => transition.mutate(b)}
              onCancel={() => setPendingMove(null)}
            />
          ) : null}
          {pendingMove === 'accept_risk' ? (
            <AcceptRiskDialog
              item={v}
              members={members.data ?? []}
              busy={transition.isPending}
              error={transition.error}
              onSubmit={(b) => transition.mutate(b)}
              onClose={() => {
                setPendingMove(null);
                transition.reset();
              }}
            />
          ) : (
            <ErrorAlert error={transition.error} title="The status did not change" />
          )}
        </section>
      ) : null}

      <section className="rem-section" aria-labelledby="people-h">
        <h2 id="people-h">Owner and due date</h2>
        <p>
          Owner: {personName(members.data, v.ownerUserId)} · Deputy:{' '}
          {personName(members.data, v.deputyUserId)} · Due {v.dueDate}
        </p>
        {manager && members.data && v.status !== 'verified' ? (
          <form
            className="form"
            aria-label="Assign"
            onSubmit={(e) => {
              e.preventDefault();
              update.mutate({
                ownerUserId: (owner ?? v.ownerUserId) || null,
                deputyUserId: (deputy ?? v.deputyUserId) || null,
                dueDate: due ?? v.dueDate,
              });
            }}
          >
            <MemberPicker
              label="Owner"
              members={members.data}
              value={owner ?? v.ownerUserId ?? ''}
              onChange={setOwner}
            />
            <MemberPicker
              label="Deputy"
              members={members.data}
              value={deputy ?? v.deputyUserId ?? ''}
              onChange={setDeputy}
            />
            <div className="field">
              <label className="field-label" htmlFor="due">
                Due date
              </label>
              <input
                id="due"
                className="input"
                type="date"
                value={due ?? v.dueDate}
                onChange={(e) => setDue(e.target.value)}
              />
            </div>
            <div className="form-actions">
              <button type="submit" className="button button-primary" disabled={update.isPending}>
                Save assignment
              </button>
            </div>
          </form>
        ) : null}
      </section>

      <section className="rem-section" aria-labelledby="controls-h">
        <h2 id="controls-h">What it closes</h2>
        <ul className="rem-steps">
          {v.controls.map((c) => (
            <li key={c.controlId}>
              <strong>{c.controlId}</strong> <span className="badge">{c.priority}</span>{' '}
              {c.criticalLegal ? <span className="badge badge-warn">Required by law</span> : null}{' '}
              {c.passing ? <span className="badge badge-ok">Passing</span> : null}
              <p>{c.reason}</p>
              <p className="muted">Sources: {c.sourceIds.join(', ') || 'none'}</p>
            </li>
          ))}
        </ul>
      </section>

      <section className="rem-section" aria-labelledby="comments-h">
        <h2 id="comments-h">Comments</h2>
        <ul className="rem-steps">
          {(comments.data ?? []).map((c) => (
            <li key={c.id}>
              <span className="muted">
                {c.authorUserId === me?.user.id ? 'You' : personName(members.data, c.authorUserId)} ·{' '}
                {c.createdAt.slice(0, 16).replace('T', ' ')}
              </span>
              <p>{c.body}</p>
            </li>
          ))}
        </ul>
        {role !== 'auditor' ? (
          <form
            className="form"
            aria-label="Add a comment"
            onSubmit={(e) => {
              e.preventDefault();
              addComment.mutate();
            }}
          >
            <div className="field">
              <label className="field-label" htmlFor="comment">
                Your comment
              </label>
              <textarea
                id="comment"
                className="input textarea"
                rows={3}
                value={comment}
                onChange={(e) => setComment(e.target.value)}
              />
            </div>
            <ErrorAlert error={addComment.error} title="The comment was not posted" />
            <div className="form-actions">
              <button type="submit" className="button" disabled={!comment.trim() || addComment.isPending}>
                Post comment
              </button>
            </div>
          </form>
        ) : null}
      </section>

      <section className="rem-section" aria-labelledby="history-h">
        <h2 id="history-h">History</h2>
        <ol className="rem-steps">
          {(history.data ?? []).map((h, i) => (
            <li key={i}>
              {h.at.slice(0, 16).replace('T', ' ')} · {h.action.replace('_', ' ')} ·{' '}
              {h.actorUserId ? personName(members.data, h.actorUserId) : 'the system'}
            </li>
          ))}
        </ol>
      </section>
    </Page>
  );
}
