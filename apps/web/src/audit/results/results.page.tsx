import type { AuditResult } from '@aup/domain';
import { useQuery } from '@tanstack/react-query';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useParams } from 'react-router-dom';
import { auditKeys, auditsApi } from '../../api/audits';
import { ErrorAlert, Loading, Notice } from '../../components/alerts';
import { Page } from '../../components/page';
import { CitedText, SourceList } from './citations';
import { GapItemLink } from '../../remediation/gap-item-link';

const RATING_TEXT: Record<AuditResult['rating'], [string, string]> = {
  green: ['Green', 'badge-ok'],
  amber: ['Amber', 'badge-warn'],
  red: ['Red', 'badge-bad'],
  unrated: ['Not rated yet', ''],
};

const pct = (n: number | null) => (n === null ? '—' : `${Math.round(n)}`);

/** Charts carry a table of the same figures, so the numbers are available without seeing the chart. */
export function ResultsPage() {
  const { orgId = '', auditId = '' } = useParams();
  const results = useQuery({ queryKey: auditKeys.results(orgId, auditId), queryFn: () => auditsApi.results(orgId, auditId) });
  if (results.isPending) return <Loading />;
  if (!results.data) return <ErrorAlert error={results.error} title="Results could not be loaded" />;
  const { result: r, kind, attestation, snapshotHash } = results.data;
  const [ratingLabel, ratingClass] = RATING_TEXT[r.rating];
  const domainData = r.domains.map((d) => ({ name: d.domainId, title: d.title, score: d.score === null ? 0 : Math.round(d.score) }));
  const benchmarkData = r.benchmarks.map((b) => ({ name: b.label, surveyed: Math.round(b.share * 100), you: b.status === 'has' ? 100 : 0 }));

  return (
    <Page id="results" title="Results" intro={kind === 'draft' ? 'A preview from the answers so far; nothing is stored until the audit is submitted.' : 'Stored when the audit was submitted; these figures do not change.'}>
      <section className="card" aria-labelledby="rating">
        <h2 id="rating">
          Rating: <span className={`badge ${ratingClass}`}>{ratingLabel}</span> {r.overall !== null ? <span className="score">{pct(r.overall)} / 100</span> : null}
        </h2>
        <p>{r.ratingReason}</p>
        <p className="muted">
          {Math.round(r.answeredPct)}% answered · {Math.round(r.compliantPct)}% of scored controls pass
        </p>
        {r.caps.length ? (
          <>
            <h3>Why the rating is capped</h3>
            <ul>
              {r.caps.map((c) => (
                <li key={c.controlId}>
                  <strong>{c.controlId}</strong> {c.title}: {c.reason}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section className="card" aria-labelledby="domains">
        <h2 id="domains">Scores by domain</h2>
        <div className="chart" aria-hidden="true">
          <ResponsiveContainer width="100%" height={260}>
            <BarChart accessibilityLayer={false} data={domainData} margin={{ left: 0, right: 16 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="name" />
              <YAxis domain={[0, 100]} />
              <Tooltip />
              <Bar dataKey="score" name="Score" fill="#1f4e5f" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
        <table className="table">
          <caption className="visually-hidden">Scores by domain</caption>
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
                <td>{d.title}</td>
                <td>{pct(d.score)}</td>
                <td>{d.maturity ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="card" aria-labelledby="gaps">
        <h2 id="gaps">Gaps</h2>
        {r.gaps.length ? (
          <ol className="gaps">
            {r.gaps.map((g) => (
              <li key={g.controlId}>
                <span className="badge badge-warn">{g.priority}</span> <strong>{g.controlId}</strong> {g.title}
                <p>
                  <CitedText text={g.reason} sources={r.sources} />
                </p>
                <SourceList ids={g.sourceIds} sources={r.sources} />
                {kind === 'submitted' ? <GapItemLink orgId={orgId} auditId={auditId} controlId={g.controlId} /> : null}
              </li>
            ))}
          </ol>
        ) : (
          <p>No gaps among the scored controls.</p>
        )}
      </section>

      <section className="card" aria-labelledby="benchmarks">
        <h2 id="benchmarks">Compared with published surveys</h2>
        <div className="chart" aria-hidden="true">
          <ResponsiveContainer width="100%" height={Math.max(160, benchmarkData.length * 48)}>
            <BarChart accessibilityLayer={false} data={benchmarkData} layout="vertical" margin={{ left: 24, right: 16 }}>
              <CartesianGrid strokeDasharray="3 3" horizontal={false} />
              <XAxis type="number" domain={[0, 100]} unit="%" />
              <YAxis type="category" dataKey="name" width={220} />
              <Legend />
              <Bar dataKey="surveyed" name="Share of surveyed organisations" fill="#8a9a9d" isAnimationActive={false} />
              <Bar dataKey="you" name="Your organisation (100 = in place)" fill="#1f4e5f" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
        <ul>
          {r.benchmarks.map((b) => (
            <li key={b.benchmarkId}>
              {b.text}
              <SourceList ids={b.sourceIds} sources={r.sources} />
            </li>
          ))}
        </ul>
      </section>

      <section className="card" aria-labelledby="prevalence">
        <h2 id="prevalence">Prevalence estimate</h2>
        <p>{r.prevalence.statement}</p>
        <p>{r.prevalence.comparison}</p>
        <p className="muted">An estimate about risk across the workforce, never about any person.</p>
        <SourceList ids={r.prevalence.sourceIds} sources={r.sources} />
      </section>

      <section className="card" aria-labelledby="obligations">
        <h2 id="obligations">Reporting obligations</h2>
        <Notice tone="warning">This is not legal advice. Have counsel confirm how each obligation applies to your organisation.</Notice>
        <ul className="obligations">
          {r.obligations.map((o) => (
            <li key={o.id}>
              <h3>
                {o.title} <span className="muted">({o.jurisdictionName})</span>
              </h3>
              <p>
                <strong>What to do:</strong> {o.action} <strong>To:</strong> {o.recipient} <strong>By when:</strong> {o.deadline}
              </p>
              <p className="muted">
                {o.citation} · applies because {o.bindsBecause} · {o.status === 'verified' ? 'verified' : 'not yet verified'} · last reviewed {o.lastReviewed}
              </p>
              <SourceList ids={o.sourceIds} sources={r.sources} />
            </li>
          ))}
        </ul>
      </section>

      {attestation ? (
        <section className="card" aria-labelledby="attestation">
          <h2 id="attestation">Attestation</h2>
          <blockquote>{attestation.statement}</blockquote>
          <p className="muted">
            {attestation.role}, {new Date(attestation.at).toLocaleString('en-GB')}
            {snapshotHash ? ` · snapshot SHA-256 ${snapshotHash}` : ''}
          </p>
        </section>
      ) : null}
    </Page>
  );
}
