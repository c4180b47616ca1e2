import type { CreateReportRequest, Page, ReportView } from '@aup/contracts';
import { api, API_BASE } from './http-client';

const enc = encodeURIComponent;
const base = (orgId: string, auditId: string) =>
  `/organisations/${enc(orgId)}/audits/${enc(auditId)}/reports`;

export const reportKeys = {
  list: (orgId: string, auditId: string) => ['orgs', orgId, 'audits', auditId, 'reports'] as const,
};

export const reportsApi = {
  list: (orgId: string, auditId: string) => api.get<Page<ReportView>>(`${base(orgId, auditId)}?limit=50`),
  request: (orgId: string, auditId: string, body: CreateReportRequest) =>
    api.post<ReportView>(base(orgId, auditId), body),
  retry: (orgId: string, auditId: string, reportId: string) =>
    api.post<ReportView>(`${base(orgId, auditId)}/${enc(reportId)}/retry`, {}),
  /** The browser downloads with its session cookie; the server sends the file name and digest. */
  downloadHref: (report: ReportView) =>
    report.downloadPath ? `${API_BASE}${report.downloadPath}` : undefined,
};

/** The formats offered, in the order people look for them (the api's list: REPORT_FORMATS in libs/domain). */
export const REPORT_FORMAT_CHOICES: readonly { value: ReportView['format']; label: string }[] = [
  { value: 'pdf', label: 'PDF report (board summary and detail)' },
  { value: 'xlsx', label: 'Excel workbook' },
  { value: 'csv-controls', label: 'CSV: controls' },
  { value: 'csv-remediation', label: 'CSV: remediation plan' },
  { value: 'json', label: 'JSON (snapshot and plan)' },
  { value: 'oscal-assessment-results', label: 'OSCAL assessment results' },
  { value: 'oscal-poam', label: 'OSCAL plan of action and milestones' },
  { value: 'oscal-catalog', label: 'OSCAL catalog (the framework)' },
];
