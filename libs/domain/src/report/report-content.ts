import type { Answers } from '../answers';
import type { Catalogue, Criticality, OwnerRole, Priority } from '../catalogue';
import { countryCoverage, coverageLabel, type CountryCoverage } from '../country-coverage';
import type { AuditResult } from '../evaluate-audit';
import { citedSourceIds, comparableBenchmarks, NOT_LEGAL_ADVICE, resultCaveats } from '../evaluate-audit';
import type { Profile } from '../profile';
import type { RemediationStatus } from '../remediation/lifecycle';
import type { TrailAnchor } from '../trail-anchor';
import { citationParts, type SourceRef } from '../result-sources';
import type { Rating } from '../score-audit';

/** Version of the report content model and of the JSON export built from it (docs/report.schema.json). */
export const REPORT_SCHEMA = 'aup-audit-report/1';

/** The stored result snapshot the report is rendered from (what the api stores at submit, or at request time for a draft). */
export interface ReportSnapshot {
  readonly auditId: string;
  readonly organisationId: string;
  readonly framework: { readonly id: string; readonly version: string; readonly contentHash: string };
  readonly formulaVersion: string;
  readonly profile: Profile;
  readonly answers: Answers;
  readonly attestation: {
    readonly statement: string;
    readonly role: string;
    readonly userId: string;
    readonly at: string;
  } | null;
  readonly result: AuditResult;
  /** Where the audit trail stood when the result was sealed (submitted snapshots since anchoring; never a draft). */
  readonly trailAnchor?: TrailAnchor;
}

/**
 * A tracked remediation item linked to the audit, as it stood when the report was requested: read from the
 * remediation tables by the api, so the report shows what is being done, not only what the plan proposes.
 */
export interface TrackedItemContext {
  readonly id: string;
  readonly title: string;
  readonly status: RemediationStatus;
  readonly priority: Priority;
  readonly ownerRole: string;
  /** The owner's display name (or role and short id), or null when no person owns it yet. */
  readonly ownerName: string | null;
  readonly dueDate: string;
  readonly controlIds: readonly string[];
  /** The audit whose submit proved the item fixed. */
  readonly verifiedBy: {
    readonly auditId: string;
    readonly title: string;
    readonly at: string | null;
  } | null;
  /** What this audit's submit found for the item (verified, not_effective, still_open), if it judged it. */
  readonly outcome: string | null;
}

/** What the api captures when a report is requested, beside the snapshot: ids resolved to labels, never e-mail addresses. */
export interface ReportContext {
  readonly organisation: { readonly id: string; readonly name: string };
  readonly audit: {
    readonly id: string;
    readonly title: string;
    readonly status: string;
    readonly dueDate: string | null;
    readonly submittedAt: string | null;
  };
  readonly draft: boolean;
  readonly snapshotHash: string;
  /** When the snapshot was taken (submit time, or request time for a draft): due dates count from it. */
  readonly snapshotTakenAt: string;
  readonly requestedAt: string;
  /** Who answered and when, by question id (who as a display name or a role, never an e-mail address). */
  readonly answerMeta: Readonly<
    Record<string, { readonly by: string | null; readonly at: string | null; readonly note: string | null }>
  >;
  /** The label of the person who attested, when there is an attestation. */
  readonly attestedBy: string | null;
  readonly previous: {
    readonly auditId: string;
    readonly title: string;
    readonly overall: number | null;
    readonly rating: Rating;
    readonly submittedAt: string | null;
  } | null;
  readonly trail: {
    readonly valid: boolean;
    readonly checked: number;
    readonly headHash: string;
    readonly firstBrokenSeq: number | null;
    readonly verifiedAt: string;
    /** Which check failed, when the verification says (absent in reports requested before it did). */
    readonly checks?: Readonly<Record<string, string>>;
    readonly failure?: string | null;
  } | null;
  /**
   * The remediation items linked to the audit when the report was requested (absent in reports requested
   * before tracking was read, and offline, where nothing is tracked).
   */
  readonly tracking?: { readonly capturedAt: string; readonly items: readonly TrackedItemContext[] } | null;
}

