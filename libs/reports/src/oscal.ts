import type { Catalogue, RemediationStatus, ReportContent } from '@aup/domain';
import { uuidV5 } from './uuid-v5';

/**
 * OSCAL 1.1.2 JSON: the framework version as a `catalog`, the audit as `assessment-results`, the gaps and
 * remediation plan as a `plan-of-action-and-milestones`. Every UUID is a v5 UUID of a stable name (framework
 * version, audit, snapshot, control, item), so exporting the same snapshot twice gives the same documents.
 * Sources are back-matter resources, cited from controls, findings and items by `#<uuid>` links.
 */
export const OSCAL_VERSION = '1.1.2';

type Json = Record<string, unknown>;

/** Namespace of the product's own OSCAL properties. */
const NS = 'urn:aup-audit:oscal';

/** OSCAL tokens start with a letter or underscore and hold letters, digits, `.`, `-`, `_`. */
const token = (id: string) => {
  const clean = id.replace(/[^\p{L}\p{N}._-]/gu, '_');
  return /^[\p{L}_]/u.test(clean) ? clean : `_${clean}`;
};
/** OSCAL strings may not start or end with white space and may not be empty. */
const str = (text: string | null | undefined, fallback = '-') => {
  const t = (text ?? '').replace(/\s+/g, ' ').trim();
  return t.length ? t : fallback;
};
const iso = (date: string) => new Date(date).toISOString();

const sourceUuid = (id: string) => uuidV5(`source:${id}`);

function backMatter(
  sources: readonly {
    id: string;
    title: string;
    publisher?: string | null;
    year?: number | null;
    url?: string | null;
  }[],
): Json | undefined {
  if (!sources.length) return undefined;
  return {
    resources: sources.map((s) => ({
      uuid: sourceUuid(s.id),
      title: str(s.title),
      citation: { text: str([s.publisher, s.title, s.year].filter(Boolean).join(', ')) },
      ...(s.url ? { rlinks: [{ href: s.url }] } : {}),
      props: [{ name: 'keywords', value: str(s.id) }],
    })),
  };
}

function metadata(title: string, lastModified: string, version: string, remarks?: string): Json {
  return {
    title: str(title),
    'last-modified': iso(lastModified),
    version: str(version),
    'oscal-version': OSCAL_VERSION,
    ...(remarks ? { remarks: str(remarks) } : {}),
  };
}

/** The framework version as an OSCAL catalog: domains as groups, controls with their requirement, rationale and sources. */
export function oscalCatalog(catalogue: Catalogue, lastModified: string): Json {
  const fw = catalogue.framework;
  const sourceIds = new Set(catalogue.domains.flatMap((d) => d.controls.flatMap((c) => c.sources)));
  const back = backMatter(catalogue.sources.filter((s) => sourceIds.has(s.id)));
  return {
    catalog: {
      uuid: uuidV5(`catalog:${fw.id}@${fw.version}:${catalogue.contentHash}`),
      metadata: metadata(fw.title, lastModified, fw.version, `Content hash ${catalogue.contentHash}.`),
      groups: catalogue.domains.map((d) => ({
        id: token(d.id),
        title: str(d.title),
        controls: d.controls.map((c) => ({
          id: token(c.id),
          title: str(c.title),
          props: [
            { name: 'label', value: str(c.id) },
            { name: 'criticality', ns: NS, value: c.criticality },
          ],
          ...(c.sources.length
            ? { links: c.sources.map((s) => ({ href: `#${sourceUuid(s)}`, rel: 'reference' })) }
            : {}),
          parts: [
            { id: `${token(c.id)}_smt`, name: 'statement', prose: str(c.requirement) },
            { id: `${token(c.id)}_gdn`, name: 'guidance', prose: str(c.rationale) },
          ],
        })),
      })),
      ...(back ? { 'back-matter': back } : {}),
    },
  };
}

const reportBackMatter = (content: ReportContent) => backMatter(content.sources);
const sourceLinks = (content: ReportContent, numbers: readonly number[]) =>
  numbers
    .map((n) => content.sources[n - 1])
    .filter(Boolean)
    .map((s) => ({ href: `#${sourceUuid(s.id)}`, rel: 'reference' }));

