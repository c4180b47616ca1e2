import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { Link, ProgressBar, Label } from 'react-aria-components';
import { useParams } from 'react-router-dom';
import { accountsApi } from '../../api/accounts';
import { auditKeys, auditsApi } from '../../api/audits';
import { ErrorAlert, Loading, Notice } from '../../components/alerts';
import { Page } from '../../components/page';
import { useSession } from '../../auth/session';
import { QuestionCard } from './question-card';
import { useAnswerSaver, useSaverState } from './use-answer-saver';

const SUMMARY_TEXT: Record<string, string> = {
  idle: 'All changes saved',
  saved: 'All changes saved',
  pending: 'Saving…',
  saving: 'Saving…',
  failed: 'Not saved — will retry',
  rejected: 'Not saved — see the message under the question',
  conflict: 'Not saved — an answer was changed by someone else',
};

/**
 * Enter on an answer (a choice, or a one-line field) moves to the next question's answer, and from the
 * last one to "Next section", so a section is answered with arrows and Enter alone. Listened to in the
 * capture phase: the choices' press handling stops Enter from bubbling.
 */
function nextOnEnter(e: React.KeyboardEvent<HTMLDivElement>): void {
  const target = e.target as HTMLElement;
  if (e.key !== 'Enter' || e.shiftKey || !(target instanceof HTMLInputElement)) return;
  if (!['radio', 'checkbox', 'number', 'date', 'text'].includes(target.type)) return;
  const article = target.closest('article.question');
  if (!article || !article.querySelector('.choice-group, .field')?.contains(target)) return;
  e.preventDefault();
  let next = article.nextElementSibling;
  while (next && !next.matches('article.question')) next = next.nextElementSibling;
  const input = next?.querySelector<HTMLElement>(
    'input[type=radio]:checked, .choice-group input, .field input',
  );
  (input ?? document.querySelector<HTMLElement>('.next-section'))?.focus();
}

/** One section of the questionnaire, answered with autosave. */
export function QuestionnairePage() {
  const { orgId = '', auditId = '', section = '' } = useParams();
  const { me } = useSession();
  const role = me?.memberships.find((m) => m.organisationId === orgId)?.role;
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: auditKeys.section(orgId, auditId, section),
    queryFn: () => auditsApi.section(orgId, auditId, section),
    staleTime: Infinity,
  });
  // Respondents may not list members; everyone else sees who wrote a comment.
  const members = useQuery({
    queryKey: ['orgs', orgId, 'members'],
    queryFn: () => accountsApi.members(orgId),
    enabled: !!role && role !== 'respondent',
  });
  // After a save, the progress here and the audit's progress and results elsewhere are out of date.
  const refresh = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: auditKeys.audit(orgId, auditId) }),
    [queryClient, orgId, auditId],
  );
  const saver = useAnswerSaver(orgId, auditId, refresh);
  const summary = useSaverState(saver, (s) => s.summary());
  const assignments = useQuery({
    queryKey: [...auditKeys.audit(orgId, auditId), 'assignments'],
    queryFn: () => auditsApi.assignments(orgId, auditId),
  });
  const completeness = useQuery({
    queryKey: auditKeys.completeness(orgId, auditId),
    queryFn: () => auditsApi.completeness(orgId, auditId),
  });

  if (query.isPending) return <Loading />;
  // A failed background refresh keeps the page as it is; only a first load that failed shows the error.
  if (!query.data) {
    return (
      <Page id="questionnaire" title="Questionnaire">
        <ErrorAlert error={query.error} title="This section could not be loaded" />
      </Page>
    );
  }
  const data = query.data;
  const locked = data.auditStatus === 'submitted' || data.auditStatus === 'closed';
  const readOnly = locked || role === 'auditor';
  // Review locks answers except those the reviewer sent back (the api refuses the others).
  const inReview = data.auditStatus === 'in_review';
  const reviewer = inReview && (role === 'admin' || role === 'compliance_officer');
  const sections = assignments.data?.sections ?? [];
  const here = sections.findIndex((s) => s.section === section);
  const next = here >= 0 ? sections[here + 1] : undefined;
  const sendBack = (questionId: string) => async (comment: string) => {
    await auditsApi.sendBack(orgId, auditId, questionId, comment);
    await queryClient.invalidateQueries({ queryKey: auditKeys.section(orgId, auditId, section) });
  };
  const total = data.questions.length;
  const done = data.questions.filter((q) => q.answer && q.answer.value !== null).length;
  const nameOf = (userId: string | null) => {
    if (userId && userId === me?.user.id) return 'You';
    const m = members.data?.items.find((x) => x.userId === userId);
    return m ? (m.displayName ?? m.email ?? 'Former member') : 'Another member';
  };
  const commentProps = { orgId, section, nameOf, canPost: !locked && role !== 'auditor' };

  return (
    <Page
      id="questionnaire"
      title={`${data.section.title} questions`}
      intro={
        data.section.description ??
        'Answer from your own knowledge of how things work today. Answers are saved as you go.'
      }
      actions={<Link href={`/organisations/${orgId}/audits/${auditId}`}>Back to the audit overview</Link>}
    >
      <div className="questionnaire-bar card">
        <ProgressBar
          value={done}
          maxValue={total}
          className="progress"
          valueLabel={`${done} of ${total} answered`}
        >
          {({ percentage, valueText }) => (
            <>
              <Label className="field-label">Section progress</Label>
              <span className="muted"> {valueText}</span>
              <div className="progress-track">
                <div className="progress-fill" style={{ width: `${percentage}%` }} />
              </div>
            </>
          )}
        </ProgressBar>
        <p className={`save-summary save-${summary}`} role="status" aria-live="polite">
          {readOnly ? 'Read-only' : SUMMARY_TEXT[summary]}
        </p>
      </div>
      {readOnly ? (
        <Notice>
          {locked
            ? 'This audit has been submitted; answers can no longer change.'
            : 'You can read this section but not change it.'}
        </Notice>
      ) : inReview ? (
        <Notice>
          The audit is in review: answers are locked, except those the reviewer sent back for changes.
        </Notice>
      ) : (
        <Notice>
          This questionnaire is about policies and procedures. Never include names of people, links to
          material, file names, hashes or case numbers.
        </Notice>
      )}
      <h2 className="visually-hidden">Questions</h2>
      <p className="muted keyboard-hint">
        Keyboard: arrow keys choose an answer, Enter goes to the next question.
      </p>
      <div className="questions" onKeyDownCapture={nextOnEnter}>
        {data.questions.map((q) => (
          <QuestionCard
            key={q.id}
            q={q}
            auditId={auditId}
            saver={saver}
            readOnly={readOnly || (inReview && q.answer?.status !== 'needs_changes')}
            comments={commentProps}
            onSendBack={reviewer ? sendBack(q.id) : undefined}
          />
        ))}
      </div>
      <nav aria-label="Sections" className="card section-nav">
        <p>
          {completeness.data
            ? `Whole audit: ${completeness.data.answered} of ${completeness.data.total} questions answered.`
            : here >= 0
              ? `Section ${here + 1} of ${sections.length}.`
              : null}
        </p>
        {next ? (
          <Link
            className="button button-primary next-section"
            href={`/organisations/${orgId}/audits/${auditId}/sections/${next.section}`}
          >
            Next section: {next.title}
          </Link>
        ) : (
          <Link
            className="button button-primary next-section"
            href={`/organisations/${orgId}/audits/${auditId}`}
          >
            All sections done: back to the overview
          </Link>
        )}
      </nav>
    </Page>
  );
}
