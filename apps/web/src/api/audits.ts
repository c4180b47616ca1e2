import type {
  AnswerView,
  AssignmentsView,
  AuditEventView,
  AuditResultsView,
  AuditTrailVerification,
  AuditVersionDiffView,
  AuditVersionView,
  AuditView,
  CompletenessView,
  CommentView,
  CreateAuditRequest,
  Page,
  PutAnswerRequest,
  PutAssignmentsRequest,
  SectionView,
  SubmitAuditRequest,
} from '@aup/contracts';
import { api, request } from './http-client';

const enc = encodeURIComponent;
const base = (orgId: string) => `/organisations/${enc(orgId)}/audits`;

export const auditKeys = {
  list: (orgId: string) => ['orgs', orgId, 'audits'] as const,
  audit: (orgId: string, auditId: string) => ['orgs', orgId, 'audits', auditId] as const,
  section: (orgId: string, auditId: string, section: string) =>
    ['orgs', orgId, 'audits', auditId, 'sections', section] as const,
  results: (orgId: string, auditId: string) => ['orgs', orgId, 'audits', auditId, 'results'] as const,
  comments: (orgId: string, auditId: string, questionId: string) =>
    ['orgs', orgId, 'audits', auditId, 'comments', questionId] as const,
  completeness: (orgId: string, auditId: string) =>
    ['orgs', orgId, 'audits', auditId, 'completeness'] as const,
  versions: (orgId: string, auditId: string) => ['orgs', orgId, 'audits', auditId, 'versions'] as const,
  trail: (orgId: string, filter: string) => ['orgs', orgId, 'audit-trail', filter] as const,
};

export const auditsApi = {
  list: (orgId: string) => api.get<Page<AuditView>>(`${base(orgId)}?limit=100`),
  create: (orgId: string, body: CreateAuditRequest) => api.post<AuditView>(base(orgId), body),
  get: (orgId: string, auditId: string) => api.get<AuditView>(`${base(orgId)}/${enc(auditId)}`),
  assignments: (orgId: string, auditId: string) =>
    api.get<AssignmentsView>(`${base(orgId)}/${enc(auditId)}/assignments`),
  putAssignments: (orgId: string, auditId: string, body: PutAssignmentsRequest) =>
    api.put<AssignmentsView>(`${base(orgId)}/${enc(auditId)}/assignments`, body),
  section: (orgId: string, auditId: string, section: string) =>
    api.get<SectionView>(`${base(orgId)}/${enc(auditId)}/sections/${enc(section)}`),
  results: (orgId: string, auditId: string) =>
    api.get<AuditResultsView>(`${base(orgId)}/${enc(auditId)}/results`),
  submit: (orgId: string, audit: AuditView, body: SubmitAuditRequest) =>
    api.post<AuditView>(`${base(orgId)}/${enc(audit.id)}/submit`, body, { ifMatch: audit.version }),
  putAnswer: async (
    orgId: string,
    auditId: string,
    questionId: string,
    body: PutAnswerRequest,
    version: number | undefined,
  ) =>
    (
      await request<AnswerView>(`${base(orgId)}/${enc(auditId)}/answers/${enc(questionId)}`, {
        method: 'PUT',
        body,
        ifMatch: version,
      })
    ).data,
  comments: (orgId: string, auditId: string, questionId: string) =>
    api.get<CommentView[] | Page<CommentView>>(
      `${base(orgId)}/${enc(auditId)}/answers/${enc(questionId)}/comments`,
    ),
  completeness: (orgId: string, auditId: string) =>
    api.get<CompletenessView>(`${base(orgId)}/${enc(auditId)}/completeness`),
  versions: (orgId: string, auditId: string) =>
    api.get<AuditVersionView[]>(`${base(orgId)}/${enc(auditId)}/versions`),
  version: (orgId: string, auditId: string, n: number) =>
    api.get<AuditResultsView>(`${base(orgId)}/${enc(auditId)}/versions/${n}`),
  diff: (orgId: string, auditId: string, from: number, to: number) =>
    api.get<AuditVersionDiffView>(`${base(orgId)}/${enc(auditId)}/versions/diff?from=${from}&to=${to}`),
  reopen: (orgId: string, audit: AuditView, reason: string) =>
    api.post<AuditView>(`${base(orgId)}/${enc(audit.id)}/reopen`, { reason }, { ifMatch: audit.version }),
  transition: (orgId: string, audit: AuditView, action: 'start' | 'review' | 'return' | 'close') =>
    api.post<AuditView>(
      `${base(orgId)}/${enc(audit.id)}/transitions`,
      { action },
      { ifMatch: audit.version },
    ),
  sendBack: (orgId: string, auditId: string, questionId: string, comment: string) =>
    api.post<AnswerView>(`${base(orgId)}/${enc(auditId)}/answers/${enc(questionId)}/send-back`, { comment }),
  trail: (orgId: string, query: string) =>
    api.get<Page<AuditEventView>>(`/organisations/${enc(orgId)}/audit-trail?${query}`),
  verifyTrail: (orgId: string) =>
    api.get<AuditTrailVerification>(`/organisations/${enc(orgId)}/audit-trail/verify`),
  addComment: (orgId: string, auditId: string, questionId: string, body: string) =>
    api.post<CommentView>(`${base(orgId)}/${enc(auditId)}/answers/${enc(questionId)}/comments`, { body }),
};

export const STATUS_LABELS: Record<AuditView['status'], string> = {
  draft: 'Draft',
  in_progress: 'In progress',
  in_review: 'In review',
  submitted: 'Submitted',
  closed: 'Closed',
};
