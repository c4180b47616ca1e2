import type { AuditResult } from '@aup/domain';
import type { AuditResultsView } from '@aup/contracts';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-aria-components';
import { useParams } from 'react-router-dom';
import { auditKeys, auditsApi } from '../../api/audits';
import { useSession } from '../../auth/session';
import { ErrorAlert, Loading, Notice } from '../../components/alerts';
import { Page } from '../../components/page';
import { CitedText, SourceIds, SourcesSection } from './citations';
import { GapItemLink } from '../../remediation/gap-item-link';

const RATING_TEXT: Record<AuditResult['rating'], [string, string]> = {
  green: ['Green', 'badge-ok'],
  amber: ['Amber', 'badge-warn'],
  red: ['Red', 'badge-bad'],
  unrated: ['Not rated yet', ''],
};

const PRIORITY_TEXT: Record<string, string> = {
  P1: 'Priority 1: act now',
  P2: 'Priority 2: next',
  P3: 'Priority 3: plan',
  P4: 'Priority 4: improve',
};

/** "You: …" for each benchmark status the organisation can be compared on. */
const YOU: Partial<Record<string, string>> = {
  has: 'in place',
  lacks: 'not in place',
  incomplete: 'not answered yet',
  not_applicable: 'not applicable',
};
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const pct = (n: number | null) => (n === null ? '—' : `${Math.round(n)}`);

/** A horizontal bar with its figure in text beside it: readable at any width, nothing overlaps. */
function Bar({ value, label, tone = 'brand' }: { value: number; label: string; tone?: 'brand' | 'muted' }) {
  return (
    <span className="hbar">
      <span className="hbar-track" aria-hidden="true">
        <span
          className={`hbar-fill hbar-${tone}`}
          style={{ width: `${Math.max(0, Math.min(100, value))}%` }}
        />
      </span>
      <span className="hbar-value">{label}</span>
    </span>
  );
}

/**
 * Results lead with the summary (rating and why, what to do first, obligations, trend), then the gaps
 * grouped by priority with their controls and sources behind disclosure; every source is listed once, at
 * the end, and cited by its id.
 */
export function ResultsPage() {
  const { orgId = '', auditId = '' } = useParams();
  const { me } = useSession();
  const role = me?.memberships.find((m) => m.organisationId === orgId)?.role;
  const results = useQuery({
    queryKey: auditKeys.results(orgId, auditId),
    queryFn: () => auditsApi.results(orgId, auditId),
  });
  const versions = useQuery({
    queryKey: auditKeys.versions(orgId, auditId),
    queryFn: () => auditsApi.versions(orgId, auditId),
    enabled: !!role && role !== 'respondent',
  });
  if (results.isPending) return <Loading />;
  if (!results.data) return <ErrorAlert error={results.error} title="Results could not be loaded" />;
  return (
    <ResultsView
      orgId={orgId}
      auditId={auditId}
      view={results.data}
      previous={previousOverall(versions.data, results.data)}
    />
  );
}

function previousOverall(
  versions: { overall: number | null; snapshotHash: string; version: number }[] | undefined,
  view: AuditResultsView,
) {
  if (!versions?.length) return null;
  const current = versions.findIndex((v) => v.snapshotHash === view.snapshotHash);
  const before = current === -1 ? versions[versions.length - 1] : versions[current - 1];
  return before ? { version: before.version, overall: before.overall } : null;
}

