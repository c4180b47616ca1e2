import type { AnswerValue, EvidenceRef, PutAnswerRequest, QuestionView } from '@aup/contracts';
import { useEffect, useState } from 'react';
import {
  Button,
  Checkbox,
  CheckboxGroup,
  Dialog,
  Heading,
  Label,
  Modal,
  ModalOverlay,
  Radio,
  RadioGroup,
  Text,
} from 'react-aria-components';
import { ApiProblem, describeError } from '../../api/http-client';
import { ContentFreeNote, TextField } from '../../components/fields';
import type { AnswerSaver } from './answer-saver';
import { readAnswerDraft, useSaverState } from './use-answer-saver';
import { QuestionComments, type CommentsProps } from './question-comments';
import { SuggestionHint } from '../../policy-model/suggestion-hint';

const STATUS_TEXT: Record<string, string> = {
  idle: '',
  pending: 'Saving…',
  saving: 'Saving…',
  saved: 'Saved',
  failed: 'Not saved',
  rejected: 'Not saved',
  conflict: 'Changed by someone else',
};

function initialBody(q: QuestionView, auditId: string): { body: PutAnswerRequest; restored: boolean } {
  const draft = readAnswerDraft(auditId, q.id);
  if (draft) return { body: draft.body, restored: true };
  const a = q.answer;
  return {
    body: {
      value: a?.value ?? null,
      justification: a?.justification ?? null,
      note: a?.note ?? null,
      evidence: a?.evidence ?? [],
    },
    restored: false,
  };
}

const valueLabel = (q: QuestionView, value: AnswerValue | null | undefined) => {
  if (value === null || value === undefined || value === '') return 'No answer';
  const values = Array.isArray(value) ? value : [String(value)];
  return values.map((v) => q.options.find((o) => o.value === v)?.label ?? v).join(', ');
};