/** The tracked item shown beside a gap or a planned action. */
export interface ReportTracking {
  readonly itemId: string;
  readonly title: string;
  readonly status: RemediationStatus;
  readonly statusLabel: string;
  readonly owner: string;
  readonly dueDate: string;
  readonly verifiedBy: string | null;
}

export interface ReportTrackedItem extends ReportTracking {
  readonly priority: Priority;
  readonly controlIds: readonly string[];
  readonly outcome: string | null;
  readonly verifiedAt: string | null;
}

export interface ReportSource {
  /** 1-based number the report cites it by: `[n]`. */
  readonly number: number;
  readonly id: string;
  readonly title: string;
  readonly publisher: string | null;
  readonly year: number | null;
  readonly url: string | null;
  readonly status: string;
}

export interface ReportAction {
  readonly key: string;
  readonly title: string;
  readonly priority: Priority;
  readonly ownerRole: OwnerRole;
  readonly owner: string;
  readonly effort: string;
  readonly dueDate: string;
  readonly steps: readonly string[];
  readonly controlIds: readonly string[];
  readonly dependsOn: readonly string[];
  /** The tracked item that carries this action out, when tracking was read (null: none yet). */
  readonly tracking: ReportTracking | null;
}

export interface ReportObligation {
  readonly id: string;
  readonly title: string;
  readonly action: string;
  readonly trigger: string;
  readonly recipient: string | null;
  readonly deadline: string | null;
  readonly prohibited: readonly string[];
  readonly citation: string;
  readonly status: string;
  readonly counselMustConfirm: boolean;
  readonly bindsBecause: string;
  readonly sourceNumbers: readonly number[];
}

export interface ReportJurisdiction {
  readonly id: string;
  readonly name: string;
  readonly lastReviewed: string;
  readonly obligations: readonly ReportObligation[];
}

export interface ReportControl {
  readonly controlId: string;
  readonly domainId: string;
  readonly domainTitle: string;
  readonly title: string;
  readonly criticality: Criticality;
  readonly status: string;
  readonly applicable: boolean;
  readonly score: number | null;
  readonly target: number;
  readonly passes: boolean | null;
  readonly gap: boolean;
  readonly priority: Priority | null;
  readonly severity: number | null;
  readonly reason: string | null;
  readonly sourceNumbers: readonly number[];
  readonly iso27001: readonly string[];
  readonly nistCsf: readonly string[];
  readonly cis: readonly string[];
  /** For a gap: the tracked item linked to the control, when tracking was read (null: none). */
  readonly tracking: ReportTracking | null;
}

export interface ReportAnswer {
  readonly questionId: string;
  readonly controlId: string;
  readonly text: string;
  readonly status: string;
  readonly answer: string;
  readonly justification: string | null;
  readonly note: string | null;
  readonly answeredBy: string | null;
  readonly answeredAt: string | null;
}

