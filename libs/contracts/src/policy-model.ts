/** The organisation's policy model (docs/POLICY-MODEL.md): clauses, action plan, obligations register, documents. */

export const CLAUSE_STATES = ['adopted', 'adapted', 'missing', 'not_applicable'] as const;
export type ClauseStateValue = (typeof CLAUSE_STATES)[number];
export const CONTACT_KINDS = ['police', 'hotline', 'counsel', 'regulator', 'welfare', 'other'] as const;
export type ContactKindValue = (typeof CONTACT_KINDS)[number];
export const POLICY_DOCUMENTS = ['policy', 'action-plan'] as const;
export type PolicyDocumentName = (typeof POLICY_DOCUMENTS)[number];
export const DOCUMENT_FORMATS = ['docx', 'pdf'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

/** A requested policy document, rendered by the worker through the report queue. */
export interface PolicyDocumentView {
  id: string;
  document: PolicyDocumentName;
  format: DocumentFormat;
  status: 'queued' | 'running' | 'done' | 'failed';
  attempts: number;
  error: string | null;
  fileName: string;
  contentType: string;
  size: number | null;
  /** SHA-256 (hex) of the file once done; also sent as Repr-Digest and ETag on download. */
  sha256: string | null;
  requestedBy: string | null;
  requestedAt: string;
  finishedAt: string | null;
  /** Relative to /api/v1, once done. */
  downloadPath: string | null;
}

export interface RequestPolicyDocumentRequest {
  document: PolicyDocumentName;
  format: DocumentFormat;
}

export interface SourceRef {
  id: string;
  title: string;
  publisher: string | null;
  year: number | null;
  url: string | null;
}

export interface RecordMeta {
  /** 0 while nothing is recorded; send it back as If-Match once it is 1 or more. */
  version: number;
  updatedBy: string | null;
  updatedAt: string | null;
}

export interface ClauseView extends RecordMeta {
  id: string;
  number: number;
  title: string;
  /** The template's wording with the organisation's name filled in. */
  text: string;
  applies: boolean;
  variants: { id: string; title: string; text: string }[];
  controls: string[];
  sourceIds: string[];
  state: ClauseStateValue | null;
  variantId: string | null;
  wording: string | null;
  documentRef: string | null;
  reason: string | null;
  ownerUserId: string | null;
  lastReviewedOn: string | null;
  adoptedOn: string | null;
}

export interface ClausesView {
  framework: { id: string; version: string };
  coverage: {
    coveragePct: number;
    counted: number;
    covered: number;
    missing: { clauseId: string; number: number; title: string; message: string }[];
  };
  items: ClauseView[];
  sources: Record<string, SourceRef>;
}

export interface PutClauseRequest {
  state: ClauseStateValue;
  variantId?: string | null;
  wording?: string | null;
  documentRef?: string | null;
  reason?: string | null;
  ownerUserId?: string | null;
  lastReviewedOn?: string | null;
}

export interface PlanContactView {
  kind: ContactKindValue;
  role: string;
  route: string;
}

export interface PlanStepView extends RecordMeta {
  id: string;
  title: string;
  purpose: string;
  actions: string[];
  never: string[];
  ownerRole: string;
  sourceIds: string[];
  position: number;
  ownerUserId: string | null;
  deputyUserId: string | null;
  contacts: PlanContactView[];
  lastExercisedOn: string | null;
  notes: string | null;
}

export interface PlanProblemView {
  code: string;
  stepId?: string;
  obligationId?: string;
  message: string;
}

export interface ActionPlanView extends RecordMeta {
  framework: { id: string; version: string };
  reviewedOn: string | null;
  completeness: { complete: boolean; completenessPct: number; problems: PlanProblemView[] };
  steps: PlanStepView[];
  sources: Record<string, SourceRef>;
}

export interface PutPlanStepRequest {
  position?: number;
  ownerUserId?: string | null;
  deputyUserId?: string | null;
  contacts?: PlanContactView[];
  lastExercisedOn?: string | null;
  notes?: string | null;
}

export interface PatchActionPlanRequest {
  reviewedOn: string | null;
}

export interface ObligationLineView extends RecordMeta {
  id: string;
  title: string;
  jurisdictionId: string;
  jurisdictionName: string;
  binds: string;
  bindsBecause: string;
  trigger: string;
  action: string;
  recipient: string | null;
  deadline: string | null;
  preservation: string | null;
  prohibited: string[];
  citation: string;
  /** Status of the legal content: verified, secondary or unverified. */
  lawStatus: string;
  counselMustConfirm: boolean;
  /** When the content for this jurisdiction was last reviewed. */
  contentReviewedOn: string;
  mandatoryReport: boolean;
  sourceIds: string[];
  reporterRole: string | null;
  reporterUserId: string | null;
  route: string | null;
  lastLegalReviewOn: string | null;
  notes: string | null;
}

export interface ObligationsView {
  framework: { id: string; version: string };
  items: ObligationLineView[];
  notCovered: { country: string; message: string }[];
  reportsWithoutRoute: { obligationId: string; jurisdictionName: string }[];
  sources: Record<string, SourceRef>;
  notLegalAdvice: string;
}

export interface PutObligationRequest {
  reporterRole?: string | null;
  reporterUserId?: string | null;
  route?: string | null;
  lastLegalReviewOn?: string | null;
  notes?: string | null;
}

export interface AnswerSuggestionView {
  questionId: string;
  controlId: string;
  section: string;
  value: string | null;
  basis: string;
  from: { kind: 'clause' | 'plan_step'; id: string };
}

export interface SuggestionsView {
  auditId: string;
  items: AnswerSuggestionView[];
  note: string;
}

export const PORTFOLIO_SORT_KEYS = ['name', 'rating', 'score', 'coverage', 'plan'] as const;
export type PortfolioSortKey = (typeof PORTFOLIO_SORT_KEYS)[number];

export interface PortfolioQuery {
  limit?: number;
  offset?: number;
  sort?: PortfolioSortKey;
  order?: 'asc' | 'desc';
  /** Part of the organisation's name. */
  q?: string;
  rating?: 'green' | 'amber' | 'red' | 'unrated';
  planComplete?: 'true' | 'false';
}

export interface PortfolioRow {
  organisationId: string;
  name: string;
  role: string;
  rating: string | null;
  overall: number | null;
  trend: 'up' | 'down' | 'flat' | null;
  lastAuditAt: string | null;
  audits: number;
  /** Remediation items still needing work (open, in progress, blocked), from audits and from the policy model. */
  openItems: number;
  /** Of those, the ones past their due date. */
  overdueItems: number;
  coveragePct: number | null;
  planComplete: boolean | null;
  planCompletenessPct: number | null;
  countriesNotCovered: number | null;
}

export interface TrendView {
  organisationId: string;
  points: { auditId: string; snapshotId: string; at: string; rating: string; overall: number | null }[];
  direction: 'up' | 'down' | 'flat' | null;
}
