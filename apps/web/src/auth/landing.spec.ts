import type { AuditView, MembershipView } from '@aup/contracts';
import { landingPath } from './landing';

const member = (role: MembershipView['role']): MembershipView => ({
  organisationId: 'org-1',
  organisationName: 'Harbour Logistics',
  role,
});
const audit = (id: string, status: AuditView['status'], submittedAt: string | null) =>
  ({ id, status, submittedAt }) as AuditView;

describe('landingPath', () => {
  const audits = [
    audit('a-2025', 'closed', '2025-11-30T10:00:00Z'),
    audit('a-2026', 'submitted', '2026-11-30T10:00:00Z'),
    audit('a-draft', 'in_progress', null),
  ];

  it("takes an auditor to the reports of the organisation's latest submitted audit", () => {
    expect(landingPath(member('auditor'), audits)).toBe('/organisations/org-1/audits/a-2026/reports');
  });

  it('takes an auditor with nothing submitted, and everyone else, to the audits', () => {
    expect(landingPath(member('auditor'), [audit('a-draft', 'in_progress', null)])).toBe(
      '/organisations/org-1/audits',
    );
    expect(landingPath(member('auditor'), undefined)).toBe('/organisations/org-1/audits');
    expect(landingPath(member('compliance_officer'), audits)).toBe('/organisations/org-1/audits');
  });
});
