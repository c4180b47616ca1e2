import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The evaluated results of a submitted audit; the database refuses updates to it. */
@Entity({ name: 'result_snapshot' })
export class ResultSnapshotEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'audit_id', type: 'uuid' })
  auditId: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @Column({ name: 'content_hash', type: 'text' })
  contentHash: string;

  @Column({ name: 'formula_version', type: 'text' })
  formulaVersion: string;

  @Column({ type: 'jsonb' })
  result: unknown;

  /** 1, 2, ... per audit, one per submission; assigned by the database on insert. */
  @Column({ type: 'integer', insert: false, update: false })
  version: number;

  /** sha256 (hex) of the canonical JSON of `result`; reports quote it. */
  @Column({ name: 'snapshot_hash', type: 'text' })
  snapshotHash: string;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