/** The audit as OSCAL assessment results: one observation (the answers) and one finding per applicable control. */
export function oscalAssessmentResults(content: ReportContent): Json {
  const key = `${content.audit.id}:${content.snapshot.hash}`;
  const planUuid = uuidV5(`assessment-plan:${content.audit.id}`);
  const byControl = new Map<string, string[]>();
  for (const q of content.answers.flatMap((s) => s.questions))
    byControl.set(q.controlId, [...(byControl.get(q.controlId) ?? []), `${q.questionId}: ${q.answer}`]);
  const applicable = content.controls.filter((c) => c.applicable);
  const back = reportBackMatter(content) as { resources: Json[] } | undefined;
  const planResource = {
    uuid: planUuid,
    title: str(
      `Self-assessment questionnaire of ${content.snapshot.framework.title} ${content.snapshot.framework.version}`,
    ),
    description: str(
      'The assessment plan is the framework questionnaire itself: every applicable control was assessed by the answers recorded for it.',
    ),
  };
  return {
    'assessment-results': {
      uuid: uuidV5(`assessment-results:${key}`),
      metadata: metadata(
        content.title,
        content.snapshot.takenAt,
        `${content.snapshot.framework.version}+${content.snapshot.hash.slice(0, 12)}`,
        `${content.draft ? 'DRAFT. ' : ''}Snapshot SHA-256 ${content.snapshot.hash}; formula ${content.snapshot.formulaVersion}.`,
      ),
      'import-ap': { href: `#${planUuid}` },
      results: [
        {
          uuid: uuidV5(`result:${key}`),
          title: str(`${content.audit.title} (${content.summary.ratingLabel})`),
          description: str(
            `${content.summary.ratingReason} Overall ${content.summary.overall ?? 'not scored'}; ${content.summary.answeredPct}% answered; ${content.summary.compliantPct}% of scored controls compliant.`,
          ),
          start: iso(content.snapshot.takenAt),
          props: [
            { name: 'rating', ns: NS, value: content.summary.rating },
            { name: 'snapshot-sha256', ns: NS, value: content.snapshot.hash },
          ],
          'reviewed-controls': {
            'control-selections': [
              { 'include-controls': applicable.map((c) => ({ 'control-id': token(c.controlId) })) },
            ],
          },
          observations: applicable.map((c) => ({
            uuid: uuidV5(`observation:${key}:${c.controlId}`),
            title: str(`Answers for ${c.controlId}`),
            description: str((byControl.get(c.controlId) ?? ['No answers recorded.']).join('; ')),
            methods: ['INTERVIEW'],
            collected: iso(content.snapshot.takenAt),
          })),
          findings: applicable.map((c) => ({
            uuid: uuidV5(`finding:${key}:${c.controlId}`),
            title: str(`${c.controlId} ${c.title}`),
            description: str(c.reason ?? `Score ${c.score ?? 'not scored'} against a target of ${c.target}.`),
            props: [
              { name: 'score', ns: NS, value: str(c.score === null ? 'not scored' : String(c.score)) },
              ...(c.priority ? [{ name: 'priority', ns: NS, value: c.priority }] : []),
            ],
            ...(sourceLinks(content, c.sourceNumbers).length
              ? { links: sourceLinks(content, c.sourceNumbers) }
              : {}),
            target: {
              type: 'statement-id',
              'target-id': `${token(c.controlId)}_smt`,
              status: { state: c.passes ? 'satisfied' : 'not-satisfied' },
            },
            'related-observations': [{ 'observation-uuid': uuidV5(`observation:${key}:${c.controlId}`) }],
          })),
        },
      ],
      'back-matter': { resources: [planResource, ...(back?.resources ?? [])] },
    },
  };
}

/**
 * A tracked item's status as an OSCAL risk status (OSCAL has no status on a poam-item: a POA&M records it
 * on the risk the item addresses). The exact status is also a property (`tracking-status`).
 */
export const RISK_STATUS: Readonly<Record<RemediationStatus, string>> = {
  open: 'open',
  in_progress: 'remediating',
  blocked: 'remediating',
  done: 'remediating',
  verified: 'closed',
  risk_accepted: 'deviation-approved',
};

/**
 * The gaps and the remediation plan as an OSCAL plan of action and milestones. When the report read the
 * tracked remediation items, each is a `risk` with its status (open, remediating, closed, deviation-approved),
 * deadline, owner and a remediation whose lifecycle says planned or completed; each poam-item and gap
 * finding links the risks of the items that carry it out.
 */