export function ResultsView({
  orgId,
  auditId,
  view,
  previous,
}: {
  orgId: string;
  auditId: string;
  view: AuditResultsView;
  previous: { version: number; overall: number | null } | null;
}) {
  const { result: r, kind, attestation, snapshotHash } = view;
  const [ratingLabel, ratingClass] = RATING_TEXT[r.rating];
  const byPriority = (['P1', 'P2', 'P3', 'P4'] as const)
    .map((p) => ({ priority: p, gaps: r.gaps.filter((g) => g.priority === p) }))
    .filter((g) => g.gaps.length);
  const controls = new Map(r.controls.map((c) => [c.controlId, c]));
  const topActions = r.remediation.items.slice(0, 3);
  // A survey figure is shown only to an organisation of the population surveyed (like with like).
  const comparable = r.benchmarks.filter((b) => b.status !== 'no_comparable');
  const notComparable = r.benchmarks.filter((b) => b.status === 'no_comparable');

  return (
    <Page
      id="results"
      title="Results"
      intro={
        kind === 'draft'
          ? 'A preview from the answers so far; nothing is stored until the audit is submitted.'
          : 'Stored when the audit was submitted; these figures do not change.'
      }
      actions={<Link href={`/organisations/${orgId}/audits/${auditId}/history`}>History and versions</Link>}
    >
      <p className="results-reports-link">
        <a href={`/organisations/${orgId}/audits/${auditId}/reports`}>
          Download this audit as a report: PDF, Excel, CSV, JSON or OSCAL
        </a>
      </p>
      {attestation?.incomplete ? (
        <Notice tone="warning">
          Submitted incomplete: {attestation.incomplete.open} of {attestation.incomplete.total} questions were
          not answered. Open questions score as gaps.
        </Notice>
      ) : null}

      <section className="card summary" aria-labelledby="summary">
        <h2 id="summary">Summary</h2>
        <p className="summary-rating">
          <span className={`badge badge-large ${ratingClass}`}>{ratingLabel}</span>
          {r.overall !== null ? <span className="score">{pct(r.overall)} / 100</span> : null}
          {previous && previous.overall !== null && r.overall !== null ? (
            <span className="muted">
              {' '}
              (version {previous.version}: {pct(previous.overall)})
            </span>
          ) : null}
        </p>
        <p>{r.ratingReason}</p>
        <p className="muted">
          {Math.round(r.answeredPct)}% answered · {Math.round(r.compliantPct)}% of scored controls pass ·{' '}
          {r.gaps.length} gaps
        </p>
        {r.caps.length ? (
          <details className="disclosure">
            <summary>Why the rating is capped ({r.caps.length})</summary>
            <ul>
              {r.caps.map((c) => (
                <li key={c.controlId}>
                  {c.title}: {c.reason}
                </li>
              ))}
            </ul>
          </details>
        ) : null}
        {topActions.length ? (
          <>
            <h3>What to do first</h3>
            <ol className="top-actions">
              {topActions.map((i) => (
                <li key={i.key}>
                  <span className="badge badge-warn">{i.priority}</span> {i.title}{' '}
                  <span className="muted">
                    (owner: {i.ownerRole.replace('_', ' ')}, effort {i.effort})
                  </span>
                </li>
              ))}
            </ol>
          </>
        ) : null}
        <h3>Reporting obligations</h3>
        <p>
          {r.obligations.length
            ? `${r.obligations.length} reporting obligations apply to your organisation; see below for what to do, to whom and by when.`
            : 'No reporting obligation in the framework applies to your profile.'}
        </p>
      </section>

      <section className="card" aria-labelledby="gaps">
        <h2 id="gaps">Gaps by priority</h2>
        {byPriority.length ? (
          byPriority.map(({ priority, gaps }) => (
            <div key={priority} className="gap-group">
              <h3>
                {PRIORITY_TEXT[priority]} <span className="muted">({gaps.length})</span>
              </h3>
              <ul className="gaps">
                {gaps.map((g) => {
                  const control = controls.get(g.controlId);
                  return (
                    <li key={g.controlId} data-control={g.controlId}>
                      <details className="disclosure">
                        <summary>
                          <span className="gap-title">{g.title}</span>
                          <span className="muted">
                            {' '}
                            · scores {Math.round(g.score)} of target {Math.round(g.target)}
                          </span>
                        </summary>
                        <p>
                          <CitedText text={g.reason} sources={r.sources} />
                        </p>
                        {control ? (
                          <p className="muted">
                            Control {g.controlId} · {g.criticality} · {control.questions.length} questions
                          </p>
                        ) : null}
                      </details>
                      {kind === 'submitted' ? (
                        <GapItemLink orgId={orgId} auditId={auditId} controlId={g.controlId} />
                      ) : null}
                    </li>
                  );
                })}
              </ul>
            </div>
          ))
        ) : (
          <p>No gaps among the scored controls.</p>
        )}
      </section>

      <section className="card" aria-labelledby="domains">
        <h2 id="domains">Scores by domain</h2>
        <table className="table table-bars">
          <caption className="visually-hidden">Scores by domain, 0 to 100, with maturity 0 to 4</caption>
          <thead>
            <tr>
              <th scope="col">Domain</th>
              <th scope="col">Score</th>
              <th scope="col">Maturity (0–4)</th>
            </tr>
          </thead>
          <tbody>
            {r.domains.map((d) => (
              <tr key={d.domainId}>
                <th scope="row">{d.title}</th>
                <td data-label="Score">
                  <Bar value={d.score ?? 0} label={pct(d.score)} />
                </td>
                <td data-label="Maturity">{d.maturity ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="card" aria-labelledby="benchmarks">
        <h2 id="benchmarks">Compared with published surveys</h2>
        {comparable.length ? (
          <>
            <ul className="benchmarks">
              {comparable.map((b) => (
                <li key={b.benchmarkId}>
                  <p className="benchmark-label">{b.label}</p>
                  <Bar
                    value={b.share * 100}
                    label={`${Math.round(b.share * 100)}% of ${b.population}`}
                    tone="muted"
                  />
                  <p>
                    <strong>You: {YOU[b.status] ?? 'not known'}.</strong> {b.text}{' '}
                    <SourceIds ids={b.sourceIds} sources={r.sources} inline />
                  </p>
                </li>
              ))}
            </ul>
            <details className="disclosure">
              <summary>The same figures as a table</summary>
              <table className="table">
                <caption className="visually-hidden">Survey benchmarks</caption>
                <thead>
                  <tr>
                    <th scope="col">Practice</th>
                    <th scope="col">Share of surveyed organisations</th>
                    <th scope="col">Surveyed</th>
                    <th scope="col">Your organisation</th>
                  </tr>
                </thead>
                <tbody>
                  {comparable.map((b) => (
                    <tr key={b.benchmarkId}>
                      <th scope="row">{b.label}</th>
                      <td data-label="Share">{Math.round(b.share * 100)}%</td>
                      <td data-label="Surveyed">
                        {b.population}
                        {b.survey
                          ? ` (${b.survey}${b.year && !b.survey.includes(String(b.year)) ? `, ${b.year}` : ''})`
                          : ''}
                      </td>
                      <td data-label="You">{capitalise(YOU[b.status] ?? 'not known')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          </>
        ) : (
          <p>No published survey covers organisations like yours, so no comparison is made.</p>
        )}
        {notComparable.length ? (
          <>
            {comparable.length ? (
              <p>No comparable survey figure for these practices, so none is shown:</p>
            ) : null}
            <ul className="benchmarks-not-comparable">
              {notComparable.map((b) => (
                <li key={b.benchmarkId}>{b.text}</li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section className="card" aria-labelledby="obligations">
        <h2 id="obligations">Reporting obligations</h2>
        <Notice tone="warning">
          This is not legal advice. Have counsel confirm how each obligation applies to your organisation.
        </Notice>
        {r.coverage?.some((c) => c.status !== 'covered') ? (
          <div className="coverage">
            <h3>Countries not fully covered</h3>
            <ul>
              {r.coverage
                .filter((c) => c.status !== 'covered')
                .map((c) => (
                  // The text names the country itself ("Japan: not covered: ...").
                  <li key={c.country}>{c.text}</li>
                ))}
            </ul>
          </div>
        ) : null}
        {r.caveats?.length ? (
          <details className="disclosure">
            <summary>Caveats that qualify these results ({r.caveats.length})</summary>
            <ul>
              {r.caveats.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
          </details>
        ) : null}
        <ul className="obligations">
          {r.obligations.map((o) => (
            <li key={o.id}>
              <h3>
                {o.title} <span className="muted">({o.jurisdictionName})</span>
              </h3>
              <p>
                <strong>What to do:</strong> {o.action} <strong>To:</strong> {o.recipient}{' '}
                <strong>By when:</strong> {o.deadline}
              </p>
              <details className="disclosure">
                <summary>Why it applies and its source</summary>
                <p className="muted">
                  {o.citation} · applies because {o.bindsBecause} ·{' '}
                  {o.status === 'verified' ? 'verified' : 'not yet verified'} · last reviewed {o.lastReviewed}
                </p>
                <SourceIds ids={o.sourceIds} sources={r.sources} />
              </details>
            </li>
          ))}
        </ul>
      </section>

      <section className="card" aria-labelledby="prevalence">
        <h2 id="prevalence">Prevalence estimate</h2>
        <p>{r.prevalence.statement}</p>
        <p>{r.prevalence.comparison}</p>
        <p className="muted">
          An estimate about risk across the workforce, never about any person.{' '}
          <SourceIds ids={r.prevalence.sourceIds} sources={r.sources} inline />
        </p>
      </section>

      {attestation ? (
        <section className="card" aria-labelledby="attestation">
          <h2 id="attestation">Attestation</h2>
          <blockquote>{attestation.statement}</blockquote>
          <p className="muted">
            {attestation.role}, {new Date(attestation.at).toLocaleString('en-GB')}
            {attestation.incomplete
              ? ` · submitted with ${attestation.incomplete.open} of ${attestation.incomplete.total} questions open`
              : ''}
          </p>
          {snapshotHash ? <p className="muted hash">Snapshot SHA-256 {snapshotHash}</p> : null}
        </section>
      ) : null}

      <SourcesSection sources={r.sources} />
    </Page>
  );
}
