import { useQuery } from '@tanstack/react-query';
import { Link, ProgressBar, Label } from 'react-aria-components';
import { useParams } from 'react-router-dom';
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

/** One section of the questionnaire, answered with autosave. */
export function QuestionnairePage() {
  const { orgId = '', auditId = '', section = '' } = useParams();
  const { me } = useSession();
  const role = me?.memberships.find((m) => m.organisationId === orgId)?.role;
  const query = useQuery({ queryKey: auditKeys.section(orgId, auditId, section), queryFn: () => auditsApi.section(orgId, auditId, section), staleTime: Infinity });
  const saver = useAnswerSaver(orgId, auditId);
  const summary = useSaverState(saver, (s) => s.summary());

  if (query.isPending) return <Loading />;
  if (query.error || !query.data) {
    return (
      <Page id="questionnaire" title="Questionnaire">
        <ErrorAlert error={query.error} title="This section could not be loaded" />
      </Page>
    );
  }
  const data = query.data;
  const locked = data.auditStatus === 'submitted' || data.auditStatus === 'closed';
  const readOnly = locked || role === 'auditor';
  const total = data.questions.length;
  const done = data.questions.filter((q) => q.answer && q.answer.value !== null).length;

  return (
    <Page
      id="questionnaire"
      title={`${data.section.title} questions`}
      intro={data.section.description ?? 'Answer from your own knowledge of how things work today. Answers are saved as you go.'}
      actions={<Link href={`/organisations/${orgId}/audits/${auditId}`}>Back to the audit overview</Link>}
    >
      <div className="questionnaire-bar card">
        <ProgressBar value={done} maxValue={total} className="progress" valueLabel={`${done} of ${total} answered when this page was opened`}>
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
        <Notice>{locked ? 'This audit has been submitted; answers can no longer change.' : 'You can read this section but not change it.'}</Notice>
      ) : (
        <Notice>
          This questionnaire is about policies and procedures. Never include names of people, links to material, file names, hashes or case
          numbers.
        </Notice>
      )}
      <div className="questions">
        {data.questions.map((q) => (
          <QuestionCard key={q.id} q={q} auditId={auditId} saver={saver} readOnly={readOnly} />
        ))}
      </div>
    </Page>
  );
}
