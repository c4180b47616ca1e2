/**
 * Reports: the formats, the status lifecycle and who may request and download them. Pure rules, read by
 * the api (permissions, retry), the worker (status moves) and the web (labels), and tested with plain inputs.
 */

/** Every downloadable format. CSV and OSCAL come as one file per content (controls/remediation; three OSCAL models). */
export const REPORT_FORMATS = [
  'pdf',
  'xlsx',
  'csv-controls',
  'csv-remediation',
  'json',
  'oscal-catalog',
  'oscal-assessment-results',
  'oscal-poam',
] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const isReportFormat = (value: unknown): value is ReportFormat =>
  typeof value === 'string' && (REPORT_FORMATS as readonly string[]).includes(value);

export interface ReportFormatInfo {
  readonly label: string;
  readonly contentType: string;
  readonly extension: string;
}

export const REPORT_FORMAT_INFO: Readonly<Record<ReportFormat, ReportFormatInfo>> = {
  pdf: { label: 'PDF report', contentType: 'application/pdf', extension: 'pdf' },
  xlsx: {
    label: 'Excel workbook',
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extension: 'xlsx',
  },
  'csv-controls': {
    label: 'CSV of controls',
    contentType: 'text/csv; charset=utf-8; header=present',
    extension: 'csv',
  },
  'csv-remediation': {
    label: 'CSV of remediation items',
    contentType: 'text/csv; charset=utf-8; header=present',
    extension: 'csv',
  },
  json: { label: 'JSON (snapshot and plan)', contentType: 'application/json', extension: 'json' },
  'oscal-catalog': {
    label: 'OSCAL catalog (framework)',
    contentType: 'application/oscal.catalog+json',
    extension: 'json',
  },
  'oscal-assessment-results': {
    label: 'OSCAL assessment results',
    contentType: 'application/oscal.ar+json',
    extension: 'json',
  },
  'oscal-poam': {
    label: 'OSCAL plan of action and milestones',
    contentType: 'application/oscal.poam+json',
    extension: 'json',
  },
};

export const REPORT_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** The lifecycle as one table: a render may start again after a crash (running -> running) and a failed report may be retried. */
export const REPORT_TRANSITIONS: readonly {
  readonly from: ReportStatus;
  readonly to: ReportStatus;
  readonly by: 'worker' | 'requester';
}[] = [
  { from: 'queued', to: 'running', by: 'worker' },
  { from: 'running', to: 'running', by: 'worker' },
  { from: 'running', to: 'done', by: 'worker' },
  { from: 'running', to: 'failed', by: 'worker' },
  { from: 'queued', to: 'failed', by: 'worker' },
  { from: 'failed', to: 'queued', by: 'requester' },
];

export const canMoveReport = (from: ReportStatus, to: ReportStatus, by: 'worker' | 'requester') =>
  REPORT_TRANSITIONS.some((t) => t.from === from && t.to === to && t.by === by);

export type MemberRole = 'admin' | 'compliance_officer' | 'respondent' | 'auditor';

/** Organisation settings that bear on reports. */
export interface ReportSettings {
  /** Respondents may request and download reports (off by default). */
  readonly respondentsRequestReports: boolean;
}

/** Compliance officers, admins and auditors request and download reports; respondents only when the organisation allows. */
export function mayUseReports(role: MemberRole, settings: ReportSettings): boolean {
  return role === 'respondent' ? settings.respondentsRequestReports : true;
}

/** A meaningful download name: organisation, audit, date, kind; ASCII letters, digits and dashes only. */
export function reportFileName(parts: {
  organisation: string;
  audit: string;
  date: string;
  format: ReportFormat;
  draft: boolean;
}): string {
  const slug = (s: string) =>
    s
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'x';
  const kind =
    parts.format === 'pdf' || parts.format === 'xlsx' || parts.format === 'json' ? 'report' : parts.format;
  return `${[slug(parts.organisation), slug(parts.audit), parts.date.slice(0, 10), kind, ...(parts.draft ? ['DRAFT'] : [])].join('_')}.${REPORT_FORMAT_INFO[parts.format].extension}`;
}