/** Everything a report shows, in reading order; every renderer (PDF, XLSX, CSV, JSON, OSCAL) draws from it. */
export interface ReportContent {
  readonly schema: typeof REPORT_SCHEMA;
  readonly title: string;
  readonly organisation: { readonly id: string; readonly name: string };
  readonly audit: ReportContext['audit'];
  readonly draft: boolean;
  readonly snapshot: {
    readonly hash: string;
    readonly takenAt: string;
    readonly formulaVersion: string;
    readonly framework: ReportSnapshot['framework'] & { readonly title: string };
  };
  readonly requestedAt: string;
  readonly summary: {
    readonly rating: Rating;
    readonly ratingLabel: string;
    readonly overall: number | null;
    readonly ratingReason: string;
    readonly caps: readonly string[];
    readonly answeredPct: number;
    readonly compliantPct: number;
    readonly topActions: readonly ReportAction[];
    readonly prevalence: {
      readonly range: string;
      readonly statement: string;
      readonly comparison: string;
      /** The caution on the rates' source, shown wherever the estimate is. */
      readonly caution: string | null;
      readonly sourceNumbers: readonly number[];
    };
    /** Only the survey figures the organisation can be compared with (it belongs to the surveyed population). */
    readonly benchmarks: readonly {
      readonly label: string;
      readonly text: string;
      /** has, lacks, incomplete, not_applicable. */
      readonly status: string;
      readonly standing: string | null;
      readonly sourceNumbers: readonly number[];
    }[];
    /** The practices no survey gives a comparable figure for, each saying which population was surveyed. */
    readonly benchmarksNotComparable: readonly { readonly label: string; readonly text: string }[];
    readonly trend: {
      readonly previousTitle: string;
      readonly previousOverall: number | null;
      readonly change: number | null;
      readonly text: string;
    } | null;
  };
  readonly jurisdictions: readonly ReportJurisdiction[];
  /** Countries of the profile the content does not fully cover: named, so nobody reads silence as "no duty". */
  readonly countriesNotCovered: readonly string[];
  /** Every country of operation and how far the content covers it. */
  readonly coverage: readonly CountryCoverage[];
  /** What qualifies the results: not legal advice, counsel flags, laws not in force, coverage, source cautions. */
  readonly caveats: readonly string[];
  readonly notLegalAdvice: string;
  readonly domains: readonly {
    readonly domainId: string;
    readonly title: string;
    readonly score: number | null;
    readonly maturity: number | null;
    readonly passing: number;
    readonly scored: number;
  }[];
  readonly controls: readonly ReportControl[];
  readonly gaps: readonly ReportControl[];
  readonly remediation: readonly ReportAction[];
  readonly answers: readonly {
    readonly sectionId: string;
    readonly title: string;
    readonly questions: readonly ReportAnswer[];
  }[];
  readonly naJustifications: readonly ReportAnswer[];
  readonly attestation: {
    readonly statement: string;
    readonly role: string;
    readonly by: string | null;
    readonly at: string;
  } | null;
  readonly trail: ReportContext['trail'];
  /** The trail position sealed into the snapshot and how to check it (null: a draft, or sealed before anchoring). */
  readonly trailAnchor: {
    readonly seq: number;
    readonly hash: string;
    readonly howToVerify: string;
  } | null;
  /**
   * The tracked remediation items linked to the audit when the report was requested; null when tracking
   * was not read (offline, or a report requested before it was).
   */
  readonly tracking: {
    readonly capturedAt: string;
    readonly items: readonly ReportTrackedItem[];
  } | null;
  readonly sources: readonly ReportSource[];
}

export const RATING_LABEL: Readonly<Record<Rating, string>> = {
  green: 'Green',
  amber: 'Amber',
  red: 'Red: legal exposure',
  unrated: 'Not rated yet',
};

export const OWNER_ROLE_LABEL: Readonly<Record<OwnerRole, string>> = {
  compliance_officer: 'Compliance officer',
  admin: 'Administrator',
  it: 'IT',
  hr: 'HR',
  legal: 'Legal',
  security: 'Security',
  leadership: 'Leadership',
};

export const TRACKING_STATUS_LABEL: Readonly<Record<RemediationStatus, string>> = {
  open: 'Open',
  in_progress: 'In progress',
  blocked: 'Blocked',
  done: 'Done, awaiting verification by the next audit',
  verified: 'Verified',
  risk_accepted: 'Risk accepted',
};

/** How a reader checks a sealed anchor against the organisation's trail (printed with the anchor). */
export const trailAnchorHowToVerify = (seq: number): string =>
  `Verify the audit trail in the application (Audit trail > Verify, or GET /organisations/{orgId}/audit-trail/verify): every check, "anchors" included, must pass. Then compare this copy: the trail's event ${seq} (the Audit trail page, or GET /organisations/{orgId}/audit-trail, which lists each event's seq and hash) must have the hash printed here. Another hash, or no event ${seq}, means the history before this result was rewritten or cut.`;

const PRIORITY_ORDER: Readonly<Record<Priority, number>> = { P1: 1, P2: 2, P3: 3, P4: 4 };

