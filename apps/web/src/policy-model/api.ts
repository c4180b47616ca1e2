import type {
  ActionPlanView,
  AuditEventView,
  ClausesView,
  ClauseStateValue,
  ClauseView,
  ContactKindValue,
  ObligationLineView,
  ObligationsView,
  Page,
  PatchActionPlanRequest,
  PlanStepView,
  PolicyDocumentName,
  PolicyDocumentView,
  PortfolioQuery,
  PortfolioRow,
  PortfolioSortKey,
  PutClauseRequest,
  PutObligationRequest,
  PutPlanStepRequest,
  SuggestionsView,
  TrendView,
} from '@aup/contracts';
import { api, API_BASE } from '../api/http-client';

const enc = encodeURIComponent;
const base = (orgId: string) => `/organisations/${enc(orgId)}/policy-model`;
/** A record's version as If-Match, once it exists. */
const ifMatch = (version: number) => (version > 0 ? { ifMatch: version } : {});

export const policyKeys = {
  clauses: (orgId: string) => ['orgs', orgId, 'policy-model', 'clauses'] as const,
  plan: (orgId: string) => ['orgs', orgId, 'policy-model', 'action-plan'] as const,
  obligations: (orgId: string) => ['orgs', orgId, 'policy-model', 'obligations'] as const,
  history: (orgId: string, entity: string, entityId: string) =>
    ['orgs', orgId, 'policy-model', 'history', entity, entityId] as const,
  suggestions: (orgId: string, auditId: string) => ['orgs', orgId, 'audits', auditId, 'suggestions'] as const,
};

export const policyModelApi = {
  clauses: (orgId: string) => api.get<ClausesView>(`${base(orgId)}/clauses`),
  putClause: (orgId: string, clause: ClauseView, body: PutClauseRequest) =>
    api.put<ClauseView>(`${base(orgId)}/clauses/${enc(clause.id)}`, body, ifMatch(clause.version)),
  plan: (orgId: string) => api.get<ActionPlanView>(`${base(orgId)}/action-plan`),
  patchPlan: (orgId: string, version: number, body: PatchActionPlanRequest) =>
    api.patch<ActionPlanView>(`${base(orgId)}/action-plan`, body, ifMatch(version)),
  putStep: (orgId: string, step: PlanStepView, body: PutPlanStepRequest) =>
    api.put<PlanStepView>(`${base(orgId)}/action-plan/steps/${enc(step.id)}`, body, ifMatch(step.version)),
  obligations: (orgId: string) => api.get<ObligationsView>(`${base(orgId)}/obligations`),
  putObligation: (orgId: string, line: ObligationLineView, body: PutObligationRequest) =>
    api.put<ObligationLineView>(`${base(orgId)}/obligations/${enc(line.id)}`, body, ifMatch(line.version)),
  history: (orgId: string, entity: string, entityId: string) =>
    api.get<Page<AuditEventView>>(
      `${base(orgId)}/history?entity=${enc(entity)}&entityId=${enc(entityId)}&limit=20`,
    ),
  /** Asks for a document; the worker renders it (follow it with `document`). */
  requestDocument: (orgId: string, document: PolicyDocumentName, format: 'docx' | 'pdf') =>
    api.post<PolicyDocumentView>(`${base(orgId)}/documents`, { document, format }),
  document: (orgId: string, id: string) => api.get<PolicyDocumentView>(`${base(orgId)}/documents/${enc(id)}`),
  /** The file's address once the document is done. */
  downloadUrl: (view: PolicyDocumentView) => `${API_BASE}${view.downloadPath}`,
  suggestions: (orgId: string, auditId: string) =>
    api.get<SuggestionsView>(`/organisations/${enc(orgId)}/audits/${enc(auditId)}/suggestions`),
  portfolio: (query: PortfolioQuery) => {
    const params = new URLSearchParams(
      Object.entries(query)
        .filter(([, v]) => v !== undefined && v !== '')
        .map(([k, v]) => [k, String(v)]),
    );
    return api.get<Page<PortfolioRow>>(`/portfolio?${params}`);
  },
  trend: (orgId: string) => api.get<TrendView>(`/organisations/${enc(orgId)}/trend`),
};

// The web app imports only types from the shared libs; the value lists are spelled here, checked against them.
export const CLAUSE_STATES = [
  'adopted',
  'adapted',
  'missing',
  'not_applicable',
] as const satisfies readonly ClauseStateValue[];
export const CONTACT_KINDS = [
  'police',
  'hotline',
  'counsel',
  'regulator',
  'welfare',
  'other',
] as const satisfies readonly ContactKindValue[];
export const PORTFOLIO_SORT_KEYS = [
  'name',
  'rating',
  'score',
  'coverage',
  'plan',
] as const satisfies readonly PortfolioSortKey[];