/** One question: the ordered maturity options, justification when needed, evidence, note and help. */
export function QuestionCard({
  q,
  auditId,
  saver,
  readOnly,
  comments,
  onSendBack,
}: {
  q: QuestionView;
  auditId: string;
  saver: AnswerSaver;
  readOnly: boolean;
  comments: Pick<CommentsProps, 'orgId' | 'section' | 'canPost' | 'nameOf'>;
  /** In review, for reviewers: sends this answer back to its respondent with a comment. */
  onSendBack?: (comment: string) => Promise<unknown>;
}) {
  const [{ body, restored }] = useState(() => initialBody(q, auditId));
  const [local, setLocal] = useState<PutAnswerRequest>(body);
  const state = useSaverState(saver, (s) => s.state(q.id));
  useEffect(() => {
    saver.know(q.id, q.answer?.version);
    // A draft kept from an earlier failed save (or an expired session) is sent again.
    if (restored && !readOnly) saver.edit(q.id, body, readAnswerDraft(auditId, q.id)?.version);
    // Once per question and saver: later renders must not re-send the draft.
  }, [saver]);

  // "Not applicable" and compensating-control answers are saved together with their justification, in
  // one step: until it is typed nothing is sent, so the api never has to refuse the answer.
  const justificationFor = (value: PutAnswerRequest['value']) => {
    const values = Array.isArray(value) ? value : [value];
    const option = q.options.find((o) => values.includes(o.value) && (o.na || o.alternative));
    return option ? (option.na ? 'na' : 'alternative') : null;
  };
  const update = (patch: Partial<PutAnswerRequest>) => {
    const next = { ...local, ...patch };
    setLocal(next);
    if (justificationFor(next.value) && !next.justification?.trim()) return;
    saver.edit(q.id, next);
  };
  const needed = justificationFor(local.value);
  const needsJustification = !!needed;
  const waiting = needsJustification && !local.justification?.trim() && !readOnly;
  const problem = state.status === 'rejected' && state.error instanceof ApiProblem ? state.error : undefined;
  const fieldError = (field: string) => (problem ? problem.errorsFor(field) : undefined);
  const otherError =
    problem && !['justification', 'note', 'evidence'].some((f) => problem.errorsFor(f).length)
      ? describeError(problem)
      : undefined;
  const headingId = `q-${q.id}`;
  const scale = q.options.filter((o) => !o.na && !o.unknown);
  const apart = q.options.filter((o) => o.na || o.unknown);

  return (
    <article
      className={`card question${q.answer?.status === 'needs_changes' ? ' sent-back' : ''}`}
      aria-labelledby={headingId}
      data-question={q.id}
    >
      <header className="question-header">
        <h3 id={headingId}>{q.text}</h3>
        <span className="question-meta">
          {q.controlId} · {q.controlTitle}
        </span>
        {q.answer?.status === 'needs_changes' ? (
          <span className="badge badge-warn">Sent back: needs changes (see the comments)</span>
        ) : null}
      </header>
      <SuggestionHint
        orgId={comments.orgId}
        auditId={auditId}
        questionId={q.id}
        optionLabel={(v) => q.options.find((o) => o.value === v)?.label ?? v}
        onUse={
          readOnly || (local.value !== null && local.value !== undefined)
            ? undefined
            : (v) => update({ value: q.type === 'multi_choice' ? [v] : v })
        }
      />

      {q.type === 'multi_choice' ? (
        <CheckboxGroup
          className="choice-group"
          aria-labelledby={headingId}
          value={Array.isArray(local.value) ? local.value : []}
          onChange={(v) => update({ value: v.length ? v : null })}
          isReadOnly={readOnly}
        >
          {q.options.map((o) => (
            <Checkbox key={o.value} value={o.value} className="choice">
              <span className="choice-box" aria-hidden="true" />
              {o.label}
            </Checkbox>
          ))}
        </CheckboxGroup>
      ) : q.options.length ? (
        <RadioGroup
          className="choice-group"
          aria-labelledby={headingId}
          value={typeof local.value === 'string' ? local.value : null}
          onChange={(v) => update({ value: v })}
          isReadOnly={readOnly}
        >
          <Text slot="description" className="field-description">
            From least to most mature.
          </Text>
          <div className="scale">
            {scale.map((o, i) => (
              <Radio key={o.value} value={o.value} className="choice">
                <span className="choice-step" aria-hidden="true">
                  {i + 1}
                </span>
                <span>{o.label}</span>
              </Radio>
            ))}
          </div>
          {apart.length ? (
            <div className="scale-apart">
              {apart.map((o) => (
                <Radio key={o.value} value={o.value} className="choice choice-apart">
                  {o.label}
                </Radio>
              ))}
            </div>
          ) : null}
        </RadioGroup>
      ) : (
        <TextField
          label="Answer"
          type={q.type === 'number' ? 'number' : q.type === 'date' ? 'date' : 'text'}
          inputMode={q.type === 'number' ? 'numeric' : undefined}
          multiline={q.type === 'text'}
          value={local.value === null || local.value === undefined ? '' : String(local.value)}
          onChange={(v) => update({ value: v === '' ? null : q.type === 'number' ? Number(v) : v })}
          isReadOnly={readOnly}
          description={q.type === 'text' ? <ContentFreeNote /> : q.unit ? `In ${q.unit}.` : undefined}
        />
      )}

      {needsJustification ? (
        <TextField
          label={needed === 'na' ? 'Why does this not apply?' : 'Which compensating control is in place?'}
          multiline
          rows={3}
          isRequired
          value={local.justification ?? ''}
          onChange={(v) => update({ justification: v || null })}
          isReadOnly={readOnly}
          description={
            <>
              The answer is saved together with this reason. <ContentFreeNote />
            </>
          }
          serverErrors={fieldError('justification')}
        />
      ) : null}

      <EvidenceList
        evidence={local.evidence ?? []}
        readOnly={readOnly}
        onChange={(evidence) => update({ evidence })}
        errors={fieldError('evidence')}
      />

      <TextField
        label="Note (optional)"
        multiline
        rows={2}
        value={local.note ?? ''}
        onChange={(v) => update({ note: v || null })}
        isReadOnly={readOnly}
        description={<ContentFreeNote />}
        serverErrors={fieldError('note')}
      />

      {q.help ? (
        <details className="help">
          <summary>Why this matters</summary>
          <p>{q.help}</p>
          {q.helpSources.length ? (
            <ul className="sources">
              {q.helpSources.map((s) => (
                <li key={s.id}>
                  {s.url ? (
                    <a href={s.url} rel="noreferrer noopener" target="_blank">
                      {s.title}
                    </a>
                  ) : (
                    s.title
                  )}
                  {s.publisher ? `, ${s.publisher}` : ''}
                  {s.year ? ` (${s.year})` : ''}
                </li>
              ))}
            </ul>
          ) : null}
        </details>
      ) : null}

      <QuestionComments
        {...comments}
        auditId={auditId}
        questionId={q.id}
        questionText={q.text}
        count={q.comments}
      />
      {onSendBack ? <SendBack onSendBack={onSendBack} /> : null}

      <footer className="question-footer">
        {otherError ? (
          <p className="field-error" role="alert">
            {otherError}
          </p>
        ) : null}
        <p className={`save-state save-${state.status}`} role="status" aria-live="polite" aria-atomic="true">
          {waiting ? 'Give the reason to save this answer' : STATUS_TEXT[state.status]}
          {state.status === 'failed' ? (
            <>
              {' — '}
              {describeError(state.error)}{' '}
              <Button className="button button-quiet button-small" onPress={() => saver.retryAll()}>
                Retry
              </Button>
            </>
          ) : null}
        </p>
      </footer>

      {state.status === 'conflict' ? (
        <ModalOverlay isOpen isDismissable={false} className="modal-overlay">
          <Modal className="modal">
            <Dialog className="dialog" role="alertdialog">
              <Heading slot="title">Someone else changed this answer</Heading>
              <p>{q.text}</p>
              <dl className="conflict">
                <dt>Their answer</dt>
                <dd>
                  {valueLabel(q, state.theirs?.value)}
                  {state.theirs?.justification ? ` — ${state.theirs.justification}` : ''}
                </dd>
                <dt>Your answer</dt>
                <dd>
                  {valueLabel(q, local.value)}
                  {local.justification ? ` — ${local.justification}` : ''}
                </dd>
              </dl>
              <div className="form-actions">
                <Button className="button button-primary" onPress={() => saver.keepMine(q.id)}>
                  Keep my answer
                </Button>
                <Button
                  className="button"
                  onPress={() => {
                    const theirs = saver.takeTheirs(q.id);
                    setLocal({
                      value: theirs?.value ?? null,
                      justification: theirs?.justification ?? null,
                      note: theirs?.note ?? null,
                      evidence: theirs?.evidence ?? [],
                    });
                  }}
                >
                  Use their answer
                </Button>
              </div>
            </Dialog>
          </Modal>
        </ModalOverlay>
      ) : null}
    </article>
  );
}

