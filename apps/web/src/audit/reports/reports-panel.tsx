import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button, Form } from 'react-aria-components';
import type { ReportView } from '@aup/contracts';
import { REPORT_FORMAT_CHOICES, reportKeys, reportsApi } from '../../api/reports';
import { ErrorAlert, Loading } from '../../components/alerts';

const STATUS_TEXT: Record<ReportView['status'], string> = {
  queued: 'Queued',
  running: 'Rendering',
  done: 'Ready',
  failed: 'Failed',
};
const formatLabel = (f: ReportView['format']) => REPORT_FORMAT_CHOICES.find((c) => c.value === f)?.label ?? f;
const size = (bytes: number | null) =>
  bytes === null
    ? ''
    : bytes < 1024 * 1024
      ? `${Math.max(1, Math.round(bytes / 1024))} KB`
      : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * Request a report in a chosen format, watch it render, download it, and read the SHA-256 of each file
 * so a copy can be checked later (`sha256sum <file>`). While a report renders the list refreshes each second.
 */
export function ReportsPanel({ orgId, auditId }: { orgId: string; auditId: string }) {
  const queryClient = useQueryClient();
  const [format, setFormat] = useState<ReportView['format']>('pdf');
  const reports = useQuery({
    queryKey: reportKeys.list(orgId, auditId),
    queryFn: () => reportsApi.list(orgId, auditId),
    refetchInterval: (q) =>
      q.state.data?.items.some((r) => r.status === 'queued' || r.status === 'running') ? 1000 : false,
  });
  const invalidate = () => queryClient.invalidateQueries({ queryKey: reportKeys.list(orgId, auditId) });
  const request = useMutation({
    mutationFn: () => reportsApi.request(orgId, auditId, { format }),
    onSuccess: invalidate,
  });
  const retry = useMutation({
    mutationFn: (id: string) => reportsApi.retry(orgId, auditId, id),
    onSuccess: invalidate,
  });
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    request.mutate();
  };

  return (
    <section className="card reports-panel" aria-labelledby="reports-heading">
      <h2 id="reports-heading">Reports</h2>
      <p className="muted">
        Files are rendered from the audit's stored snapshot; an audit not yet submitted gives a report marked
        DRAFT.
      </p>
      <Form onSubmit={onSubmit} className="reports-request">
        <label htmlFor="report-format">Format</label>
        <select
          id="report-format"
          value={format}
          onChange={(e) => setFormat(e.target.value as ReportView['format'])}
        >
          {REPORT_FORMAT_CHOICES.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
        <Button type="submit" className="button button-primary" isPending={request.isPending}>
          Request report
        </Button>
      </Form>
      <ErrorAlert error={request.error ?? retry.error} title="The report was not requested" />
      {reports.isPending ? <Loading label="Loading reports…" /> : null}
      {reports.error ? <ErrorAlert error={reports.error} title="Reports could not be loaded" /> : null}
      {reports.data && !reports.data.items.length ? <p>No reports yet.</p> : null}
      {reports.data?.items.length ? (
        <ul className="report-list" aria-label="Reports of this audit">
          {reports.data.items.map((r) => (
            <li key={r.id} className="report-item" data-status={r.status}>
              <div className="report-title">
                <strong>{formatLabel(r.format)}</strong>
                {r.draft ? <span className="badge badge-warn">DRAFT</span> : null}
                <span className="muted"> · requested {new Date(r.requestedAt).toLocaleString('en-GB')}</span>
              </div>
              {r.status === 'queued' || r.status === 'running' ? (
                <div className="report-progress">
                  <label htmlFor={`progress-${r.id}`}>{STATUS_TEXT[r.status]}</label>
                  <progress id={`progress-${r.id}`} max={100} value={r.progress}>
                    {r.progress}%
                  </progress>
                  <span aria-hidden="true">{r.progress}%</span>
                </div>
              ) : null}
              {r.status === 'done' ? (
                <div>
                  <a className="button" href={reportsApi.downloadHref(r)} download={r.fileName ?? undefined}>
                    Download {r.fileName} ({size(r.size)})
                  </a>
                  <p className="digest">
                    SHA-256 <code>{r.sha256}</code>
                  </p>
                </div>
              ) : null}
              {r.status === 'failed' ? (
                <div role="alert">
                  <p>Rendering failed: {r.error}</p>
                  <Button
                    className="button"
                    onPress={() => retry.mutate(r.id)}
                    isPending={retry.isPending && retry.variables === r.id}
                  >
                    Try again
                  </Button>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
