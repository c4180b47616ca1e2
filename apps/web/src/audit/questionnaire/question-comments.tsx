import type { CommentView } from '@aup/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { Button, Form } from 'react-aria-components';
import { auditKeys, auditsApi } from '../../api/audits';
import { ApiProblem } from '../../api/http-client';
import { ErrorAlert, Loading } from '../../components/alerts';
import { ContentFreeNote, TextField } from '../../components/fields';

export interface CommentsProps {
  orgId: string;
  auditId: string;
  section: string;
  questionId: string;
  questionText: string;
  /** From the section view, so the count shows before the thread is opened. */
  count: number;
  canPost: boolean;
  nameOf: (userId: string | null) => string;
}

const asList = (data: CommentView[] | { items: CommentView[] } | undefined): CommentView[] =>
  Array.isArray(data) ? data : (data?.items ?? []);

/** Reviewer comments on one question: reviewers ask, respondents reply. Loaded when opened. */
export function QuestionComments({
  orgId,
  auditId,
  section,
  questionId,
  questionText,
  count,
  canPost,
  nameOf,
}: CommentsProps) {
  const [open, setOpen] = useState(false);
  const [body, setBody] = useState('');
  const panelId = useId();
  const queryClient = useQueryClient();
  const comments = useQuery({
    queryKey: auditKeys.comments(orgId, auditId, questionId),
    queryFn: () => auditsApi.comments(orgId, auditId, questionId),
    enabled: open,
  });
  const post = useMutation({
    mutationFn: () => auditsApi.addComment(orgId, auditId, questionId, body.trim()),
    onSuccess: () => {
      setBody('');
      void queryClient.invalidateQueries({ queryKey: auditKeys.comments(orgId, auditId, questionId) });
      void queryClient.invalidateQueries({ queryKey: auditKeys.section(orgId, auditId, section) });
    },
  });
  const problem = post.error instanceof ApiProblem ? post.error : undefined;
  // Refused text (content screening, validation) belongs under the box; anything else above the form.
  const bodyErrors = problem?.errorsFor('body').length
    ? problem.errorsFor('body')
    : problem?.code === 'CONTENT.NOT_ACCEPTED'
      ? [problem.detail ?? problem.title]
      : undefined;
  const list = asList(comments.data);
  const shown = comments.data ? list.length : count;
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (body.trim()) post.mutate();
  };

  return (
    <div className="comments">
      <Button
        className="button button-quiet button-small"
        aria-expanded={open}
        aria-controls={panelId}
        onPress={() => setOpen(!open)}
      >
        {open ? 'Hide comments' : shown ? `Comments (${shown})` : canPost ? 'Comment' : 'Comments (none)'}
      </Button>
      {open ? (
        <section id={panelId} className="comments-panel" aria-label={`Comments on: ${questionText}`}>
          {comments.isPending ? <Loading label="Loading comments…" /> : null}
          <ErrorAlert error={comments.error} title="Comments could not be loaded" />
          {comments.isSuccess && !list.length ? <p className="muted">No comments yet.</p> : null}
          {list.length ? (
            <ol className="comment-list">
              {list.map((c) => (
                <li key={c.id}>
                  <p className="comment-meta">
                    <strong>{nameOf(c.authorUserId)}</strong> ·{' '}
                    <time dateTime={c.createdAt}>
                      {new Date(c.createdAt).toLocaleString('en-GB', {
                        dateStyle: 'medium',
                        timeStyle: 'short',
                      })}
                    </time>
                  </p>
                  <p className="comment-body">{c.body}</p>
                </li>
              ))}
            </ol>
          ) : null}
          {canPost ? (
            <Form onSubmit={submit} className="form comment-form" validationBehavior="aria">
              <ErrorAlert error={bodyErrors ? undefined : post.error} title="The comment was not posted" />
              <TextField
                label="Your comment"
                multiline
                rows={2}
                value={body}
                onChange={(v) => {
                  setBody(v);
                  if (post.isError) post.reset();
                }}
                description={<ContentFreeNote />}
                serverErrors={bodyErrors}
              />
              <div className="form-actions">
                <Button
                  type="submit"
                  className="button button-small"
                  isPending={post.isPending}
                  isDisabled={!body.trim()}
                >
                  Post comment
                </Button>
              </div>
            </Form>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