const KINDS: EvidenceRef['kind'][] = ['document', 'link', 'attestation', 'record'];

/** Evidence is a reference (a title, a kind and where it lives), never an upload. */
function EvidenceList({
  evidence,
  onChange,
  readOnly,
  errors,
}: {
  evidence: EvidenceRef[];
  onChange: (e: EvidenceRef[]) => void;
  readOnly: boolean;
  errors?: string[];
}) {
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<EvidenceRef['kind']>('document');
  const [location, setLocation] = useState('');
  const add = () => {
    if (!title.trim()) return;
    onChange([...evidence, { title: title.trim(), kind, location: location.trim() || null }]);
    setTitle('');
    setLocation('');
  };
  return (
    <div className="evidence">
      <h4>Evidence references</h4>
      {evidence.length ? (
        <ul>
          {evidence.map((e, i) => (
            <li key={`${e.title}-${i}`}>
              <span className="badge">{e.kind}</span> {e.title}
              {e.location ? <span className="muted"> — {e.location}</span> : null}
              {!readOnly ? (
                <Button
                  className="button button-quiet button-small"
                  aria-label={`Remove evidence ${e.title}`}
                  onPress={() => onChange(evidence.filter((_, j) => j !== i))}
                >
                  Remove
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">None yet.</p>
      )}
      {errors?.length ? <p className="field-error">{errors.join(' ')}</p> : null}
      {!readOnly ? (
        <div className="evidence-add">
          <TextField
            label="Evidence title"
            value={title}
            onChange={setTitle}
            description="e.g. Acceptable-use policy v4, approved by the board"
          />
          <RadioGroup
            className="inline-radios"
            value={kind}
            onChange={(v) => setKind(v as EvidenceRef['kind'])}
            orientation="horizontal"
          >
            <Label className="field-label">Kind</Label>
            {KINDS.map((k) => (
              <Radio key={k} value={k} className="choice choice-inline">
                {k}
              </Radio>
            ))}
          </RadioGroup>
          <TextField
            label="Where it is kept (optional)"
            value={location}
            onChange={setLocation}
            description="A document id or an intranet link to the policy. Never a link to material."
          />
          <Button className="button" onPress={add} isDisabled={!title.trim()}>
            Add evidence reference
          </Button>
        </div>
      ) : null}
    </div>
  );
}

/** The reviewer's "needs changes": a comment, and the answer goes back to its respondent. */
function SendBack({ onSendBack }: { onSendBack: (comment: string) => Promise<unknown> }) {
  const [comment, setComment] = useState('');
  const [state, setState] = useState<'idle' | 'sending' | 'sent' | Error>('idle');
  const send = async () => {
    setState('sending');
    try {
      await onSendBack(comment.trim());
      setComment('');
      setState('sent');
    } catch (err) {
      setState(err instanceof Error ? err : new Error(String(err)));
    }
  };
  return (
    <details className="disclosure send-back">
      <summary>Send back for changes</summary>
      <TextField
        label="What needs to change"
        multiline
        rows={2}
        value={comment}
        onChange={setComment}
        description={<ContentFreeNote />}
      />
      <Button
        className="button button-small"
        onPress={() => void send()}
        isDisabled={!comment.trim()}
        isPending={state === 'sending'}
      >
        Send back
      </Button>
      {state === 'sent' ? <p role="status">Sent back to the respondent.</p> : null}
      {state instanceof Error ? (
        <p className="field-error" role="alert">
          {describeError(state)}
        </p>
      ) : null}
    </details>
  );
}
