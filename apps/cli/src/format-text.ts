import { NOT_LEGAL_ADVICE, resolveCitations, type AuditResult } from '@aup/domain';

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const num = (n: number | null) => (n === null ? 'n/a' : n.toFixed(1));

/** The human summary of an evaluated audit: rating, domains, caps, top gaps, obligations. */
export function formatText(r: AuditResult, { top }: { top: number }): string[] {
  const lines: string[] = [];
  const c = r.counts;
  lines.push(
    `Framework  ${r.framework.id}@${r.framework.version} (sha256:${r.framework.contentHash.slice(0, 12)}), formula ${r.formulaVersion}`,
  );
  lines.push(NOT_LEGAL_ADVICE);
  lines.push(`Rating     ${r.rating.toUpperCase()}: ${r.ratingReason}`);
  lines.push(`Overall    ${num(r.overall)}/100, answered ${r.answeredPct}%, compliant ${r.compliantPct}%`);
  lines.push(
    `Questions  ${c.total} in scope: ${c.answered} answered, ${c.unknown} don't know, ${c.na} not applicable, ${c.unanswered} unanswered`,
  );
  lines.push('', 'Domains');
  for (const d of r.domains) {
    lines.push(
      `  ${pad(d.domainId, 5)} ${pad(d.title, 40)} ${pad(num(d.score), 6)} maturity ${d.maturity === null ? 'n/a' : `${d.maturity}/4`}`,
    );
  }
  if (r.caps.length) {
    lines.push('', 'Rating caps');
    for (const cap of r.caps)
      lines.push(`  ${(cap.level ?? 'red').toUpperCase()} ${cap.controlId} ${cap.title}: ${cap.reason}`);
  }
  lines.push(
    '',
    r.gaps.length ? `Top gaps (${Math.min(top, r.gaps.length)} of ${r.gaps.length})` : 'Gaps: none',
  );
  for (const g of r.gaps.slice(0, top)) {
    lines.push(`  ${g.priority} ${pad(g.controlId, 7)} ${g.title} (severity ${g.severity})`);
    lines.push(`     ${resolveCitations(g.reason, r.sources)}`);
  }
  lines.push('', `Obligations (${r.obligations.length}; not legal advice)`);
  for (const o of r.obligations) {
    const legal = o.legalStatus ? `${o.legalStatus.replace(/_/g, ' ')}, ` : '';
    lines.push(
      `  ${pad(o.jurisdictionId, 5)} ${o.title} [${legal}${o.status}, reviewed ${o.lastReviewed}${o.counselMustConfirm ? ', counsel must confirm' : ''}]`,
    );
    lines.push(
      `     do: ${o.action}${o.recipient ? `; to: ${o.recipient}` : ''}${o.deadline ? `; by: ${o.deadline}` : ''}`,
    );
    if (o.prohibited.length) lines.push(`     never: ${o.prohibited.join('; ')}`);
    lines.push(`     ${o.citation}`);
    if (o.notes) lines.push(`     note: ${o.notes}`);
  }
  if (r.coverage?.length) {
    lines.push('', 'Countries');
    for (const c of r.coverage) lines.push(`  ${pad(c.country, 3)} ${c.text}`);
  }
  lines.push('', 'Prevalence (a risk estimate for the organisation, never about a person)');
  lines.push(`  ${r.prevalence.statement}`);
  if (r.prevalence.comparison) lines.push(`  ${r.prevalence.comparison}`);
  lines.push('', 'Benchmarks');
  for (const b of r.benchmarks) lines.push(`  ${b.text}`);
  lines.push('', `Remediation (${r.remediation.items.length} items)`);
  r.remediation.items.forEach((item, i) => {
    lines.push(
      `  ${i + 1}. ${item.priority} ${item.title} (${item.ownerRole}, effort ${item.effort}, within ${item.targetDays} days) closes ${item.controlIds.join(', ')}${item.dependsOn.length ? `; after ${item.dependsOn.join(', ')}` : ''}`,
    );
  });
  if (r.caveats?.length) {
    lines.push('', 'Caveats');
    for (const c of r.caveats) lines.push(`  - ${c}`);
  }
  return lines;
}
