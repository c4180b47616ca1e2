import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { useParams } from 'react-router-dom';
import { auditKeys, auditsApi } from '../api/audits';
import { ErrorAlert, Loading, Notice } from '../components/alerts';
import { Page } from '../components/page';

const PAGE = 50;

/** The organisation's hash-chained audit trail, newest first, and a check that nothing in it was altered. */
export function AuditTrailPage() {
  const { orgId = '' } = useParams();
  const [offset, setOffset] = useState(0);
  const query = `limit=${PAGE}&offset=${offset}`;
  const trail = useQuery({
    queryKey: auditKeys.trail(orgId, query),
    queryFn: () => auditsApi.trail(orgId, query),
  });
  const verify = useMutation({ mutationFn: () => auditsApi.verifyTrail(orgId) });
  if (trail.isPending) return <Loading />;
  const page = trail.data;
  return (
    <Page
      id="audit-trail"
      title="Audit trail"
      intro="Every change in the organisation, newest first. Entries name people by id only, and each carries the hash of the one before it."
    >
      <section className="card" aria-labelledby="verify">
        <h2 id="verify">Verify the chain</h2>
        <p>Recomputes every entry's hash: a changed, removed or reordered entry breaks the chain.</p>
        <Button className="button" onPress={() => verify.mutate()} isPending={verify.isPending}>
          Verify now
        </Button>
        <ErrorAlert error={verify.error} />
        {verify.data ? (
          verify.data.valid ? (
            <Notice tone="success">
              Intact: {verify.data.checked} entries checked. Head hash{' '}
              <span className="hash">{verify.data.headHash}</span>
            </Notice>
          ) : (
            <Notice tone="warning">
              Broken at entry {verify.data.firstBroken?.seq}: {verify.data.firstBroken?.message}
            </Notice>
          )
        ) : null}
      </section>
      <section className="card" aria-labelledby="entries">
        <h2 id="entries">Entries</h2>
        <ErrorAlert error={trail.error} />
        {page ? (
          <>
            <table className="table table-stack">
              <caption className="visually-hidden">Audit trail entries, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">When</th>
                  <th scope="col">What</th>
                  <th scope="col">Record</th>
                  <th scope="col">Hash</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((e) => (
                  <tr key={e.id}>
                    <td data-label="#">{e.seq}</td>
                    <td data-label="When">{new Date(e.at).toLocaleString('en-GB')}</td>
                    <td data-label="What">
                      {e.entity} {e.action.replace(/_/g, ' ')}
                    </td>
                    <td data-label="Record" className="hash">
                      {e.entityId}
                    </td>
                    <td data-label="Hash" className="hash">
                      {e.hash.slice(0, 16)}…
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="form-actions">
              <Button
                className="button"
                isDisabled={offset === 0}
                onPress={() => setOffset(Math.max(0, offset - PAGE))}
              >
                Newer
              </Button>
              <span className="muted">
                {page.total
                  ? `${offset + 1}–${Math.min(offset + PAGE, page.total)} of ${page.total}`
                  : 'No entries'}
              </span>
              <Button
                className="button"
                isDisabled={offset + PAGE >= page.total}
                onPress={() => setOffset(offset + PAGE)}
              >
                Older
              </Button>
            </div>
          </>
        ) : null}
      </section>
    </Page>
  );
}