const addDays = (iso: string, days: number) => {
  const d = new Date(iso);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/** Answer value in words, from the option labels the result carries. */
function answerText(q: { status: string; label?: string; value?: unknown }): string {
  if (q.status === 'unanswered') return 'Not answered';
  if (q.label) return q.label;
  if (q.value === undefined || q.value === null) return '';
  return Array.isArray(q.value) ? q.value.join(', ') : String(q.value);
}

/**
 * Builds the content of a report from a snapshot, the catalogue it was scored with and the request-time
 * context. Pure and deterministic: the same inputs give the same content, so a report can be rendered
 * again and compared. Sources are numbered once, in order of first citation, and cited as `[n]`.
 */
export function buildReportContent(
  snapshot: ReportSnapshot,
  catalogue: Catalogue,
  context: ReportContext,
): ReportContent {
  const result = snapshot.result;
  const sourcesById = result.sources;
  // Sources are numbered in the order a reader meets them: the summary (caps, prevalence, benchmarks),
  // then the gaps by priority, then the obligations; anything else the results cite comes last.
  const citedIn = (text: string) =>
    citationParts(text, sourcesById).flatMap((p) => (typeof p === 'string' ? [] : [p.id]));
  const byPriority = [...result.gaps].sort(
    (a, b) =>
      PRIORITY_ORDER[a.priority] - PRIORITY_ORDER[b.priority] ||
      b.severity - a.severity ||
      a.controlId.localeCompare(b.controlId),
  );
  const order: string[] = [];
  for (const id of [
    ...result.caps.flatMap((c) => citedIn(c.reason)),
    ...result.prevalence.sourceIds,
    ...comparableBenchmarks(result.benchmarks).flatMap((b) => b.sourceIds),
    ...byPriority.flatMap((g) => [...citedIn(g.reason), ...g.sourceIds]),
    ...result.obligations.flatMap((o) => o.sourceIds),
    ...citedSourceIds(result),
  ])
    if (!order.includes(id) && Object.prototype.hasOwnProperty.call(sourcesById, id)) order.push(id);
  const numberOf = new Map(order.map((id, i) => [id, i + 1]));
  const numbers = (ids: readonly string[]) => [
    ...new Set(ids.flatMap((id) => (numberOf.has(id) ? [numberOf.get(id)!] : []))),
  ];
  const cited = (text: string) =>
    citationParts(text, sourcesById)
      .map((p) => (typeof p === 'string' ? p : `[${numberOf.get((p as SourceRef).id) ?? p.id}]`))
      .join('');

  const domainTitle = new Map(catalogue.domains.map((d) => [d.id, d.title]));
  const catalogueControls = new Map(
    catalogue.domains.flatMap((d) => d.controls.map((c) => [c.id, c] as const)),
  );
  const gapsById = new Map(result.gaps.map((g) => [g.controlId, g]));
  const xrefs = (controlId: string, framework: string) =>
    (catalogueControls.get(controlId)?.xrefs ?? []).filter((x) => x.framework === framework).map((x) => x.id);

  // Tracked items, as the api read them when the report was requested: the one that matters most for a
  // control is the one still being worked on, then the latest verified.
  const trackedItems: ReportTrackedItem[] | null = context.tracking
    ? context.tracking.items.map((t) => ({
        itemId: t.id,
        title: t.title,
        status: t.status,
        statusLabel: TRACKING_STATUS_LABEL[t.status] ?? t.status,
        owner: t.ownerName ?? OWNER_ROLE_LABEL[t.ownerRole as OwnerRole] ?? t.ownerRole,
        dueDate: t.dueDate,
        verifiedBy: t.verifiedBy ? t.verifiedBy.title : null,
        priority: t.priority,
        controlIds: t.controlIds,
        outcome: t.outcome,
        verifiedAt: t.verifiedBy?.at ?? null,
      }))
    : null;
  const trackingFor = (controlIds: readonly string[]): ReportTracking | null => {
    const matching = (trackedItems ?? []).filter((t) => t.controlIds.some((c) => controlIds.includes(c)));
    const best =
      matching.find((t) => t.status !== 'verified' && t.status !== 'risk_accepted') ??
      matching.find((t) => t.status === 'risk_accepted') ??
      matching.at(-1);
    if (!best) return null;
    return {
      itemId: best.itemId,
      title: best.title,
      status: best.status,
      statusLabel: best.statusLabel,
      owner: best.owner,
      dueDate: best.dueDate,
      verifiedBy: best.verifiedBy,
    };
  };

  const controls: ReportControl[] = result.controls.map((c) => {
    const gap = gapsById.get(c.controlId);
    return {
      controlId: c.controlId,
      domainId: c.domainId,
      domainTitle: domainTitle.get(c.domainId) ?? c.domainId,
      title: c.title,
      criticality: c.criticality,
      status: c.status,
      applicable: c.status === 'scored',
      score: c.score,
      target: c.target,
      passes: c.passes,
      gap: Boolean(gap),
      priority: gap?.priority ?? null,
      severity: gap ? Math.round(gap.severity * 100) / 100 : null,
      reason: gap ? cited(gap.reason) : null,
      sourceNumbers: numbers(gap?.sourceIds ?? catalogueControls.get(c.controlId)?.sources ?? []),
      iso27001: xrefs(c.controlId, 'iso27001-2022'),
      nistCsf: xrefs(c.controlId, 'nist-csf-2'),
      cis: xrefs(c.controlId, 'cis-v8'),
      tracking: gap ? trackingFor([c.controlId]) : null,
    };
  });
  const gaps = controls
    .filter((c) => c.gap)
    .sort(
      (a, b) =>
        PRIORITY_ORDER[a.priority!] - PRIORITY_ORDER[b.priority!] ||
        (b.severity ?? 0) - (a.severity ?? 0) ||
        a.controlId.localeCompare(b.controlId),
    );

  const remediation: ReportAction[] = result.remediation.items.map((i) => ({
    key: i.key,
    title: i.title,
    priority: i.priority,
    ownerRole: i.ownerRole,
    owner: OWNER_ROLE_LABEL[i.ownerRole] ?? i.ownerRole,
    effort: i.effort,
    dueDate: addDays(context.snapshotTakenAt, i.targetDays),
    steps: i.steps,
    controlIds: i.controlIds,
    dependsOn: i.dependsOn,
    tracking: trackingFor(i.controlIds),
  }));

  const byJurisdiction = new Map<string, ReportJurisdiction & { obligations: ReportObligation[] }>();
  for (const o of result.obligations) {
    const j = byJurisdiction.get(o.jurisdictionId) ?? {
      id: o.jurisdictionId,
      name: o.jurisdictionName,
      lastReviewed: o.lastReviewed,
      obligations: [],
    };
    j.obligations.push({
      id: o.id,
      title: o.title,
      action: o.action,
      trigger: o.trigger,
      recipient: o.recipient ?? null,
      deadline: o.deadline ?? null,
      prohibited: o.prohibited,
      citation: o.citation,
      status: o.status,
      counselMustConfirm: o.counselMustConfirm,
      bindsBecause: o.bindsBecause,
      sourceNumbers: numbers(o.sourceIds),
    });
    byJurisdiction.set(o.jurisdictionId, j);
  }

  // Coverage and caveats as the results compute them (older snapshots lack them: derived the same way).
  const coverage = result.coverage ?? countryCoverage(catalogue, snapshot.profile);
  const caveats =
    result.caveats ??
    resultCaveats({
      obligations: result.obligations,
      prevalence: result.prevalence,
      benchmarks: result.benchmarks,
      coverage,
    });
  const countriesNotCovered = coverage.filter((c) => c.status !== 'covered').map(coverageLabel);

  const questionsById = new Map(
    catalogue.domains.flatMap((d) => d.controls.flatMap((c) => c.questions.map((q) => [q.id, q] as const))),
  );
  const answered = new Map(
    result.controls.flatMap((c) =>
      c.questions.map((q) => [q.questionId, { q, controlId: c.controlId }] as const),
    ),
  );
  const answerRow = (questionId: string): ReportAnswer | undefined => {
    const entry = answered.get(questionId);
    const question = questionsById.get(questionId);
    if (!entry || !question) return undefined;
    const meta = context.answerMeta[questionId];
    return {
      questionId,
      controlId: entry.controlId,
      text: question.text,
      status: entry.q.status,
      answer: answerText(entry.q),
      justification: entry.q.justification ?? null,
      note: meta?.note ?? null,
      answeredBy: meta?.by ?? null,
      answeredAt: meta?.at ?? null,
    };
  };
  const answers = catalogue.sections
    .map((s) => ({
      sectionId: s.id,
      title: s.title,
      questions: catalogue.domains.flatMap((d) =>
        d.controls.flatMap((c) =>
          c.questions.filter((q) => q.section === s.id).flatMap((q) => answerRow(q.id) ?? []),
        ),
      ),
    }))
    .filter((s) => s.questions.length > 0);

  const caps = result.caps.map((c) => cited(c.reason));
  const previous = context.previous;
  const trend =
    previous === null
      ? null
      : {
          previousTitle: previous.title,
          previousOverall: previous.overall,
          change:
            previous.overall !== null && result.overall !== null
              ? Math.round((result.overall - previous.overall) * 10) / 10
              : null,
          text:
            previous.overall === null || result.overall === null
              ? `The previous audit (${previous.title}) has no overall score to compare with.`
              : result.overall > previous.overall
                ? `Up ${Math.round((result.overall - previous.overall) * 10) / 10} points since the previous audit (${previous.title}: ${previous.overall}).`
                : result.overall < previous.overall
                  ? `Down ${Math.round((previous.overall - result.overall) * 10) / 10} points since the previous audit (${previous.title}: ${previous.overall}).`
                  : `Unchanged since the previous audit (${previous.title}: ${previous.overall}).`,
        };

  return {
    schema: REPORT_SCHEMA,
    title: `${context.audit.title}: acceptable-use readiness report`,
    organisation: context.organisation,
    audit: context.audit,
    draft: context.draft,
    snapshot: {
      hash: context.snapshotHash,
      takenAt: context.snapshotTakenAt,
      formulaVersion: snapshot.formulaVersion,
      framework: { ...snapshot.framework, title: catalogue.framework.title },
    },
    requestedAt: context.requestedAt,
    summary: {
      rating: result.rating,
      ratingLabel: RATING_LABEL[result.rating],
      overall: result.overall,
      ratingReason: cited(result.ratingReason),
      caps,
      answeredPct: result.answeredPct,
      compliantPct: result.compliantPct,
      topActions: remediation.slice(0, 5),
      prevalence: {
        range: result.prevalence.range,
        statement: result.prevalence.statement,
        comparison: result.prevalence.comparison,
        caution: result.prevalence.caution ?? null,
        sourceNumbers: numbers(result.prevalence.sourceIds),
      },
      benchmarks: comparableBenchmarks(result.benchmarks).map((b) => ({
        label: b.label,
        text: b.text,
        status: b.status,
        standing: b.standing,
        sourceNumbers: numbers(b.sourceIds),
      })),
      benchmarksNotComparable: result.benchmarks
        .filter((b) => b.status === 'no_comparable')
        .map((b) => ({ label: b.label, text: b.text })),
      trend,
    },
    jurisdictions: [...byJurisdiction.values()],
    countriesNotCovered,
    coverage,
    caveats,
    notLegalAdvice: NOT_LEGAL_ADVICE,
    domains: result.domains.map((d) => ({
      domainId: d.domainId,
      title: d.title,
      score: d.score,
      maturity: d.maturity,
      passing: d.passingControls,
      scored: d.scoredControls,
    })),
    controls,
    gaps,
    remediation,
    answers,
    naJustifications: answers.flatMap((s) =>
      s.questions.filter((q) => q.status === 'na' || q.status === 'alternative'),
    ),
    attestation: snapshot.attestation
      ? {
          statement: snapshot.attestation.statement,
          role: snapshot.attestation.role,
          by: context.attestedBy,
          at: snapshot.attestation.at,
        }
      : null,
    trail: context.trail,
    trailAnchor:
      snapshot.trailAnchor && !context.draft
        ? {
            seq: snapshot.trailAnchor.seq,
            hash: snapshot.trailAnchor.hash,
            howToVerify: trailAnchorHowToVerify(snapshot.trailAnchor.seq),
          }
        : null,
    tracking:
      context.tracking && trackedItems
        ? { capturedAt: context.tracking.capturedAt, items: trackedItems }
        : null,
    sources: order.map((id, i) => {
      const s = sourcesById[id];
      return {
        number: i + 1,
        id,
        title: s.title,
        publisher: s.publisher ?? null,
        year: s.year ?? null,
        url: s.url ?? null,
        status: s.status,
      };
    }),
  };
}