export function oscalPoam(content: ReportContent): Json {
  const key = `${content.audit.id}:${content.snapshot.hash}`;
  const back = reportBackMatter(content);
  const findingUuid = (controlId: string) => uuidV5(`poam-finding:${key}:${controlId}`);
  const gapIds = new Set(content.gaps.map((g) => g.controlId));
  const tracked = content.tracking?.items ?? [];
  const riskUuid = (itemId: string) => uuidV5(`poam-risk:${key}:${itemId}`);
  const risksFor = (controlIds: readonly string[]) =>
    tracked
      .filter((t) => t.controlIds.some((c) => controlIds.includes(c)))
      .map((t) => ({ 'risk-uuid': riskUuid(t.itemId) }));
  const risks = tracked.map((t) => ({
    uuid: riskUuid(t.itemId),
    title: str(t.title),
    description: str(`Remediation item for ${t.controlIds.join(', ')}: ${t.statusLabel}.`),
    statement: str(
      `Controls ${t.controlIds.join(', ')} fall short of their target until this item is done and a later audit verifies it.`,
    ),
    props: [
      { name: 'tracking-status', ns: NS, value: t.status },
      { name: 'priority', ns: NS, value: t.priority },
      { name: 'owner', ns: NS, value: str(t.owner) },
      ...(t.verifiedBy ? [{ name: 'verified-by-audit', ns: NS, value: str(t.verifiedBy) }] : []),
      ...(t.outcome ? [{ name: 'audit-outcome', ns: NS, value: t.outcome }] : []),
    ],
    status: RISK_STATUS[t.status] ?? 'open',
    deadline: iso(`${t.dueDate}T00:00:00Z`),
    remediations: [
      {
        uuid: uuidV5(`poam-response:${key}:${t.itemId}`),
        lifecycle: t.status === 'done' || t.status === 'verified' ? 'completed' : 'planned',
        title: str(t.title),
        description: str(
          `${t.statusLabel}; owner ${t.owner}; due ${t.dueDate}${t.verifiedBy ? `; verified by ${t.verifiedBy}` : ''}.`,
        ),
      },
    ],
  }));
  return {
    'plan-of-action-and-milestones': {
      uuid: uuidV5(`poam:${key}`),
      metadata: metadata(
        `Plan of action: ${content.audit.title}`,
        content.snapshot.takenAt,
        `${content.snapshot.framework.version}+${content.snapshot.hash.slice(0, 12)}`,
        content.draft ? 'DRAFT.' : undefined,
      ),
      'system-id': {
        'identifier-type': 'https://ietf.org/rfc/rfc4122',
        id: uuidV5(`organisation:${content.organisation.id}`),
      },
      ...(content.gaps.length
        ? {
            findings: content.gaps.map((g) => ({
              uuid: findingUuid(g.controlId),
              title: str(`${g.controlId} ${g.title}`),
              description: str(g.reason),
              target: {
                type: 'statement-id',
                'target-id': `${token(g.controlId)}_smt`,
                status: { state: 'not-satisfied' },
              },
              ...(sourceLinks(content, g.sourceNumbers).length
                ? { links: sourceLinks(content, g.sourceNumbers) }
                : {}),
              ...(risksFor([g.controlId]).length ? { 'related-risks': risksFor([g.controlId]) } : {}),
            })),
          }
        : {}),
      ...(risks.length ? { risks } : {}),
      'poam-items': content.remediation.map((i) => ({
        uuid: uuidV5(`poam-item:${key}:${i.key}`),
        title: str(i.title),
        description: str(i.steps.join(' ')),
        props: [
          { name: 'priority', ns: NS, value: i.priority },
          { name: 'owner-role', ns: NS, value: i.ownerRole },
          { name: 'effort', ns: NS, value: i.effort },
          { name: 'due-date', ns: NS, value: i.tracking?.dueDate ?? i.dueDate },
          ...(i.tracking
            ? [
                { name: 'tracking-status', ns: NS, value: i.tracking.status },
                { name: 'owner', ns: NS, value: str(i.tracking.owner) },
              ]
            : content.tracking
              ? [{ name: 'tracking-status', ns: NS, value: 'not_tracked' }]
              : []),
        ],
        ...(i.controlIds.some((c) => gapIds.has(c))
          ? {
              'related-findings': i.controlIds
                .filter((c) => gapIds.has(c))
                .map((c) => ({ 'finding-uuid': findingUuid(c) })),
            }
          : {}),
        ...(risksFor(i.controlIds).length ? { 'related-risks': risksFor(i.controlIds) } : {}),
      })),
      ...(back ? { 'back-matter': back } : {}),
    },
  };
}
