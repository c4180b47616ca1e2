import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A respondent assigned to answer one section of one audit. */
@Entity({ name: 'section_assignment' })
export class SectionAssignmentEntity {
  @PrimaryColumn({ name: 'audit_id', type: 'uuid' })
  auditId: string;

  @PrimaryColumn({ type: 'text' })
  section: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @Column({ name: 'assigned_by', type: 'uuid', nullable: true })
  assignedBy: string | null;

  @Column({ name: 'assigned_at', type: 'timestamptz', default: () => 'now()' })
  assignedAt: Date;
}
